#include "diagram/sequencemodel.h"

#include "apacheserver.h"
#include "exchangerunning.h"

#include <QTest>

// Against a real forward proxy (Apache's mod_proxy with Basic proxy authentication) in front of
// Apache's own document root: the engine records the proxy on each leg (Leg::proxy) and the
// diagram puts it in a lane of its own, its 407 coming from that lane.
class tst_SequenceModelProxy : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void proxyRefusalComesFromTheProxyLane();
    void answeredProxyRelaysToTheOrigin();

private:
    QNetworkProxy proxy(const QString &user = QString(), const QString &password = QString()) const
    {
        return QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), m_apache.port(), user, password);
    }
    HttpRequest get() const
    {
        HttpRequest request;
        request.method = "GET";
        request.url = m_apache.url(QStringLiteral("/page.html"));
        return request;
    }

    ApacheServer m_apache;
};

void tst_SequenceModelProxy::initTestCase()
{
    const QString users = m_apache.writeHtpasswd(QStringLiteral("proxy.htpasswd"), QStringLiteral("pu"), "proxy-pw");
    m_apache.addDirectives(QStringLiteral("<Proxy \"*\">\n AuthType Basic\n AuthName \"proxy realm\"\n AuthBasicProvider file\n"
                                          " AuthUserFile \"%1\"\n Require valid-user\n</Proxy>").arg(users));
    QString error;
    QVERIFY2(m_apache.start(&error), qPrintable(error));
    QVERIFY(m_apache.writeFile(QStringLiteral("page.html"), "hello\n"));
}

void tst_SequenceModelProxy::proxyRefusalComesFromTheProxyLane()
{
    const Exchange exchange = ExchangeRunning::run(get(), proxy());
    QVERIFY(!exchange.legs.isEmpty());
    QCOMPARE(exchange.legs.constFirst().statusCode, 407);
    const QString proxyOrigin = QStringLiteral("http://127.0.0.1:%1").arg(m_apache.port());
    QCOMPARE(exchange.legs.constFirst().proxy, proxyOrigin);

    const SequenceModel model = SequenceModel::fromExchange(exchange);
    QCOMPARE(model.lanes.at(1).role, SequenceLane::Role::Proxy);
    QCOMPARE(model.lanes.at(1).origin, proxyOrigin);
    const SequenceMessage &request = model.messages.at(model.messageIndex(0, false));
    QCOMPARE(request.via, 1);
    QCOMPARE(model.lanes.at(request.to).role, SequenceLane::Role::Origin);
    const SequenceMessage &refusal = model.messages.at(model.messageIndex(0, true));
    QCOMPARE(refusal.from, 1);
    QCOMPARE(refusal.via, -1);
    QCOMPARE(refusal.statusCode, 407);
    QCOMPARE(refusal.diagnosis, DiagnosisCode::ProxyAuthRequired);
}

void tst_SequenceModelProxy::answeredProxyRelaysToTheOrigin()
{
    const Exchange exchange = ExchangeRunning::run(get(), proxy(QStringLiteral("pu"), QStringLiteral("proxy-pw")));
    QVERIFY2(exchange.status.isOk(), qPrintable(exchange.status.message()));
    QCOMPARE(exchange.finalStatusCode(), 200);

    const SequenceModel model = SequenceModel::fromExchange(exchange);
    const int last = int(exchange.legs.size()) - 1;
    const SequenceMessage &ok = model.messages.at(model.messageIndex(last, true));
    QCOMPARE(model.lanes.at(ok.from).role, SequenceLane::Role::Origin);
    QCOMPARE(ok.via, 1);
    QCOMPARE(ok.diagnosis, DiagnosisCode::None);
    for (const SequenceMessage &message : model.messages)
        QVERIFY(!QString(message.label + message.annotations.join(u' ')).contains(QStringLiteral("proxy-pw")));
}

QTEST_GUILESS_MAIN(tst_SequenceModelProxy)
#include "tst_sequencemodelproxy.moc"
