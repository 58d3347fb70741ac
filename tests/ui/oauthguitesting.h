#pragma once

#include "oauth/oauthprofile.h"
#include "oauth/oauthprofilestore.h"
#include "oauth/oauthstorejob.h"
#include "oauth/tokenset.h"

#include "credentialtesting.h"
#include "oidcserver.h"

#include <QAbstractButton>
#include <QDateTime>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QTest>
#include <QWidget>

// Profiles and tokens for the GUI's OAuth tests against the real authorization server.
namespace OAuthGuiTesting {

// client_credentials with discovery from the issuer, JWT access tokens (RS256, the default resource).
inline OAuthProfile clientCredentialsProfile(const OidcServer &server, const QString &name)
{
    OAuthProfile profile;
    profile.name = name;
    profile.issuer = server.issuer();
    profile.clientId = OidcServer::clientCredentialsClientId();
    profile.clientAuth = OAuthProfile::ClientAuth::Basic;
    profile.grant = OAuthProfile::Grant::ClientCredentials;
    profile.scope = QStringLiteral("api:read");
    profile.resource = server.resourceIndicator();
    return profile;
}

// The confidential client with the (deprecated) password grant: a refresh token, no browser.
inline OAuthProfile passwordProfile(const OidcServer &server, const QString &name)
{
    OAuthProfile profile;
    profile.name = name;
    profile.tokenUrl = server.tokenUrl();
    profile.revocationUrl = server.revocationUrl();
    profile.clientId = OidcServer::confidentialClientId();
    profile.clientAuth = OAuthProfile::ClientAuth::Basic;
    profile.grant = OAuthProfile::Grant::Password;
    profile.scope = QStringLiteral("openid offline_access api:read");
    return profile;
}

inline bool saveProfile(OAuthProfileStore *store, const OAuthProfile &profile, const QByteArray &secret)
{
    auto job = CredentialTesting::runJob(store->saveProfile(profile, secret));
    if (!job || !job->status().isOk()) {
        qWarning("save failed: %s", job ? qPrintable(job->status().message()) : "no answer");
        return false;
    }
    return true;
}

inline bool storeTokens(OAuthProfileStore *store, const QString &name, const TokenSet &tokens)
{
    auto job = CredentialTesting::runJob(store->storeTokens(name, tokens));
    return job && job->status().isOk();
}

inline TokenSet storedTokens(OAuthProfileStore *store, const QString &name)
{
    auto job = CredentialTesting::runJob(store->loadSecrets(name));
    return job && job->status().isOk() ? job->tokens() : TokenSet();
}

// Real tokens with a refresh token for alice (password grant, no browser). expiryKnown false:
// stored without expiresAt, as a token whose expires_in never came.
inline TokenSet signedInTokens(OidcServer *server, bool expiryKnown = true)
{
    QString error;
    const QJsonObject json = server->passwordGrantTokens(QStringLiteral("openid offline_access api:read"), &error);
    if (json.isEmpty())
        qWarning("password grant: %s", qPrintable(error));
    return OidcServer::tokenSet(json, expiryKnown);
}

// Every window title and tooltip under root (itself included), joined: what a screen reader,
// a window list or a hovering mouse would show.
inline QString titlesAndToolTips(QWidget *root)
{
    QStringList texts{root->windowTitle(), root->toolTip()};
    const QList<QWidget *> widgets = root->findChildren<QWidget *>();
    for (QWidget *w : widgets)
        texts << w->windowTitle() << w->toolTip();
    return texts.join(u'\n');
}

} // namespace OAuthGuiTesting
