#include "notetesting.h"
#include "engine/exchangejob.h"
#include "engine/httpsession.h"
#include "httpbinserver.h"
#include "nginxserver.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

// Failures a user meets: refused connections, servers that hang, loop or reset mid-body,
// cancellation and bad input. Hangs and resets come from a scripted socket server because no
// real server produces them on demand; everything else uses real servers.
class tst_ExchangeJobFailures : public QObject
{
    Q_OBJECT
private slots:
    void reportsConnectionRefused();
    void timesOutOnASlowServer();
    void timesOutOnAServerThatNeverAnswers();
    void reportsAResetInTheMiddleOfTheBody();
    void stopsAServerThatRedirectsToItself();
    void cancelEndsWithOneFinished();
    void deletingARunningJobAbortsCleanly();
    void reportsInvalidInputAfterStartReturns();
    void reportsAnUnreadableBodyFile();
};

namespace {

// Answers every connection with a fixed script: bytes to write, then close or stay silent.
class ScriptedServer : public QObject
{
public:
    ScriptedServer(QByteArray reply, bool closeAfter)
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this, reply, closeAfter] {
            QTcpSocket *socket = m_server.nextPendingConnection();
            ++m_connections;
            connect(socket, &QTcpSocket::disconnected, this, [this] { ++m_closedByClient; });
            connect(socket, &QTcpSocket::readyRead, socket, [socket, reply, closeAfter] {
                socket->readAll();
                if (reply.isEmpty())
                    return;
                socket->write(reply);
                socket->flush();
                if (closeAfter)
                    socket->abort(); // RST, not a clean close
            });
        });
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(m_server.serverPort())); }
    int connections() const { return m_connections; }
    // Connections the client closed (or, with closeAfter, that this server reset).
    int closedConnections() const { return m_closedByClient; }

private:
    QTcpServer m_server;
    int m_connections = 0;
    int m_closedByClient = 0;
};

} // namespace

static Exchange runToEnd(HttpSession &session, const HttpRequest &request, int waitMs = 15000)
{
    ExchangeJob *job = session.createExchange(request);
    QSignalSpy finished(job, &ExchangeJob::finished);
    job->start();
    // A helper cannot QVERIFY and return a value; the lambdas record a failure for the test.
    if (finished.isEmpty())
        [&] { QVERIFY2(finished.wait(waitMs), "the exchange did not finish in time"); }();
    QTest::qWait(20); // a second finished() would arrive here
    [&] { QCOMPARE(finished.size(), 1); }();
    return job->exchange();
}

void tst_ExchangeJobFailures::reportsConnectionRefused()
{
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    HttpRequest request;
    request.url = QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(ServerProcess::freePort()));
    const Exchange ex = runToEnd(session, request);
    QCOMPARE(ex.status.code(), Status::Code::ConnectionRefused);
    QCOMPARE(ex.status.exitCode(), 4);
    QCOMPARE(ex.legs.size(), 1);
    QCOMPARE(ex.legs.at(0).status.code(), Status::Code::ConnectionRefused);
    QVERIFY(ex.status.message().contains(QStringLiteral("refused")));
}

void tst_ExchangeJobFailures::timesOutOnASlowServer()
{
    HttpbinServer httpbin;
    QString error;
    QVERIFY2(httpbin.start(&error), qPrintable(error));
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    HttpRequest request;
    request.url = httpbin.url(QStringLiteral("/delay/5"));
    request.options.timeoutMs = 500;
    QElapsedTimer timer;
    timer.start();
    const Exchange ex = runToEnd(session, request);
    QCOMPARE(ex.status.code(), Status::Code::Timeout);
    QVERIFY(timer.elapsed() < 4000);
}

void tst_ExchangeJobFailures::timesOutOnAServerThatNeverAnswers()
{
    ScriptedServer silent(QByteArray(), false);
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    HttpRequest request;
    request.url = silent.url();
    request.options.timeoutMs = 300;
    const Exchange ex = runToEnd(session, request);
    QCOMPARE(ex.status.code(), Status::Code::Timeout);
    QCOMPARE(ex.legs.at(0).statusCode, 0);
}

void tst_ExchangeJobFailures::reportsAResetInTheMiddleOfTheBody()
{
    ScriptedServer resetting("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + QByteArray(1000, 'p'), true);
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    HttpRequest request;
    request.url = resetting.url();
    const Exchange ex = runToEnd(session, request);
    QVERIFY(!ex.status.isOk());
    QCOMPARE(ex.status.code(), Status::Code::ConnectionFailed);
    const Leg &leg = ex.legs.at(0);
    QCOMPARE(leg.statusCode, 200);
    QVERIFY(leg.responseBody->size() <= 1000);
    QVERIFY2(leg.hasNote(NoteCode::BodyIncomplete), qPrintable(NoteTesting::describe(leg)));
}

void tst_ExchangeJobFailures::stopsAServerThatRedirectsToItself()
{
    NginxServer nginx;
    nginx.setServerConfig(QStringLiteral("location = /loop { return 302 /loop; }"));
    QString error;
    QVERIFY2(nginx.start(&error), qPrintable(error));
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    HttpRequest request;
    request.url = nginx.url(QStringLiteral("/loop"));
    request.options.followRedirects = true;
    const Exchange ex = runToEnd(session, request);
    QCOMPARE(ex.status.code(), Status::Code::TooManyRedirects);
    QCOMPARE(ex.legs.size(), request.options.maxRedirects + 1);
    QCOMPARE(ex.status.reason(), NoteCode::RedirectLimit);
    QVERIFY(ex.legs.constLast().hasNote(NoteCode::RedirectLimit));
}

void tst_ExchangeJobFailures::cancelEndsWithOneFinished()
{
    ScriptedServer silent(QByteArray(), false);
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    HttpRequest request;
    request.url = silent.url();
    ExchangeJob *job = session.createExchange(request);
    QSignalSpy finished(job, &ExchangeJob::finished);
    QSignalSpy started(job, &ExchangeJob::legStarted);
    job->start();
    QVERIFY(finished.isEmpty());
    QVERIFY(started.wait(5000) || !started.isEmpty());
    QTest::qWait(100);
    job->cancel();
    QTRY_COMPARE(finished.size(), 1);
    QTest::qWait(50);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(job->status().code(), Status::Code::Cancelled);
    QCOMPARE(job->status().exitCode(), 130);
}

void tst_ExchangeJobFailures::deletingARunningJobAbortsCleanly()
{
    ScriptedServer silent(QByteArray(), false);
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    HttpRequest request;
    request.url = silent.url();
    ExchangeJob *job = session.createExchange(request);
    QSignalSpy started(job, &ExchangeJob::legStarted);
    job->start();
    QVERIFY(started.wait(5000) || !started.isEmpty());
    QTRY_COMPARE(silent.connections(), 1); // the request is out and the server holds it
    QTest::qWait(100);
    QCOMPARE(silent.closedConnections(), 0); // a silent server keeps the connection open...
    delete job;
    // ...until the job's destructor aborts its reply, while the manager (and its pool) lives on.
    QTRY_COMPARE_WITH_TIMEOUT(silent.closedConnections(), 1, 2000);
    QTest::qWait(100); // nothing may fire into the deleted job
}

void tst_ExchangeJobFailures::reportsInvalidInputAfterStartReturns()
{
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    HttpRequest request;
    request.url = QUrl(QStringLiteral("ftp://127.0.0.1/"));
    ExchangeJob *job = session.createExchange(request);
    QSignalSpy finished(job, &ExchangeJob::finished);
    job->start();
    QCOMPARE(finished.size(), 0); // never inside start()
    QVERIFY(finished.wait(2000));
    QCOMPARE(job->status().code(), Status::Code::InvalidInput);
    QCOMPARE(job->status().exitCode(), 2);
    QVERIFY(job->exchange().legs.isEmpty());
}

void tst_ExchangeJobFailures::reportsAnUnreadableBodyFile()
{
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    HttpRequest request;
    request.method = "POST";
    request.url = QUrl(QStringLiteral("http://127.0.0.1:1/"));
    request.body = RequestBody::file(QStringLiteral("/nonexistent/body.bin"));
    const Exchange ex = runToEnd(session, request);
    QCOMPARE(ex.status.code(), Status::Code::InvalidInput);
    QVERIFY(ex.status.message().contains(QStringLiteral("/nonexistent/body.bin")));
}

QTEST_GUILESS_MAIN(tst_ExchangeJobFailures)
#include "tst_exchangejobfailures.moc"
