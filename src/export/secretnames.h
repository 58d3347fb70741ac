#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

// Which names carry secrets: header fields (and in which form their value holds the secret),
// query/form/JSON names, the parameters of Digest credentials and of Authentication-Info.
// SecretParams rewrites by these answers and SecretCollector collects by the same ones, so what
// is masked in one place is also hunted for everywhere else. Pure and thread-safe.
class SecretNames
{
public:
    // How a header field's value carries its secret.
    enum class Form {
        Public,         // nothing secret (a challenge: realm, nonce and opaque are what a reader needs)
        Credentials,    // scheme + token68 or auth-params (RFC 9110 §11.4)
        AuthParams,     // a bare auth-param list (RFC 7615 §3 Authentication-Info)
        CookiePairs,    // "a=1; b=2": every value (RFC 6265 §4.2)
        SetCookie,      // "a=1; Path=/" per line: the value, not the attributes (RFC 6265 §4.1)
        Url,            // one URI reference: userinfo password, secret query/fragment parameters
        LinkUrls,       // RFC 8288: the URI references between '<' and '>'
        RefreshUrl,     // "5; url=..." (HTML's Refresh, sent as a header too)
        Whole,          // the whole value (a name isSecretName() knows: X-Api-Key, ...)
    };
    struct Field
    {
        const char *name; // lower case
        Form form;
    };
    // The header fields with a form of their own; any other field is Whole when isSecretName()
    // knows its name and Public otherwise (see formOf).
    static const QList<Field> &fields();
    static Form formOf(const QByteArray &fieldName);

    // Whether a header, query, form or JSON name carries a secret (case-insensitive; '-', '_' and
    // '.' are ignored, so "X-Api-Key", "api_key" and "apiKey" match alike). A table of exact
    // names plus suffixes ("...token", "...secret", "...apikey") and words anywhere ("password").
    // Names like token_type or token_endpoint are not secrets and are not matched.
    static bool isSecretName(const QString &name);

    // The auth-params that stay visible (lower-case names); every other one is a secret.
    static bool isPublicDigestParam(const QByteArray &name);
    static bool isPublicAuthenticationInfoParam(const QByteArray &name);
    // A scheme that may stand alone ("Negotiate"); any other lone word is taken as a raw token.
    static bool isKnownScheme(const QByteArray &scheme);

    // Cookie values are collected for the text search only from this length on: "lang=en" would
    // otherwise blank out every "en" in a body. Their structured masking has no such limit.
    static constexpr int MinCookieSecretLength = 8;
    // Whether a value hidden in a field of this form is worth hunting for in other text.
    static bool isCollected(Form form, const QByteArray &hidden);
};
