#include "keychainlockprobe.h"

#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN) && !defined(Q_OS_ANDROID)
#define AUTHSCOPE_SECRET_SERVICE 1
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>
#endif

namespace {

#ifdef AUTHSCOPE_SECRET_SERVICE
const QString kService = QStringLiteral("org.freedesktop.secrets");
constexpr int kCallTimeoutMs = 3000;
#endif

} // namespace

KeychainLockProbe::KeychainLockProbe(QObject *parent)
    : QObject(parent)
{
}

void KeychainLockProbe::start()
{
#ifdef AUTHSCOPE_SECRET_SERVICE
    QDBusMessage call = QDBusMessage::createMethodCall(kService, QStringLiteral("/org/freedesktop/secrets"),
                                                       QStringLiteral("org.freedesktop.Secret.Service"),
                                                       QStringLiteral("ReadAlias"));
    call << QStringLiteral("default");
    auto *watcher = new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(call, kCallTimeoutMs), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *w) {
        w->deleteLater();
        const QDBusPendingReply<QDBusObjectPath> reply = *w;
        if (reply.isError() || reply.value().path() == u"/") {
            done(State::Unknown);
            return;
        }
        readCollection(reply.value().path());
    });
#else
    QMetaObject::invokeMethod(this, [this] { done(State::Unknown); }, Qt::QueuedConnection);
#endif
}

void KeychainLockProbe::readCollection(const QString &path)
{
#ifdef AUTHSCOPE_SECRET_SERVICE
    QDBusMessage call = QDBusMessage::createMethodCall(kService, path, QStringLiteral("org.freedesktop.DBus.Properties"),
                                                       QStringLiteral("GetAll"));
    call << QStringLiteral("org.freedesktop.Secret.Collection");
    auto *watcher = new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(call, kCallTimeoutMs), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *w) {
        w->deleteLater();
        const QDBusPendingReply<QVariantMap> reply = *w;
        if (reply.isError() || !reply.value().contains(QStringLiteral("Locked"))) {
            done(State::Unknown);
            return;
        }
        m_label = reply.value().value(QStringLiteral("Label")).toString();
        done(reply.value().value(QStringLiteral("Locked")).toBool() ? State::Locked : State::Unlocked);
    });
#else
    Q_UNUSED(path);
#endif
}

void KeychainLockProbe::done(State state)
{
    emit finished(state);
    deleteLater();
}
