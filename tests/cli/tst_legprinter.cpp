#include "notetesting.h"
#include "cli/legprinter.h"
#include "diagnosis/diagnoser.h"
#include "http/exchange.h"

#include <QTest>

// The -v text of one leg: markers for who added a field, redaction, TLS and timing lines.
class TestLegPrinter : public QObject
{
    Q_OBJECT
private slots:
    void printsWholeLegWithSourceMarkers();
    void redactsSecretsUnlessIncluded_data();
    void redactsSecretsUnlessIncluded();
    void namesTimingPhases_data();
    void namesTimingPhases();
    void showsFailureWithoutResponse();
    void showsInsecureTlsAndItsErrors();
    void responseHeadForInclude();
    void summaryNamesOutcome();
    void showsChallengesAndWhatCredentialsAnswered();
    void leavesWarningsToTheCaller();
    void printsTheDiagnosisAfterTheNotes();
};

namespace {

Leg sampleLeg()
{
    using S = HeaderField::Source;
    Leg leg;
    leg.index = 1;
    leg.kind = Leg::Kind::Redirect;
    leg.reason = QStringLiteral("302 from /start");
    leg.method = "GET";
    leg.url = QUrl(QStringLiteral("http://127.0.0.1:8080/get?token=abc123&a=1"));
    leg.httpVersion = "HTTP/1.1";
    leg.requestHeaders = HeaderList{{"Host", "127.0.0.1:8080", S::Transport},
                                    {"X-Mine", "typed", S::User},
                                    {"User-Agent", "AuthScope/0.1.0", S::Default},
                                    {"Authorization", "Basic YWxpY2U6c2VjcmV0", S::Authentication},
                                    {"Cookie", "session=opaque-sid", S::CookieJar},
                                    {"Content-Type", "text/plain", S::Body}};
    leg.statusCode = 200;
    leg.reasonPhrase = "OK";
    leg.responseHeaders = HeaderList{{"Content-Type", "application/json", S::Server},
                                     {"Set-Cookie", "next=value2; Path=/", S::Server}};
    leg.note(NoteCode::RedirectNotFollowed, QStringLiteral("Something the engine decided"));
    leg.timing.queuedNs = 1'000'000;
    leg.timing.connectingNs = 1'500'000;
    leg.timing.requestSentNs = 3'000'000;
    leg.timing.firstByteNs = 10'000'000;
    leg.timing.finishedNs = 10'200'000;
    return leg;
}

} // namespace

void TestLegPrinter::printsWholeLegWithSourceMarkers()
{
    const QByteArray text = LegPrinter(true).print(sampleLeg());
    const QByteArray expected =
            "* Leg 2 (redirect): 302 from /start\n"
            "* GET http://127.0.0.1:8080/get?token=abc123&a=1\n"
            "> GET /get?token=abc123&a=1 HTTP/1.1\n"
            "> Host: 127.0.0.1:8080   [added by Qt]\n"
            "> X-Mine: typed\n"
            "> User-Agent: AuthScope/0.1.0   [default]\n"
            "> Authorization: Basic YWxpY2U6c2VjcmV0   [authentication]\n"
            "> Cookie: session=opaque-sid   [cookie jar]\n"
            "> Content-Type: text/plain   [from body]\n"
            ">\n"
            "< HTTP/1.1 200 OK\n"
            "< Content-Type: application/json\n"
            "< Set-Cookie: next=value2; Path=/\n"
            "<\n"
            "* Note [redirect-not-followed]: Something the engine decided\n"
            "* Timing: queue 0.5 ms, connect+send 1.5 ms, wait 7.0 ms, receive 0.2 ms, total 9.2 ms\n"
            "\n";
    // Line by line, so a failure names the line that differs.
    QCOMPARE(text.split('\n'), expected.split('\n'));
}

void TestLegPrinter::redactsSecretsUnlessIncluded_data()
{
    QTest::addColumn<bool>("includeSecrets");
    QTest::addColumn<QByteArray>("mustContain");
    QTest::addColumn<QByteArray>("mustNotContain");

    QTest::newRow("authorization keeps the scheme") << false << QByteArray("> Authorization: Basic [redacted]")
                                                    << QByteArray("YWxpY2U6c2VjcmV0");
    QTest::newRow("cookie value redacted") << false << QByteArray("> Cookie: session=[redacted]")
                                           << QByteArray("opaque-sid");
    QTest::newRow("set-cookie value redacted") << false << QByteArray("< Set-Cookie: next=[redacted]")
                                               << QByteArray("value2");
    QTest::newRow("secret query value redacted") << false << QByteArray("> GET /get?token=[redacted]&a=1")
                                                 << QByteArray("abc123");
    QTest::newRow("secret in a note redacted") << false << QByteArray("* Note [challenge-answered]: password was [redacted]")
                                               << QByteArray("hunter22");
    QTest::newRow("api key under an unknown header name redacted") << false << QByteArray("> X-Custom: [redacted]   [authentication]")
                                                                   << QByteArray("key-under-odd-name");
    QTest::newRow("known secret in a query under an unknown name redacted")
            << false << QByteArray("> GET /get?token=[redacted]&a=1&k=[redacted] HTTP/1.1") << QByteArray("hunter22");
    QTest::newRow("include-secrets shows an api key") << true << QByteArray("> X-Custom: key-under-odd-name")
                                                      << QByteArray("[redacted]");
    QTest::newRow("include-secrets shows authorization") << true
                                                         << QByteArray("> Authorization: Basic YWxpY2U6c2VjcmV0")
                                                         << QByteArray("[redacted]");
}

void TestLegPrinter::redactsSecretsUnlessIncluded()
{
    QFETCH(bool, includeSecrets);
    QFETCH(QByteArray, mustContain);
    QFETCH(QByteArray, mustNotContain);

    Leg leg = sampleLeg();
    leg.note(NoteCode::ChallengeAnswered, QStringLiteral("password was hunter22"));
    leg.url = QUrl(QStringLiteral("http://127.0.0.1:8080/get?token=abc123&a=1&k=hunter22"));
    leg.requestHeaders.append("X-Custom", "key-under-odd-name", HeaderField::Source::Authentication);
    LegPrinter printer(includeSecrets);
    printer.setKnownSecrets({QByteArrayLiteral("hunter22")});
    const QByteArray text = printer.print(leg);
    QVERIFY2(text.contains(mustContain), text.constData());
    QVERIFY2(!text.contains(mustNotContain), text.constData());
}

void TestLegPrinter::namesTimingPhases_data()
{
    QTest::addColumn<QList<qint64>>("marks"); // queued, connecting, encrypted, sent, firstByte, finished
    QTest::addColumn<QByteArray>("line");

    QTest::newRow("new plain connection")
            << QList<qint64>{0, 1'000'000, -1, 2'000'000, 5'000'000, 6'000'000}
            << QByteArray("* Timing: queue 1.0 ms, connect+send 1.0 ms, wait 3.0 ms, receive 1.0 ms, total 6.0 ms\n");
    QTest::newRow("new TLS connection")
            << QList<qint64>{0, 1'000'000, 4'000'000, 4'500'000, 8'000'000, 8'000'000}
            << QByteArray("* Timing: queue 1.0 ms, connect+TLS 3.0 ms, send 0.5 ms, wait 3.5 ms, receive 0.0 ms, "
                          "total 8.0 ms\n");
    QTest::newRow("reused connection")
            << QList<qint64>{2'000'000, -1, -1, 2'100'000, 3'000'000, 3'100'000}
            << QByteArray("* Timing: send 0.1 ms, wait 0.9 ms, receive 0.1 ms, total 1.1 ms (connection reused)\n");
    QTest::newRow("refused before sending")
            << QList<qint64>{0, 100'000, -1, -1, -1, 400'000}
            << QByteArray("* Timing: queue 0.1 ms, total 0.4 ms\n");
}

void TestLegPrinter::namesTimingPhases()
{
    QFETCH(QList<qint64>, marks);
    QFETCH(QByteArray, line);

    Leg leg = sampleLeg();
    leg.timing = LegTiming{marks.at(0), marks.at(1), marks.at(2), marks.at(3), marks.at(4), marks.at(5)};
    const QByteArray text = LegPrinter().print(leg);
    QVERIFY2(text.endsWith(QByteArray(line + '\n')), text.constData());
}

void TestLegPrinter::showsFailureWithoutResponse()
{
    Leg leg = sampleLeg();
    leg.statusCode = 0;
    leg.reasonPhrase.clear();
    leg.responseHeaders = HeaderList();
    leg.status = Status(Status::Code::ConnectionRefused, QStringLiteral("Connection refused: 127.0.0.1:1"));
    const QByteArray text = LegPrinter().print(leg);
    QVERIFY2(text.contains("* No response\n"), text.constData());
    QVERIFY2(text.contains("* Failed (connection-refused): Connection refused: 127.0.0.1:1\n"), text.constData());
    QVERIFY(!text.contains("< HTTP"));
}

void TestLegPrinter::showsInsecureTlsAndItsErrors()
{
    Leg leg = sampleLeg();
    leg.url = QUrl(QStringLiteral("https://127.0.0.1:8443/"));
    leg.tls.encrypted = true;
    leg.tls.protocol = QStringLiteral("TLSv1.3");
    leg.tls.cipher = QStringLiteral("TLS_AES_256_GCM_SHA384");
    leg.tls.verificationDisabled = true;
    leg.tls.errors.append(QSslError(QSslError::SelfSignedCertificate));
    const QByteArray text = LegPrinter().print(leg);
    QVERIFY2(text.contains("* TLS: TLSv1.3, TLS_AES_256_GCM_SHA384\n"), text.constData());
    QVERIFY2(text.contains("* TLS certificate verification is OFF (--insecure)\n"), text.constData());
    QVERIFY2(text.contains("* TLS error: The certificate is self-signed, and untrusted (ignored: --insecure)\n"),
             text.constData());
}

void TestLegPrinter::responseHeadForInclude()
{
    QCOMPARE(LegPrinter::responseHead(sampleLeg()),
             QByteArray("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nSet-Cookie: next=value2; Path=/\r\n\r\n"));
}

void TestLegPrinter::summaryNamesOutcome()
{
    Exchange exchange;
    exchange.legs = {sampleLeg(), sampleLeg()};
    exchange.durationNs = 12'340'000;
    QCOMPARE(LegPrinter().summary(exchange), QByteArray("* Exchange done, 2 legs, 12.3 ms\n"));
    exchange.status = Status(Status::Code::Timeout, QStringLiteral("too slow"));
    QCOMPARE(LegPrinter().summary(exchange), QByteArray("* Exchange failed (timeout): too slow, 2 legs, 12.3 ms\n"));
}

void TestLegPrinter::showsChallengesAndWhatCredentialsAnswered()
{
    using S = HeaderField::Source;
    Leg challenged;
    challenged.method = "GET";
    challenged.url = QUrl(QStringLiteral("http://127.0.0.1:8080/digest/"));
    challenged.statusCode = 401;
    challenged.reasonPhrase = "Unauthorized";
    challenged.responseHeaders = HeaderList{{"WWW-Authenticate", "Digest realm=\"x y\", nonce=\"abc\", qop=\"auth,auth-int\"", S::Server},
                                            {"WWW-Authenticate", "Basic realm=\"x\", broken=\"", S::Server}};
    challenged.challenges = {Challenge{"Digest", {}, {{"realm", "x y"}, {"nonce", "abc"}, {"qop", "auth,auth-int"}}},
                             Challenge{"Basic", {}, {{"realm", "x"}}}};
    challenged.challengeProblems = {QStringLiteral("WWW-Authenticate offset 21: unterminated quoted string")};
    const QByteArray response = LegPrinter().printResponse(challenged);
    const QByteArray expected =
            "< HTTP/1.1 401 Unauthorized\n"
            "< WWW-Authenticate: Digest realm=\"x y\", nonce=\"abc\", qop=\"auth,auth-int\"\n"
            "< WWW-Authenticate: Basic realm=\"x\", broken=\"\n"
            "<\n"
            "* Challenge: " + challenged.challenges.at(0).toDisplayString().toUtf8() + "\n"
            "* Challenge: Basic realm=x\n"
            "* Challenge problem: WWW-Authenticate offset 21: unterminated quoted string\n"
            "\n";
    QCOMPARE(response.split('\n'), expected.split('\n'));
    QVERIFY(challenged.challenges.at(0).toDisplayString().startsWith(QStringLiteral("Digest realm=\"x y\"")));

    Leg answered = challenged;
    answered.index = 1;
    answered.kind = Leg::Kind::AuthRetry;
    answered.reason = QStringLiteral("401 answered");
    answered.requestHeaders = HeaderList{{"Authorization", "Digest username=\"alice\", response=\"0123\"", S::Authentication}};
    answered.authentication = QStringLiteral("Digest MD5, qop=auth, nc=00000001 as alice");
    const QByteArray request = LegPrinter().printRequest(answered);
    QVERIFY2(request.endsWith(">\n* Authentication: Digest MD5, qop=auth, nc=00000001 as alice\n"), request.constData());
    QVERIFY2(request.contains("response=\"[redacted]\""), request.constData());
    QVERIFY(!LegPrinter().printRequest(challenged).contains("* Authentication:"));
}

void TestLegPrinter::leavesWarningsToTheCaller()
{
    Leg leg = sampleLeg();
    leg.notes = {LegNote(NoteCode::RedirectFollowed, QStringLiteral("Following 302 redirect")),
                 LegNote(NoteCode::HttpsDowngrade, QStringLiteral("this redirect downgrades from https to plain http")),
                 LegNote(NoteCode::PlainHttpWarning, QStringLiteral("credentials go to example.test over plain http"))};
    const QByteArray text = LegPrinter().print(leg);
    QVERIFY2(text.contains("* Note [redirect-followed]: Following 302 redirect\n"), text.constData());
    QVERIFY2(!text.contains("downgrade") && !text.contains("plain-http"), text.constData());
    QCOMPARE(NoteTesting::codes(LegPrinter::warnings(leg)),
             QStringList({QStringLiteral("https-downgrade"), QStringLiteral("plain-http-warning")}));
}

void TestLegPrinter::printsTheDiagnosisAfterTheNotes()
{
    using S = HeaderField::Source;
    Exchange exchange;
    Leg refused;
    refused.method = "GET";
    refused.url = QUrl(QStringLiteral("http://127.0.0.1:8080/basic/"));
    refused.statusCode = 401;
    refused.reasonPhrase = "Unauthorized";
    refused.requestHeaders = HeaderList{{"Authorization", "Basic YWxpY2U6c2VjcmV0", S::Authentication}};
    refused.responseHeaders = HeaderList{{"WWW-Authenticate", "Basic realm=\"x\"", S::Server}};
    refused.note(NoteCode::CredentialsRejected, QStringLiteral("Rejected: Basic realm \"x\" did not accept alice (1 of 1)"));
    exchange.legs.append(refused);
    const Diagnosis diagnosis = Diagnoser::forLeg(exchange, 0);
    QCOMPARE(diagnosis.code, DiagnosisCode::CredentialsRejected);

    const QList<QByteArray> lines = LegPrinter().printResponse(refused, diagnosis).split('\n');
    const qsizetype note = lines.indexOf("* Note [credentials-rejected]: Rejected: Basic realm \"x\" did not accept alice (1 of 1)");
    QVERIFY(note > 0);
    QVERIFY2(lines.value(note + 1).startsWith("* Diagnosis: credentials-rejected: "), lines.value(note + 1).constData());
    QCOMPARE(lines.value(note + 2), "*   evidence: leg 1 sent Authorization: Basic (user alice)");
    QVERIFY(lines.value(note + 3).startsWith("*   evidence: WWW-Authenticate: Basic"));
    qsizetype next = note + 4;
    while (lines.value(next).startsWith("*   evidence: "))
        ++next;
    QVERIFY2(lines.value(next).startsWith("*   next: "), lines.value(next).constData());
    const QByteArray all = LegPrinter().printResponse(refused, diagnosis);
    QVERIFY(!all.contains("c2VjcmV0") && !all.contains("secret"));
    // A leg without a diagnosis prints none.
    QVERIFY(!LegPrinter().printResponse(refused).contains("* Diagnosis"));
}

QTEST_GUILESS_MAIN(TestLegPrinter)
#include "tst_legprinter.moc"
