#include "tokenendpointrequest.h"

TokenEndpointRequest::TokenEndpointRequest(const OAuthProfile &profile, const QByteArray &clientSecret,
                                           const QUrl &endpoint)
    : m_profile(profile), m_clientSecret(clientSecret), m_endpoint(endpoint.isEmpty() ? profile.tokenUrl : endpoint)
{
}

void TokenEndpointRequest::addParameter(const QString &name, const QString &value)
{
    m_parameters.append({name, value});
}

HttpRequest TokenEndpointRequest::build() const
{
    HttpRequest request;
    request.method = QByteArrayLiteral("POST");
    request.url = m_endpoint;
    request.headers.append(QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json"),
                           HeaderField::Source::Default);

    QList<QPair<QString, QString>> fields = m_parameters;
    if (m_includeScope && !m_profile.scope.isEmpty())
        fields.append({QStringLiteral("scope"), m_profile.scope});
    if (m_includeResource && !m_profile.resource.isEmpty())
        fields.append({QStringLiteral("resource"), m_profile.resource});
    if (m_includeResource && !m_profile.audience.isEmpty())
        fields.append({QStringLiteral("audience"), m_profile.audience});

    switch (m_profile.clientAuth) {
    case OAuthProfile::ClientAuth::Basic:
        request.headers.append(QByteArrayLiteral("Authorization"),
                               basicAuthorization(m_profile.clientId, m_clientSecret),
                               HeaderField::Source::Authentication);
        break;
    case OAuthProfile::ClientAuth::Post:
        fields.append({QStringLiteral("client_id"), m_profile.clientId});
        fields.append({QStringLiteral("client_secret"), QString::fromUtf8(m_clientSecret)});
        break;
    case OAuthProfile::ClientAuth::None:
        fields.append({QStringLiteral("client_id"), m_profile.clientId});
        break;
    }
    request.body = RequestBody::form(fields);
    return request;
}

QByteArray TokenEndpointRequest::formUrlEncode(const QString &value)
{
    return QUrl::toPercentEncoding(value, " ").replace(' ', '+');
}

QByteArray TokenEndpointRequest::basicAuthorization(const QString &clientId, const QByteArray &clientSecret)
{
    const QByteArray pair = formUrlEncode(clientId) + ':' + formUrlEncode(QString::fromUtf8(clientSecret));
    return QByteArrayLiteral("Basic ") + pair.toBase64();
}
