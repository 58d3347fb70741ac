#pragma once

#include <QByteArray>
#include <QList>

class QUrl;

// Rewrites the secret values of a header field, URL or name=value list to the marker, keeping
// what is not secret, by the rules of SecretNames. Each call returns what it hid beside the text,
// so that SecretCollector collects exactly what the masking hid and nothing masked in a header
// can stay visible where the same secret is repeated in a body or an error message.
// Auth-params (Authorization, Authentication-Info) are read by ChallengeParser.
// Pure and thread-safe; nothing here logs what it sees.
class SecretParams
{
public:
    struct Rewrite
    {
        QByteArray text;           // as it may be shown
        QList<QByteArray> hidden;  // the values replaced by the marker, as the peer sent them
                                   // (unquoted, percent-decoded and as written; Basic decoded)
    };

    // One header field, by SecretNames::formOf(name).
    static Rewrite field(const QByteArray &name, const QByteArray &value);

    // "Basic [redacted]", Digest with its public parameters, a lone raw token as the marker.
    static Rewrite credentials(const QByteArray &value);
    // Authentication-Info: qop, nc and nextnonce stay.
    static Rewrite authenticationInfo(const QByteArray &value);
    static Rewrite cookiePairs(const QByteArray &value);
    static Rewrite setCookie(const QByteArray &value);
    // FullyEncoded, except that the marker is written as is; works on relative references.
    static Rewrite url(const QUrl &url);
    // A URL as header text; text that is not a URL, or has nothing secret, is returned unchanged.
    static Rewrite urlString(const QByteArray &url);
    static Rewrite link(const QByteArray &value);
    static Rewrite refresh(const QByteArray &value);
    // "a=1&token=x" with separator '&' (a query, a form body). A pair without '=' or with an
    // empty value stays; the pair cut at the end of a truncated body is still redacted.
    static Rewrite pairs(const QByteArray &data, char separator);
};
