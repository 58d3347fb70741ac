#include "responseheadcheck.h"

#include "headerlist.h"

namespace {

Status refuse(NoteCode reason, const QString &message)
{
    return Status(Status::Code::ProtocolError, reason, message);
}

bool isDigits(const QByteArray &value)
{
    if (value.isEmpty())
        return false;
    for (char c : value) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

} // namespace

Status ResponseHeadCheck::check(int statusCode, const HeaderList &headers, bool http2)
{
    // RFC 9110 §15: a status code is three digits, 100 to 599.
    if (statusCode < 100 || statusCode > 599)
        return refuse(NoteCode::StatusOutOfRange,
                      QStringLiteral("The server answered with status code %1, outside 100-599").arg(statusCode));
    // An HTTP/1.1 response carries at least Date or framing; none at all is Qt's sign that it
    // dropped them (a response that really has none is refused too: it cannot be told apart).
    if (headers.isEmpty() && !http2)
        return refuse(NoteCode::HeaderLimit,
                      QStringLiteral("The response's header fields were dropped: Qt keeps none when there are more "
                                     "than %1 fields, a field line is longer than %2 KiB or a field line "
                                     "cannot be parsed (e.g. a control byte in a name)")
                              .arg(MaxFields)
                              .arg(MaxFieldLineBytes / 1024));
    // RFC 9112 §6.3: Content-Length values that differ, or are not a number, leave the body's end
    // unknown; with Transfer-Encoding the message is a request-smuggling pattern.
    const QList<QByteArray> lengthFields = headers.values("Content-Length");
    QByteArray length;
    for (const QByteArray &field : lengthFields) {
        for (const QByteArray &part : field.split(',')) {
            const QByteArray value = part.trimmed();
            if (!isDigits(value) || (!length.isNull() && value != length))
                return refuse(NoteCode::ContentLengthConflict,
                              QStringLiteral("The response's Content-Length is \"%1\": its end is unknown")
                                      .arg(QString::fromLatin1(lengthFields.join(", ").left(64))));
            length = value;
        }
    }
    if (!lengthFields.isEmpty() && headers.contains("Transfer-Encoding"))
        return refuse(NoteCode::FramingConflict,
                      QStringLiteral("The response has both Content-Length and Transfer-Encoding (\"%1\"): "
                                     "its framing is ambiguous")
                              .arg(QString::fromLatin1(headers.value("Transfer-Encoding").left(64))));
    return Status::ok();
}
