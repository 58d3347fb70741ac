#include "credentialrecord.h"

#include <QUuid>

QString CredentialRecord::newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

bool CredentialRecord::matches(const QString &text) const
{
    if (text.isEmpty())
        return true;
    const auto has = [&text](const QString &field) { return field.contains(text, Qt::CaseInsensitive); };
    return has(space.origin) || has(space.realm) || has(QString::fromLatin1(space.scheme)) || has(user)
        || has(label);
}
