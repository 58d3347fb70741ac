#include "credentialrecord.h"

#include "auth/schemeregistry.h"

#include <QUuid>

QString CredentialRecord::newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QByteArray CredentialRecord::defaultScheme(Credential::Kind kind)
{
    switch (kind) {
    case Credential::Kind::Password: return QByteArrayLiteral("basic");
    case Credential::Kind::Token: return QByteArrayLiteral("bearer");
    case Credential::Kind::ApiKey: return apiKeyScheme();
    }
    return QByteArray();
}

std::optional<Credential::Kind> CredentialRecord::kindForScheme(const QByteArray &scheme)
{
    if (scheme == apiKeyScheme())
        return Credential::Kind::ApiKey;
    if (const AuthScheme *known = SchemeRegistry::find(scheme))
        return known->credentialKind();
    return std::nullopt;
}

bool CredentialRecord::matches(const QString &text) const
{
    if (text.isEmpty())
        return true;
    const auto has = [&text](const QString &field) { return field.contains(text, Qt::CaseInsensitive); };
    return has(space.origin) || has(space.realm) || has(QString::fromLatin1(space.scheme)) || has(user)
        || has(label);
}

QString CredentialRecord::pathOf(const QUrl &url)
{
    const QString path = url.path(QUrl::FullyEncoded);
    return path.isEmpty() ? QStringLiteral("/") : path;
}

bool CredentialRecord::isRefusedAt(const QUrl &url) const
{
    if (!lastRefused.isValid())
        return false;
    if (refusedPath.isEmpty())
        return isRefused();
    return refusedPath == pathOf(url);
}
