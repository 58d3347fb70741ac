#include "http/contentdecoder.h"

#include <QRandomGenerator>
#include <QTest>

#include <zlib.h>

// ContentDecoder on streams cut at every size a socket may deliver: what decodes, what is refused
// and with which code. tst_hostileresponses shows the same against the hostile server.
class tst_ContentDecoder : public QObject
{
    Q_OBJECT
private slots:
    void decodes_data();
    void decodes();
    void refuses_data();
    void refuses();
    void codingOfAContentEncoding();
};

namespace {

enum class Format { Gzip, Zlib, RawDeflate };

QByteArray compress(const QByteArray &data, Format format)
{
    z_stream z{};
    const int windowBits = format == Format::Gzip ? 16 + MAX_WBITS : format == Format::Zlib ? MAX_WBITS : -MAX_WBITS;
    deflateInit2(&z, 6, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(int(deflateBound(&z, uLong(data.size()))), Qt::Uninitialized);
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    z.avail_in = uInt(data.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    deflate(&z, Z_FINISH);
    out.resize(int(z.total_out));
    deflateEnd(&z);
    return out;
}

QByteArray text(int size)
{
    QByteArray bytes;
    while (bytes.size() < size)
        bytes += "{\"line\": " + QByteArray::number(bytes.size()) + ", \"text\": \"AuthScope decoder\"}\n";
    return bytes.left(size);
}

QByteArray noise(int size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator generator(42);
    generator.fillRange(reinterpret_cast<quint32 *>(bytes.data()), size / 4);
    return bytes;
}

struct Outcome
{
    bool ok = false;
    NoteCode error = NoteCode::None;
    QByteArray decoded;
};

// Feeds coded in pieces of pieceSize bytes, then ends the stream.
Outcome decode(ContentDecoder::Coding coding, const QByteArray &coded, int pieceSize)
{
    ContentDecoder decoder(coding);
    Outcome outcome;
    const auto sink = [&outcome](const QByteArray &piece) {
        outcome.decoded += piece;
        return true;
    };
    bool ok = true;
    for (qsizetype at = 0; ok && at < coded.size(); at += pieceSize)
        ok = decoder.feed(coded.mid(at, pieceSize), sink);
    outcome.ok = ok && decoder.finish();
    outcome.error = decoder.error();
    return outcome;
}

} // namespace

void tst_ContentDecoder::decodes_data()
{
    QTest::addColumn<ContentDecoder::Coding>("coding");
    QTest::addColumn<QByteArray>("coded");
    QTest::addColumn<QByteArray>("plain");

    using C = ContentDecoder::Coding;
    const QByteArray plain = text(200000);
    QTest::newRow("gzip") << C::Gzip << compress(plain, Format::Gzip) << plain;
    QTest::newRow("deflate (zlib format, RFC 9110)") << C::Deflate << compress(plain, Format::Zlib) << plain;
    QTest::newRow("raw deflate, as some servers send") << C::Deflate << compress(plain, Format::RawDeflate) << plain;
    QTest::newRow("two gzip members (RFC 1952 §2.2)")
            << C::Gzip << compress(plain.left(1000), Format::Gzip) + compress(plain.mid(1000), Format::Gzip) << plain;
    QTest::newRow("empty gzip") << C::Gzip << compress(QByteArray(), Format::Gzip) << QByteArray();
    QTest::newRow("no body at all") << C::Gzip << QByteArray() << QByteArray();
    const QByteArray incompressible = noise(12 * 1024 * 1024);
    QTest::newRow("12 MiB that do not compress: past the threshold, ratio 1")
            << C::Gzip << compress(incompressible, Format::Gzip) << incompressible;
}

void tst_ContentDecoder::decodes()
{
    QFETCH(ContentDecoder::Coding, coding);
    QFETCH(QByteArray, coded);
    QFETCH(QByteArray, plain);

    for (int pieceSize : {1, 7, 4096, 1 << 30}) {
        if (pieceSize == 1 && coded.size() > 100000)
            continue; // byte by byte through 12 MiB would only take time
        const Outcome outcome = decode(coding, coded, pieceSize);
        QVERIFY2(outcome.ok, qPrintable(QStringLiteral("pieces of %1: %2").arg(pieceSize).arg(NoteCodes::name(outcome.error))));
        QVERIFY2(outcome.decoded == plain, qPrintable(QStringLiteral("pieces of %1").arg(pieceSize)));
    }
}

void tst_ContentDecoder::refuses_data()
{
    QTest::addColumn<ContentDecoder::Coding>("coding");
    QTest::addColumn<QByteArray>("coded");
    QTest::addColumn<NoteCode>("error");

    using C = ContentDecoder::Coding;
    const QByteArray gzip = compress(text(100000), Format::Gzip);
    const QByteArray zlib = compress(text(100000), Format::Zlib);
    QTest::newRow("gzip cut in half") << C::Gzip << gzip.left(gzip.size() / 2) << NoteCode::BodyCorrupt;
    QTest::newRow("gzip without its last byte") << C::Gzip << gzip.chopped(1) << NoteCode::BodyCorrupt;
    QTest::newRow("gzip with a flipped byte") << C::Gzip << QByteArray(gzip).replace(40, 1, "\xff")
                                              << NoteCode::BodyCorrupt;
    QTest::newRow("gzip followed by garbage") << C::Gzip << gzip + "garbage" << NoteCode::BodyCorrupt;
    QTest::newRow("deflate followed by more data") << C::Deflate << zlib + zlib << NoteCode::BodyCorrupt;
    QTest::newRow("deflate cut in half") << C::Deflate << zlib.left(zlib.size() / 2) << NoteCode::BodyCorrupt;
    QTest::newRow("not gzip at all") << C::Gzip << QByteArray("plain text, said to be gzip") << NoteCode::BodyCorrupt;
    QTest::newRow("gzip of 64 MiB of zeros") << C::Gzip << compress(QByteArray(64 * 1024 * 1024, '\0'), Format::Gzip)
                                             << NoteCode::DecompressionLimit;
    QTest::newRow("deflate of 64 MiB of zeros") << C::Deflate
                                                << compress(QByteArray(64 * 1024 * 1024, '\0'), Format::Zlib)
                                                << NoteCode::DecompressionLimit;
}

void tst_ContentDecoder::refuses()
{
    QFETCH(ContentDecoder::Coding, coding);
    QFETCH(QByteArray, coded);
    QFETCH(NoteCode, error);

    for (int pieceSize : {7, 1 << 30}) {
        const Outcome outcome = decode(coding, coded, pieceSize);
        QVERIFY2(!outcome.ok, qPrintable(QStringLiteral("pieces of %1 decoded").arg(pieceSize)));
        QCOMPARE(outcome.error, error);
        // A bomb stops right after the threshold, not at 64 MiB.
        QVERIFY(outcome.decoded.size() <= ContentDecoder::SafetyThreshold + 64 * 1024);
    }
}

void tst_ContentDecoder::codingOfAContentEncoding()
{
    using C = ContentDecoder::Coding;
    QCOMPARE(ContentDecoder::codingOf("gzip"), C::Gzip);
    QCOMPARE(ContentDecoder::codingOf(" GZIP "), C::Gzip);
    QCOMPARE(ContentDecoder::codingOf("x-gzip"), C::Gzip);
    QCOMPARE(ContentDecoder::codingOf("deflate"), C::Deflate);
    // Kept as they came: none, identity, one not offered, a chain of codings.
    QCOMPARE(ContentDecoder::codingOf(QByteArray()), C::Identity);
    QCOMPARE(ContentDecoder::codingOf("identity"), C::Identity);
    QCOMPARE(ContentDecoder::codingOf("br"), C::Identity);
    QCOMPARE(ContentDecoder::codingOf("gzip, gzip"), C::Identity);
}

QTEST_GUILESS_MAIN(tst_ContentDecoder)
#include "tst_contentdecoder.moc"
