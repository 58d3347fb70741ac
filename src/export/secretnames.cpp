#include "secretnames.h"

#include <QSet>

namespace {

// Lower-case, without '-', '_', '.' and spaces: "X-Api-Key", "x_api_key" and "xApiKey" are one.
QString normalizedName(const QString &name)
{
    QString n;
    n.reserve(name.size());
    for (const QChar c : name) {
        if (c != u'-' && c != u'_' && c != u'.' && c != u' ')
            n.append(c.toLower());
    }
    return n;
}

// Names that are secrets as a whole (normalized). OAuth (RFC 6749, 7636, 8628, 8693), OpenID
// Connect, AWS/Azure/GCP signed URLs and keys, SAML and CAS, and common session names.
const QSet<QString> &exactSecretNames()
{
    static const QSet<QString> names = {
        QStringLiteral("token"), QStringLiteral("key"), QStringLiteral("code"),
        QStringLiteral("auth"), QStringLiteral("authorization"), QStringLiteral("xauth"),
        QStringLiteral("xauthorization"), QStringLiteral("authcode"), QStringLiteral("authorizationcode"),
        QStringLiteral("devicecode"), QStringLiteral("codeverifier"), QStringLiteral("idtokenhint"),
        QStringLiteral("assertion"), QStringLiteral("clientassertion"), QStringLiteral("jwt"),
        QStringLiteral("sig"), QStringLiteral("signature"), QStringLiteral("xamzsignature"),
        QStringLiteral("xamzcredential"), QStringLiteral("xgoogsignature"), QStringLiteral("xgoogcredential"),
        QStringLiteral("credential"), QStringLiteral("credentials"),
        QStringLiteral("session"), QStringLiteral("sessionid"), QStringLiteral("sessid"),
        QStringLiteral("phpsessid"), QStringLiteral("jsessionid"), QStringLiteral("aspnetsessionid"),
        QStringLiteral("samlresponse"), QStringLiteral("samlart"), QStringLiteral("ticket"),
        QStringLiteral("otp"), QStringLiteral("totp"), QStringLiteral("passcode"),
        QStringLiteral("ocpapimsubscriptionkey"), QStringLiteral("xfunctionskey"),
    };
    return names;
}

bool isSecretNormalizedName(const QString &n)
{
    if (n.isEmpty())
        return false;
    if (exactSecretNames().contains(n))
        return true;
    // Words that make any name a secret.
    static const QString anywhere[] = {
        QStringLiteral("password"), QStringLiteral("passwd"), QStringLiteral("secret"),
        QStringLiteral("apikey"),
    };
    for (const QString &w : anywhere) {
        if (n.contains(w))
            return true;
    }
    // Endings: access_token, X-Auth-Token, oauth_token, x-amz-security-token... but not
    // token_type or token_endpoint, which describe a token and are worth seeing.
    static const QString endings[] = {
        QStringLiteral("token"), QStringLiteral("privatekey"), QStringLiteral("accesskey"),
        QStringLiteral("sessionkey"), QStringLiteral("signingkey"), QStringLiteral("subscriptionkey"),
        QStringLiteral("authkey"), QStringLiteral("masterkey"), QStringLiteral("clientkey"),
        QStringLiteral("appkey"), QStringLiteral("sessionid"), QStringLiteral("authorization"),
    };
    for (const QString &w : endings) {
        if (n.endsWith(w))
            return true;
    }
    return false;
}

} // namespace

const QList<SecretNames::Field> &SecretNames::fields()
{
    static const QList<Field> table = {
        {"authorization", Form::Credentials},
        {"proxy-authorization", Form::Credentials},
        {"authentication-info", Form::AuthParams},
        {"proxy-authentication-info", Form::AuthParams},
        {"www-authenticate", Form::Public},
        {"proxy-authenticate", Form::Public},
        {"cookie", Form::CookiePairs},
        {"set-cookie", Form::SetCookie},
        {"set-cookie2", Form::SetCookie},
        {"location", Form::Url},
        {"content-location", Form::Url},
        {"referer", Form::Url},
        {"link", Form::LinkUrls},
        {"refresh", Form::RefreshUrl},
    };
    return table;
}

SecretNames::Form SecretNames::formOf(const QByteArray &fieldName)
{
    const QByteArray name = fieldName.trimmed().toLower();
    for (const Field &f : fields()) {
        if (name == f.name)
            return f.form;
    }
    return isSecretName(QString::fromUtf8(name)) ? Form::Whole : Form::Public;
}

bool SecretNames::isCollected(Form form, const QByteArray &hidden)
{
    const bool cookie = form == Form::CookiePairs || form == Form::SetCookie;
    return hidden.trimmed().size() >= (cookie ? MinCookieSecretLength : 1);
}

bool SecretNames::isSecretName(const QString &name)
{
    return isSecretNormalizedName(normalizedName(name));
}

bool SecretNames::isPublicDigestParam(const QByteArray &name)
{
    // RFC 7616 §3.4: everything a reader needs to follow the exchange, nothing derived from the
    // password or chosen by the client to hash it.
    static const QSet<QByteArray> allowed = {
        "username", "username*", "realm", "uri", "algorithm", "qop", "nc", "nonce", "opaque",
        "userhash", "charset",
    };
    return allowed.contains(name.toLower());
}

bool SecretNames::isPublicAuthenticationInfoParam(const QByteArray &name)
{
    // RFC 7615 §3: rspauth proves the server knows the password; it is as sensitive as response.
    static const QSet<QByteArray> allowed = {"qop", "nc", "nextnonce"};
    return allowed.contains(name.toLower());
}

bool SecretNames::isKnownScheme(const QByteArray &scheme)
{
    static const QSet<QByteArray> schemes = {
        "basic", "bearer", "digest", "negotiate", "ntlm", "hoba", "mutual", "scram-sha-1",
        "scram-sha-256", "vapid", "oauth", "dpop", "gnap", "privatetoken", "concealed",
        "aws4-hmac-sha256",
    };
    return schemes.contains(scheme.toLower());
}
