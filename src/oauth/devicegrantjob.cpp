#include "devicegrantjob.h"

#include "signinprompter.h"
#include "tokenendpointrequest.h"
#include "tokenresponse.h"

#include "core/secretbytes.h"
#include "engine/legchannel.h"
#include "http/leg.h"

#include <QJsonObject>

DeviceGrantJob::DeviceGrantJob(GrantJob::Context context, QObject *parent)
    : GrantJob(std::move(context), parent)
{
    m_pollTimer.setSingleShot(true);
    connect(&m_pollTimer, &QTimer::timeout, this, &DeviceGrantJob::poll);
}

DeviceGrantJob::~DeviceGrantJob()
{
    SecretBytes::wipe(m_deviceCode);
}

void DeviceGrantJob::setPollTiming(int defaultIntervalMs, int slowDownStepMs)
{
    m_defaultIntervalMs = defaultIntervalMs;
    m_slowDownStepMs = slowDownStepMs;
}

void DeviceGrantJob::run()
{
    const OAuthProfile &profile = context().profile;
    if (profile.deviceAuthorizationUrl.isEmpty()) {
        fail(Status(Status::Code::InvalidInput, NoteCode::DiscoveryFailed,
                    QStringLiteral("The profile has no device authorization endpoint: give --device-url or an issuer "
                                   "that publishes device_authorization_endpoint")));
        return;
    }
    if (!context().prompter) {
        fail(Status(Status::Code::AuthenticationFailed, NoteCode::SignInRequired,
                    QStringLiteral("Signing in with the device grant needs someone to enter the code: run "
                                   "`authscope-cli oauth login %1` or sign in from the window").arg(profile.name)));
        return;
    }
    // RFC 8628 §3.1: client authentication as at the token endpoint, with scope (and resource).
    const TokenEndpointRequest request = tokenRequest(profile.deviceAuthorizationUrl);
    sendTokenRequest(request.build(), QStringLiteral("device authorization request (RFC 8628 §3.1)"),
                     [this](TokenResponse &response, const Leg &leg) { onDeviceAuthorization(response, leg); });
}

void DeviceGrantJob::onDeviceAuthorization(TokenResponse &response, const Leg &leg)
{
    // TokenResponse reads the error object; a success is not a token response, so its fields are read here.
    if (!leg.hasResponse() || !response.error().isEmpty()) {
        fail(response.status(), leg.index);
        return;
    }
    const QJsonObject json = response.json();
    const QString deviceCode = json.value(QStringLiteral("device_code")).toString();
    const QString userCode = json.value(QStringLiteral("user_code")).toString();
    const QUrl verificationUri(json.value(QStringLiteral("verification_uri")).toString(), QUrl::StrictMode);
    const QUrl verificationUriComplete(json.value(QStringLiteral("verification_uri_complete")).toString(), QUrl::StrictMode);
    const qint64 expiresIn = qint64(json.value(QStringLiteral("expires_in")).toDouble(-1));
    const auto isHttp = [](const QUrl &url) {
        return url.isValid() && (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http"));
    };
    if (leg.statusCode != 200 || deviceCode.isEmpty() || userCode.isEmpty() || !isHttp(verificationUri) || expiresIn <= 0) {
        fail(Status(Status::Code::ProtocolError, NoteCode::TokenResponseInvalid,
                    QStringLiteral("The device authorization endpoint answered HTTP %1 without the device_code, "
                                   "user_code, verification_uri and expires_in RFC 8628 §3.2 requires")
                        .arg(leg.statusCode)),
             leg.index);
        return;
    }
    m_deviceCode = deviceCode.toUtf8();
    m_expiresAt = QDateTime::currentDateTimeUtc().addSecs(expiresIn);
    const int interval = json.value(QStringLiteral("interval")).toInt(0);
    m_intervalMs = interval > 0 ? interval * 1000 : m_defaultIntervalMs;
    m_prompting = true;
    context().prompter->showDeviceCode(context().profile.name, userCode, verificationUri,
                                       isHttp(verificationUriComplete) ? verificationUriComplete : QUrl(),
                                       m_expiresAt.toLocalTime());
    m_pollTimer.start(m_intervalMs);
}

void DeviceGrantJob::poll()
{
    if (isFinished())
        return;
    // The server has the last word (expired_token, with its reason); a server that never says it
    // is given up on one interval after expires_in.
    if (QDateTime::currentDateTimeUtc() >= m_expiresAt.addMSecs(m_intervalMs)) {
        end(Status(Status::Code::AuthenticationFailed, NoteCode::DeviceCodeExpired,
                   QStringLiteral("The device code expired before it was approved: sign in again")));
        return;
    }
    ++m_polls;
    // RFC 8628 §3.4.
    TokenEndpointRequest request = tokenRequest();
    request.addParameter(QStringLiteral("grant_type"), QStringLiteral("urn:ietf:params:oauth:grant-type:device_code"));
    request.addParameter(QStringLiteral("device_code"), m_deviceCode);
    request.setIncludeScope(false);
    sendTokenRequest(request.build(), QStringLiteral("device grant poll %1 (RFC 8628 §3.4)").arg(m_polls),
                     [this](TokenResponse &response, const Leg &leg) { onPoll(response, leg); });
}

void DeviceGrantJob::onPoll(TokenResponse &response, const Leg &leg)
{
    // RFC 8628 §3.5.
    const QString error = response.error();
    if (error == QLatin1String("authorization_pending")) {
        context().channel->noteLeg(leg.index, LegNote(NoteCode::DeviceAuthorizationPending,
                                                      QStringLiteral("Not approved yet: polling again in %1 s")
                                                          .arg(m_intervalMs / 1000.0)));
        m_pollTimer.start(m_intervalMs);
        return;
    }
    if (error == QLatin1String("slow_down")) {
        m_intervalMs += m_slowDownStepMs;
        context().channel->noteLeg(leg.index, LegNote(NoteCode::DeviceSlowDown,
                                                      QStringLiteral("The server asked to slow down: polling every %1 s")
                                                          .arg(m_intervalMs / 1000.0)));
        m_pollTimer.start(m_intervalMs);
        return;
    }
    if (error == QLatin1String("expired_token")) {
        end(Status(Status::Code::AuthenticationFailed, NoteCode::DeviceCodeExpired,
                   QStringLiteral("The device code expired before it was approved: %1")
                       .arg(TokenResponse::errorMessage(error, response.errorDescription()))),
            leg.index);
        return;
    }
    if (error == QLatin1String("access_denied")) {
        end(Status(Status::Code::AuthenticationFailed, NoteCode::AuthorizationDenied,
                   QStringLiteral("The device code was denied: %1")
                       .arg(TokenResponse::errorMessage(error, response.errorDescription()))),
            leg.index);
        return;
    }
    end(response.status(), leg.index, &response);
}

void DeviceGrantJob::end(const Status &status, int leg, TokenResponse *response)
{
    m_pollTimer.stop();
    if (m_prompting) {
        m_prompting = false;
        context().prompter->signInEnded(context().profile.name);
    }
    if (response && response->isOk())
        succeed(response->takeTokens(), leg);
    else
        fail(status, leg);
}

void DeviceGrantJob::abort()
{
    m_pollTimer.stop();
    if (m_prompting) {
        m_prompting = false;
        context().prompter->signInEnded(context().profile.name);
    }
}
