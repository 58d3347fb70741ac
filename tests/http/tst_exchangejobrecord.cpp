#include "notetesting.h"
#include "exchangerunning.h"
#include "hostileserver.h"

#include <QTest>

// The record equals the wire: each leg's request fields are what reached the server. The hostile
// server's /echo routes answer with the request head as it arrived, so the test compares the two.
// Codes are compared by name so the test also builds against engines that predate them.
class tst_ExchangeJobRecord : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void recordsTheAuthorizationThatWentOut();
    void recordsTheProxyAuthorizationThatWentOut();
    void recordsOneFieldOfARepeatedName();
    void recordsTheContentLengthOfABodylessPost();

private:
    HostileServer m_server;
};

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

// "Name: value" per field, as recorded, sorted: the order Qt writes them in is
// tst_transportheaders' concern, what went out is this test's.
QStringList recordedFields(const Leg &leg)
{
    QStringList fields;
    for (const HeaderField &f : leg.requestHeaders)
        fields.append(QString::fromLatin1(f.name + ": " + f.value));
    fields.sort();
    return fields;
}

// "Name: value" per field, as the server received them (the request line dropped), sorted.
QStringList echoedFields(const Leg &leg)
{
    QStringList lines = QString::fromLatin1(leg.responseBody->read()).split(s("\r\n"), Qt::SkipEmptyParts);
    if (!lines.isEmpty())
        lines.removeFirst();
    lines.sort();
    return lines;
}

QStringList named(const QStringList &fields, const char *name)
{
    QStringList out;
    for (const QString &f : fields) {
        if (f.section(u':', 0, 0).compare(QString::fromLatin1(name), Qt::CaseInsensitive) == 0)
            out.append(f);
    }
    return out;
}

QByteArray basic(const char *userPass)
{
    return "Basic " + QByteArray(userPass).toBase64();
}

} // namespace

void tst_ExchangeJobRecord::initTestCase()
{
    QString error;
    QVERIFY2(m_server.start(&error), qPrintable(error));
}

void tst_ExchangeJobRecord::recordsTheAuthorizationThatWentOut()
{
    // The user's own Authorization goes out on leg 1; on leg 2 the answer to the challenge does.
    HttpRequest request;
    request.url = m_server.url(s("/echo/challenge?user=alice&pass=s3cret"));
    request.headers.append("Authorization", basic("mallory:guess"));
    request.credentials.user = s("alice");
    request.credentials.password = "s3cret";
    const Exchange ex = ExchangeRunning::run(request);

    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(ex.legs.size(), 2);
    QCOMPARE(ex.legs.at(0).statusCode, 401);
    const Leg &answer = ex.legs.at(1);
    QCOMPARE(answer.statusCode, 200);
    const QStringList wire = echoedFields(answer);
    QCOMPARE(named(wire, "Authorization"), QStringList{QString::fromLatin1("Authorization: " + basic("alice:s3cret"))});
    QCOMPARE(recordedFields(answer), wire);
    QVERIFY2(NoteTesting::codes(answer).contains(s("field-replaced")), qPrintable(NoteTesting::describe(answer)));
    // Leg 1 carried the user's field alone, and says nothing was replaced.
    QCOMPARE(named(recordedFields(ex.legs.at(0)), "Authorization"),
             QStringList{QString::fromLatin1("Authorization: " + basic("mallory:guess"))});
    QVERIFY(!NoteTesting::codes(ex.legs.at(0)).contains(s("field-replaced")));
}

void tst_ExchangeJobRecord::recordsTheProxyAuthorizationThatWentOut()
{
    // The hostile server is the proxy here: a plain-http request reaches it in absolute form.
    QNetworkProxy proxy(QNetworkProxy::HttpProxy, s("127.0.0.1"), quint16(m_server.url(s("/")).port()),
                        s("proxyuser"), s("proxypass"));
    HttpRequest request;
    request.url = m_server.url(s("/echo/challenge?proxy=1&user=proxyuser&pass=proxypass"));
    request.headers.append("Proxy-Authorization", basic("someone:else"));
    const Exchange ex = ExchangeRunning::run(request, proxy);

    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(ex.legs.size(), 2);
    QCOMPARE(ex.legs.at(0).statusCode, 407);
    const Leg &answer = ex.legs.at(1);
    QCOMPARE(answer.statusCode, 200);
    const QStringList wire = echoedFields(answer);
    QCOMPARE(named(wire, "Proxy-Authorization"),
             QStringList{QString::fromLatin1("Proxy-Authorization: " + basic("proxyuser:proxypass"))});
    QCOMPARE(named(recordedFields(answer), "Proxy-Authorization"), named(wire, "Proxy-Authorization"));
    QVERIFY2(NoteTesting::codes(answer).contains(s("field-replaced")), qPrintable(NoteTesting::describe(answer)));
}

void tst_ExchangeJobRecord::recordsOneFieldOfARepeatedName()
{
    HttpRequest request;
    request.url = m_server.url(s("/echo/head/repeated"));
    request.headers.append("X-Trace", "first");
    request.headers.append("Accept", "text/plain");
    request.headers.append("x-trace", "second");
    const Exchange ex = ExchangeRunning::run(request);

    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    const Leg &leg = ex.legs.at(0);
    const QStringList wire = echoedFields(leg);
    QCOMPARE(named(wire, "X-Trace"), QStringList{s("x-trace: second")});
    QCOMPARE(recordedFields(leg), wire);
    QVERIFY2(NoteTesting::codes(leg).contains(s("field-replaced")), qPrintable(NoteTesting::describe(leg)));
}

void tst_ExchangeJobRecord::recordsTheContentLengthOfABodylessPost()
{
    HttpRequest request;
    request.method = "POST";
    request.url = m_server.url(s("/echo/head/bodyless-post"));
    const Exchange ex = ExchangeRunning::run(request);

    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    const Leg &leg = ex.legs.at(0);
    QCOMPARE(recordedFields(leg), echoedFields(leg));
    QVERIFY(!NoteTesting::codes(leg).contains(s("field-replaced")));
}

QTEST_GUILESS_MAIN(tst_ExchangeJobRecord)
#include "tst_exchangejobrecord.moc"
