#include "discoveryjob.h"

#include "core/displaytext.h"
#include "engine/legchannel.h"
#include "http/leg.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QPointer>
#include <QTimer>

namespace {

QString withoutTrailingSlash(QString text)
{
    if (text.endsWith(QLatin1Char('/')))
        text.chop(1);
    return text;
}

bool isHttpUrl(const QUrl &url)
{
    return url.isValid() && !url.isRelative() && !url.host().isEmpty()
           && (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http"));
}

} // namespace

DiscoveryJob::DiscoveryJob(OAuthProfile profile, LegChannel *channel, QObject *parent)
    : QObject(parent), m_profile(std::move(profile)), m_channel(channel)
{
}

DiscoveryJob::~DiscoveryJob() = default;

QList<QUrl> DiscoveryJob::metadataUrls(const QUrl &issuer)
{
    const QString path = withoutTrailingSlash(issuer.path(QUrl::FullyEncoded));
    QUrl base = issuer.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemovePath);
    QUrl oauth = base;  // RFC 8414 §3.1: the well-known part goes between the host and the issuer's path
    oauth.setPath(QStringLiteral("/.well-known/oauth-authorization-server") + path, QUrl::TolerantMode);
    QUrl openid = base; // OpenID Connect Discovery 1.0 §4: appended to the issuer
    openid.setPath(path + QStringLiteral("/.well-known/openid-configuration"), QUrl::TolerantMode);
    return {oauth, openid};
}

void DiscoveryJob::start()
{
    if (m_started)
        return;
    m_started = true;
    QTimer::singleShot(0, this, [this] {
        if (!isHttpUrl(m_profile.issuer)) {
            finish(Status(Status::Code::InvalidInput, NoteCode::DiscoveryFailed,
                          QStringLiteral("The issuer must be an absolute http(s) URL to discover its metadata")));
            return;
        }
        if (!m_channel) {
            finish(Status(Status::Code::InvalidInput, NoteCode::DiscoveryFailed,
                          QStringLiteral("Discovery has no channel to send its requests through")));
            return;
        }
        m_urls = metadataUrls(m_profile.issuer);
        fetch(0);
    });
}

void DiscoveryJob::fetch(int index)
{
    HttpRequest request;
    request.method = QByteArrayLiteral("GET");
    request.url = m_urls.at(index);
    request.headers.append(QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json"), HeaderField::Source::Default);
    const QString reason = index == 0 ? QStringLiteral("authorization server metadata (RFC 8414)")
                                      : QStringLiteral("OpenID Connect discovery");
    QPointer<DiscoveryJob> self(this);
    m_channel->sendLeg(request, Leg::Kind::Acquisition, reason, [self, index](const Leg &leg) {
        if (self && !self->m_finished)
            self->onDocument(index, leg);
    });
}

void DiscoveryJob::onDocument(int index, const Leg &leg)
{
    const QString where = m_urls.at(index).toString();
    const Status::Code cancelled = Status::Code::Cancelled;
    if (!leg.hasResponse() && (leg.status.code() == cancelled || leg.status.code() == Status::Code::Timeout)) {
        finish(Status(leg.status.code(), NoteCode::DiscoveryFailed, leg.status.message()));
        return;
    }

    QString problem;
    QJsonObject document;
    if (!leg.hasResponse()) {
        problem = leg.status.message();
    } else if (leg.statusCode != 200) {
        problem = QStringLiteral("HTTP %1").arg(leg.statusCode);
    } else if (leg.responseBody && leg.responseBody->size() > MaxDocumentBytes) {
        problem = QStringLiteral("%1 bytes, more than metadata can be").arg(leg.responseBody->size());
    } else {
        QJsonParseError parseError;
        const QJsonDocument json = QJsonDocument::fromJson(leg.responseBody ? leg.responseBody->read() : QByteArray(), &parseError);
        if (parseError.error != QJsonParseError::NoError)
            problem = QStringLiteral("not JSON (%1 at offset %2)").arg(parseError.errorString()).arg(parseError.offset);
        else if (!json.isObject())
            problem = QStringLiteral("JSON that is not an object");
        else
            document = json.object();
    }

    if (problem.isEmpty()) {
        // RFC 8414 §3.3 / OpenID Connect Discovery §4.3: metadata for another issuer is never used
        // (an attacker's mix-up); no other document is tried.
        const QString issuer = document.value(QStringLiteral("issuer")).toString();
        if (withoutTrailingSlash(issuer) != withoutTrailingSlash(m_profile.issuer.toString(QUrl::FullyEncoded))) {
            finish(Status(Status::Code::ProtocolError, NoteCode::DiscoveryFailed,
                          QStringLiteral("The metadata at %1 is for issuer \"%2\", not %3: refused (RFC 8414 §3.3)")
                              .arg(where, DisplayText::escaped(issuer.left(200)), m_profile.issuer.toString())));
            return;
        }
        problem = takeEndpoints(document);
        if (problem.isEmpty()) {
            m_metadata = document;
            m_metadataUrl = m_urls.at(index);
            finish(Status::ok());
            return;
        }
    }

    m_problems.append(QStringLiteral("%1: %2").arg(where, problem));
    if (index + 1 < m_urls.size()) {
        fetch(index + 1);
        return;
    }
    finish(Status(leg.hasResponse() ? Status::Code::ProtocolError : leg.status.code(), NoteCode::DiscoveryFailed,
                  QStringLiteral("The metadata of %1 could not be used: %2")
                      .arg(m_profile.issuer.toString(), m_problems.join(QStringLiteral("; ")))));
}

QString DiscoveryJob::takeEndpoints(const QJsonObject &document)
{
    OAuthProfile profile = m_profile;
    // Explicitly given endpoints win over the document; ones discovered before are replaced.
    const bool keepGiven = !m_profile.endpointsDiscovered;
    const struct { const char *name; QUrl OAuthProfile::*field; } endpoints[] = {
        {"token_endpoint", &OAuthProfile::tokenUrl},
        {"authorization_endpoint", &OAuthProfile::authorizationUrl},
        {"device_authorization_endpoint", &OAuthProfile::deviceAuthorizationUrl},
        {"revocation_endpoint", &OAuthProfile::revocationUrl},
        {"jwks_uri", &OAuthProfile::jwksUrl},
    };
    for (const auto &endpoint : endpoints) {
        const QJsonValue value = document.value(QLatin1String(endpoint.name));
        QUrl url;
        if (!value.isUndefined()) {
            url = QUrl(value.toString(), QUrl::StrictMode);
            if (!value.isString() || !isHttpUrl(url))
                return QStringLiteral("its %1 is not an absolute http(s) URL").arg(QLatin1String(endpoint.name));
        }
        if (keepGiven && !(m_profile.*endpoint.field).isEmpty())
            continue;
        profile.*endpoint.field = url;
    }
    if (profile.tokenUrl.isEmpty())
        return QStringLiteral("it has no token_endpoint");
    if (profile.grant == OAuthProfile::Grant::AuthorizationCode && profile.authorizationUrl.isEmpty())
        return QStringLiteral("it has no authorization_endpoint, which the authorization_code grant needs");
    if (profile.grant == OAuthProfile::Grant::DeviceCode && profile.deviceAuthorizationUrl.isEmpty())
        return QStringLiteral("it has no device_authorization_endpoint, which the device grant needs");
    profile.endpointsDiscovered = true;
    m_profile = profile;
    return QString();
}

void DiscoveryJob::finish(const Status &status)
{
    if (m_finished)
        return;
    m_finished = true;
    m_status = status;
    emit finished();
}
