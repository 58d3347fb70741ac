#include "secretcollector.h"

#include "http/exchange.h"
#include "jsonbodyredactor.h"
#include "secretnames.h"
#include "secretparams.h"
#include "secretredactor.h"

#include <algorithm>

void SecretCollector::addExchange(const Exchange &exchange)
{
    const HttpRequest &request = exchange.request;
    const RequestCredentials &credentials = request.credentials;
    if (!credentials.password.isEmpty()) {
        add(credentials.password);
        add(credentials.user.toUtf8() + ':' + credentials.password);
    }
    // An API key may travel under any name, so its value is hunted for wherever it shows.
    add(credentials.token);
    add(credentials.apiKeyValue);
    addUrl(request.url);
    addHeaders(request.headers);
    if (request.body.kind() == RequestBody::Kind::Form) {
        for (const auto &field : request.body.formFields()) {
            if (SecretNames::isSecretName(field.first))
                add(field.second.toUtf8());
        }
    } else {
        addBody(request.body.data(), request.body.contentType(), false);
    }

    for (const Leg &leg : exchange.legs) {
        addUrl(leg.url);
        addHeaders(leg.requestHeaders);
        addHeaders(leg.responseHeaders);
        for (const QNetworkCookie &c : leg.cookiesSent)
            addCookieValue(c.value());
        for (const QNetworkCookie &c : leg.cookiesSet)
            addCookieValue(c.value());
        addBody(leg.requestBody, leg.requestHeaders.value(QByteArrayLiteral("Content-Type")),
                leg.requestBody.size() < leg.requestBodySize);
        // A token endpoint's answer holds the tokens (access_token, refresh_token, id_token) that
        // later legs carry and servers echo; a resource's body is only searched, never a source.
        if (leg.kind == Leg::Kind::TokenEndpoint && leg.responseBody)
            addBody(leg.responseBody->read(TokenResponseLimit), leg.responseHeaders.value(QByteArrayLiteral("Content-Type")),
                    leg.responseBody->size() > TokenResponseLimit);
    }
}

void SecretCollector::addHeaders(const HeaderList &headers)
{
    for (const HeaderField &f : headers) {
        const SecretNames::Form form = SecretNames::formOf(f.name);
        for (const QByteArray &s : SecretParams::field(f.name, f.value).hidden) {
            if (SecretNames::isCollected(form, s))
                add(s);
        }
    }
}

void SecretCollector::addUrl(const QUrl &url)
{
    for (const QByteArray &s : SecretParams::url(url).hidden)
        add(s);
}

void SecretCollector::addBody(const QByteArray &body, const QByteArray &contentType, bool truncated)
{
    if (body.isEmpty())
        return;
    if (SecretRedactor::isJsonType(contentType)) {
        for (const QByteArray &s : JsonBodyRedactor::redact(body, truncated).secrets)
            add(s);
    } else if (SecretRedactor::isFormType(contentType)) {
        for (const QByteArray &s : SecretParams::pairs(body, '&').hidden)
            add(s);
    }
}

void SecretCollector::addCookieValue(const QByteArray &value)
{
    if (SecretNames::isCollected(SecretNames::Form::CookiePairs, value))
        add(value);
}

void SecretCollector::add(const QByteArray &secret)
{
    const QByteArray v = secret.trimmed();
    if (!v.isEmpty() && v != SecretRedactor::markerBytes())
        m_secrets.append(v);
}

QList<QByteArray> SecretCollector::secrets() const
{
    QList<QByteArray> out = m_secrets;
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}
