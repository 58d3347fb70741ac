#pragma once

#include "oauthprofile.h"
#include "tokenset.h"

#include "core/status.h"

#include <QList>
#include <QObject>

class LegChannel;
struct Leg;

// RFC 7009 token revocation through the channel (TokenEndpoint legs), the client authenticated
// as at the token endpoint: the refresh token first (servers drop its access tokens with it), then
// the access token, each with its token_type_hint. A 200 notes token-revoked on the leg (RFC 7009
// §2.2: also for a token the server no longer knew). Ends at the first refusal with its
// error and error_description (token-endpoint-error), or the transport failure; Ok otherwise.
// Job shape: start(), exactly one finished(). The job wipes its copies of the secrets.
class RevocationJob : public QObject
{
    Q_OBJECT
public:
    RevocationJob(OAuthProfile profile, QByteArray clientSecret, TokenSet tokens, LegChannel *channel,
                  QObject *parent = nullptr);
    ~RevocationJob() override;

    void start();
    Status status() const { return m_status; }
    // How many tokens the server accepted for revocation.
    int revokedCount() const { return m_revoked; }
    // The leg of the last revocation request (-1 when none was sent).
    int lastLeg() const { return m_lastLeg; }

signals:
    void finished();

private:
    struct Pending
    {
        QByteArray token;
        QString hint; // "refresh_token" or "access_token"
    };
    void revokeNext();
    void onAnswer(const Pending &pending, const Leg &leg);
    void finish(const Status &status);

    OAuthProfile m_profile;
    QByteArray m_clientSecret;
    LegChannel *m_channel;
    QList<Pending> m_pending;
    Status m_status;
    int m_revoked = 0;
    int m_lastLeg = -1;
    bool m_started = false;
    bool m_finished = false;
};
