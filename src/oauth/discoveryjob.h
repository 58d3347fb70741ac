#pragma once

#include "oauthprofile.h"

#include "core/status.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QUrl>

class LegChannel;
struct Leg;

// Reads an issuer's metadata through the channel (Acquisition legs): RFC 8414 first
// (/.well-known/oauth-authorization-server, with the issuer's path after it, §3.1), then OpenID
// Connect discovery (issuer + /.well-known/openid-configuration). The document's issuer must equal
// the configured one (RFC 8414 §3.3; a trailing '/' aside), else discovery-failed without trying
// the next document. On success profile() has the token, authorization, device authorization,
// revocation and JWKS URLs filled (endpointsDiscovered set); an endpoint given explicitly (and not
// itself discovered earlier) is kept. Fails with discovery-failed when no document can be read or
// the one read lacks the endpoint the profile's grant needs. Job shape: start(), one finished().
class DiscoveryJob : public QObject
{
    Q_OBJECT
public:
    // Larger documents are refused unread: metadata is a few KiB.
    static constexpr qint64 MaxDocumentBytes = 512 * 1024;

    DiscoveryJob(OAuthProfile profile, LegChannel *channel, QObject *parent = nullptr);
    ~DiscoveryJob() override;

    // The metadata URLs tried, in order.
    static QList<QUrl> metadataUrls(const QUrl &issuer);

    void start();
    Status status() const { return m_status; }
    // After finished() with Ok: the profile with its endpoints filled, and the document read.
    OAuthProfile profile() const { return m_profile; }
    QJsonObject metadata() const { return m_metadata; }
    QUrl metadataUrl() const { return m_metadataUrl; }

signals:
    void finished();

private:
    void fetch(int index);
    void onDocument(int index, const Leg &leg);
    // The document's problem, or empty when its endpoints were taken into m_profile.
    QString takeEndpoints(const QJsonObject &document);
    void finish(const Status &status);

    OAuthProfile m_profile;
    LegChannel *m_channel;
    QList<QUrl> m_urls;
    QStringList m_problems; // why each document tried was not used
    QJsonObject m_metadata;
    QUrl m_metadataUrl;
    Status m_status;
    bool m_started = false;
    bool m_finished = false;
};
