#include "labbasicauth.h"

#include <QJsonObject>

namespace {

// RFC 4648 base64 with optional padding; anything else is what a strict server refuses to read.
bool isBase64(const QByteArray &text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '='))
            return false;
    }
    // Padding only at the end, at most two.
    const qsizetype padding = text.indexOf('=');
    return padding < 0 || (padding >= text.size() - 2 && text.mid(padding).count('=') == text.size() - padding);
}

} // namespace

LabBasicAuth::Credentials LabBasicAuth::read(const LabRequest &request)
{
    Credentials credentials;
    const QByteArray field = request.header("Authorization").trimmed();
    if (field.isNull())
        return credentials;
    const qsizetype space = field.indexOf(' ');
    const QByteArray scheme = space < 0 ? field : field.left(space);
    if (scheme.compare("Basic", Qt::CaseInsensitive) != 0) {
        // Another scheme (or none): a Basic-only server reads it as no Basic credentials, unless
        // it is a bare value that was meant to be some.
        credentials.outcome = space < 0 ? Outcome::Malformed : Outcome::None;
        return credentials;
    }
    const QByteArray encoded = field.mid(space + 1).trimmed();
    const QByteArray decoded = QByteArray::fromBase64(encoded);
    const qsizetype colon = decoded.indexOf(':');
    if (space < 0 || !isBase64(encoded) || colon < 0) {
        credentials.outcome = Outcome::Malformed;
        return credentials;
    }
    credentials.outcome = Outcome::Read;
    credentials.user = QString::fromUtf8(decoded.left(colon));
    credentials.password = QString::fromUtf8(decoded.mid(colon + 1));
    return credentials;
}

LabResponse LabBasicAuth::challenge(const QByteArray &realm, const QString &why, bool utf8)
{
    LabResponse response = LabResponse::json(401, {{QStringLiteral("error"), QStringLiteral("unauthorized")},
                                                   {QStringLiteral("why"), why}});
    response.setHeader("WWW-Authenticate", "Basic realm=\"" + realm + '"' + (utf8 ? ", charset=\"UTF-8\"" : ""));
    return response;
}

LabResponse LabBasicAuth::welcome(const QString &user, const QString &lesson)
{
    return LabResponse::json(200, {{QStringLiteral("authenticated"), true},
                                   {QStringLiteral("user"), user},
                                   {QStringLiteral("lesson"), lesson}});
}
