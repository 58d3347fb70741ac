#pragma once

#include "authscheme.h"
#include "protectionspace.h"

#include <QList>
#include <QUrl>

// Credentials that worked in this session, per protection space, so later requests answer the
// same space pre-emptively (RFC 7617 §2.2: same origin, path at or below the one that was
// challenged). Memory only; the keychain comes later.
class AuthCache
{
public:
    struct Entry
    {
        ProtectionSpace space;
        const AuthScheme *scheme = nullptr;
        Credential credential;
        AuthState state;
        QString pathPrefix; // directory of the URL that was challenged
    };

    ~AuthCache();

    void store(const ProtectionSpace &space, const AuthScheme *scheme, const Credential &credential,
               const AuthState &state, const QUrl &url);
    Entry *find(const ProtectionSpace &space);
    // An entry to answer url pre-emptively; for a proxy, the proxy's origin.
    Entry *findFor(const QUrl &url, bool proxy, const QString &proxyOrigin = QString());
    void remove(const ProtectionSpace &space);
    // Only if the entry is this user's (a deleted stored credential).
    void removeFor(const ProtectionSpace &space, const QString &user);
    void clear();
    int size() const { return int(m_entries.size()); }

private:
    QList<Entry> m_entries;
};
