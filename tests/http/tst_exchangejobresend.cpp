#include "notetesting.h"
#include "exchangerunning.h"
#include "hostileserver.h"

#include <QTest>

// A request goes over the wire exactly as often as the record has legs for it. Qt's HTTP transport
// sends a request again by itself when the connection closes before a response; the hostile
// server's /resend routes read a request and close unanswered, and count what arrived.
// Codes are compared by name so the test also builds against engines that predate them.
class tst_ExchangeJobResend : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void sendsEachRequestAsOftenAsItsLegsSay_data();
    void sendsEachRequestAsOftenAsItsLegsSay();
    void recordsAnAnsweredResendAsItsOwnLeg();
    void neverResendsAPostEvenWhenASecondTryWouldBeAnswered();

private:
    Exchange run(const HttpRequest &request);

    HostileServer m_server;
};

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

QString reasonName(const Status &status)
{
    return NoteCodes::name(status.reason());
}

QString describe(const Exchange &ex)
{
    QStringList lines;
    for (const Leg &leg : ex.legs)
        lines.append(QStringLiteral("leg %1 %2 %3 [%4] %5").arg(leg.index + 1).arg(QString::fromLatin1(leg.method))
                             .arg(leg.statusCode).arg(NoteTesting::codes(leg).join(u' '), leg.status.message()));
    lines.append(QStringLiteral("exchange: %1 %2").arg(ex.status.codeName(), ex.status.message()));
    return lines.join(u'\n');
}

} // namespace

void tst_ExchangeJobResend::initTestCase()
{
    QString error;
    QVERIFY2(m_server.start(&error), qPrintable(error));
}

Exchange tst_ExchangeJobResend::run(const HttpRequest &request)
{
    const Exchange ex = ExchangeRunning::run(request);
    QTest::qWait(50); // a late resend would reach the server here
    return ex;
}

void tst_ExchangeJobResend::sendsEachRequestAsOftenAsItsLegsSay_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("sendOnce"); // RFC 9110 §9.2.2: not idempotent, or carries a body

    QTest::newRow("POST with a body") << QByteArray("POST") << QByteArray("name=alice") << true;
    QTest::newRow("POST without a body") << QByteArray("POST") << QByteArray() << true;
    QTest::newRow("PATCH with a body") << QByteArray("PATCH") << QByteArray("{\"a\":1}") << true;
    QTest::newRow("PUT with a body") << QByteArray("PUT") << QByteArray("data") << true;
    QTest::newRow("LOCK without a body") << QByteArray("LOCK") << QByteArray() << true;
    QTest::newRow("GET") << QByteArray("GET") << QByteArray() << false;
    QTest::newRow("DELETE without a body") << QByteArray("DELETE") << QByteArray() << false;
}

void tst_ExchangeJobResend::sendsEachRequestAsOftenAsItsLegsSay()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, body);
    QFETCH(bool, sendOnce);

    const QString path = QStringLiteral("/resend/close/%1").arg(QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-'));
    HttpRequest request;
    request.method = method;
    request.url = m_server.url(path);
    if (!body.isEmpty())
        request.body = RequestBody::text(body);
    const Exchange ex = run(request);
    const int arrived = m_server.requestCount(path);

    QVERIFY2(!ex.status.isOk(), qPrintable(describe(ex)));
    QVERIFY2(arrived >= 1, qPrintable(m_server.log().join(u'\n')));
    QVERIFY2(ex.legs.size() == arrived, qPrintable(QStringLiteral("%1 request(s) arrived, %2 leg(s) recorded\n%3")
                                                           .arg(arrived).arg(ex.legs.size()).arg(describe(ex))));
    if (sendOnce) {
        QCOMPARE(arrived, 1);
        QCOMPARE(ex.status.code(), Status::Code::ConnectionFailed);
        QCOMPARE(reasonName(ex.status), s("resend-refused"));
        QVERIFY2(NoteTesting::codes(ex.legs.at(0)).contains(s("resend-refused")), qPrintable(describe(ex)));
    } else {
        // Qt 6.4 resends an idempotent request once: each send that went unanswered is a leg that
        // says so. (Were Qt to stop resending, this row would no longer prove anything.)
        QVERIFY2(arrived >= 2, qPrintable(describe(ex)));
        for (int i = 0; i + 1 < ex.legs.size(); ++i) {
            QCOMPARE(reasonName(ex.legs.at(i).status), s("transport-resend"));
            const Leg &resend = ex.legs.at(i + 1);
            QVERIFY2(NoteTesting::codes(resend).contains(s("transport-resend")), qPrintable(describe(ex)));
            QCOMPARE(resend.kind, Leg::Kind::Retry);
            QCOMPARE(resend.follows, i);
            QCOMPARE(resend.method, method);
        }
    }
    // Every leg of the record went out, and the record's steps match its legs.
    int sendSteps = 0;
    for (const ExchangeStep &step : ex.steps)
        sendSteps += step.kind == ExchangeStep::Kind::SendLeg ? 1 : 0;
    QCOMPARE(sendSteps, int(ex.legs.size()));
}

void tst_ExchangeJobResend::recordsAnAnsweredResendAsItsOwnLeg()
{
    // The server closes the first request unanswered and answers the second.
    const QString path = s("/resend/close-first?n=1&key=answered-get");
    HttpRequest request;
    request.url = m_server.url(path);
    const Exchange ex = run(request);

    QCOMPARE(m_server.requestCount(s("/resend/close-first")), 2);
    QVERIFY2(ex.status.isOk(), qPrintable(describe(ex)));
    QCOMPARE(ex.legs.size(), 2);
    const Leg &unanswered = ex.legs.at(0);
    const Leg &resend = ex.legs.at(1);
    QVERIFY(!unanswered.hasResponse());
    QCOMPARE(reasonName(unanswered.status), s("transport-resend"));
    QVERIFY(unanswered.timing.requestSentNs >= 0);
    QCOMPARE(resend.statusCode, 200);
    QCOMPARE(resend.responseBody->read(), QByteArray("answered request 2\n"));
    QVERIFY(unanswered.responseBody->size() == 0);
    QVERIFY2(NoteTesting::codes(resend).contains(s("transport-resend")), qPrintable(describe(ex)));
    QCOMPARE(resend.follows, 0);
    QVERIFY(resend.timing.requestSentNs >= unanswered.timing.requestSentNs);
    QVERIFY(!resend.timing.connectionReused()); // Qt resends on a new connection
    QCOMPARE(resend.requestHeaders, unanswered.requestHeaders);
}

void tst_ExchangeJobResend::neverResendsAPostEvenWhenASecondTryWouldBeAnswered()
{
    const QString path = s("/resend/close-first?n=1&key=post");
    HttpRequest request;
    request.method = "POST";
    request.url = m_server.url(path);
    request.body = RequestBody::text("order=1");
    const Exchange ex = run(request);

    QCOMPARE(m_server.requestCount(path), 1);
    QCOMPARE(ex.legs.size(), 1);
    QCOMPARE(ex.status.code(), Status::Code::ConnectionFailed);
    QCOMPARE(reasonName(ex.status), s("resend-refused"));
    QCOMPARE(ex.status.message(),
             s("The server closed the connection without answering the POST, and it was not sent again: a POST is "
               "sent at most once (only GET, HEAD, OPTIONS, TRACE, PUT and DELETE without a body may be repeated, "
               "RFC 9110 §9.2.2). The server may or may not have acted on it."));
}

QTEST_GUILESS_MAIN(tst_ExchangeJobResend)
#include "tst_exchangejobresend.moc"
