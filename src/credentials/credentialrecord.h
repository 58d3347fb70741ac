#pragma once

#include "auth/credential.h"
#include "auth/protectionspace.h"

#include <QDateTime>
#include <QString>
#include <QUrl>

#include <optional>

// What the credential index knows about one stored secret: which protection space and user it
// belongs to, never the secret itself. The id is the secret's key in the keychain.
struct CredentialRecord
{
    QString id;                  // QUuid without braces; empty until the store assigns one
    ProtectionSpace space;
    QString user;
    Credential::Kind kind = Credential::Kind::Password;
    QString label;               // free text the user chose, may be empty
    QDateTime lastUsed;          // UTC; invalid when never used since it was saved
    // UTC; when a server last refused this secret. Sending a known-bad password again could lock
    // the account, so a refused record is not tried until its secret is saved anew.
    QDateTime lastRefused;
    // The path (no query) of the request that was refused. A refusal is evidence about that
    // request: a server may refuse a valid user at one path and admit it at another (httpbin's
    // /basic-auth/USER/..., Apache's Require). Empty for a refusal recorded before paths were kept,
    // which counts everywhere.
    QString refusedPath;

    static QString newId();
    // API keys answer no challenge, so no AuthScheme names them; their records still need a scheme.
    static QByteArray apiKeyScheme() { return QByteArrayLiteral("apikey"); }
    // The scheme a record of this kind gets when the user names none (GUI and CLI alike).
    static QByteArray defaultScheme(Credential::Kind kind);
    // The kind of secret a record of this scheme holds (what its challenges ask for); nullopt for
    // a scheme AuthScope does not know.
    static std::optional<Credential::Kind> kindForScheme(const QByteArray &scheme);
    bool isValid() const { return !id.isEmpty() && space.isValid(); }
    // Refused since it was last read to be sent (loading marks it used before the server answers).
    bool isRefused() const { return lastRefused.isValid() && (!lastUsed.isValid() || lastRefused >= lastUsed); }
    // Not to be sent to url automatically: refused there (or, for an old record, anywhere).
    bool isRefusedAt(const QUrl &url) const;
    static QString pathOf(const QUrl &url);
    // Case-insensitive match against everything a user would search for.
    bool matches(const QString &text) const;

    bool operator==(const CredentialRecord &o) const
    {
        return id == o.id && space == o.space && user == o.user && kind == o.kind && label == o.label
            && lastUsed == o.lastUsed && lastRefused == o.lastRefused && refusedPath == o.refusedPath;
    }
    bool operator!=(const CredentialRecord &o) const { return !(*this == o); }
};
