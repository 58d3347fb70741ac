#include "proxysetting.h"

// Placeholder until the GUI's proxy setting is written.
QNetworkProxy ProxySetting::toNetworkProxy(const QUrl &target) const
{
    Q_UNUSED(target)
    return QNetworkProxy(QNetworkProxy::NoProxy);
}

QString ProxySetting::toString() const
{
    return {};
}

bool ProxySetting::fromString(const QString &text, ProxySetting *setting, QString *error)
{
    Q_UNUSED(text)
    Q_UNUSED(setting)
    Q_UNUSED(error)
    return false;
}
