#include <qt6keychain/keychain.h>

#include <QDir>
#include <QSignalSpy>
#include <QTest>

// Guards the test harness itself: keychain tests must reach a real Secret Service, and the
// whole run must live in a throwaway home so nothing leaks into the machine's keyring.
class tst_KeychainEnvironment : public QObject
{
    Q_OBJECT
private slots:
    void runsInAThrowawayHome();
    void roundTripsASecretThroughTheRealSecretService();
};

void tst_KeychainEnvironment::runsInAThrowawayHome()
{
    const QString sandbox = qEnvironmentVariable("AUTHSCOPE_TEST_SANDBOX");
    QVERIFY2(!sandbox.isEmpty(), "run the tests through scripts/test.sh, which makes a throwaway home");
    QVERIFY(QDir::homePath().startsWith(sandbox));
    QVERIFY(qEnvironmentVariable("XDG_DATA_HOME").startsWith(sandbox));
    QVERIFY(!qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").isEmpty());
}

void tst_KeychainEnvironment::roundTripsASecretThroughTheRealSecretService()
{
    const QString service = QStringLiteral("authscope-harness-check");
    const QString key = QStringLiteral("probe");
    const QByteArray secret = QByteArrayLiteral("harness-secret-\x01\x02");

    QKeychain::WritePasswordJob write(service);
    write.setAutoDelete(false);
    write.setInsecureFallback(false);
    write.setKey(key);
    write.setBinaryData(secret);
    QSignalSpy written(&write, &QKeychain::Job::finished);
    write.start();
    QVERIFY(written.wait(10000));
    QVERIFY2(write.error() == QKeychain::NoError, qPrintable(write.errorString()));

    QKeychain::ReadPasswordJob read(service);
    read.setAutoDelete(false);
    read.setInsecureFallback(false);
    read.setKey(key);
    QSignalSpy readDone(&read, &QKeychain::Job::finished);
    read.start();
    QVERIFY(readDone.wait(10000));
    QVERIFY2(read.error() == QKeychain::NoError, qPrintable(read.errorString()));
    QCOMPARE(read.binaryData(), secret);

    QKeychain::DeletePasswordJob remove(service);
    remove.setAutoDelete(false);
    remove.setKey(key);
    QSignalSpy removed(&remove, &QKeychain::Job::finished);
    remove.start();
    QVERIFY(removed.wait(10000));
    QVERIFY2(remove.error() == QKeychain::NoError, qPrintable(remove.errorString()));

    QKeychain::ReadPasswordJob gone(service);
    gone.setAutoDelete(false);
    gone.setKey(key);
    QSignalSpy goneDone(&gone, &QKeychain::Job::finished);
    gone.start();
    QVERIFY(goneDone.wait(10000));
    QCOMPARE(gone.error(), QKeychain::EntryNotFound);
}

QTEST_GUILESS_MAIN(tst_KeychainEnvironment)
#include "tst_keychainenvironment.moc"
