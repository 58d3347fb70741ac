#pragma once

#include "http/headerlist.h"

#include <QByteArray>
#include <QList>

class QUrl;
struct Exchange;

// Gathers the secrets an exchange holds in known places, for SecretMatcher to hide where they
// echo back unstructured (a response body, an error message, a note). Headers, URLs and request
// bodies are read through SecretParams, so every value their masking hides is collected; on top
// come the credentials of the request (an API key under a name isSecretName() does not know is
// found this way only) and the cookies of the jar.
//
// Response bodies are not searched: their secret values are redacted in place, and a list of a
// thousand records with a "token" each would otherwise turn into a thousand secrets to hunt for
// in all the other text. The exception is a token endpoint's answer (Leg::Kind::TokenEndpoint):
// its tokens are what the following legs carry. Cookie values count from
// SecretNames::MinCookieSecretLength bytes on.
class SecretCollector
{
public:
    // How much of a token endpoint's answer is read for its tokens (they are far smaller).
    static constexpr qint64 TokenResponseLimit = 256 * 1024;

    void addExchange(const Exchange &exchange);
    void addHeaders(const HeaderList &headers);
    void addUrl(const QUrl &url);
    // truncated: the body is a prefix of a longer one (a JSON body may end mid-value).
    void addBody(const QByteArray &body, const QByteArray &contentType, bool truncated);
    void addCookieValue(const QByteArray &value);
    // Trimmed; empty values and the marker itself are skipped.
    void add(const QByteArray &secret);

    // Sorted, without repeats.
    QList<QByteArray> secrets() const;

private:
    QList<QByteArray> m_secrets;
};
