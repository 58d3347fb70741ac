#pragma once

#include "labmodule.h"

#include <QDateTime>

// Bearer (RFC 6750) lessons: tokens that expire, wrong audience, insufficient scope, nbf in the
// future (clock skew), Token instead of Bearer, a valid token. The tokens are LabTokenMinter's
// HS256 JWTs: fixed ones in the lessons' commands, live ones from /bearer/token?ttl=N.
class BearerLab : public LabModule
{
public:
    BearerLab();
    ~BearerLab() override;
    QList<LabScenario> scenarios() const override;
    bool respond(const LabRequest &request, LabResponse *response) override;

    // The resource side of RFC 6750 for every lab resource that takes the lab's tokens: true when
    // the request carries a valid Bearer token with requiredScope (space-separated scopes contain
    // it); otherwise *refusal holds the 401 or 403 with its WWW-Authenticate (§3, §3.1).
    static bool authorize(const LabRequest &request, const QString &requiredScope, LabResponse *refusal,
                          const QDateTime &now = QDateTime::currentDateTimeUtc());

    // The fixed tokens of the lessons' commands (deterministic, so `lab --list` prints the same).
    static QByteArray validToken();         // scope "read", expires in 2100
    static QByteArray expiredToken();       // expired in 2024
    static QByteArray otherAudienceToken(); // aud "billing-api"
    static QByteArray notYetValidToken();   // nbf in 2100
};
