#pragma once

#include "labmodule.h"

#include <QDateTime>
#include <QHash>
#include <QSet>

// An OAuth 2.0 authorization server (RFC 6749) and a resource that takes its tokens:
// client credentials (client authentication Basic or in the body), refresh with rotation and
// reuse detection (a refresh token used twice revokes its family), the device grant (RFC 8628)
// with a verification page, authorization code + PKCE S256 (RFC 7636) with a login and consent
// page, and the RFC 8414 metadata the engine discovers. Access tokens are LabTokenMinter's JWTs.
// Everything lives in memory for the life of the lab.
class OAuthLab : public LabModule
{
public:
    OAuthLab();
    ~OAuthLab() override;
    QList<LabScenario> scenarios() const override;
    bool respond(const LabRequest &request, LabResponse *response) override;

    // The demo clients and user the lessons print.
    static QString serviceClientId();     // "lab-service": confidential, client_credentials
    static QByteArray serviceClientSecret();
    static QString appClientId();         // "lab-app": public (PKCE), code, device, refresh
    // Refresh tokens every fresh lab holds: one never used, one already rotated (its reuse is
    // caught), for the lessons' one-command tries.
    static QByteArray demoRefreshToken();
    static QByteArray replayedRefreshToken();

private:
    struct RefreshRecord
    {
        QString family;
        QString clientId;
        QString scope;
        QString subject;
        bool used = false;
    };
    struct CodeRecord
    {
        QString clientId;
        QString redirectUri;
        QByteArray challenge;
        QString scope;
        QDateTime expiresAt;
    };
    struct DeviceRecord
    {
        QByteArray userCode;
        QString clientId;
        QString scope;
        QDateTime expiresAt;
        QDateTime lastPoll;
        int intervalSeconds = 5;
        bool approved = false;
        bool denied = false;
    };

    LabResponse token(const LabRequest &request);
    LabResponse deviceAuthorization(const LabRequest &request);
    LabResponse devicePage(const LabRequest &request);
    LabResponse authorizePage(const LabRequest &request);
    LabResponse metadata(const LabRequest &request) const;
    // The token response of RFC 6749 §5.1, with a new refresh token of family when not empty.
    LabResponse issue(const LabRequest &request, const QString &clientId, const QString &subject, const QString &scope,
                      const QString &family);

    QHash<QByteArray, RefreshRecord> m_refreshTokens;
    QSet<QString> m_revokedFamilies;
    QHash<QByteArray, CodeRecord> m_codes;
    QHash<QByteArray, DeviceRecord> m_devices;  // by device_code
    quint64 m_serial = 0;                        // makes every issued secret unique
};
