#include "revocationjob.h"

#include "tokenendpointrequest.h"
#include "tokenresponse.h"

#include "core/secretbytes.h"
#include "engine/legchannel.h"
#include "http/leg.h"

#include <QPointer>
#include <QTimer>

RevocationJob::RevocationJob(OAuthProfile profile, QByteArray clientSecret, TokenSet tokens, LegChannel *channel,
                             QObject *parent)
    : QObject(parent), m_profile(std::move(profile)), m_clientSecret(std::move(clientSecret)), m_channel(channel)
{
    if (!tokens.refreshToken.isEmpty())
        m_pending.append({tokens.refreshToken, QStringLiteral("refresh_token")});
    if (!tokens.accessToken.isEmpty())
        m_pending.append({tokens.accessToken, QStringLiteral("access_token")});
    tokens.wipe();
}

RevocationJob::~RevocationJob()
{
    SecretBytes::wipe(m_clientSecret);
    for (Pending &pending : m_pending)
        SecretBytes::wipe(pending.token);
}

void RevocationJob::start()
{
    if (m_started)
        return;
    m_started = true;
    QTimer::singleShot(0, this, [this] {
        if (m_profile.revocationUrl.isEmpty()) {
            finish(Status(Status::Code::InvalidInput,
                          QStringLiteral("Profile %1 has no revocation endpoint: its issuer publishes no "
                                         "revocation_endpoint").arg(m_profile.name)));
        } else if (m_pending.isEmpty()) {
            finish(Status(Status::Code::InvalidInput, NoteCode::SignInRequired,
                          QStringLiteral("Profile %1 holds no token to revoke").arg(m_profile.name)));
        } else if (!m_channel) {
            finish(Status(Status::Code::InvalidInput, QStringLiteral("Revocation has no channel to send its requests through")));
        } else {
            revokeNext();
        }
    });
}

void RevocationJob::revokeNext()
{
    if (m_pending.isEmpty()) {
        finish(Status(Status::Code::Ok, NoteCode::TokenRevoked,
                      QStringLiteral("%1 token(s) of profile %2 revoked").arg(m_revoked).arg(m_profile.name)));
        return;
    }
    const Pending pending = m_pending.takeFirst();
    // RFC 7009 §2.1: token and token_type_hint; no scope or resource.
    TokenEndpointRequest request(m_profile, m_clientSecret, m_profile.revocationUrl);
    request.setIncludeScope(false);
    request.setIncludeResource(false);
    request.addParameter(QStringLiteral("token"), pending.token);
    request.addParameter(QStringLiteral("token_type_hint"), pending.hint);
    QPointer<RevocationJob> self(this);
    m_channel->sendLeg(request.build(), Leg::Kind::TokenEndpoint,
                       QStringLiteral("revoke the %1 (RFC 7009)").arg(pending.hint.section(QLatin1Char('_'), 0, 0) + QStringLiteral(" token")),
                       [self, pending](const Leg &leg) {
        if (self && !self->m_finished)
            self->onAnswer(pending, leg);
    });
}

void RevocationJob::onAnswer(const Pending &pending, const Leg &leg)
{
    m_lastLeg = leg.index;
    if (leg.statusCode == 200) { // RFC 7009 §2.2
        ++m_revoked;
        m_channel->noteLeg(leg.index, LegNote(NoteCode::TokenRevoked,
                                              QStringLiteral("The %1 was revoked").arg(pending.hint)));
        revokeNext();
        return;
    }
    const TokenResponse response = TokenResponse::fromLeg(leg, QDateTime::currentDateTimeUtc());
    if (!leg.hasResponse()) {
        finish(response.status());
        return;
    }
    // RFC 7009 §2.2.1: unsupported_token_type, or 503 (try later), or an RFC 6749 §5.2 error.
    const QString why = !response.error().isEmpty()
        ? TokenResponse::errorMessage(response.error(), response.errorDescription())
        : leg.statusCode == 503 ? QStringLiteral("the server is unavailable, try again later")
                                : QStringLiteral("no OAuth error object");
    finish(Status(Status::Code::AuthenticationFailed, NoteCode::TokenEndpointError,
                  QStringLiteral("The revocation endpoint refused the %1 (HTTP %2): %3")
                      .arg(pending.hint).arg(leg.statusCode).arg(why)));
}

void RevocationJob::finish(const Status &status)
{
    if (m_finished)
        return;
    m_finished = true;
    m_status = status;
    for (Pending &pending : m_pending)
        SecretBytes::wipe(pending.token);
    m_pending.clear();
    emit finished();
}
