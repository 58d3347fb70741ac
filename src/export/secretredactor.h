#pragma once

#include "http/headerlist.h"

#include <QByteArray>
#include <QList>
#include <QNetworkCookie>
#include <QString>
#include <QUrl>

class QJsonValue;
class SecretMatcher;
struct Exchange;

// The one place that removes secrets from anything that leaves the process: HAR, --json, -v
// output, error text, logs. Every secret is replaced by Marker; what is not secret (the scheme,
// a cookie's name, Digest's realm) stays so the reader still sees what happened.
//
// The work is split by job: SecretNames says which names and header fields carry secrets and in
// which form (one table, secretnames.cpp), SecretParams rewrites values by it and returns what it
// hid, SecretCollector gathers those hidden values for SecretMatcher. This class is the API the
// exporters, the CLI and the GUI call.
//
// Rules, in short:
// - Authorization / Proxy-Authorization keep the scheme: "Basic [redacted]". Digest keeps an
//   allow-list of parameters (username, realm, uri, algorithm, qop, nc, nonce, opaque, userhash,
//   charset); everything else is redacted. `response` is an MD5/SHA digest of the password:
//   with the nonce, cnonce and nc beside it anyone can run an offline dictionary attack, so it
//   goes; `cnonce` goes with it, so no hash input that the client chose is left, and so does any
//   parameter we do not know. A single token without a scheme is taken as a raw token.
//   Credentials are parsed by ChallengeParser (RFC 9110 §11.4).
// - Authentication-Info keeps qop, nc and nextnonce; rspauth (also derived from the password)
//   and cnonce are redacted.
// - Cookie / Set-Cookie keep names and attributes and redact values: a session cookie is a
//   credential. An empty value (a deletion) stays empty: there is nothing to hide.
// - Location, Content-Location, Referer, the URLs in Link and the URL of Refresh are URLs (see
//   redactUrl).
// - WWW-Authenticate / Proxy-Authenticate are public.
// - Any other header whose name isSecretName() is redacted whole.
// - URLs lose the userinfo password (shown as "user:[redacted]@") and the values of query and
//   fragment parameters whose name isSecretName() (OAuth's implicit flow puts the token in the
//   fragment). Empty values stay empty.
// - Bodies: application/x-www-form-urlencoded and JSON (application/json, text/json, */*+json)
//   have the values of secret keys redacted, JSON recursively and without reformatting. A body
//   that does not parse is returned unchanged with inspected = false; callers say so next to it.
//   Other bodies are unchanged (the exporters still run redactText over them with the secrets
//   they know of).
// - Free text: redactText replaces known secrets and their encoded forms.
//
// All functions are pure and thread-safe; none of them logs what it sees.
class SecretRedactor
{
public:
    static QString marker() { return QStringLiteral("[redacted]"); }
    static QByteArray markerBytes() { return QByteArrayLiteral("[redacted]"); }

    // Whether a header, query, form or JSON name carries a secret: SecretNames::isSecretName.
    static bool isSecretName(const QString &name);
    static bool isSecretName(const QByteArray &name) { return isSecretName(QString::fromLatin1(name)); }

    // The value of one header field as it may be shown (see the rules above).
    static QByteArray redactHeaderValue(const QByteArray &name, const QByteArray &value);
    static HeaderList redactHeaders(const HeaderList &headers);
    static QByteArray redactAuthorization(const QByteArray &value);
    static QByteArray redactAuthenticationInfo(const QByteArray &value);
    static QByteArray redactCookieHeader(const QByteArray &value);
    static QByteArray redactSetCookie(const QByteArray &value);
    static QNetworkCookie redactCookie(const QNetworkCookie &cookie);

    // A URL as text (FullyEncoded, except that the marker is written as is). Works on relative
    // references too. The string overload is for header values; text that is not a URL at all is
    // returned unchanged.
    static QString redactUrl(const QUrl &url);
    static QByteArray redactUrlString(const QByteArray &url);
    // "a=1&token=x" -> "a=1&token=[redacted]"; pairs without '=' and empty values stay.
    static QString redactQuery(const QString &query);

    struct Body {
        QByteArray data;
        bool inspected = true;  // false: the type says JSON/form but it did not parse
        bool changed = false;
        QString note;           // why it could not be inspected, for the export to show
    };
    // truncated: the body is a prefix of a longer one, so a JSON body may end mid-value; what was
    // seen is still redacted (a cut secret value is redacted up to the cut).
    static Body redactBody(const QByteArray &body, const QByteArray &contentType, bool truncated = false);
    static bool isJsonType(const QByteArray &contentType);
    static bool isFormType(const QByteArray &contentType);

    // Replaces every known secret in text by the marker: as is, base64 (standard and URL-safe,
    // also inside a longer base64 run such as Basic's "user:password"), percent-encoded (either
    // hex case, '+' or %20 for spaces) and JSON-escaped. Leftmost-longest, so one secret that
    // contains another is not half replaced. Builds a SecretMatcher each call: for many strings,
    // build one and use it instead. Secrets shorter than MinTextSecretLength are
    // skipped: they would match all over ordinary text, and a secret that short is not protected
    // by hiding it. Structured redaction (headers, URLs, bodies) has no such limit.
    static constexpr int MinTextSecretLength = 4;
    static QString redactText(const QString &text, const QList<QByteArray> &knownSecrets);
    static QByteArray redactText(const QByteArray &text, const QList<QByteArray> &knownSecrets);
    // Applies redactText to every string value (not the keys) of a JSON tree, except encoded
    // blobs: values named "base64" or "pem", and "text" beside "encoding" or "_encoding" set to
    // "base64" (HAR).
    static QJsonValue redactJsonStrings(const QJsonValue &value, const QList<QByteArray> &knownSecrets);
    static QJsonValue redactJsonStrings(const QJsonValue &value, const SecretMatcher &matcher);
    // The encoded forms redactText looks for, longest first (exposed for tests).
    static QList<QByteArray> secretForms(const QByteArray &secret);

    // Every secret an exchange holds in a known place (see SecretCollector): whatever the rules
    // above hide in its URLs, headers and request bodies (Basic also decoded into user:password
    // and password), the password, bearer token and API key of RequestCredentials, the values of
    // cookies (8 bytes or more). Used to catch them where they echo back unstructured (a
    // response body, an error message).
    static QList<QByteArray> knownSecrets(const Exchange &exchange);
    static QList<QByteArray> knownSecrets(const QList<Exchange> &exchanges);
};
