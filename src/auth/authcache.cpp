#include "authcache.h"

static QString directoryOf(const QUrl &url)
{
    QString path = url.path();
    if (path.isEmpty())
        return QStringLiteral("/");
    return path.left(path.lastIndexOf(u'/') + 1);
}

AuthCache::~AuthCache()
{
    clear();
}

void AuthCache::store(const ProtectionSpace &space, const AuthScheme *scheme, const Credential &credential,
                      const AuthState &state, const QUrl &url)
{
    Entry *existing = find(space);
    if (!existing) {
        m_entries.append(Entry());
        existing = &m_entries.last();
        existing->pathPrefix = directoryOf(url);
    } else if (!directoryOf(url).startsWith(existing->pathPrefix)) {
        // Keep the common ancestor so both paths are answered pre-emptively.
        QString a = existing->pathPrefix, b = directoryOf(url);
        int i = 0;
        while (i < a.size() && i < b.size() && a.at(i) == b.at(i))
            ++i;
        existing->pathPrefix = a.left(a.left(i).lastIndexOf(u'/') + 1);
    }
    if (existing->credential.secret != credential.secret)
        existing->credential.wipe();
    existing->space = space;
    existing->scheme = scheme;
    existing->credential = credential;
    existing->state = state;
}

AuthCache::Entry *AuthCache::find(const ProtectionSpace &space)
{
    for (Entry &e : m_entries) {
        if (e.space == space)
            return &e;
    }
    return nullptr;
}

AuthCache::Entry *AuthCache::findFor(const QUrl &url, bool proxy, const QString &proxyOrigin)
{
    if (m_entries.isEmpty())
        return nullptr;
    const QString origin = proxy ? proxyOrigin : ProtectionSpace::originOf(url);
    const QString directory = directoryOf(url);
    for (Entry &e : m_entries) {
        if (e.space.proxy != proxy || e.space.origin != origin)
            continue;
        if (proxy || directory.startsWith(e.pathPrefix))
            return &e;
    }
    return nullptr;
}

void AuthCache::remove(const ProtectionSpace &space)
{
    for (int i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).space == space) {
            m_entries[i].credential.wipe();
            m_entries.removeAt(i);
            return;
        }
    }
}

void AuthCache::clear()
{
    for (Entry &e : m_entries)
        e.credential.wipe();
    m_entries.clear();
}

void AuthCache::removeFor(const ProtectionSpace &space, const QString &user)
{
    for (int i = int(m_entries.size()) - 1; i >= 0; --i) {
        if (m_entries.at(i).space == space && m_entries.at(i).credential.user == user) {
            m_entries[i].credential.wipe();
            m_entries.removeAt(i);
        }
    }
}
