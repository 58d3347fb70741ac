#include "exportfixtures.h"

#include "export/exchangejson.h"
#include "export/secretredactor.h"

#include "auth/challengeparser.h"
#include "http/authcomputation.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

namespace {

QJsonObject objectAt(const QJsonObject &o, const char *path)
{
    QJsonObject current = o;
    for (const QByteArray &key : QByteArray(path).split('.'))
        current = current.value(QLatin1String(key)).toObject();
    return current;
}

QJsonObject legAt(const QJsonObject &exchange, int i)
{
    return exchange.value(QLatin1String("legs")).toArray().at(i).toObject();
}

Exchange singleLeg(const QByteArray &contentType, const QByteArray &bytes)
{
    Exchange e;
    e.startedAt = QDateTime(QDate(2024, 3, 1), QTime(12, 0), Qt::UTC);
    e.request.url = QUrl(QStringLiteral("http://127.0.0.1:8080/x"));
    Leg leg = ExportFixtures::leg(0, Leg::Kind::Initial, "GET", e.request.url.toString());
    leg.statusCode = 200;
    leg.reasonPhrase = "OK";
    if (!contentType.isEmpty())
        leg.responseHeaders.append("Content-Type", contentType, HeaderField::Source::Server);
    leg.responseBody = ExportFixtures::body(bytes);
    e.legs = {leg};
    return e;
}

} // namespace

Q_DECLARE_METATYPE(Exchange)

class TestExchangeJson : public QObject
{
    Q_OBJECT

private slots:
    void matchesGoldenFile_data();
    void matchesGoldenFile();
    void showsUserButPasswordOnlyWithSecrets();
    void neverLeaksSecretsByDefault_data();
    void neverLeaksSecretsByDefault();
    void capsBodiesAndMarksTruncation_data();
    void capsBodiesAndMarksTruncation();
    void notesJsonBodyThatCouldNotBeInspected();
    void reportsTimingMomentsAndDurations_data();
    void reportsTimingMomentsAndDurations();
    void marksInsecureAtTopAndPerLeg();
    void recordsHeaderSourcesAndLegFacts();
    void reportsStatusOfLegsAndExchange();
    void compactAndIndentedBytesAgree();
    void exportsChallengesInServerOrder_data();
    void exportsChallengesInServerOrder();
    void keepsChallengesButRedactsTheAnswers();
    void keepsServerToken68ButRedactsClientToken68();
    void recordsAuthenticationAndChallengeProblems();
    void fixtureChallengesAreWhatTheParserRecords_data();
    void fixtureChallengesAreWhatTheParserRecords();
    void exportsComputationWithWhatDerivesFromThePasswordRedacted();
    void givesRefusedLegsAndTheExchangeADiagnosis();
};

void TestExchangeJson::matchesGoldenFile_data()
{
    QTest::addColumn<QString>("name");
    for (const QString &name : ExportFixtures::caseNames())
        QTest::newRow(qPrintable(name)) << name;
}

void TestExchangeJson::matchesGoldenFile()
{
    QFETCH(QString, name);
    const QByteArray actual = ExchangeJson::toBytes(ExportFixtures::exchange(name));
    QString message;
    QVERIFY2(ExportFixtures::matchesGolden(name, QStringLiteral("exchange.json"), actual, &message), qPrintable(message));
}

void TestExchangeJson::showsUserButPasswordOnlyWithSecrets()
{
    const Exchange e = ExportFixtures::exchange(QStringLiteral("basic-auth-retry"));
    const QJsonObject redacted = ExchangeJson::toJson(e);
    const QJsonObject credentials = objectAt(redacted, "request.credentials");
    QCOMPARE(credentials.value(QLatin1String("user")).toString(), QStringLiteral("alice"));
    QCOMPARE(credentials.value(QLatin1String("password")).toString(), QStringLiteral("[redacted]"));
    QCOMPARE(redacted.value(QLatin1String("redacted")).toBool(), true);

    ExportOptions withSecrets;
    withSecrets.includeSecrets = true;
    const QJsonObject plain = ExchangeJson::toJson(e, withSecrets);
    QCOMPARE(objectAt(plain, "request.credentials").value(QLatin1String("password")).toString(),
             QStringLiteral("s3cret-Pass"));
    QCOMPARE(plain.value(QLatin1String("redacted")).toBool(), false);

    Exchange withToken = e;
    withToken.request.credentials.token = "tok-abc";
    withToken.request.credentials.apiKeyName = "X-Key";
    withToken.request.credentials.apiKeyValue = "key-abc";
    withToken.request.credentials.apiKeyInQuery = true;
    QJsonObject given = objectAt(ExchangeJson::toJson(withToken), "request.credentials");
    QCOMPARE(given.value(QLatin1String("token")).toString(), QStringLiteral("[redacted]"));
    QCOMPARE(given.value(QLatin1String("apiKey")).toObject(),
             (QJsonObject{{QStringLiteral("name"), QStringLiteral("X-Key")},
                          {QStringLiteral("value"), QStringLiteral("[redacted]")},
                          {QStringLiteral("inQuery"), true}}));
    given = objectAt(ExchangeJson::toJson(withToken, withSecrets), "request.credentials");
    QCOMPARE(given.value(QLatin1String("token")).toString(), QStringLiteral("tok-abc"));
    QCOMPARE(given.value(QLatin1String("apiKey")).toObject().value(QLatin1String("value")).toString(),
             QStringLiteral("key-abc"));

    Exchange noPassword = e;
    noPassword.request.credentials.password.clear();
    QVERIFY(!objectAt(ExchangeJson::toJson(noPassword), "request.credentials").contains(QLatin1String("password")));
    noPassword.request.credentials = RequestCredentials();
    QVERIFY(!objectAt(ExchangeJson::toJson(noPassword), "request").contains(QLatin1String("credentials")));
    noPassword.request.credentials.token = "only-a-token";
    QVERIFY(objectAt(ExchangeJson::toJson(noPassword), "request.credentials").contains(QLatin1String("token")));
}

void TestExchangeJson::neverLeaksSecretsByDefault_data()
{
    QTest::addColumn<int>("leakCase");
    QTest::addColumn<QByteArray>("secret");
    const QList<ExportFixtures::LeakCase> cases = ExportFixtures::leakCases();
    for (int i = 0; i < cases.size(); ++i) {
        for (const QByteArray &secret : cases.at(i).secrets)
            QTest::addRow("%s: %s", qPrintable(cases.at(i).name), secret.constData()) << i << secret;
    }
}

void TestExchangeJson::neverLeaksSecretsByDefault()
{
    QFETCH(int, leakCase);
    QFETCH(QByteArray, secret);
    const ExportFixtures::LeakCase c = ExportFixtures::leakCases().at(leakCase);
    const QList<QByteArray> forms = ExportFixtures::leakForms(secret, c.users);
    for (const auto format : {QJsonDocument::Indented, QJsonDocument::Compact}) {
        const QByteArray redacted = ExchangeJson::toBytes(c.exchange, {}, format);
        for (const QByteArray &form : forms)
            QVERIFY2(!redacted.contains(form), form.constData());
        QVERIFY(redacted.contains("[redacted]"));

        ExportOptions withSecrets;
        withSecrets.includeSecrets = true;
        const QByteArray plain = ExchangeJson::toBytes(c.exchange, withSecrets, format);
        QVERIFY2(std::any_of(forms.begin(), forms.end(), [&](const QByteArray &f) { return plain.contains(f); }),
                 "with includeSecrets the secret must be in the output");
        QVERIFY(!plain.contains("[redacted]"));
    }
}

void TestExchangeJson::capsBodiesAndMarksTruncation_data()
{
    QTest::addColumn<qint64>("maxBodyBytes");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("key");       // "text" or "base64"
    QTest::addColumn<QString>("expected");
    QTest::addColumn<bool>("truncated");

    QTest::newRow("under the cap") << qint64(10) << QByteArray("text/plain") << QByteArray("hello")
                                   << QStringLiteral("text") << QStringLiteral("hello") << false;
    QTest::newRow("exactly the cap") << qint64(5) << QByteArray("text/plain") << QByteArray("hello")
                                     << QStringLiteral("text") << QStringLiteral("hello") << false;
    QTest::newRow("cut") << qint64(4) << QByteArray("text/plain") << QByteArray("hello world")
                         << QStringLiteral("text") << QStringLiteral("hell") << true;
    QTest::newRow("no limit") << qint64(-1) << QByteArray() << QByteArray(3000, 'a')
                              << QStringLiteral("text") << QString(3000, u'a') << false;
    QTest::newRow("zero") << qint64(0) << QByteArray("text/plain") << QByteArray("abc")
                          << QStringLiteral("text") << QString() << true;
    QTest::newRow("empty") << qint64(10) << QByteArray("text/plain") << QByteArray()
                           << QStringLiteral("text") << QString() << false;
    QTest::newRow("utf-8") << qint64(10) << QByteArray("text/plain") << QByteArray("gr\xc3\xbc\xc3\x9f")
                           << QStringLiteral("text") << QStringLiteral("gr\u00fc\u00df") << false;
    QTest::newRow("cut inside a utf-8 sequence") << qint64(3) << QByteArray("text/plain") << QByteArray("gr\xc3\xbc")
                                                 << QStringLiteral("text") << QStringLiteral("gr") << true;
    QTest::newRow("binary") << qint64(10) << QByteArray("application/octet-stream") << QByteArray("\xff\x00", 2)
                            << QStringLiteral("base64") << QStringLiteral("/wA=") << false;
    QTest::newRow("invalid byte in the middle") << qint64(10) << QByteArray("text/plain") << QByteArray("a\xff" "b")
                                                << QStringLiteral("base64") << QStringLiteral("Yf9i") << false;
    QTest::newRow("overlong encoding") << qint64(10) << QByteArray("text/plain") << QByteArray("\xc0\xaf")
                                       << QStringLiteral("base64") << QStringLiteral("wK8=") << false;
    QTest::newRow("encoded surrogate") << qint64(10) << QByteArray("text/plain") << QByteArray("\xed\xa0\x80")
                                       << QStringLiteral("base64") << QStringLiteral("7aCA") << false;
    QTest::newRow("cut json is still redacted")
        << qint64(30) << QByteArray("application/json") << QByteArray("{\"access_token\":\"abcdefghijklmnopqrstuvwxyz\"}")
        << QStringLiteral("text") << QStringLiteral("{\"access_token\":\"[redacted]\"") << true;
}

void TestExchangeJson::capsBodiesAndMarksTruncation()
{
    QFETCH(qint64, maxBodyBytes);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(QString, key);
    QFETCH(QString, expected);
    QFETCH(bool, truncated);

    ExportOptions options;
    options.maxBodyBytes = maxBodyBytes;
    const QJsonObject json = ExchangeJson::toJson(singleLeg(contentType, body), options);
    const QJsonObject b = legAt(json, 0).value(QLatin1String("response")).toObject()
                              .value(QLatin1String("body")).toObject();
    QVERIFY2(b.contains(key), qPrintable(QString::fromUtf8(QJsonDocument(b).toJson())));
    QVERIFY(!b.contains(key == u"text" ? QLatin1String("base64") : QLatin1String("text")));
    QCOMPARE(b.value(key).toString(), expected);
    QCOMPARE(b.value(QLatin1String("truncated")).toBool(), truncated);
    QCOMPARE(b.value(QLatin1String("size")).toInteger(), qint64(body.size()));
}

void TestExchangeJson::notesJsonBodyThatCouldNotBeInspected()
{
    const QJsonObject json = ExchangeJson::toJson(singleLeg("application/json", "{\"a\": 1,,}"));
    const QJsonObject b = legAt(json, 0).value(QLatin1String("response")).toObject()
                              .value(QLatin1String("body")).toObject();
    QCOMPARE(b.value(QLatin1String("text")).toString(), QStringLiteral("{\"a\": 1,,}"));
    QVERIFY(b.value(QLatin1String("redactionNote")).toString().contains(QLatin1String("not inspected")));

    const QJsonObject fine = ExchangeJson::toJson(singleLeg("application/json", "{\"a\": 1}"));
    QVERIFY(!legAt(fine, 0).value(QLatin1String("response")).toObject().value(QLatin1String("body"))
                 .toObject().contains(QLatin1String("redactionNote")));
}

void TestExchangeJson::reportsTimingMomentsAndDurations_data()
{
    QTest::addColumn<QList<qint64>>("moments"); // queued, connecting, encrypted, sent, first byte, finished (ns)
    QTest::addColumn<QVariantList>("durations"); // blocked, connect, send, wait, receive, total (ms or null)
    QTest::addColumn<bool>("reused");

    const QVariant null;
    const qint64 us = 1000;
    QTest::newRow("tls new connection") << QList<qint64>{100 * us, 300 * us, 3000 * us, 3200 * us, 4000 * us, 4100 * us}
                                        << QVariantList{0.2, 2.7, 0.2, 0.8, 0.1, 4.0} << false;
    QTest::newRow("plain new connection") << QList<qint64>{100 * us, 300 * us, -1, 1200 * us, 4500 * us, 4800 * us}
                                          << QVariantList{0.2, 0.9, 0.0, 3.3, 0.3, 4.7} << false;
    QTest::newRow("reused connection") << QList<qint64>{5000 * us, -1, -1, 5400 * us, 7900 * us, 8100 * us}
                                       << QVariantList{null, null, 0.4, 2.5, 0.2, 3.1} << true;
    QTest::newRow("refused") << QList<qint64>{50 * us, 200 * us, -1, -1, -1, 900 * us}
                             << QVariantList{0.15, 0.7, 0.0, 0.0, 0.0, 0.85} << false;
    QTest::newRow("timed out waiting") << QList<qint64>{0, 10 * us, -1, 20 * us, -1, 30010 * us}
                                       << QVariantList{0.01, 0.01, 0.0, 29.99, 0.0, 30.01} << false;
    QTest::newRow("rounded to the microsecond") << QList<qint64>{0, -1, -1, 1400, 2800, 3000}
                                                << QVariantList{null, null, 0.001, 0.001, 0.0, 0.003} << true;
}

void TestExchangeJson::reportsTimingMomentsAndDurations()
{
    QFETCH(QList<qint64>, moments);
    QFETCH(QVariantList, durations);
    QFETCH(bool, reused);

    Exchange e = singleLeg("text/plain", "x");
    LegTiming &t = e.legs[0].timing;
    qint64 *fields[] = {&t.queuedNs, &t.connectingNs, &t.encryptedNs, &t.requestSentNs, &t.firstByteNs, &t.finishedNs};
    for (int i = 0; i < 6; ++i)
        *fields[i] = moments.at(i);

    const QJsonObject timing = legAt(ExchangeJson::toJson(e), 0).value(QLatin1String("timing")).toObject();
    const char *momentKeys[] = {"queuedMs", "connectingMs", "encryptedMs", "requestSentMs", "firstByteMs", "finishedMs"};
    for (int i = 0; i < 6; ++i) {
        const QJsonValue v = timing.value(QLatin1String(momentKeys[i]));
        if (*fields[i] < 0)
            QVERIFY2(v.isNull(), momentKeys[i]);
        else
            QCOMPARE(v.toDouble(), double((*fields[i] + 500) / 1000) / 1000.0);
    }
    QCOMPARE(timing.value(QLatin1String("connectionReused")).toBool(), reused);

    const QJsonObject d = timing.value(QLatin1String("durations")).toObject();
    const char *durationKeys[] = {"blockedMs", "connectMs", "sendMs", "waitMs", "receiveMs", "totalMs"};
    for (int i = 0; i < 6; ++i) {
        const QJsonValue v = d.value(QLatin1String(durationKeys[i]));
        if (durations.at(i).isNull()) {
            QVERIFY2(v.isNull(), durationKeys[i]);
        } else {
            QVERIFY2(v.isDouble(), durationKeys[i]);
            QVERIFY2(qAbs(v.toDouble() - durations.at(i).toDouble()) < 1e-9,
                     qPrintable(QStringLiteral("%1: %2 != %3").arg(QLatin1String(durationKeys[i]))
                                    .arg(v.toDouble()).arg(durations.at(i).toDouble())));
        }
    }
}

void TestExchangeJson::marksInsecureAtTopAndPerLeg()
{
    const QJsonObject insecure = ExchangeJson::toJson(ExportFixtures::exchange(QStringLiteral("insecure-tls")));
    QCOMPARE(insecure.value(QLatin1String("insecure")).toBool(), true);
    QCOMPARE(legAt(insecure, 0).value(QLatin1String("insecure")).toBool(), true);
    const QJsonObject tls = legAt(insecure, 0).value(QLatin1String("tls")).toObject();
    QCOMPARE(tls.value(QLatin1String("verificationDisabled")).toBool(), true);
    QCOMPARE(tls.value(QLatin1String("protocol")).toString(), QStringLiteral("TLSv1.3"));
    const QJsonObject cert = tls.value(QLatin1String("chain")).toArray().at(0).toObject();
    QCOMPARE(cert.value(QLatin1String("subject")).toString(), QStringLiteral("CN=127.0.0.1, O=AuthScope Test"));
    QCOMPARE(cert.value(QLatin1String("issuer")).toString(), QStringLiteral("CN=127.0.0.1, O=AuthScope Test"));
    QVERIFY(cert.value(QLatin1String("expiry")).toString().startsWith(QLatin1String("2126-")));
    QVERIFY(cert.value(QLatin1String("pem")).toString().startsWith(QLatin1String("-----BEGIN CERTIFICATE-----")));
    QCOMPARE(tls.value(QLatin1String("errors")).toArray().size(), 1);

    const QJsonObject safe = ExchangeJson::toJson(ExportFixtures::exchange(QStringLiteral("basic-auth-retry")));
    QCOMPARE(safe.value(QLatin1String("insecure")).toBool(), false);
    QCOMPARE(legAt(safe, 1).value(QLatin1String("insecure")).toBool(), false);
    QVERIFY(legAt(safe, 1).value(QLatin1String("tls")).isNull());
}

void TestExchangeJson::recordsHeaderSourcesAndLegFacts()
{
    const QJsonObject json = ExchangeJson::toJson(ExportFixtures::exchange(QStringLiteral("basic-auth-retry")));
    QCOMPARE(json.value(QLatin1String("legs")).toArray().size(), 2);
    const QJsonObject retry = legAt(json, 1);
    QCOMPARE(retry.value(QLatin1String("kind")).toString(), QStringLiteral("auth-retry"));
    QCOMPARE(retry.value(QLatin1String("reason")).toString(),
             QStringLiteral("401 answered: Answering with the credentials given with the request"));
    QCOMPARE(retry.value(QLatin1String("authentication")).toString(), QStringLiteral("Basic as alice"));
    QCOMPARE(retry.value(QLatin1String("method")).toString(), QStringLiteral("GET"));
    QCOMPARE(retry.value(QLatin1String("httpVersion")).toString(), QStringLiteral("HTTP/1.1"));

    QHash<QString, QString> sources;
    for (const QJsonValue &h : retry.value(QLatin1String("request")).toObject().value(QLatin1String("headers")).toArray())
        sources.insert(h.toObject().value(QLatin1String("name")).toString(), h.toObject().value(QLatin1String("source")).toString());
    QCOMPARE(sources.value(QStringLiteral("User-Agent")), QStringLiteral("default"));
    QCOMPARE(sources.value(QStringLiteral("Host")), QStringLiteral("transport"));
    QCOMPARE(sources.value(QStringLiteral("Authorization")), QStringLiteral("authentication"));

    const QJsonObject response = retry.value(QLatin1String("response")).toObject();
    QCOMPARE(response.value(QLatin1String("statusCode")).toInt(), 200);
    QCOMPARE(response.value(QLatin1String("reasonPhrase")).toString(), QStringLiteral("OK"));
    const QJsonArray notes = retry.value(QLatin1String("notes")).toArray();
    QCOMPARE(notes.size(), 1);
    QCOMPARE(notes.at(0).toObject().value(QLatin1String("code")).toString(), QStringLiteral("plain-http-warning"));
    QCOMPARE(notes.at(0).toObject().value(QLatin1String("severity")).toString(), QStringLiteral("warning"));
    QCOMPARE(json.value(QLatin1String("startedAt")).toString(), QStringLiteral("2024-03-01T12:00:00.250Z"));
    QCOMPARE(json.value(QLatin1String("durationMs")).toDouble(), 8.2);
    QCOMPARE(json.value(QLatin1String("finalStatusCode")).toInt(), 200);
}

void TestExchangeJson::reportsStatusOfLegsAndExchange()
{
    const QJsonObject json = ExchangeJson::toJson(ExportFixtures::exchange(QStringLiteral("connection-refused")));
    QCOMPARE(objectAt(json, "status").value(QLatin1String("code")).toString(), QStringLiteral("connection-refused"));
    QVERIFY(objectAt(json, "status").value(QLatin1String("message")).toString().contains(QLatin1String("127.0.0.1:9")));
    const QJsonObject leg = legAt(json, 0);
    QCOMPARE(leg.value(QLatin1String("status")).toObject().value(QLatin1String("code")).toString(),
             QStringLiteral("connection-refused"));
    QVERIFY(leg.value(QLatin1String("response")).isNull());
    QCOMPARE(json.value(QLatin1String("finalStatusCode")).toInt(), 0);

    const QJsonObject ok = ExchangeJson::toJson(ExportFixtures::exchange(QStringLiteral("digest-auth")));
    QCOMPARE(objectAt(ok, "status").value(QLatin1String("code")).toString(), QStringLiteral("ok"));
}

void TestExchangeJson::compactAndIndentedBytesAgree()
{
    const Exchange e = ExportFixtures::exchange(QStringLiteral("redirect-with-token"));
    const QByteArray compact = ExchangeJson::toBytes(e, {}, QJsonDocument::Compact);
    const QByteArray indented = ExchangeJson::toBytes(e, {}, QJsonDocument::Indented);
    QVERIFY(!compact.contains('\n'));
    QVERIFY(indented.contains('\n'));
    QCOMPARE(QJsonDocument::fromJson(compact), QJsonDocument::fromJson(indented));
    QCOMPARE(QJsonDocument::fromJson(compact).object(), ExchangeJson::toJson(e));
}

using Params = QList<QPair<QByteArray, QByteArray>>;

void TestExchangeJson::exportsChallengesInServerOrder_data()
{
    QTest::addColumn<QByteArray>("scheme");
    QTest::addColumn<Params>("params");
    QTest::addColumn<QByteArray>("token68");
    QTest::addColumn<QJsonObject>("expected");

    auto pairs = [](std::initializer_list<std::pair<const char *, QString>> list) {
        QJsonArray out;
        for (const auto &p : list)
            out.append(QJsonArray{QString::fromLatin1(p.first), p.second});
        return out;
    };
    QTest::newRow("digest keeps the server's order")
        << QByteArray("Digest")
        << Params{{"realm", "r"}, {"qop", "auth,auth-int"}, {"nonce", "n0"}, {"algorithm", "SHA-256"}}
        << QByteArray()
        << QJsonObject{{QStringLiteral("scheme"), QStringLiteral("Digest")},
                       {QStringLiteral("params"), pairs({{"realm", QStringLiteral("r")},
                                                         {"qop", QStringLiteral("auth,auth-int")},
                                                         {"nonce", QStringLiteral("n0")},
                                                         {"algorithm", QStringLiteral("SHA-256")}})},
                       {QStringLiteral("display"),
                        QStringLiteral("Digest realm=r, qop=\"auth,auth-int\", nonce=n0, algorithm=SHA-256")}};
    QTest::newRow("repeated name kept")
        << QByteArray("Bearer") << Params{{"scope", "a"}, {"Scope", "b"}} << QByteArray()
        << QJsonObject{{QStringLiteral("scheme"), QStringLiteral("Bearer")},
                       {QStringLiteral("params"), pairs({{"scope", QStringLiteral("a")}, {"Scope", QStringLiteral("b")}})},
                       {QStringLiteral("display"), QStringLiteral("Bearer scope=a, Scope=b")}};
    QTest::newRow("token68")
        << QByteArray("Negotiate") << Params{} << QByteArray("oRQwEqADCgEAoQsGCSqGSIb3EgECAg==")
        << QJsonObject{{QStringLiteral("scheme"), QStringLiteral("Negotiate")},
                       {QStringLiteral("params"), QJsonArray()},
                       {QStringLiteral("token68"), QStringLiteral("oRQwEqADCgEAoQsGCSqGSIb3EgECAg==")},
                       {QStringLiteral("display"), QStringLiteral("Negotiate oRQwEqADCgEAoQsGCSqGSIb3EgECAg==")}};
    QTest::newRow("quote, backslash and utf-8 in a value")
        << QByteArray("Basic") << Params{{"realm", "say \"hi\" \\ gr\xc3\xbc\xc3\x9f"}, {"charset", "UTF-8"}} << QByteArray()
        << QJsonObject{{QStringLiteral("scheme"), QStringLiteral("Basic")},
                       {QStringLiteral("params"), pairs({{"realm", QStringLiteral("say \"hi\" \\ gr\u00fc\u00df")},
                                                         {"charset", QStringLiteral("UTF-8")}})},
                       {QStringLiteral("display"),
                        QStringLiteral("Basic realm=\"say \\\"hi\\\" \\\\ gr\u00fc\u00df\", charset=UTF-8")}};
    QTest::newRow("scheme alone, as written")
        << QByteArray("bEaReR") << Params{} << QByteArray()
        << QJsonObject{{QStringLiteral("scheme"), QStringLiteral("bEaReR")},
                       {QStringLiteral("params"), QJsonArray()},
                       {QStringLiteral("display"), QStringLiteral("bEaReR")}};
    QTest::newRow("empty value")
        << QByteArray("Digest") << Params{{"realm", ""}} << QByteArray()
        << QJsonObject{{QStringLiteral("scheme"), QStringLiteral("Digest")},
                       {QStringLiteral("params"), pairs({{"realm", QString()}})},
                       {QStringLiteral("display"), QStringLiteral("Digest realm=\"\"")}};
}

void TestExchangeJson::exportsChallengesInServerOrder()
{
    QFETCH(QByteArray, scheme);
    QFETCH(Params, params);
    QFETCH(QByteArray, token68);
    QFETCH(QJsonObject, expected);

    Challenge c;
    c.scheme = scheme;
    c.params = params;
    c.token68 = token68;
    QCOMPARE(ExchangeJson::challengeJson(c), expected);

    Exchange e = singleLeg("text/plain", "no");
    e.legs[0].statusCode = 401;
    e.legs[0].challenges = {c, c};
    for (const bool includeSecrets : {false, true}) {
        ExportOptions options;
        options.includeSecrets = includeSecrets;
        const QJsonArray challenges = legAt(ExchangeJson::toJson(e, options), 0).value(QLatin1String("challenges")).toArray();
        QCOMPARE(challenges, (QJsonArray{expected, expected}));
    }
}

void TestExchangeJson::keepsChallengesButRedactsTheAnswers()
{
    const Exchange e = ExportFixtures::exchange(QStringLiteral("digest-authentication-info"));
    auto headerValue = [](const QJsonObject &leg, const char *side, const char *name) {
        for (const QJsonValue &h : leg.value(QLatin1String(side)).toObject().value(QLatin1String("headers")).toArray()) {
            if (h.toObject().value(QLatin1String("name")).toString() == QLatin1String(name))
                return h.toObject().value(QLatin1String("value")).toString();
        }
        return QStringLiteral("<missing>");
    };
    const QString nonce = QStringLiteral("Fq3m6W0GBgA=5b8f0e4c2d9a7b1e3f6a8c0d2e4f6a8b1c3d5e7f");

    const QJsonObject json = ExchangeJson::toJson(e);
    const QJsonObject challenge = legAt(json, 0).value(QLatin1String("challenges")).toArray().at(0).toObject();
    QCOMPARE(challenge.value(QLatin1String("params")).toArray().at(1).toArray(),
             (QJsonArray{QStringLiteral("nonce"), nonce}));
    QCOMPARE(headerValue(legAt(json, 0), "response", "WWW-Authenticate"),
             QStringLiteral("Digest realm=\"private area\", nonce=\"") + nonce + QStringLiteral("\", algorithm=MD5, qop=\"auth\""));
    // RFC 7616 §3.4: what identifies the exchange stays, what is derived from the password goes.
    QCOMPARE(headerValue(legAt(json, 1), "request", "Authorization"),
             QStringLiteral("Digest username=\"alice\", realm=\"private area\", uri=\"/private/index.html\", "
                            "algorithm=MD5, nonce=\"") + nonce
                 + QStringLiteral("\", nc=00000001, cnonce=\"[redacted]\", qop=auth, response=\"[redacted]\""));
    QCOMPARE(headerValue(legAt(json, 1), "response", "Authentication-Info"),
             QStringLiteral("rspauth=\"[redacted]\", cnonce=\"[redacted]\", nc=00000001, qop=auth"));

    ExportOptions withSecrets;
    withSecrets.includeSecrets = true;
    const QJsonObject plain = ExchangeJson::toJson(e, withSecrets);
    QVERIFY(headerValue(legAt(plain, 1), "request", "Authorization")
                .contains(QLatin1String("response=\"0ba06c70aeb3bfe719c37e7609815d37\"")));
    QVERIFY(headerValue(legAt(plain, 1), "response", "Authentication-Info")
                .startsWith(QLatin1String("rspauth=\"adc90047048a7a31b3e9170d75439cfa\"")));
    QCOMPARE(legAt(plain, 0).value(QLatin1String("challenges")), legAt(json, 0).value(QLatin1String("challenges")));

    // The proxy's Basic credentials keep only their scheme.
    const ExportFixtures::LeakCase leak = ExportFixtures::leakCases().at(1);
    const QJsonObject proxied = ExchangeJson::toJson(leak.exchange);
    QCOMPARE(headerValue(legAt(proxied, 0), "request", "Proxy-Authorization"), QStringLiteral("Basic [redacted]"));
    QCOMPARE(headerValue(legAt(proxied, 1), "request", "Proxy-Authorization"), QStringLiteral("Basic [redacted]"));
    QCOMPARE(headerValue(legAt(proxied, 0), "request", "Authorization"), QStringLiteral("Bearer [redacted]"));
    QCOMPARE(legAt(proxied, 0).value(QLatin1String("challenges")).toArray().size(), 2);
}

void TestExchangeJson::keepsServerToken68ButRedactsClientToken68()
{
    // SPNEGO: the client's token is a credential, the server's mutual-authentication token is not.
    Exchange e = singleLeg("text/plain", "ok");
    Leg &leg = e.legs[0];
    leg.requestHeaders.append("Authorization", "Negotiate YIIGhgYGKwYBBQUCoIIGejCCBnagMDAuBgkqhkiC9xIBAgI=",
                              HeaderField::Source::Authentication);
    leg.responseHeaders.append("WWW-Authenticate", "Negotiate oRQwEqADCgEAoQsGCSqGSIb3EgECAg==",
                               HeaderField::Source::Server);
    Challenge server;
    server.scheme = "Negotiate";
    server.token68 = "oRQwEqADCgEAoQsGCSqGSIb3EgECAg==";
    leg.challenges = {server};

    const QByteArray out = ExchangeJson::toBytes(e);
    QVERIFY(!out.contains("YIIGhgYGKwYBBQUCoIIGejCCBnagMDAuBgkqhkiC9xIBAgI="));
    QVERIFY(out.contains("\"Negotiate [redacted]\""));
    const QJsonObject challenge = legAt(QJsonDocument::fromJson(out).object(), 0)
                                      .value(QLatin1String("challenges")).toArray().at(0).toObject();
    QCOMPARE(challenge.value(QLatin1String("token68")).toString(), QStringLiteral("oRQwEqADCgEAoQsGCSqGSIb3EgECAg=="));
}

void TestExchangeJson::recordsAuthenticationAndChallengeProblems()
{
    const QJsonObject digest = ExchangeJson::toJson(ExportFixtures::exchange(QStringLiteral("digest-authentication-info")));
    QVERIFY(legAt(digest, 0).value(QLatin1String("authentication")).isNull());
    QCOMPARE(legAt(digest, 0).value(QLatin1String("challengeProblems")).toArray(), QJsonArray());
    QCOMPARE(legAt(digest, 1).value(QLatin1String("authentication")).toString(),
             QStringLiteral("Digest MD5, qop=auth, nc=00000001 as alice"));
    QCOMPARE(legAt(digest, 1).value(QLatin1String("kind")).toString(), QStringLiteral("auth-retry"));
    QCOMPARE(legAt(digest, 1).value(QLatin1String("challenges")).toArray(), QJsonArray());

    const QJsonObject bearer = ExchangeJson::toJson(ExportFixtures::exchange(QStringLiteral("bearer-invalid-token")));
    QCOMPARE(objectAt(bearer, "status").value(QLatin1String("code")).toString(), QStringLiteral("authentication-failed"));
    QCOMPARE(legAt(bearer, 0).value(QLatin1String("status")).toObject().value(QLatin1String("code")).toString(),
             QStringLiteral("ok"));
    QVERIFY(legAt(bearer, 0).value(QLatin1String("authentication")).toString().startsWith(QLatin1String("Bearer token (")));
    const QJsonArray problems = legAt(bearer, 0).value(QLatin1String("challengeProblems")).toArray();
    QCOMPARE(problems.size(), 1);
    QVERIFY(problems.at(0).toString().startsWith(QLatin1String("WWW-Authenticate offset ")));
    const QJsonArray challenges = legAt(bearer, 0).value(QLatin1String("challenges")).toArray();
    QCOMPARE(challenges.at(0).toObject().value(QLatin1String("params")).toArray().at(1).toArray(),
             (QJsonArray{QStringLiteral("error"), QStringLiteral("invalid_token")}));

    Exchange retry = ExportFixtures::exchange(QStringLiteral("digest-auth"));
    retry.legs[1].kind = Leg::Kind::Retry;
    QCOMPARE(legAt(ExchangeJson::toJson(retry), 1).value(QLatin1String("kind")).toString(), QStringLiteral("retry"));
}

void TestExchangeJson::fixtureChallengesAreWhatTheParserRecords_data()
{
    QTest::addColumn<Exchange>("exchange");
    for (const QString &name : ExportFixtures::caseNames())
        QTest::newRow(qPrintable(name)) << ExportFixtures::exchange(name);
    for (const ExportFixtures::LeakCase &c : ExportFixtures::leakCases())
        QTest::newRow(qPrintable(c.name)) << c.exchange;
}

void TestExchangeJson::fixtureChallengesAreWhatTheParserRecords()
{
    // The goldens should show what the engine records, so the fixtures' hand-written challenges
    // must be what ChallengeParser makes of their own header fields.
    QFETCH(Exchange, exchange);
    for (const Leg &leg : exchange.legs) {
        const QByteArray field = leg.statusCode == 407 ? QByteArrayLiteral("Proxy-Authenticate")
                                                       : QByteArrayLiteral("WWW-Authenticate");
        if (leg.statusCode != 401 && leg.statusCode != 407) {
            QVERIFY(leg.challenges.isEmpty());
            continue;
        }
        const ChallengeParser::Result parsed = ChallengeParser::parse(leg.responseHeaders.values(field));
        auto displays = [](const QList<Challenge> &challenges) {
            QStringList out;
            for (const Challenge &c : challenges)
                out.append(c.toDisplayString());
            return out;
        };
        QCOMPARE(displays(leg.challenges).join(u'\n'), displays(parsed.challenges).join(u'\n'));
        for (int i = 0; i < parsed.challenges.size(); ++i) {
            QCOMPARE(leg.challenges.at(i).scheme, parsed.challenges.at(i).scheme);
            QCOMPARE(leg.challenges.at(i).token68, parsed.challenges.at(i).token68);
            QCOMPARE(leg.challenges.at(i).params, parsed.challenges.at(i).params);
        }
        QStringList problems;
        for (const ChallengeParseError &error : parsed.errors)
            problems.append(QStringLiteral("%1 offset %2: %3").arg(QString::fromLatin1(field)).arg(error.position).arg(error.message));
        QCOMPARE(leg.challengeProblems, problems);
    }
}

void TestExchangeJson::exportsComputationWithWhatDerivesFromThePasswordRedacted()
{
    const QByteArray ha1 = "939e7578ed9e3c518a452acee763bce9";
    const QByteArray ha2 = "39aff3a2bab6126f332b942af96d3366";
    const QByteArray response = "6629fae49393a05397450978507c4ef1";
    const QByteArray rspauth = "d0f2a1c3b4e5f60718293a4b5c6d7e8f";
    auto step = [](const char *name, const QByteArray &input, const QByteArray &value, bool secret) {
        ComputationStep s;
        s.name = QString::fromLatin1(name);
        s.formula = QStringLiteral("MD5(...)");
        s.input = input;
        s.value = value;
        s.secretValue = secret;
        return s;
    };
    Exchange exchange = ExportFixtures::exchange(QStringLiteral("digest-auth"));
    Leg &answered = exchange.legs[1];
    answered.computation.scheme = QStringLiteral("Digest");
    answered.computation.title = QStringLiteral("Digest MD5, qop=auth");
    answered.computation.parameters = {{"username", "bob"}, {"nonce", "n1"}};
    answered.computation.steps = {step("HA1", "bob:realm:" + AuthComputation::passwordPlaceholder(), ha1, true),
                                  step("HA2", "GET:/digest-auth", ha2, false),
                                  step("response", ha1 + ":n1:00000001:c1:auth:" + ha2, response, false)};
    answered.verification.scheme = QStringLiteral("Digest");
    answered.verification.title = QStringLiteral("rspauth of Authentication-Info");
    ComputationStep check = step("rspauth", ha1 + ":n1:00000001:c1:auth:" + ha2, rspauth, false);
    check.check = ComputationStep::Check::Matched;
    check.expected = rspauth;
    answered.verification.steps = {check};

    const QJsonObject redacted = legAt(ExchangeJson::toJson(exchange), 1);
    const QJsonObject computation = redacted.value(QLatin1String("computation")).toObject();
    QCOMPARE(computation.value(QLatin1String("title")).toString(), QStringLiteral("Digest MD5, qop=auth"));
    QCOMPARE(computation.value(QLatin1String("parameters")).toArray().at(0).toArray(),
             (QJsonArray{QStringLiteral("username"), QStringLiteral("bob")}));
    const QJsonArray steps = computation.value(QLatin1String("steps")).toArray();
    QCOMPARE(steps.size(), 3);
    QCOMPARE(steps.at(0).toObject().value(QLatin1String("value")).toString(), QStringLiteral("[redacted]"));
    QCOMPARE(steps.at(0).toObject().value(QLatin1String("secret")).toBool(), true);
    QCOMPARE(steps.at(0).toObject().value(QLatin1String("input")).toString(), QStringLiteral("bob:realm:<password>"));
    QCOMPARE(steps.at(1).toObject().value(QLatin1String("value")).toString(), QString::fromLatin1(ha2)); // no password in it
    // The response is computed from HA1: with its inputs it would allow a dictionary attack.
    QCOMPARE(steps.at(2).toObject().value(QLatin1String("value")).toString(), QStringLiteral("[redacted]"));
    QCOMPARE(steps.at(2).toObject().value(QLatin1String("input")).toString(),
             QStringLiteral("[redacted]:n1:00000001:c1:auth:") + QString::fromLatin1(ha2));
    const QJsonObject verified = redacted.value(QLatin1String("verification")).toObject().value(QLatin1String("steps")).toArray().at(0).toObject();
    QCOMPARE(verified.value(QLatin1String("check")).toString(), QStringLiteral("matched"));
    QCOMPARE(verified.value(QLatin1String("expected")).toString(), QStringLiteral("[redacted]"));
    const QByteArray text = ExchangeJson::toBytes(exchange);
    for (const QByteArray &secret : {ha1, response, rspauth})
        QVERIFY2(!text.contains(secret), secret.constData());
    QVERIFY(legAt(ExchangeJson::toJson(exchange), 0).value(QLatin1String("computation")).isNull());

    ExportOptions withSecrets;
    withSecrets.includeSecrets = true;
    const QJsonObject shown = legAt(ExchangeJson::toJson(exchange, withSecrets), 1);
    const QJsonArray all = shown.value(QLatin1String("computation")).toObject().value(QLatin1String("steps")).toArray();
    QCOMPARE(all.at(0).toObject().value(QLatin1String("value")).toString(), QString::fromLatin1(ha1));
    QCOMPARE(all.at(2).toObject().value(QLatin1String("value")).toString(), QString::fromLatin1(response));
    QVERIFY(all.at(2).toObject().value(QLatin1String("input")).toString().startsWith(QString::fromLatin1(ha1)));
}

void TestExchangeJson::givesRefusedLegsAndTheExchangeADiagnosis()
{
    const QJsonObject bearer = ExchangeJson::toJson(ExportFixtures::exchange(QStringLiteral("bearer-invalid-token")));
    const QJsonObject refused = legAt(bearer, 0).value(QLatin1String("diagnosis")).toObject();
    QCOMPARE(refused.value(QLatin1String("code")).toString(), QStringLiteral("token-expired")); // exp = Date
    QVERIFY(refused.value(QLatin1String("evidence")).toArray().at(0).toString().startsWith(QLatin1String("WWW-Authenticate: Bearer")));
    QVERIFY(refused.contains(QLatin1String("likely")));
    const QJsonObject exchange = bearer.value(QLatin1String("diagnosis")).toObject();
    QCOMPARE(exchange.value(QLatin1String("code")).toString(), QStringLiteral("token-expired"));
    QCOMPARE(exchange.value(QLatin1String("leg")).toInt(), 0);

    const QJsonObject digest = ExchangeJson::toJson(ExportFixtures::exchange(QStringLiteral("digest-auth")));
    QCOMPARE(legAt(digest, 0).value(QLatin1String("diagnosis")).toObject().value(QLatin1String("code")).toString(),
             QStringLiteral("missing-credentials"));
    QVERIFY(legAt(digest, 1).value(QLatin1String("diagnosis")).isNull()); // the 200
    QVERIFY(digest.value(QLatin1String("diagnosis")).isNull());
}

QTEST_GUILESS_MAIN(TestExchangeJson)
#include "tst_exchangejson.moc"
