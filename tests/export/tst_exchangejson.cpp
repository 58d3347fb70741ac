#include "exportfixtures.h"

#include "export/exchangejson.h"
#include "export/secretredactor.h"

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
    QTest::addColumn<QByteArray>("secret");
    for (const QByteArray &secret : ExportFixtures::secrets())
        QTest::newRow(secret.constData()) << secret;
}

void TestExchangeJson::neverLeaksSecretsByDefault()
{
    QFETCH(QByteArray, secret);
    const QList<QByteArray> forms = {
        secret,
        secret.toBase64(),
        QUrl::toPercentEncoding(QString::fromLatin1(secret)),
        QByteArray(ExportFixtures::leakyUser() + ':' + secret).toBase64(),
    };
    const Exchange e = ExportFixtures::leakyExchange();
    for (const auto format : {QJsonDocument::Indented, QJsonDocument::Compact}) {
        const QByteArray redacted = ExchangeJson::toBytes(e, {}, format);
        for (const QByteArray &form : forms)
            QVERIFY2(!redacted.contains(form), form.constData());
        QVERIFY(redacted.contains("[redacted]"));

        ExportOptions withSecrets;
        withSecrets.includeSecrets = true;
        const QByteArray plain = ExchangeJson::toBytes(e, withSecrets, format);
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
    QVERIFY(retry.value(QLatin1String("reason")).toString().contains(QLatin1String("Basic challenge")));
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
    QCOMPARE(retry.value(QLatin1String("annotations")).toArray().size(), 1);
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

QTEST_GUILESS_MAIN(TestExchangeJson)
#include "tst_exchangejson.moc"
