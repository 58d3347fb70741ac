#include "oauth/loopbackredirectlistener.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

namespace {

// Sends bytes to 127.0.0.1:port over a real socket and returns all that came back before the
// listener closed the connection (empty when it could not connect or nothing came in 5 s).
QByteArray rawRequest(quint16 port, const QByteArray &bytes)
{
    QTcpSocket socket;
    QSignalSpy connected(&socket, &QTcpSocket::connected);
    QSignalSpy disconnected(&socket, &QTcpSocket::disconnected);
    QSignalSpy failed(&socket, &QTcpSocket::errorOccurred);
    socket.connectToHost(QHostAddress::LocalHost, port);
    QElapsedTimer connecting;
    connecting.start();
    while (connected.isEmpty() && failed.isEmpty() && connecting.elapsed() < 5000)
        connected.wait(20);
    if (connected.isEmpty())
        return QByteArray();
    socket.write(bytes);
    QByteArray answer;
    QElapsedTimer clock;
    clock.start();
    while (socket.state() == QAbstractSocket::ConnectedState && clock.elapsed() < 5000) {
        disconnected.wait(100);
        answer += socket.readAll();
    }
    return answer + socket.readAll();
}

QByteArray get(quint16 port, const QByteArray &target)
{
    return rawRequest(port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: test\r\n\r\n");
}

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

// LoopbackRedirectListener on real sockets: the one-shot RFC 8252 redirect target.
class tst_LoopbackRedirectListener : public QObject
{
    Q_OBJECT
private slots:
    void takesTheRedirectOnAFreePortAndClosesAfterIt();
    void answersAnErrorRedirectWithTheFailurePageEscaped();
    void answersOtherPathsWith404AndKeepsWaiting();
    void listensOnTheFixedRedirectUrisPortAndPath();
    void acceptsLocalhostAsTheFixedHost();
    void refusesRedirectUrisItCannotAnswer_data();
    void refusesRedirectUrisItCannotAnswer();
    void reportsAPortInUse();
    void refusesOtherMethodsAndOversizedRequests();
    void timesOutWhenNoRedirectComes();
    void cancelEndsItOnce();
};

void tst_LoopbackRedirectListener::takesTheRedirectOnAFreePortAndClosesAfterIt()
{
    LoopbackRedirectListener listener;
    QSignalSpy finished(&listener, &LoopbackRedirectListener::finished);
    QString error;
    QVERIFY2(listener.listen(QUrl(), &error), qPrintable(error));
    QCOMPARE(finished.count(), 0); // never inside listen()
    const QUrl uri = listener.redirectUri();
    QCOMPARE(uri.scheme(), QStringLiteral("http"));
    QCOMPARE(uri.host(), QStringLiteral("127.0.0.1"));
    QCOMPARE(uri.path(), QStringLiteral("/callback"));
    QVERIFY(uri.port() > 0);

    const QByteArray answer = get(quint16(uri.port()), "/callback?code=Splx%2BlOBe&state=xyz%20z");
    QVERIFY2(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer.constData());
    QVERIFY(answer.contains("Content-Type: text/html; charset=utf-8"));
    QVERIFY(answer.contains("Cache-Control: no-store"));
    QVERIFY(answer.contains("return to AuthScope"));
    QVERIFY(finished.count() == 1 || finished.wait(2000));
    QCOMPARE(listener.outcome(), LoopbackRedirectListener::Outcome::Redirected);
    QCOMPARE(listener.query().queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded), QStringLiteral("Splx+lOBe"));
    QCOMPARE(listener.query().queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded), QStringLiteral("xyz z"));

    // One-shot: a second redirect finds nobody listening.
    QTest::qWait(50);
    QVERIFY(get(quint16(uri.port()), "/callback?code=again").isEmpty());
    QCOMPARE(finished.count(), 1);
}

void tst_LoopbackRedirectListener::answersAnErrorRedirectWithTheFailurePageEscaped()
{
    LoopbackRedirectListener listener;
    QSignalSpy finished(&listener, &LoopbackRedirectListener::finished);
    QVERIFY(listener.listen(QUrl(), nullptr));
    const QByteArray answer = get(quint16(listener.redirectUri().port()),
                                  "/callback?error=%3Cscript%3Eaccess_denied&error_description=no&state=s");
    QVERIFY2(answer.contains("Sign-in failed"), answer.constData());
    QVERIFY(answer.contains("&lt;script&gt;access_denied"));
    QVERIFY(!answer.contains("<script>"));
    QVERIFY(finished.count() == 1 || finished.wait(2000));
    QCOMPARE(listener.outcome(), LoopbackRedirectListener::Outcome::Redirected);
    QCOMPARE(listener.query().queryItemValue(QStringLiteral("error"), QUrl::FullyDecoded), QStringLiteral("<script>access_denied"));
}

void tst_LoopbackRedirectListener::answersOtherPathsWith404AndKeepsWaiting()
{
    LoopbackRedirectListener listener;
    QSignalSpy finished(&listener, &LoopbackRedirectListener::finished);
    QVERIFY(listener.listen(QUrl(), nullptr));
    const quint16 port = quint16(listener.redirectUri().port());
    QVERIFY(get(port, "/favicon.ico").startsWith("HTTP/1.1 404 Not Found\r\n"));
    QVERIFY(get(port, "/callback/extra?code=x").startsWith("HTTP/1.1 404 "));
    QVERIFY(get(port, "*").startsWith("HTTP/1.1 404 "));
    QCOMPARE(finished.count(), 0);
    QCOMPARE(listener.outcome(), LoopbackRedirectListener::Outcome::Pending);
    QVERIFY(get(port, "/callback?code=c&state=s").startsWith("HTTP/1.1 200 OK"));
    QVERIFY(finished.count() == 1 || finished.wait(2000));
}

void tst_LoopbackRedirectListener::listensOnTheFixedRedirectUrisPortAndPath()
{
    const quint16 port = freePort();
    const QUrl fixed(QStringLiteral("http://127.0.0.1:%1/oauth/done").arg(port));
    LoopbackRedirectListener listener;
    QSignalSpy finished(&listener, &LoopbackRedirectListener::finished);
    QString error;
    QVERIFY2(listener.listen(fixed, &error), qPrintable(error));
    QCOMPARE(listener.redirectUri(), fixed);
    QVERIFY(get(port, "/callback?code=c").startsWith("HTTP/1.1 404 "));
    QVERIFY(get(port, "/oauth/done?code=c&state=s").startsWith("HTTP/1.1 200 OK"));
    QVERIFY(finished.count() == 1 || finished.wait(2000));
    QCOMPARE(listener.query().queryItemValue(QStringLiteral("code")), QStringLiteral("c"));
}

void tst_LoopbackRedirectListener::acceptsLocalhostAsTheFixedHost()
{
    const quint16 port = freePort();
    const QUrl fixed(QStringLiteral("http://localhost:%1/cb").arg(port));
    LoopbackRedirectListener listener;
    QVERIFY(listener.listen(fixed, nullptr));
    QCOMPARE(listener.redirectUri(), fixed); // sent as registered; answered on 127.0.0.1
    QVERIFY(get(port, "/cb?code=c").startsWith("HTTP/1.1 200 OK"));
}

void tst_LoopbackRedirectListener::refusesRedirectUrisItCannotAnswer_data()
{
    QTest::addColumn<QUrl>("uri");
    QTest::newRow("https (no TLS on loopback)") << QUrl(QStringLiteral("https://127.0.0.1:8443/cb"));
    QTest::newRow("a host name") << QUrl(QStringLiteral("http://example.com:8080/cb"));
    QTest::newRow("a non-loopback address") << QUrl(QStringLiteral("http://192.0.2.1:8080/cb"));
    QTest::newRow("a private-use scheme") << QUrl(QStringLiteral("com.example.app:/oauth2redirect"));
    QTest::newRow("no port") << QUrl(QStringLiteral("http://127.0.0.1/cb"));
}

void tst_LoopbackRedirectListener::refusesRedirectUrisItCannotAnswer()
{
    QFETCH(QUrl, uri);
    LoopbackRedirectListener listener;
    QSignalSpy finished(&listener, &LoopbackRedirectListener::finished);
    QString error;
    QVERIFY(!listener.listen(uri, &error));
    QVERIFY2(error.contains(QStringLiteral("127.0.0.1")), qPrintable(error));
    QVERIFY(listener.redirectUri().isEmpty());
    QTest::qWait(20);
    QCOMPARE(finished.count(), 0);
}

void tst_LoopbackRedirectListener::reportsAPortInUse()
{
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
    LoopbackRedirectListener listener;
    QString error;
    QVERIFY(!listener.listen(QUrl(QStringLiteral("http://127.0.0.1:%1/cb").arg(occupant.serverPort())), &error));
    QVERIFY2(error.contains(QString::number(occupant.serverPort())), qPrintable(error));
}

void tst_LoopbackRedirectListener::refusesOtherMethodsAndOversizedRequests()
{
    LoopbackRedirectListener listener;
    QSignalSpy finished(&listener, &LoopbackRedirectListener::finished);
    QVERIFY(listener.listen(QUrl(), nullptr));
    const quint16 port = quint16(listener.redirectUri().port());
    QVERIFY(rawRequest(port, "POST /callback?code=c HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
                .startsWith("HTTP/1.1 405 "));
    QVERIFY(rawRequest(port, "GET /callback?code=c HTTP/1.1\r\nX-Pad: " + QByteArray(20000, 'a'))
                .startsWith("HTTP/1.1 431 "));
    QCOMPARE(finished.count(), 0);
}

void tst_LoopbackRedirectListener::timesOutWhenNoRedirectComes()
{
    LoopbackRedirectListener listener;
    listener.setTimeout(150);
    QSignalSpy finished(&listener, &LoopbackRedirectListener::finished);
    QVERIFY(listener.listen(QUrl(), nullptr));
    const quint16 port = quint16(listener.redirectUri().port());
    QVERIFY(finished.wait(3000));
    QCOMPARE(listener.outcome(), LoopbackRedirectListener::Outcome::TimedOut);
    QVERIFY(get(port, "/callback?code=late").isEmpty());
    QCOMPARE(finished.count(), 1);
}

void tst_LoopbackRedirectListener::cancelEndsItOnce()
{
    LoopbackRedirectListener listener;
    QSignalSpy finished(&listener, &LoopbackRedirectListener::finished);
    QVERIFY(listener.listen(QUrl(), nullptr));
    listener.cancel();
    listener.cancel();
    QCOMPARE(finished.count(), 1);
    QCOMPARE(listener.outcome(), LoopbackRedirectListener::Outcome::Cancelled);
}

QTEST_GUILESS_MAIN(tst_LoopbackRedirectListener)
#include "tst_loopbackredirectlistener.moc"
