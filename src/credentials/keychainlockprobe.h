#pragma once

#include <QObject>
#include <QString>

// Asks the Secret Service whether its default collection (where QtKeychain keeps our secrets) is
// locked. libsecret answers a read from a locked collection it cannot unlock with "no such
// item", which would send the user to delete a credential that is fine; the store asks this
// before saying a secret is missing. On other platforms the answer is Unknown.
// Job shape: start(), then exactly one finished(), never inside start(); deletes itself after.
class KeychainLockProbe : public QObject
{
    Q_OBJECT
public:
    enum class State { Unlocked, Locked, Unknown };
    Q_ENUM(State)

    explicit KeychainLockProbe(QObject *parent = nullptr);
    void start();
    // The collection's label ("Login"), when the service told it.
    QString collectionLabel() const { return m_label; }

signals:
    void finished(KeychainLockProbe::State state);

private:
    void done(State state);
    void readCollection(const QString &path);

    QString m_label;
};
