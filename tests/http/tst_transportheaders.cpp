#include "engine/exchangejob.h"
#include "engine/httpsession.h"
#include "httpbinserver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

// The engine predicts the fields Qt adds on the way out. These tests hold the prediction against
// the bytes that really reached a socket, and against what a real server says it received.
class tst_TransportHeaders : public QObject
{
    Q_OBJECT
private slots:
    void predictionMatchesBytesOnTheWire_data();
    void predictionMatchesBytesOnTheWire();
    void httpbinReceivesExactlyThePredictedFields();
    void predictionMatchesWhatAnHttpProxyReceives();
};

namespace {

// Accepts one connection, records the request head, answers 200.
class WireRecorder : public QObject
{
public:
    explicit WireRecorder(const QHostAddress &address)
    {
        m_server.listen(address, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            QTcpSocket *socket = m_server.nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
                m_received += socket->readAll();
                const qsizetype end = m_received.indexOf("\r\n\r\n");
                if (end < 0 || !m_head.isEmpty())
                    return;
                m_head = m_received.left(end);
                socket->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok");
            });
        });
    }
    quint16 port() const { return m_server.serverPort(); }
    QByteArray head() const { return m_head; }

private:
    QTcpServer m_server;
    QByteArray m_received;
    QByteArray m_head;
};

HeaderList parseHead(const QByteArray &head, QByteArray *requestLine)
{
    const QList<QByteArray> lines = head.split('\n');
    *requestLine = lines.value(0).trimmed();
    HeaderList fields;
    for (int i = 1; i < lines.size(); ++i)
        fields.appendLine(lines.at(i).trimmed(), HeaderField::Source::Server, nullptr);
    return fields;
}

} // namespace

void tst_TransportHeaders::predictionMatchesBytesOnTheWire_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QList<QByteArray>>("userHeaders");
    QTest::newRow("plain GET") << QStringLiteral("127.0.0.1") << QByteArray("GET") << QByteArray() << QList<QByteArray>{};
    QTest::newRow("POST with JSON body") << QStringLiteral("127.0.0.1") << QByteArray("POST") << QByteArray("{\"a\":1}")
                                         << QList<QByteArray>{"X-Trace: 7"};
    QTest::newRow("user overrides Qt's defaults") << QStringLiteral("127.0.0.1") << QByteArray("GET") << QByteArray()
                                                  << QList<QByteArray>{"Accept-Encoding: identity", "Accept-Language: de",
                                                                       "Connection: close", "User-Agent: probe/1"};
    QTest::newRow("DELETE on IPv6 loopback") << QStringLiteral("[::1]") << QByteArray("DELETE") << QByteArray()
                                             << QList<QByteArray>{};
    QTest::newRow("HEAD") << QStringLiteral("127.0.0.1") << QByteArray("HEAD") << QByteArray() << QList<QByteArray>{};
}

void tst_TransportHeaders::predictionMatchesBytesOnTheWire()
{
    QFETCH(QString, host);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, body);
    QFETCH(QList<QByteArray>, userHeaders);

    WireRecorder recorder(host.startsWith(u'[') ? QHostAddress::LocalHostIPv6 : QHostAddress::LocalHost);
    QVERIFY(recorder.port() > 0);
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    HttpRequest request;
    request.method = method;
    request.url = QUrl(QStringLiteral("http://%1:%2/path?q=1").arg(host).arg(recorder.port()));
    for (const QByteArray &line : userHeaders)
        QVERIFY(request.headers.appendLine(line, HeaderField::Source::User, nullptr));
    if (!body.isEmpty())
        request.body = RequestBody::json(body);
    ExchangeJob *job = session.createExchange(request);
    QSignalSpy finished(job, &ExchangeJob::finished);
    job->start();
    QVERIFY(finished.wait(10000));
    QVERIFY2(job->status().isOk(), qPrintable(job->status().message()));

    QByteArray requestLine;
    const HeaderList wire = parseHead(recorder.head(), &requestLine);
    QCOMPARE(requestLine, method + " /path?q=1 HTTP/1.1");
    const HeaderList &recorded = job->exchange().legs.at(0).requestHeaders;
    QStringList expected, actual;
    for (const HeaderField &f : wire)
        actual.append(QString::fromLatin1(f.name + ": " + f.value));
    for (const HeaderField &f : recorded)
        expected.append(QString::fromLatin1(f.name + ": " + f.value));
    if (expected != actual)
        qWarning() << "predicted" << expected << "wire" << actual;
    QCOMPARE(expected, actual);
    QCOMPARE(job->exchange().legs.at(0).statusCode, 200);
}

void tst_TransportHeaders::httpbinReceivesExactlyThePredictedFields()
{
    HttpbinServer httpbin;
    QString error;
    QVERIFY2(httpbin.start(&error), qPrintable(error));
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    HttpRequest request;
    request.url = httpbin.url(QStringLiteral("/headers"));
    request.headers.append("X-Custom", "yes");
    ExchangeJob *job = session.createExchange(request);
    QSignalSpy finished(job, &ExchangeJob::finished);
    job->start();
    QVERIFY(finished.wait(10000));
    const Leg &leg = job->exchange().legs.at(0);
    QCOMPARE(leg.statusCode, 200);
    const QJsonObject echoed = QJsonDocument::fromJson(leg.responseBody->read()).object()
                                       .value(QStringLiteral("headers")).toObject();
    QVERIFY(!echoed.isEmpty());
    for (const HeaderField &f : leg.requestHeaders) {
        // httpbin drops Connection (hop-by-hop in its WSGI server); every other field must be there verbatim.
        if (f.name == "Connection")
            continue;
        const QString key = QString::fromLatin1(f.name);
        QVERIFY2(echoed.contains(key), qPrintable(key));
        QCOMPARE(echoed.value(key).toString(), QString::fromLatin1(f.value));
    }
    int transport = 0;
    for (const HeaderField &f : leg.requestHeaders)
        transport += f.source == HeaderField::Source::Transport;
    QVERIFY(transport >= 3); // Host, Accept-Encoding, Accept-Language at least
}

void tst_TransportHeaders::predictionMatchesWhatAnHttpProxyReceives()
{
    // The recorder plays the proxy: it sees the absolute-form request Qt sends to a proxy.
    WireRecorder proxy(QHostAddress::LocalHost);
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    session.setProxy(QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), proxy.port()));
    HttpRequest request;
    request.url = QUrl(QStringLiteral("http://origin.example:8080/p"));
    ExchangeJob *job = session.createExchange(request);
    QSignalSpy finished(job, &ExchangeJob::finished);
    job->start();
    QVERIFY(finished.wait(10000));
    QVERIFY2(job->status().isOk(), qPrintable(job->status().message()));
    QByteArray requestLine;
    const HeaderList wire = parseHead(proxy.head(), &requestLine);
    QCOMPARE(requestLine, QByteArray("GET http://origin.example:8080/p HTTP/1.1"));
    QStringList expected, actual;
    for (const HeaderField &f : wire)
        actual.append(QString::fromLatin1(f.name + ": " + f.value));
    for (const HeaderField &f : job->exchange().legs.at(0).requestHeaders)
        expected.append(QString::fromLatin1(f.name + ": " + f.value));
    if (expected != actual)
        qWarning() << "predicted" << expected << "wire" << actual;
    QCOMPARE(expected, actual);
}

QTEST_GUILESS_MAIN(tst_TransportHeaders)
#include "tst_transportheaders.moc"
