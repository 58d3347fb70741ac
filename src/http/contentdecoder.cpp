#include "contentdecoder.h"

#include <zlib.h>

namespace {
constexpr int OutputPiece = 64 * 1024;
// A deflate body is retried as raw deflate (RFC 1951, sent by some servers for "deflate") only
// when its first bytes make no output; that much input is kept for the retry.
constexpr qsizetype RawRetryWindow = 64 * 1024;

QString codingName(ContentDecoder::Coding coding)
{
    return coding == ContentDecoder::Coding::Gzip ? QStringLiteral("gzip") : QStringLiteral("deflate");
}
} // namespace

struct ContentDecoder::Stream
{
    z_stream z{};
    bool open = false;

    bool init(int windowBits)
    {
        end();
        z = z_stream{};
        open = inflateInit2(&z, windowBits) == Z_OK;
        return open;
    }
    void end()
    {
        if (open)
            inflateEnd(&z);
        open = false;
    }
    ~Stream() { end(); }
};

QByteArray ContentDecoder::acceptedEncodings()
{
    return QByteArrayLiteral("gzip, deflate");
}

ContentDecoder::Coding ContentDecoder::codingOf(const QByteArray &contentEncoding)
{
    const QByteArray coding = contentEncoding.trimmed().toLower();
    if (coding == "gzip" || coding == "x-gzip")
        return Coding::Gzip;
    if (coding == "deflate")
        return Coding::Deflate;
    return Coding::Identity;
}

ContentDecoder::ContentDecoder(Coding coding) : m_coding(coding), m_stream(std::make_unique<Stream>())
{
    // RFC 9110 §8.4.1: gzip is RFC 1952, deflate the zlib format (RFC 1950).
    if (m_coding != Coding::Identity
        && !m_stream->init(m_coding == Coding::Gzip ? 16 + MAX_WBITS : MAX_WBITS))
        fail(NoteCode::BodyCorrupt, QStringLiteral("The %1 decoder could not start").arg(codingName(m_coding)));
}

ContentDecoder::~ContentDecoder() = default;

bool ContentDecoder::fail(NoteCode code, const QString &message)
{
    m_error = code;
    m_errorString = message;
    m_stream->end();
    return false;
}

bool ContentDecoder::feed(const QByteArray &coded, const std::function<bool(const QByteArray &)> &sink)
{
    if (m_error != NoteCode::None)
        return false;
    if (coded.isEmpty())
        return true;
    if (m_coding == Coding::Identity) {
        m_codedSize += coded.size();
        m_decodedSize += coded.size();
        return sink(coded);
    }
    m_codedSize += coded.size();
    if (m_ended) {
        // RFC 1952 §2.2: a gzip body may hold several members; anything else after the end is not
        // part of the body.
        if (m_coding != Coding::Gzip)
            return fail(NoteCode::BodyCorrupt, QStringLiteral("The deflate stream has data after its end"));
        inflateReset(&m_stream->z);
        m_ended = false;
    }
    const bool mayRetryRaw = m_coding == Coding::Deflate && !m_triedRaw && m_decodedSize == 0;
    if (mayRetryRaw && m_firstBytes.size() < RawRetryWindow)
        m_firstBytes += coded;
    else
        m_firstBytes.clear();

    z_stream &z = m_stream->z;
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(coded.constData()));
    z.avail_in = uInt(coded.size());
    char out[OutputPiece];
    for (;;) {
        z.next_out = reinterpret_cast<Bytef *>(out);
        z.avail_out = OutputPiece;
        const int ret = inflate(&z, Z_NO_FLUSH);
        const qint64 produced = OutputPiece - z.avail_out;
        if (produced > 0) {
            m_decodedSize += produced;
            m_firstBytes.clear();
            const qint64 consumed = m_codedSize - z.avail_in; // the coded bytes this output came from
            if (m_decodedSize > SafetyThreshold && m_decodedSize > MaxRatio * consumed) {
                return fail(NoteCode::DecompressionLimit,
                            QStringLiteral("The %1 body expands %2 times (%3 bytes decoded from %4): refused as a "
                                           "decompression bomb (past %5 MiB, at most %6 times)")
                                    .arg(codingName(m_coding))
                                    .arg(m_decodedSize / qMax<qint64>(1, consumed))
                                    .arg(m_decodedSize)
                                    .arg(consumed)
                                    .arg(SafetyThreshold / (1024 * 1024))
                                    .arg(MaxRatio));
            }
            if (!sink(QByteArray(out, produced)))
                return false;
        }
        if (ret == Z_STREAM_END) {
            if (z.avail_in == 0) {
                m_ended = true;
                return true;
            }
            if (m_coding != Coding::Gzip)
                return fail(NoteCode::BodyCorrupt, QStringLiteral("The deflate stream has data after its end"));
            inflateReset(&z); // the next gzip member
            continue;
        }
        if (ret == Z_DATA_ERROR && mayRetryRaw && m_decodedSize == 0 && !m_firstBytes.isEmpty())
            return restartAsRawDeflate(sink);
        if (ret != Z_OK && ret != Z_BUF_ERROR) {
            return fail(NoteCode::BodyCorrupt, QStringLiteral("The %1 stream is broken after %2 decoded bytes (%3)")
                                                       .arg(codingName(m_coding))
                                                       .arg(m_decodedSize)
                                                       .arg(QString::fromLatin1(z.msg ? z.msg : "zlib error")));
        }
        if (z.avail_in == 0 && z.avail_out > 0)
            return true;
    }
}

bool ContentDecoder::restartAsRawDeflate(const std::function<bool(const QByteArray &)> &sink)
{
    m_triedRaw = true;
    if (!m_stream->init(-MAX_WBITS))
        return fail(NoteCode::BodyCorrupt, QStringLiteral("The deflate decoder could not start"));
    const QByteArray first = std::exchange(m_firstBytes, QByteArray());
    m_codedSize -= first.size(); // counted again by feed()
    return feed(first, sink);
}

bool ContentDecoder::finish()
{
    if (m_error != NoteCode::None)
        return false;
    if (m_coding == Coding::Identity || m_codedSize == 0 || m_ended)
        return true;
    return fail(NoteCode::BodyCorrupt, QStringLiteral("The %1 stream stops before its end (%2 bytes decoded from %3)")
                                               .arg(codingName(m_coding))
                                               .arg(m_decodedSize)
                                               .arg(m_codedSize));
}
