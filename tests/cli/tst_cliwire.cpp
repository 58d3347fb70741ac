#include "clirunner.h"
#include "hostileserver.h"
#include "serverprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

// Through the real authscope-cli: -v and --json show one leg per request that reached the
// server (the hostile server's /resend routes close unanswered and count arrivals), the leg shows
// the one Authorization that went out (/echo routes answer with the head they received), and a
// proxy that refuses is named as the proxy.
class tst_CliWire : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void showsOneLegPerRequestThatReachedTheServer_data();
    void showsOneLegPerRequestThatReachedTheServer();
    void showsTheOneAuthorizationThatWentOut();
    void namesARefusedProxy();

private:
    HostileServer m_server;
};

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

QJsonArray jsonLegs(const QByteArray &out)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(out, &error);
    [&] { QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString() + u'\n' + QString::fromUtf8(out))); }();
    return document.object().value(s("legs")).toArray();
}

} // namespace

void tst_CliWire::initTestCase()
{
    QString error;
    QVERIFY2(m_server.start(&error), qPrintable(error));
}

void tst_CliWire::showsOneLegPerRequestThatReachedTheServer_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<bool>("sendOnce");

    QTest::newRow("POST with a body") << QStringList{s("-d"), s("order=1")} << true;
    QTest::newRow("POST without a body") << QStringList{s("-X"), s("POST")} << true;
    QTest::newRow("PATCH with a body") << QStringList{s("-X"), s("PATCH"), s("--data-json"), s("{}")} << true;
    QTest::newRow("GET") << QStringList() << false;
}

void tst_CliWire::showsOneLegPerRequestThatReachedTheServer()
{
    QFETCH(QStringList, options);
    QFETCH(bool, sendOnce);
    const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-');

    const QString verbosePath = s("/resend/close/cli-v-") + tag;
    const CliRunner::Result verbose = CliRunner::run(QStringList{s("send"), s("-v")} + options
                                                     + QStringList{m_server.url(verbosePath).toString()});
    const int arrived = m_server.requestCount(verbosePath);
    QCOMPARE(verbose.exitCode, 4);
    QVERIFY2(CliRunner::legCount(verbose.err) == arrived,
             qPrintable(QStringLiteral("%1 arrived\n%2").arg(arrived).arg(QString::fromUtf8(verbose.err))));
    if (sendOnce) {
        QCOMPARE(arrived, 1);
        QVERIFY2(verbose.err.contains("resend-refused"), verbose.err.constData());
        QVERIFY2(verbose.err.contains("The server may or may not have acted on it."), verbose.err.constData());
    } else {
        QVERIFY2(arrived >= 2, verbose.err.constData()); // Qt 6.4 resends an idempotent request once
        QVERIFY2(verbose.err.contains("transport-resend"), verbose.err.constData());
    }

    const QString jsonPath = s("/resend/close/cli-json-") + tag;
    const CliRunner::Result json = CliRunner::run(QStringList{s("send"), s("--json")} + options
                                                  + QStringList{m_server.url(jsonPath).toString()});
    QCOMPARE(json.exitCode, 4);
    const QJsonArray legs = jsonLegs(json.out);
    QCOMPARE(legs.size(), m_server.requestCount(jsonPath));
}

void tst_CliWire::showsTheOneAuthorizationThatWentOut()
{
    const CliRunner::Result r = CliRunner::run({s("send"), s("-v"), s("-H"), s("Authorization: Basic bWFsbG9yeTpndWVzcw=="),
                                                s("-u"), s("alice:s3cret"),
                                                m_server.url(s("/echo/challenge?user=alice&pass=s3cret")).toString()});
    QCOMPARE(r.exitCode, 0);
    // The body is the head the server received: one Authorization, the answer to the challenge.
    static const QRegularExpression authorization(s("(?mi)^Authorization: "));
    QCOMPARE(QString::fromLatin1(r.out).count(authorization), 1);
    QVERIFY(r.out.contains(QByteArray(QByteArray("Authorization: Basic ") + QByteArray("alice:s3cret").toBase64())));
    const QStringList legs = CliRunner::legBlocks(r.err);
    QCOMPARE(legs.size(), 2);
    static const QRegularExpression sentAuthorization(s("(?mi)^> Authorization: "));
    QCOMPARE(legs.at(1).count(sentAuthorization), 1);
    QVERIFY2(legs.at(1).contains(s("field-replaced")), qPrintable(legs.at(1)));
}

void tst_CliWire::namesARefusedProxy()
{
    const quint16 closedPort = ServerProcess::freePort();
    const CliRunner::Result r = CliRunner::run({s("send"), s("--proxy"), QStringLiteral("http://127.0.0.1:%1").arg(closedPort),
                                                m_server.url(s("/ok")).toString()});
    QCOMPARE(r.exitCode, 8);
    QCOMPARE(QString::fromUtf8(r.err),
             QStringLiteral("authscope-cli: error: The proxy http://127.0.0.1:%1 refused the connection. Is a proxy "
                            "listening on that host and port?\n").arg(closedPort));
}

QTEST_GUILESS_MAIN(tst_CliWire)
#include "tst_cliwire.moc"
