#include "exportfixtures.h"

#include "export/exchangejson.h"
#include "export/harwriter.h"
#include "export/legphases.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

Q_DECLARE_METATYPE(LegTiming)
Q_DECLARE_METATYPE(Exchange)

#ifndef AUTHSCOPE_NPM_DIR
#error "AUTHSCOPE_NPM_DIR must name the directory where tests/npm-packages.txt is installed"
#endif

namespace {

QJsonArray entriesOf(const QJsonObject &har)
{
    return har.value(QLatin1String("log")).toObject().value(QLatin1String("entries")).toArray();
}

QList<Exchange> leakExchanges()
{
    QList<Exchange> exchanges;
    for (const ExportFixtures::LeakCase &c : ExportFixtures::leakCases())
        exchanges.append(c.exchange);
    return exchanges;
}

QList<Exchange> allCases()
{
    QList<Exchange> exchanges;
    for (const QString &name : ExportFixtures::caseNames())
        exchanges.append(ExportFixtures::exchange(name));
    return exchanges;
}

// Runs the independent validator (npm har-validator, HAR 1.2 JSON schema) on a file.
bool validateWithNode(const QString &path, QString *output)
{
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty()) {
        *output = QStringLiteral("node is not installed (apt-get install nodejs)");
        return false;
    }
    const QString modules = QStringLiteral(AUTHSCOPE_NPM_DIR "/node_modules");
    if (!QFileInfo::exists(modules + QStringLiteral("/har-validator/package.json"))) {
        *output = QStringLiteral("har-validator is not installed in %1 (install tests/npm-packages.txt there)")
                      .arg(modules);
        return false;
    }
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("NODE_PATH"), modules);
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(node, {QStringLiteral(AUTHSCOPE_SOURCE_DIR "/tests/export/validate-har.js"), path});
    if (!process.waitForFinished(60000)) {
        *output = QStringLiteral("node did not finish: %1").arg(process.errorString());
        process.kill();
        return false;
    }
    *output = QString::fromUtf8(process.readAll());
    return process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

// HAR 1.2's own fields per object; anything else must be a custom field starting with '_'.
const QHash<QString, QStringList> &harFields()
{
    static const QHash<QString, QStringList> fields = {
        {QStringLiteral("har"), {QStringLiteral("log")}},
        {QStringLiteral("log"), {QStringLiteral("version"), QStringLiteral("creator"), QStringLiteral("browser"),
                                 QStringLiteral("pages"), QStringLiteral("entries"), QStringLiteral("comment")}},
        {QStringLiteral("creator"), {QStringLiteral("name"), QStringLiteral("version"), QStringLiteral("comment")}},
        {QStringLiteral("entry"), {QStringLiteral("pageref"), QStringLiteral("startedDateTime"), QStringLiteral("time"),
                                   QStringLiteral("request"), QStringLiteral("response"), QStringLiteral("cache"),
                                   QStringLiteral("timings"), QStringLiteral("serverIPAddress"),
                                   QStringLiteral("connection"), QStringLiteral("comment")}},
        {QStringLiteral("request"), {QStringLiteral("method"), QStringLiteral("url"), QStringLiteral("httpVersion"),
                                     QStringLiteral("cookies"), QStringLiteral("headers"), QStringLiteral("queryString"),
                                     QStringLiteral("postData"), QStringLiteral("headersSize"), QStringLiteral("bodySize"),
                                     QStringLiteral("comment")}},
        {QStringLiteral("response"), {QStringLiteral("status"), QStringLiteral("statusText"), QStringLiteral("httpVersion"),
                                      QStringLiteral("cookies"), QStringLiteral("headers"), QStringLiteral("content"),
                                      QStringLiteral("redirectURL"), QStringLiteral("headersSize"),
                                      QStringLiteral("bodySize"), QStringLiteral("comment")}},
        {QStringLiteral("cookie"), {QStringLiteral("name"), QStringLiteral("value"), QStringLiteral("path"),
                                    QStringLiteral("domain"), QStringLiteral("expires"), QStringLiteral("httpOnly"),
                                    QStringLiteral("secure"), QStringLiteral("comment")}},
        {QStringLiteral("pair"), {QStringLiteral("name"), QStringLiteral("value"), QStringLiteral("comment")}},
        {QStringLiteral("postData"), {QStringLiteral("mimeType"), QStringLiteral("params"), QStringLiteral("text"),
                                      QStringLiteral("comment")}},
        {QStringLiteral("param"), {QStringLiteral("name"), QStringLiteral("value"), QStringLiteral("fileName"),
                                   QStringLiteral("contentType"), QStringLiteral("comment")}},
        {QStringLiteral("content"), {QStringLiteral("size"), QStringLiteral("compression"), QStringLiteral("mimeType"),
                                     QStringLiteral("text"), QStringLiteral("encoding"), QStringLiteral("comment")}},
        {QStringLiteral("cache"), {QStringLiteral("beforeRequest"), QStringLiteral("afterRequest"), QStringLiteral("comment")}},
        {QStringLiteral("timings"), {QStringLiteral("blocked"), QStringLiteral("dns"), QStringLiteral("connect"),
                                     QStringLiteral("send"), QStringLiteral("wait"), QStringLiteral("receive"),
                                     QStringLiteral("ssl"), QStringLiteral("comment")}},
    };
    return fields;
}

void checkFields(const QJsonObject &o, const QString &type, const QString &where, QStringList *problems)
{
    const QStringList allowed = harFields().value(type);
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!allowed.contains(it.key()) && !it.key().startsWith(u'_'))
            problems->append(where + u'.' + it.key());
    }
}

QStringList nonStandardFields(const QJsonObject &har)
{
    QStringList problems;
    checkFields(har, QStringLiteral("har"), QStringLiteral("$"), &problems);
    const QJsonObject log = har.value(QLatin1String("log")).toObject();
    checkFields(log, QStringLiteral("log"), QStringLiteral("log"), &problems);
    checkFields(log.value(QLatin1String("creator")).toObject(), QStringLiteral("creator"), QStringLiteral("creator"), &problems);
    const QJsonArray entries = log.value(QLatin1String("entries")).toArray();
    for (int i = 0; i < entries.size(); ++i) {
        const QJsonObject e = entries.at(i).toObject();
        const QString at = QStringLiteral("entries[%1]").arg(i);
        checkFields(e, QStringLiteral("entry"), at, &problems);
        checkFields(e.value(QLatin1String("cache")).toObject(), QStringLiteral("cache"), at + QStringLiteral(".cache"), &problems);
        checkFields(e.value(QLatin1String("timings")).toObject(), QStringLiteral("timings"), at + QStringLiteral(".timings"), &problems);
        for (const char *side : {"request", "response"}) {
            const QJsonObject r = e.value(QLatin1String(side)).toObject();
            const QString rAt = at + u'.' + QLatin1String(side);
            checkFields(r, QLatin1String(side), rAt, &problems);
            for (const QJsonValue &c : r.value(QLatin1String("cookies")).toArray())
                checkFields(c.toObject(), QStringLiteral("cookie"), rAt + QStringLiteral(".cookies"), &problems);
            for (const char *list : {"headers", "queryString"}) {
                for (const QJsonValue &h : r.value(QLatin1String(list)).toArray())
                    checkFields(h.toObject(), QStringLiteral("pair"), rAt + u'.' + QLatin1String(list), &problems);
            }
        }
        const QJsonObject post = e.value(QLatin1String("request")).toObject().value(QLatin1String("postData")).toObject();
        checkFields(post, QStringLiteral("postData"), at + QStringLiteral(".postData"), &problems);
        for (const QJsonValue &p : post.value(QLatin1String("params")).toArray())
            checkFields(p.toObject(), QStringLiteral("param"), at + QStringLiteral(".params"), &problems);
        checkFields(e.value(QLatin1String("response")).toObject().value(QLatin1String("content")).toObject(),
                    QStringLiteral("content"), at + QStringLiteral(".content"), &problems);
    }
    return problems;
}

} // namespace

class TestHarWriter : public QObject
{
    Q_OBJECT

private slots:
    void matchesGoldenFile_data();
    void matchesGoldenFile();
    void isValidHar12_data();
    void isValidHar12();
    void validatorRejectsBrokenHar();
    void writesOneEntryPerLegInOrder();
    void usesOnlyHarFieldsOrUnderscoreCustomFields();
    void mapsLegTimingToHarTimings_data();
    void mapsLegTimingToHarTimings();
    void entryTimeIsSumOfTimingsAndNeverNegative();
    void startsEntriesAtExchangeStartPlusQueued_data();
    void startsEntriesAtExchangeStartPlusQueued();
    void namesCreatorWithVersion();
    void recordsBodiesAsHarContent();
    void neverLeaksSecretsByDefault_data();
    void neverLeaksSecretsByDefault();
    void writesFileAtomically();
    void reportsUnwritablePath();
    void keepsExistingFileWhenDiskIsFull();
    void recordsAuthenticationUnderAuthscope();
    void writesDeviceInPlaceInsteadOfReplacingIt();
    void reportsWriteErrorOfDeviceClearly();
    void writesHarThroughFifo();
};

void TestHarWriter::matchesGoldenFile_data()
{
    QTest::addColumn<QString>("name");
    for (const QString &name : ExportFixtures::caseNames())
        QTest::newRow(qPrintable(name)) << name;
}

void TestHarWriter::matchesGoldenFile()
{
    QFETCH(QString, name);
    const QByteArray actual = HarWriter::toBytes({ExportFixtures::exchange(name)});
    QString message;
    QVERIFY2(ExportFixtures::matchesGolden(name, QStringLiteral("entries.har"), actual, &message), qPrintable(message));
}

void TestHarWriter::isValidHar12_data()
{
    QTest::addColumn<QList<Exchange>>("exchanges");
    QTest::addColumn<bool>("includeSecrets");
    for (const QString &name : ExportFixtures::caseNames())
        QTest::newRow(qPrintable(name)) << QList<Exchange>{ExportFixtures::exchange(name)} << false;
    QTest::newRow("all cases in one file") << allCases() << false;
    for (const ExportFixtures::LeakCase &c : ExportFixtures::leakCases()) {
        QTest::addRow("secrets redacted, %s", qPrintable(c.name)) << QList<Exchange>{c.exchange} << false;
        QTest::addRow("secrets included, %s", qPrintable(c.name)) << QList<Exchange>{c.exchange} << true;
    }
    QTest::newRow("no exchanges") << QList<Exchange>{} << false;
    Exchange noStart = ExportFixtures::exchange(QStringLiteral("digest-auth"));
    noStart.startedAt = QDateTime();
    QTest::newRow("start time unknown") << QList<Exchange>{noStart} << false;
}

void TestHarWriter::isValidHar12()
{
    QFETCH(QList<Exchange>, exchanges);
    QFETCH(bool, includeSecrets);
    ExportOptions options;
    options.includeSecrets = includeSecrets;

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("out.har"));
    QString error;
    QVERIFY2(HarWriter::write(path, exchanges, options, &error), qPrintable(error));
    QString output;
    QVERIFY2(validateWithNode(path, &output), qPrintable(output));
}

void TestHarWriter::validatorRejectsBrokenHar()
{
    // The check above is only worth something if the validator can say no.
    QJsonObject har = HarWriter::toHar({ExportFixtures::exchange(QStringLiteral("basic-auth-retry"))});
    QJsonObject log = har.value(QLatin1String("log")).toObject();
    QJsonArray entries = log.value(QLatin1String("entries")).toArray();
    QJsonObject first = entries.at(0).toObject();
    first.remove(QLatin1String("timings"));
    QJsonObject response = first.value(QLatin1String("response")).toObject();
    response.insert(QStringLiteral("status"), QStringLiteral("two hundred"));
    first.insert(QStringLiteral("response"), response);
    entries.replace(0, first);
    log.insert(QStringLiteral("entries"), entries);
    har.insert(QStringLiteral("log"), log);

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("broken.har"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(har).toJson());
    file.close();
    QString output;
    QVERIFY(!validateWithNode(path, &output));
    QVERIFY2(output.contains(QLatin1String("timings")), qPrintable(output));
    QVERIFY2(output.contains(QLatin1String("status")), qPrintable(output));
}

void TestHarWriter::writesOneEntryPerLegInOrder()
{
    const QList<Exchange> exchanges = allCases();
    const QJsonArray entries = entriesOf(HarWriter::toHar(exchanges));
    int total = 0;
    for (const Exchange &e : exchanges)
        total += int(e.legs.size());
    QCOMPARE(entries.size(), total);

    int n = 0;
    for (int x = 0; x < exchanges.size(); ++x) {
        for (const Leg &leg : exchanges.at(x).legs) {
            const QJsonObject entry = entries.at(n++).toObject();
            const QJsonObject custom = entry.value(QLatin1String("_authscope")).toObject();
            QCOMPARE(custom.value(QLatin1String("exchange")).toInt(), x);
            QCOMPARE(custom.value(QLatin1String("leg")).toInt(), leg.index);
            QCOMPARE(custom.value(QLatin1String("kind")).toString(), Leg::kindName(leg.kind));
            QCOMPARE(custom.value(QLatin1String("status")).toObject().value(QLatin1String("code")).toString(),
                     leg.status.codeName());
            QCOMPARE(custom.value(QLatin1String("insecure")).toBool(), leg.tls.verificationDisabled);
            QCOMPARE(entry.value(QLatin1String("request")).toObject().value(QLatin1String("method")).toString(),
                     QString::fromLatin1(leg.method));
            QCOMPARE(entry.value(QLatin1String("response")).toObject().value(QLatin1String("status")).toInt(),
                     leg.statusCode);
        }
    }

    // header sources ride along as a custom field
    const QJsonArray headers = entries.at(1).toObject().value(QLatin1String("request")).toObject()
                                   .value(QLatin1String("headers")).toArray();
    bool sawAuthorization = false;
    for (const QJsonValue &h : headers) {
        QVERIFY(h.toObject().contains(QLatin1String("_source")));
        if (h.toObject().value(QLatin1String("name")).toString() == u"Authorization") {
            QCOMPARE(h.toObject().value(QLatin1String("_source")).toString(), QStringLiteral("authentication"));
            QCOMPARE(h.toObject().value(QLatin1String("value")).toString(), QStringLiteral("Basic [redacted]"));
            sawAuthorization = true;
        }
    }
    QVERIFY(sawAuthorization);
}

void TestHarWriter::usesOnlyHarFieldsOrUnderscoreCustomFields()
{
    const QStringList problems = nonStandardFields(HarWriter::toHar(allCases() + leakExchanges()));
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));

    // and the check itself notices a stray field
    QJsonObject har = HarWriter::toHar({ExportFixtures::exchange(QStringLiteral("basic-auth-retry"))});
    QJsonObject log = har.value(QLatin1String("log")).toObject();
    log.insert(QStringLiteral("authscope"), true);
    har.insert(QStringLiteral("log"), log);
    QCOMPARE(nonStandardFields(har), QStringList{QStringLiteral("log.authscope")});
}

void TestHarWriter::mapsLegTimingToHarTimings_data()
{
    QTest::addColumn<LegTiming>("timing");
    // blocked, dns, connect, ssl, send, wait, receive (ms)
    QTest::addColumn<QList<double>>("expected");
    QTest::addColumn<bool>("noted");

    const qint64 us = 1000;
    QTest::newRow("tls new connection")
        << LegTiming{100 * us, 300 * us, 3000 * us, 3200 * us, 4000 * us, 4100 * us}
        << QList<double>{0.2, -1, 2.7, -1, 0.2, 0.8, 0.1} << false;
    QTest::newRow("plain new connection counts sending in connect")
        << LegTiming{100 * us, 300 * us, -1, 1200 * us, 4500 * us, 4800 * us}
        << QList<double>{0.2, -1, 0.9, -1, 0, 3.3, 0.3} << true;
    QTest::newRow("reused connection")
        << LegTiming{5000 * us, -1, -1, 5400 * us, 7900 * us, 8100 * us}
        << QList<double>{-1, -1, -1, -1, 0.4, 2.5, 0.2} << false;
    QTest::newRow("host not found before connecting")
        << LegTiming{0, -1, -1, -1, -1, 2500 * us}
        << QList<double>{2.5, -1, -1, -1, 0, 0, 0} << false;
    QTest::newRow("connection refused")
        << LegTiming{50 * us, 200 * us, -1, -1, -1, 900 * us}
        << QList<double>{0.15, -1, 0.7, -1, 0, 0, 0} << false;
    QTest::newRow("reset after the handshake")
        << LegTiming{0, 100 * us, 2100 * us, -1, -1, 2600 * us}
        << QList<double>{0.1, -1, 2.0, -1, 0.5, 0, 0} << false;
    QTest::newRow("timeout waiting for the response")
        << LegTiming{0, 10 * us, 2000 * us, 2100 * us, -1, 30000 * us}
        << QList<double>{0.01, -1, 1.99, -1, 0.1, 27.9, 0} << false;
    QTest::newRow("moments out of order are not negative")
        << LegTiming{1000 * us, 500 * us, -1, 400 * us, 300 * us, 200 * us}
        << QList<double>{0, -1, 0, -1, 0, 0, 0} << true;
    QTest::newRow("not finished")
        << LegTiming{0, -1, -1, 100 * us, -1, -1}
        << QList<double>{-1, -1, -1, -1, 0.1, 0, 0} << true;
    QTest::newRow("not timed")
        << LegTiming{}
        << QList<double>{-1, -1, -1, -1, 0, 0, 0} << true;
}

void TestHarWriter::mapsLegTimingToHarTimings()
{
    QFETCH(LegTiming, timing);
    QFETCH(QList<double>, expected);
    QFETCH(bool, noted);

    Exchange e = ExportFixtures::exchange(QStringLiteral("binary-download"));
    e.legs[0].timing = timing;
    const QJsonObject entry = entriesOf(HarWriter::toHar({e})).at(0).toObject();
    const QJsonObject t = entry.value(QLatin1String("timings")).toObject();
    const char *keys[] = {"blocked", "dns", "connect", "ssl", "send", "wait", "receive"};
    double sum = 0;
    for (int i = 0; i < 7; ++i) {
        const double actual = t.value(QLatin1String(keys[i])).toDouble(-99);
        QVERIFY2(qAbs(actual - expected.at(i)) < 1e-9,
                 qPrintable(QStringLiteral("%1: %2, expected %3").arg(QLatin1String(keys[i])).arg(actual).arg(expected.at(i))));
        if (actual >= 0)
            sum += actual;
    }
    QVERIFY(qAbs(entry.value(QLatin1String("time")).toDouble() - sum) < 1e-9);
    QCOMPARE(t.contains(QLatin1String("comment")), noted);
}

void TestHarWriter::entryTimeIsSumOfTimingsAndNeverNegative()
{
    const QJsonArray entries = entriesOf(HarWriter::toHar(allCases() + leakExchanges()));
    QVERIFY(!entries.isEmpty());
    for (const QJsonValue &v : entries) {
        const QJsonObject t = v.toObject().value(QLatin1String("timings")).toObject();
        double sum = 0;
        for (const char *key : {"blocked", "dns", "connect", "ssl"}) {
            const double d = t.value(QLatin1String(key)).toDouble();
            QVERIFY2(d == -1 || d >= 0, key);
            sum += qMax(d, 0.0);
        }
        for (const char *key : {"send", "wait", "receive"}) {
            QVERIFY2(t.value(QLatin1String(key)).toDouble(-1) >= 0, key);
            sum += t.value(QLatin1String(key)).toDouble();
        }
        QCOMPARE(t.value(QLatin1String("dns")).toDouble(), -1.0);
        QCOMPARE(t.value(QLatin1String("ssl")).toDouble(), -1.0);
        QVERIFY(qAbs(v.toObject().value(QLatin1String("time")).toDouble() - sum) < 1e-9);
    }
}

void TestHarWriter::startsEntriesAtExchangeStartPlusQueued_data()
{
    QTest::addColumn<QDateTime>("startedAt");
    QTest::addColumn<QString>("expected");
    QTest::newRow("utc") << QDateTime(QDate(2024, 3, 1), QTime(12, 0, 0, 250), Qt::UTC)
                         << QStringLiteral("2024-03-01T12:00:05.250Z");
    QTest::newRow("offset") << QDateTime(QDate(2024, 3, 1), QTime(14, 0, 0, 999), Qt::OffsetFromUTC, 2 * 3600)
                            << QStringLiteral("2024-03-01T14:00:05.999+02:00");
    QTest::newRow("crosses midnight") << QDateTime(QDate(2023, 12, 31), QTime(23, 59, 58), Qt::OffsetFromUTC, -5 * 3600)
                                      << QStringLiteral("2024-01-01T00:00:03.000-05:00");
}

void TestHarWriter::startsEntriesAtExchangeStartPlusQueued()
{
    QFETCH(QDateTime, startedAt);
    QFETCH(QString, expected);
    Exchange e = ExportFixtures::exchange(QStringLiteral("binary-download"));
    e.startedAt = startedAt;
    e.legs[0].timing.queuedNs = 5000 * qint64(1000000) + 123; // 5 s after the start
    const QString started = entriesOf(HarWriter::toHar({e})).at(0).toObject()
                                .value(QLatin1String("startedDateTime")).toString();
    QCOMPARE(started, expected);

    // Local time gets its offset written out too.
    e.startedAt = startedAt.toLocalTime();
    const QString local = entriesOf(HarWriter::toHar({e})).at(0).toObject()
                              .value(QLatin1String("startedDateTime")).toString();
    QVERIFY2(QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)$"))
                 .match(local).hasMatch(), qPrintable(local));
    QCOMPARE(QDateTime::fromString(local, Qt::ISODateWithMs).toMSecsSinceEpoch(),
             startedAt.toMSecsSinceEpoch() + 5000);
}

void TestHarWriter::namesCreatorWithVersion()
{
    const QString before = QCoreApplication::applicationVersion();
    QCoreApplication::setApplicationVersion(QString());
    QJsonObject creator = HarWriter::toHar({}).value(QLatin1String("log")).toObject()
                              .value(QLatin1String("creator")).toObject();
    QCOMPARE(creator.value(QLatin1String("name")).toString(), QStringLiteral("AuthScope"));
    QCOMPARE(creator.value(QLatin1String("version")).toString(), QStringLiteral(AUTHSCOPE_VERSION));

    QCoreApplication::setApplicationVersion(QStringLiteral("9.8.7"));
    creator = HarWriter::toHar({}).value(QLatin1String("log")).toObject().value(QLatin1String("creator")).toObject();
    QCOMPARE(creator.value(QLatin1String("version")).toString(), QStringLiteral("9.8.7"));
    QCoreApplication::setApplicationVersion(before);

    const QJsonObject log = HarWriter::toHar({}).value(QLatin1String("log")).toObject();
    QCOMPARE(log.value(QLatin1String("version")).toString(), QStringLiteral("1.2"));
    QVERIFY(log.value(QLatin1String("entries")).toArray().isEmpty());
}

void TestHarWriter::recordsBodiesAsHarContent()
{
    // binary: base64 with encoding
    QJsonObject entry = entriesOf(HarWriter::toHar({ExportFixtures::exchange(QStringLiteral("binary-download"))}))
                            .at(0).toObject();
    QJsonObject content = entry.value(QLatin1String("response")).toObject().value(QLatin1String("content")).toObject();
    QCOMPARE(content.value(QLatin1String("encoding")).toString(), QStringLiteral("base64"));
    QCOMPARE(QByteArray::fromBase64(content.value(QLatin1String("text")).toString().toLatin1()).left(4), QByteArray("\x89PNG"));
    QCOMPARE(content.value(QLatin1String("size")).toInt(), 33);
    QCOMPARE(content.value(QLatin1String("mimeType")).toString(), QStringLiteral("image/png"));
    QCOMPARE(entry.value(QLatin1String("response")).toObject().value(QLatin1String("bodySize")).toInt(), 33);

    // capped text: comment and _truncated
    ExportOptions small;
    small.maxBodyBytes = 10;
    entry = entriesOf(HarWriter::toHar({ExportFixtures::exchange(QStringLiteral("redirect-with-token"))}, small))
                .at(1).toObject();
    content = entry.value(QLatin1String("response")).toObject().value(QLatin1String("content")).toObject();
    QCOMPARE(content.value(QLatin1String("text")).toString().size(), 10);
    QVERIFY(content.value(QLatin1String("_truncated")).toBool());
    QVERIFY(content.value(QLatin1String("comment")).toString().contains(QLatin1String("cut to 10 of")));

    // form post: params, redacted; the body size as sent
    entry = entriesOf(HarWriter::toHar({ExportFixtures::exchange(QStringLiteral("token-endpoint-form"))})).at(0).toObject();
    const QJsonObject request = entry.value(QLatin1String("request")).toObject();
    const QJsonObject post = request.value(QLatin1String("postData")).toObject();
    QCOMPARE(post.value(QLatin1String("mimeType")).toString(), QStringLiteral("application/x-www-form-urlencoded"));
    QVERIFY(!post.contains(QLatin1String("text")));
    QHash<QString, QString> params;
    for (const QJsonValue &p : post.value(QLatin1String("params")).toArray())
        params.insert(p.toObject().value(QLatin1String("name")).toString(), p.toObject().value(QLatin1String("value")).toString());
    QCOMPARE(params.value(QStringLiteral("username")), QStringLiteral("alice"));
    QCOMPARE(params.value(QStringLiteral("password")), QStringLiteral("[redacted]"));
    QCOMPARE(params.value(QStringLiteral("client_secret")), QStringLiteral("[redacted]"));
    QCOMPARE(request.value(QLatin1String("bodySize")).toInt(), 94);

    // a decoded Content-Encoding: the wire size is unknown
    entry = entriesOf(HarWriter::toHar({ExportFixtures::exchange(QStringLiteral("insecure-tls"))})).at(0).toObject();
    QCOMPARE(entry.value(QLatin1String("response")).toObject().value(QLatin1String("bodySize")).toInt(), -1);

    // no response at all
    entry = entriesOf(HarWriter::toHar({ExportFixtures::exchange(QStringLiteral("connection-refused"))})).at(0).toObject();
    QCOMPARE(entry.value(QLatin1String("response")).toObject().value(QLatin1String("status")).toInt(), 0);
    QCOMPARE(entry.value(QLatin1String("_authscope")).toObject().value(QLatin1String("status")).toObject()
                 .value(QLatin1String("code")).toString(), QStringLiteral("connection-refused"));
}

void TestHarWriter::neverLeaksSecretsByDefault_data()
{
    QTest::addColumn<int>("leakCase");
    QTest::addColumn<QByteArray>("secret");
    const QList<ExportFixtures::LeakCase> cases = ExportFixtures::leakCases();
    for (int i = 0; i < cases.size(); ++i) {
        for (const QByteArray &secret : cases.at(i).secrets)
            QTest::addRow("%s: %s", qPrintable(cases.at(i).name), secret.constData()) << i << secret;
    }
}

void TestHarWriter::neverLeaksSecretsByDefault()
{
    QFETCH(int, leakCase);
    QFETCH(QByteArray, secret);
    const ExportFixtures::LeakCase c = ExportFixtures::leakCases().at(leakCase);
    const QList<QByteArray> forms = ExportFixtures::leakForms(secret, c.users);
    const QList<Exchange> exchanges = {c.exchange};
    const QByteArray redacted = HarWriter::toBytes(exchanges);
    for (const QByteArray &form : forms)
        QVERIFY2(!redacted.contains(form), form.constData());

    // base64 bodies decode to something without the secret too
    const QJsonArray entries = entriesOf(QJsonDocument::fromJson(redacted).object());
    for (const QJsonValue &entry : entries) {
        const QJsonObject content = entry.toObject().value(QLatin1String("response")).toObject()
                                        .value(QLatin1String("content")).toObject();
        if (content.value(QLatin1String("encoding")).toString() == u"base64")
            QVERIFY(!QByteArray::fromBase64(content.value(QLatin1String("text")).toString().toLatin1()).contains(secret));
    }

    ExportOptions withSecrets;
    withSecrets.includeSecrets = true;
    const QByteArray plain = HarWriter::toBytes(exchanges, withSecrets);
    QVERIFY2(std::any_of(forms.begin(), forms.end(), [&](const QByteArray &f) { return plain.contains(f); }),
             "with includeSecrets the secret must be in the HAR");
    QVERIFY(!plain.contains("[redacted]"));
}

void TestHarWriter::writesFileAtomically()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("a.har"));
    QFile old(path);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("old");
    old.close();

    const QList<Exchange> exchanges = allCases();
    QString error;
    QVERIFY2(HarWriter::write(path, exchanges, {}, &error), qPrintable(error));
    QVERIFY(error.isEmpty());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(ExportFixtures::normalized(file.readAll()), ExportFixtures::normalized(HarWriter::toBytes(exchanges)));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("a.har")});
}

void TestHarWriter::reportsUnwritablePath()
{
    QTemporaryDir dir;
    const QString missing = dir.filePath(QStringLiteral("no/such/dir/a.har"));
    QString error;
    QVERIFY(!HarWriter::write(missing, allCases(), {}, &error));
    QVERIFY2(error.contains(missing), qPrintable(error));
    QVERIFY(!QFileInfo::exists(missing));

    // a directory where the file should go
    error.clear();
    QVERIFY(!HarWriter::write(dir.path(), allCases(), {}, &error));
    QVERIFY2(error.contains(dir.path()), qPrintable(error));
}

void TestHarWriter::keepsExistingFileWhenDiskIsFull()
{
    // A file size limit makes writes fail with EFBIG, as a full disk fails them with ENOSPC.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("keep.har"));
    QFile old(path);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("previous export");
    old.close();

    const QByteArray bytes = HarWriter::toBytes(allCases());
    QVERIFY(bytes.size() > 4096);

    rlimit saved{};
    QCOMPARE(getrlimit(RLIMIT_FSIZE, &saved), 0);
    const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit tight = saved;
    tight.rlim_cur = 1024;
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &tight), 0);
    QString error;
    const bool written = HarWriter::write(path, allCases(), {}, &error);
    setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, previousHandler);

    QVERIFY(!written);
    QVERIFY2(error.contains(path), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("unchanged")), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("previous export"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("keep.har")});
}

void TestHarWriter::recordsAuthenticationUnderAuthscope()
{
    // The same three fields, in the same shape, as --json has them for each leg.
    const QList<Exchange> exchanges = allCases() + leakExchanges();
    const QJsonArray entries = entriesOf(HarWriter::toHar(exchanges));
    int n = 0;
    int withChallenges = 0;
    int withAuthentication = 0;
    for (const Exchange &e : exchanges) {
        const QJsonArray legs = ExchangeJson::toJson(e).value(QLatin1String("legs")).toArray();
        for (const QJsonValue &leg : legs) {
            const QJsonObject custom = entries.at(n++).toObject().value(QLatin1String("_authscope")).toObject();
            for (const char *key : {"challenges", "challengeProblems", "authentication"}) {
                QVERIFY2(custom.contains(QLatin1String(key)), key);
                QCOMPARE(custom.value(QLatin1String(key)), leg.toObject().value(QLatin1String(key)));
            }
            withChallenges += custom.value(QLatin1String("challenges")).toArray().isEmpty() ? 0 : 1;
            withAuthentication += custom.value(QLatin1String("authentication")).isNull() ? 0 : 1;
        }
    }
    QCOMPARE(n, entries.size());
    QVERIFY(withChallenges >= 4);
    QVERIFY(withAuthentication >= 4);

    const QJsonObject bearer = entriesOf(HarWriter::toHar({ExportFixtures::exchange(QStringLiteral("bearer-invalid-token"))}))
                                   .at(0).toObject().value(QLatin1String("_authscope")).toObject();
    QCOMPARE(bearer.value(QLatin1String("exchangeStatus")).toObject().value(QLatin1String("code")).toString(),
             QStringLiteral("authentication-failed"));
    QCOMPARE(bearer.value(QLatin1String("challenges")).toArray().at(0).toObject().value(QLatin1String("scheme")).toString(),
             QStringLiteral("Bearer"));
    QCOMPARE(bearer.value(QLatin1String("challengeProblems")).toArray().size(), 1);
}

void TestHarWriter::writesDeviceInPlaceInsteadOfReplacingIt()
{
    // As root, QSaveFile renames its temporary file over a device: /dev/null would become a
    // regular file. The node is the test's own, in its own directory.
    if (::geteuid() != 0)
        QSKIP("creating a device node needs root");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString node = dir.filePath(QStringLiteral("null"));
    QCOMPARE(::mknod(QFile::encodeName(node).constData(), S_IFCHR | 0600, makedev(1, 3)), 0);

    QString error;
    QVERIFY2(HarWriter::write(node, allCases(), {}, &error), qPrintable(error));
    struct stat st{};
    QCOMPARE(::lstat(QFile::encodeName(node).constData(), &st), 0);
    QVERIFY(S_ISCHR(st.st_mode));
    QCOMPARE(st.st_rdev, makedev(1, 3));
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System),
             QStringList{QStringLiteral("null")});
}

void TestHarWriter::reportsWriteErrorOfDeviceClearly()
{
    if (::geteuid() != 0)
        QSKIP("creating a device node needs root");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString node = dir.filePath(QStringLiteral("full"));
    QCOMPARE(::mknod(QFile::encodeName(node).constData(), S_IFCHR | 0600, makedev(1, 7)), 0); // as /dev/full

    QString error;
    QVERIFY(!HarWriter::write(node, allCases(), {}, &error));
    QVERIFY2(error.contains(node), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("No space left on device")), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("in place")), qPrintable(error));
    QVERIFY2(!error.contains(QLatin1String("unchanged")), qPrintable(error)); // nothing to promise for a device
    struct stat st{};
    QCOMPARE(::lstat(QFile::encodeName(node).constData(), &st), 0);
    QVERIFY(S_ISCHR(st.st_mode));
    QCOMPARE(st.st_rdev, makedev(1, 7));
}

void TestHarWriter::writesHarThroughFifo()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString fifo = dir.filePath(QStringLiteral("har.pipe"));
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    const int reader = ::open(QFile::encodeName(fifo).constData(), O_RDONLY | O_NONBLOCK);
    QVERIFY(reader >= 0);

    const QList<Exchange> exchanges = {ExportFixtures::exchange(QStringLiteral("digest-authentication-info"))};
    const QByteArray expected = HarWriter::toBytes(exchanges);
    QVERIFY2(expected.size() < 60000, "must fit the pipe's buffer: nobody reads while it is written");
    QString error;
    const bool written = HarWriter::write(fifo, exchanges, {}, &error);
    QByteArray received;
    char buffer[4096];
    for (ssize_t n; (n = ::read(reader, buffer, sizeof buffer)) > 0;)
        received.append(buffer, n);
    ::close(reader);
    QVERIFY2(written, qPrintable(error));
    QCOMPARE(ExportFixtures::normalized(received), ExportFixtures::normalized(expected));
    struct stat st{};
    QCOMPARE(::lstat(QFile::encodeName(fifo).constData(), &st), 0);
    QVERIFY(S_ISFIFO(st.st_mode));
}

QTEST_GUILESS_MAIN(TestHarWriter)
#include "tst_harwriter.moc"
