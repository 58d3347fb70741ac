#include "grantjob.h"

#include "authorizationcodegrantjob.h"
#include "clientcredentialsgrantjob.h"
#include "devicegrantjob.h"
#include "passwordgrantjob.h"
#include "tokenendpointrequest.h"
#include "tokenresponse.h"

#include "core/secretbytes.h"
#include "engine/legchannel.h"

#include <QPointer>
#include <QTimer>

GrantJob::GrantJob(Context context, QObject *parent) : QObject(parent), m_context(std::move(context)) {}

GrantJob::~GrantJob()
{
    SecretBytes::wipe(m_context.clientSecret);
    SecretBytes::wipe(m_context.refreshToken);
    m_tokens.wipe();
}

GrantJob *GrantJob::create(Context context, QObject *parent)
{
    switch (context.profile.grant) {
    case OAuthProfile::Grant::ClientCredentials:
        return new ClientCredentialsGrantJob(std::move(context), parent);
    case OAuthProfile::Grant::AuthorizationCode:
        return new AuthorizationCodeGrantJob(std::move(context), parent);
    case OAuthProfile::Grant::DeviceCode:
        return new DeviceGrantJob(std::move(context), parent);
    case OAuthProfile::Grant::Password:
        return new PasswordGrantJob(std::move(context), parent);
    }
    return nullptr;
}

void GrantJob::start()
{
    QTimer::singleShot(0, this, [this] {
        if (m_finished)
            return;
        if (!m_context.channel) {
            fail(Status(Status::Code::InvalidInput, QStringLiteral("The grant has no channel to send its requests through")));
            return;
        }
        run();
    });
}

void GrantJob::cancel()
{
    if (m_finished)
        return;
    abort();
    fail(Status(Status::Code::Cancelled, QStringLiteral("The sign-in was cancelled")));
}

void GrantJob::succeed(TokenSet tokens, int leg)
{
    if (m_finished) {
        tokens.wipe();
        return;
    }
    m_finished = true;
    m_tokens = std::move(tokens);
    m_outcomeLeg = leg;
    m_status = Status::ok();
    emit finished();
}

void GrantJob::fail(const Status &status, int leg)
{
    if (m_finished)
        return;
    m_finished = true;
    m_status = status;
    m_outcomeLeg = leg;
    emit finished();
}

TokenEndpointRequest GrantJob::tokenRequest(const QUrl &endpoint) const
{
    return TokenEndpointRequest(m_context.profile, m_context.clientSecret, endpoint);
}

void GrantJob::sendTokenRequest(const HttpRequest &request, const QString &reason, TokenAnswer answer)
{
    QPointer<GrantJob> self(this);
    m_context.channel->sendLeg(request, Leg::Kind::TokenEndpoint, reason,
                               [self, answer = std::move(answer)](const Leg &leg) {
        if (!self || self->m_finished)
            return;
        TokenResponse response = TokenResponse::fromLeg(leg, QDateTime::currentDateTimeUtc());
        answer(response, leg);
    });
}

void GrantJob::finishWith(TokenResponse &response, const Leg &leg)
{
    if (response.isOk())
        succeed(response.takeTokens(), leg.index);
    else
        fail(response.status(), leg.index);
}
