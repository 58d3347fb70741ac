#pragma once

#include "core/notecode.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <memory>

// Decodes a response body's content coding (gzip, deflate) as it streams in, and refuses what a
// decoder must not accept: a broken stream, a stream that stops before its end, data after it,
// and a body that expands without bound (a "gzip bomb").
// AuthScope decodes itself instead of leaving it to Qt 6.4, whose decoder reports a bomb and a
// broken stream with the same empty error, never gives the ratio, takes a broken deflate stream
// for raw deflate and returns what it made of it, and ends a truncated stream without an error.
class ContentDecoder
{
public:
    enum class Coding { Identity, Gzip, Deflate };

    // Past SafetyThreshold decoded bytes, a body that expands more than MaxRatio times its coded
    // size is refused: real text compresses 3-20 times, zero bytes 1000 times. Qt's own check
    // uses the same threshold (10 MiB) with a ratio of 40.
    static constexpr qint64 SafetyThreshold = 10 * 1024 * 1024;
    static constexpr qint64 MaxRatio = 100;

    // The Accept-Encoding AuthScope sends: the codings this class decodes.
    static QByteArray acceptedEncodings();
    // The coding of a Content-Encoding value; Identity for none and for one this class does not
    // decode (the body is then kept as it arrived).
    static Coding codingOf(const QByteArray &contentEncoding);

    explicit ContentDecoder(Coding coding);
    ~ContentDecoder();
    ContentDecoder(const ContentDecoder &) = delete;
    ContentDecoder &operator=(const ContentDecoder &) = delete;

    // Decodes coded bytes and hands each decoded piece (at most 64 KiB) to sink. False when the
    // stream is broken or over the limit, or when sink returns false (then error() is None).
    bool feed(const QByteArray &coded, const std::function<bool(const QByteArray &)> &sink);
    // The coded body has ended: false when its stream did not reach its end.
    bool finish();

    // BodyCorrupt, BodyIncomplete or DecompressionLimit after a false return; the message says
    // what was wrong in a sentence (with the ratio for the limit).
    NoteCode error() const { return m_error; }
    QString errorString() const { return m_errorString; }
    qint64 codedSize() const { return m_codedSize; }
    qint64 decodedSize() const { return m_decodedSize; }

private:
    bool fail(NoteCode code, const QString &message);
    bool restartAsRawDeflate(const std::function<bool(const QByteArray &)> &sink);

    struct Stream;
    Coding m_coding;
    std::unique_ptr<Stream> m_stream;
    QByteArray m_firstBytes; // kept until output appears, to retry a deflate body as raw deflate
    bool m_triedRaw = false;
    bool m_ended = false;
    qint64 m_codedSize = 0;
    qint64 m_decodedSize = 0;
    NoteCode m_error = NoteCode::None;
    QString m_errorString;
};
