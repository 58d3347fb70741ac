#include "http/proxysetting.h"

#include <QTest>

// ProxySetting, the GUI's proxy choice: what it reads and writes (settings keep it as text, never
// with a password) and the QNetworkProxy the window's session gets from it.
class tst_ProxySetting : public QObject
{
    Q_OBJECT
private slots:
    void readsWhatItWrites_data();
    void readsWhatItWrites();
    void refusesAnUnusableValue_data();
    void refusesAnUnusableValue();
    void defaultResolvesToTheWindowsChoice();
    void urlBecomesAnHttpProxyWithItsUserOnly();
    void systemFollowsTheEnvironment();
    void theCommandLinesProxyBecomesAUrlWithoutCredentials();
};

void tst_ProxySetting::readsWhatItWrites_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("written");

    using M = ProxySetting::Mode;
    QTest::newRow("none") << "none" << int(M::None) << "none";
    QTest::newRow("system in capitals") << "System" << int(M::System) << "system";
    QTest::newRow("default") << " default " << int(M::Default) << "default";
    QTest::newRow("url") << "http://127.0.0.1:3128" << int(M::Url) << "http://127.0.0.1:3128";
    QTest::newRow("url with a slash") << "http://proxy.example:8080/" << int(M::Url) << "http://proxy.example:8080";
    QTest::newRow("https proxy") << "HTTPS://proxy.example" << int(M::Url) << "https://proxy.example";
    QTest::newRow("user kept") << "http://pu@127.0.0.1:3128" << int(M::Url) << "http://pu@127.0.0.1:3128";
}

void tst_ProxySetting::readsWhatItWrites()
{
    QFETCH(QString, text);
    QFETCH(int, mode);
    QFETCH(QString, written);
    ProxySetting setting;
    QString error;
    QVERIFY2(ProxySetting::fromString(text, &setting, &error), qPrintable(error));
    QCOMPARE(int(setting.mode), mode);
    QCOMPARE(setting.toString(), written);
    ProxySetting again;
    QVERIFY(ProxySetting::fromString(setting.toString(), &again));
    QCOMPARE(again.toString(), written);
}

void tst_ProxySetting::refusesAnUnusableValue_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("named"); // what the error names

    QTest::newRow("empty") << "" << "none, system";
    QTest::newRow("ftp") << "ftp://proxy.example" << "ftp://proxy.example";
    QTest::newRow("no scheme") << "proxy.example:3128" << "proxy.example:3128";
    QTest::newRow("no host") << "http:///x" << "http:///x";
    QTest::newRow("path") << "http://proxy.example/pac" << "path";
    QTest::newRow("password") << "http://pu:secret@proxy.example" << "password";
}

void tst_ProxySetting::refusesAnUnusableValue()
{
    QFETCH(QString, text);
    QFETCH(QString, named);
    ProxySetting setting;
    setting.mode = ProxySetting::Mode::System;
    QString error;
    QVERIFY(!ProxySetting::fromString(text, &setting, &error));
    QVERIFY2(error.contains(named), qPrintable(error));
    QVERIFY2(!error.contains(u"secret"), "a refused password is never repeated");
    QCOMPARE(setting.mode, ProxySetting::Mode::System); // untouched
}

void tst_ProxySetting::defaultResolvesToTheWindowsChoice()
{
    ProxySetting windowDefault;
    QVERIFY(ProxySetting::fromString(QStringLiteral("http://127.0.0.1:3128"), &windowDefault));
    ProxySetting request;
    QCOMPARE(request.resolved(windowDefault).toString(), QStringLiteral("http://127.0.0.1:3128"));
    request.mode = ProxySetting::Mode::None;
    QCOMPARE(request.resolved(windowDefault).mode, ProxySetting::Mode::None);
}

void tst_ProxySetting::urlBecomesAnHttpProxyWithItsUserOnly()
{
    ProxySetting setting;
    QVERIFY(ProxySetting::fromString(QStringLiteral("http://pu@127.0.0.1:3128"), &setting));
    const QNetworkProxy proxy = setting.toNetworkProxy(QUrl(QStringLiteral("http://example.test/")));
    QCOMPARE(proxy.type(), QNetworkProxy::HttpProxy);
    QCOMPARE(proxy.hostName(), QStringLiteral("127.0.0.1"));
    QCOMPARE(proxy.port(), quint16(3128));
    QCOMPARE(proxy.user(), QStringLiteral("pu"));
    QVERIFY(proxy.password().isEmpty());
    QVERIFY(ProxySetting::fromString(QStringLiteral("http://proxy.example"), &setting));
    QCOMPARE(setting.toNetworkProxy({}).port(), quint16(80));
    QVERIFY(ProxySetting::fromString(QStringLiteral("none"), &setting));
    QCOMPARE(setting.toNetworkProxy({}).type(), QNetworkProxy::NoProxy);
}

void tst_ProxySetting::systemFollowsTheEnvironment()
{
    // Qt reads http_proxy on Linux; no_proxy keeps a host out of it.
    qputenv("http_proxy", "http://envuser:envpw@127.0.0.1:3999");
    qputenv("no_proxy", "skipped.test");
    ProxySetting system;
    system.mode = ProxySetting::Mode::System;
    const QNetworkProxy proxy = system.toNetworkProxy(QUrl(QStringLiteral("http://example.test/")));
    QCOMPARE(proxy.type(), QNetworkProxy::HttpProxy);
    QCOMPARE(proxy.port(), quint16(3999));
    QCOMPARE(proxy.user(), QStringLiteral("envuser"));
    QVERIFY2(proxy.password().isEmpty(), "the environment's password is asked for, not carried");
    QCOMPARE(system.toNetworkProxy(QUrl(QStringLiteral("http://skipped.test/"))).type(), QNetworkProxy::NoProxy);
    qunsetenv("http_proxy");
    qunsetenv("no_proxy");
    QCOMPARE(system.toNetworkProxy(QUrl(QStringLiteral("http://example.test/"))).type(), QNetworkProxy::NoProxy);
}

void tst_ProxySetting::theCommandLinesProxyBecomesAUrlWithoutCredentials()
{
    const ProxySetting http = ProxySetting::fromNetworkProxy(
            QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), 8642, QStringLiteral("proxy-user"),
                          QStringLiteral("proxy-pass")));
    QCOMPARE(http.mode, ProxySetting::Mode::Url);
    QCOMPARE(http.toString(), QStringLiteral("http://127.0.0.1:8642")); // the 407 asks for both
    QCOMPARE(ProxySetting::fromNetworkProxy(QNetworkProxy(QNetworkProxy::NoProxy)).mode, ProxySetting::Mode::None);
    QCOMPARE(ProxySetting::fromNetworkProxy(QNetworkProxy(QNetworkProxy::Socks5Proxy, QStringLiteral("127.0.0.1"), 1080)).mode,
             ProxySetting::Mode::None);
}

QTEST_GUILESS_MAIN(tst_ProxySetting)
#include "tst_proxysetting.moc"
