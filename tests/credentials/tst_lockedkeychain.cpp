#include "../cli/clirunner.h"
#include "apacheserver.h"
#include "credentialtesting.h"
#include "privatesessionbus.h"

#include <QTest>

using CredentialTesting::randomSecret;

// A real gnome-keyring on a bus of its own, locked the way a screen lock or Seahorse locks it,
// with no prompter to unlock it: the CLI must say the keychain is locked and what to do, never
// that the secret is missing (libsecret reports a locked item as absent), and must not offer to
// delete a credential that is fine.
class tst_LockedKeychain : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void lockedKeychainIsNamedNotMistakenForAMissingSecret();

private:
    CliRunner::Result cli(const QStringList &arguments) const { return CliRunner::run(arguments, m_bus.environment()); }

    PrivateSessionBus m_bus;
    ApacheServer m_apache;
};

void tst_LockedKeychain::initTestCase()
{
    QVERIFY2(QFile::exists(CliRunner::program()), "authscope-cli was not built");
    QString error;
    QVERIFY2(m_bus.start(&error), qPrintable(error));
    QVERIFY2(m_bus.startKeyring(randomSecret(), &error), qPrintable(error));
    QVERIFY(m_apache.protectBasic(QStringLiteral("/locked/"), QStringLiteral("locked realm"), QStringLiteral("alice"),
                                  randomSecret()));
    QVERIFY2(m_apache.start(&error), qPrintable(error));
}

void tst_LockedKeychain::lockedKeychainIsNamedNotMistakenForAMissingSecret()
{
    const QUrl url = m_apache.url(QStringLiteral("/locked/index.html"));
    // Stored while the keychain is unlocked: --save keeps what the server accepted.
    const QByteArray password = randomSecret();
    QVERIFY(!m_apache.writeHtpasswd(QStringLiteral("locked.htpasswd"), QStringLiteral("alice"), password).isEmpty());
    CliRunner::Result r = cli({QStringLiteral("send"), QStringLiteral("--save"), QStringLiteral("-u"),
                               QStringLiteral("alice:") + QString::fromLatin1(password), url.toString()});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = cli({QStringLiteral("credentials"), QStringLiteral("list"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString id = QString::fromUtf8(r.out).section(QStringLiteral("\"id\": \""), 1, 1).section(u'"', 0, 0);
    QVERIFY2(id.size() == 36, r.out.constData());

    QString error;
    QVERIFY2(m_bus.lockDefaultCollection(&error), qPrintable(error));

    r = cli({QStringLiteral("credentials"), QStringLiteral("show"), id, QStringLiteral("--reveal")});
    QCOMPARE(r.exitCode, 11);
    QVERIFY2(r.err.contains("is locked. Unlock it"), r.err.constData());
    QVERIFY2(!r.err.contains("delete"), r.err.constData());
    QVERIFY(!r.out.contains(password));

    // send goes on without the store, says why, and (no prompt) ends with exit 10.
    r = cli({QStringLiteral("send"), QStringLiteral("--no-prompt"), QStringLiteral("-u"), QStringLiteral("alice"),
             url.toString()});
    QCOMPARE(r.exitCode, 10);
    QVERIFY2(r.err.contains("warning: The keychain (collection \"Login\") is locked"), r.err.constData());
    QVERIFY2(r.err.contains("Going on without stored credentials for this run"), r.err.constData());

    // Saving into a locked keychain is refused with advice; the response itself still came.
    r = cli({QStringLiteral("send"), QStringLiteral("--save"), QStringLiteral("-u"),
             QStringLiteral("alice:") + QString::fromLatin1(password), url.toString()});
    QCOMPARE(r.exitCode, 11);
    QVERIFY(r.out.contains("basic ok"));
    QVERIFY2(r.err.contains("error: --save: The keychain refused access (locked"), r.err.constData());

    // The record is still listed: nothing was deleted or lost.
    r = cli({QStringLiteral("credentials"), QStringLiteral("list")});
    QVERIFY(r.out.contains(id.left(8).toUtf8()));
}

QTEST_GUILESS_MAIN(tst_LockedKeychain)
#include "tst_lockedkeychain.moc"
