#include "exchangerunning.h"
#include "hostileserver.h"
#include "serverprocess.h"

#include <QTest>

// The engine's words where the point is the words: a proxy that fails is named as the proxy, and
// counts agree with their nouns. Exact sentences, since a code alone cannot show them.
class tst_ExchangeJobWords : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void namesTheProxyThatFailed_data();
    void namesTheProxyThatFailed();
    void countsOneRedirectInTheSingular();

private:
    HostileServer m_server;
};

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

} // namespace

void tst_ExchangeJobWords::initTestCase()
{
    QString error;
    QVERIFY2(m_server.start(&error), qPrintable(error));
}

void tst_ExchangeJobWords::namesTheProxyThatFailed_data()
{
    QTest::addColumn<QNetworkProxy::ProxyType>("type");
    QTest::addColumn<QString>("scheme");   // of the URL sent through the proxy
    QTest::addColumn<QString>("sentence"); // %1: the proxy's port

    // Nobody listens on the proxy's port (a free loopback port).
    QTest::newRow("HTTP proxy refused, http URL")
            << QNetworkProxy::HttpProxy << s("http")
            << s("The proxy http://127.0.0.1:%1 refused the connection. Is a proxy listening on that host and port?");
    QTest::newRow("HTTP proxy refused, https URL")
            << QNetworkProxy::HttpProxy << s("https")
            << s("Proxy error at http://127.0.0.1:%1: Proxy connection refused");
    QTest::newRow("SOCKS proxy refused")
            << QNetworkProxy::Socks5Proxy << s("http")
            << s("Proxy error at socks5://127.0.0.1:%1: Connection to proxy refused");
}

void tst_ExchangeJobWords::namesTheProxyThatFailed()
{
    QFETCH(QNetworkProxy::ProxyType, type);
    QFETCH(QString, scheme);
    QFETCH(QString, sentence);

    const quint16 port = ServerProcess::freePort();
    HttpRequest request;
    request.url = m_server.url(s("/ok"));
    request.url.setScheme(scheme);
    const Exchange ex = ExchangeRunning::run(request, QNetworkProxy(type, s("127.0.0.1"), port));

    QVERIFY2(ex.status.code() == Status::Code::ProxyError, qPrintable(ex.status.codeName() + u' ' + ex.status.message()));
    QCOMPARE(ex.status.exitCode(), 8);
    QCOMPARE(ex.status.message(), sentence.arg(port));
    QCOMPARE(m_server.requestCount(s("/ok")), 0);
}

void tst_ExchangeJobWords::countsOneRedirectInTheSingular()
{
    HttpRequest request;
    request.url = m_server.url(s("/echo/redirect-loop"));
    request.options.followRedirects = true;
    request.options.maxRedirects = 1;
    const Exchange ex = ExchangeRunning::run(request);

    QCOMPARE(ex.status.code(), Status::Code::TooManyRedirects);
    QCOMPARE(ex.status.message(), s("Stopped after 1 redirect (the limit); the server may be looping"));
    QCOMPARE(ex.legs.size(), 2);
}

QTEST_GUILESS_MAIN(tst_ExchangeJobWords)
#include "tst_exchangejobwords.moc"
