#include "clirunner.h"
#include "diagnosis/diagnosiscode.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

// authscope-cli lab as a user runs it: one lab process for the whole test, its lessons listed with
// "lab --list --json", then every lesson's `try` sent with "authscope-cli send" against it and the
// exchange's diagnosis compared with the lesson's expectedDiagnosis.
class TestCliLab : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void listJsonHasTheDocumentedShape();
    void listTableNamesEveryLesson();
    void everyDiagnosisCodeHasALesson();
    void tryReproducesTheExpectedDiagnosis_data();
    void tryReproducesTheExpectedDiagnosis();
    void logsOneLinePerRequestWithoutHeaderValues();
    void aPortInUseIsAClearError();
    void listenBeyondLoopbackIsWarnedAbout();
    void badOptionsAreRefused_data();
    void badOptionsAreRefused();
    void sigintStopsTheLabCleanly();

private:
    QJsonArray listJson();

    std::unique_ptr<QProcess> m_lab;
    QString m_origin;
    quint16 m_port = 0;
    // The lab's stderr goes to a file: a pipe nobody reads while the walk runs could fill and
    // block the lab.
    QTemporaryDir m_logDir;
};

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

// Starts "authscope-cli lab ARGUMENTS" and reads its first stdout line; empty (and the test
// failed) when none came within 10 s.
QString startLab(QProcess *process, const QStringList &arguments)
{
    process->setStandardInputFile(QProcess::nullDevice());
    process->start(CliRunner::program(), QStringList{s("lab")} + arguments);
    QElapsedTimer timer;
    timer.start();
    QByteArray out;
    while (!out.contains('\n') && timer.elapsed() < 10000 && process->state() != QProcess::NotRunning) {
        process->waitForReadyRead(100);
        out += process->readAllStandardOutput();
    }
    [&] { QVERIFY2(out.contains('\n'), process->readAllStandardError().constData()); }();
    return QString::fromUtf8(out).trimmed();
}

// The port in "AuthScope lab listening on http://127.0.0.1:PORT/ (N lessons; Ctrl+C stops it)".
quint16 portIn(const QString &line)
{
    static const QRegularExpression listening(
            s("^AuthScope lab listening on http://127\\.0\\.0\\.1:(\\d+)/ \\((\\d+) lessons; Ctrl\\+C stops it\\)$"));
    const QRegularExpressionMatch match = listening.match(line);
    return match.hasMatch() ? quint16(match.captured(1).toUInt()) : 0;
}

} // namespace

void TestCliLab::initTestCase()
{
    QVERIFY(m_logDir.isValid());
    m_lab = std::make_unique<QProcess>();
    m_lab->setStandardErrorFile(m_logDir.filePath(s("lab.log")));
    const QString line = startLab(m_lab.get(), {s("--port"), s("0")});
    m_port = portIn(line);
    QVERIFY2(m_port > 0, qPrintable(line));
    m_origin = s("http://127.0.0.1:%1").arg(m_port);
}

void TestCliLab::cleanupTestCase()
{
    if (!m_lab || m_lab->state() == QProcess::NotRunning)
        return;
    m_lab->terminate(); // SIGTERM
    QVERIFY(m_lab->waitForFinished(5000));
    QCOMPARE(m_lab->exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_lab->exitCode(), 0);
}

QJsonArray TestCliLab::listJson()
{
    const CliRunner::Result listed = CliRunner::run({s("lab"), s("--list"), s("--json"), s("--port"), QString::number(m_port)});
    [&] { QCOMPARE(listed.exitCode, 0); }();
    QJsonParseError error;
    const QJsonDocument json = QJsonDocument::fromJson(listed.out, &error);
    [&] { QVERIFY2(json.isArray(), qPrintable(error.errorString())); }();
    return json.array();
}

void TestCliLab::listJsonHasTheDocumentedShape()
{
    const QJsonArray lessons = listJson();
    QSet<QString> ids;
    for (const QJsonValue &value : lessons) {
        QVERIFY(value.isObject());
        const QJsonObject lesson = value.toObject();
        const QString id = lesson[s("id")].toString();
        QVERIFY2(!id.isEmpty() && !ids.contains(id), qPrintable(id));
        ids.insert(id);
        for (const char *key : {"id", "path", "title", "lesson", "credentials", "expectedDiagnosis"})
            QVERIFY2(lesson[s(key)].isString(), qPrintable(id + u' ' + s(key)));
        QVERIFY2(lesson[s("try")].isArray(), qPrintable(id));
        for (const QJsonValue &argument : lesson[s("try")].toArray()) {
            QVERIFY2(argument.isString(), qPrintable(id));
            QVERIFY2(!argument.toString().contains(s("{origin}")), qPrintable(id));
        }
        QVERIFY2(lesson[s("path")].toString().startsWith(u'/'), qPrintable(id));
        QCOMPARE(lesson[s("url")].toString(), m_origin + lesson[s("path")].toString());
    }
    // The running lab serves the same list.
    const CliRunner::Result served = CliRunner::run({s("send"), s("--no-keychain"), s("--no-prompt"),
                                                     m_origin + s("/scenarios.json")});
    QCOMPARE(served.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(served.out).array(), lessons);
}

void TestCliLab::listTableNamesEveryLesson()
{
    const CliRunner::Result table = CliRunner::run({s("lab"), s("--list")});
    QCOMPARE(table.exitCode, 0);
    const QStringList lines = QString::fromUtf8(table.out).split(u'\n', Qt::SkipEmptyParts);
    QVERIFY(!lines.isEmpty());
    QVERIFY(lines.first().startsWith(s("ID")));
    QVERIFY(lines.first().contains(s("DIAGNOSIS")));
    const QJsonArray lessons = listJson();
    QCOMPARE(lines.size(), lessons.size() + 1);
    for (int i = 0; i < lessons.size(); ++i)
        QVERIFY(lines.at(i + 1).startsWith(lessons.at(i)[s("id")].toString() + u' '));
}

void TestCliLab::everyDiagnosisCodeHasALesson()
{
    QSet<QString> expected;
    for (const QJsonValue &lesson : listJson())
        expected.insert(lesson[s("expectedDiagnosis")].toString());
    QStringList missing;
    for (DiagnosisCode code : DiagnosisCodes::all()) {
        if (code != DiagnosisCode::None && !expected.contains(DiagnosisCodes::name(code)))
            missing.append(DiagnosisCodes::name(code));
    }
    QVERIFY2(missing.isEmpty(), qPrintable(s("no lesson produces: ") + missing.join(s(", "))));
}

void TestCliLab::tryReproducesTheExpectedDiagnosis_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected");
    for (const QJsonValue &value : listJson()) {
        const QJsonObject lesson = value.toObject();
        QStringList arguments{s("send"), s("--json"), s("--no-keychain"), s("--no-prompt")};
        for (const QJsonValue &argument : lesson[s("try")].toArray())
            arguments.append(argument.toString());
        arguments.append(lesson[s("url")].toString());
        QTest::newRow(qPrintable(lesson[s("id")].toString())) << arguments << lesson[s("expectedDiagnosis")].toString();
    }
}

void TestCliLab::tryReproducesTheExpectedDiagnosis()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);
    const CliRunner::Result sent = CliRunner::run(arguments);
    QVERIFY2(sent.exitCode >= 0, sent.err.constData());
    QJsonParseError error;
    const QJsonDocument json = QJsonDocument::fromJson(sent.out, &error);
    QVERIFY2(json.isObject(), qPrintable(error.errorString() + u' ' + QString::fromUtf8(sent.err)));
    const QJsonValue diagnosis = json[s("diagnosis")];
    const QString code = diagnosis.isObject() ? diagnosis[s("code")].toString() : QString();
    QStringList legs;
    for (const QJsonValue &leg : json[s("legs")].toArray())
        legs.append(QString::number(leg[s("response")][s("statusCode")].toInt()));
    if (code != expected) {
        qWarning("legs %s, status %s", qPrintable(legs.join(s(" -> "))),
                 qPrintable(json[s("status")][s("code")].toString()));
    }
    QCOMPARE(code, expected);
}

void TestCliLab::logsOneLinePerRequestWithoutHeaderValues()
{
    QFile logFile(m_logDir.filePath(s("lab.log")));
    QVERIFY(logFile.open(QIODevice::ReadOnly));
    const QByteArray labLog = logFile.readAll();
    const QStringList lines = QString::fromUtf8(labLog).split(u'\n', Qt::SkipEmptyParts);
    static const QRegularExpression logLine(s("^[A-Z]+ \\S+ -> \\d{3}$"));
    for (const QString &line : lines)
        QVERIFY2(logLine.match(line).hasMatch(), qPrintable(line));
    QVERIFY(labLog.contains("GET /scenarios.json -> 200\n"));
    // Every lesson's path was asked for (the send of its try), and no credential reached the log.
    for (const QJsonValue &lesson : listJson()) {
        const QString path = lesson[s("path")].toString().section(u'?', 0, 0);
        // origin-form, or absolute-form through the lab's proxy; the query may follow.
        const QRegularExpression asked(QRegularExpression::escape(path) + s("(\\?\\S*)? -> \\d{3}$"),
                                       QRegularExpression::MultilineOption);
        QVERIFY2(asked.match(QString::fromUtf8(labLog)).hasMatch(), qPrintable(path));
    }
    for (const char *secretish : {"Basic ", "Bearer ", "Digest "})
        QVERIFY2(!labLog.contains(secretish), secretish);
}

void TestCliLab::aPortInUseIsAClearError()
{
    const CliRunner::Result taken = CliRunner::run({s("lab"), s("--port"), QString::number(m_port)});
    QCOMPARE(taken.exitCode, 4);
    QVERIFY(taken.out.isEmpty());
    QVERIFY2(taken.err.contains(QByteArray("cannot listen on 127.0.0.1:" + QByteArray::number(m_port))), taken.err.constData());
    QVERIFY2(taken.err.contains("--port"), taken.err.constData());
}

void TestCliLab::listenBeyondLoopbackIsWarnedAbout()
{
    // 192.0.2.1 (TEST-NET-1) is no address of this machine: the warning comes, then the refusal,
    // and nothing listens beyond loopback while the test runs.
    const CliRunner::Result exposed = CliRunner::run({s("lab"), s("--port"), s("0"), s("--listen"), s("192.0.2.1")});
    QCOMPARE(exposed.exitCode, 4);
    QVERIFY2(exposed.err.contains("warning: --listen 192.0.2.1 is not loopback"), exposed.err.constData());
    QVERIFY2(exposed.err.contains("cannot listen on 192.0.2.1:0"), exposed.err.constData());
    // Loopback is not warned about.
    const CliRunner::Result loopback = CliRunner::run({s("lab"), s("--port"), QString::number(m_port), s("--listen"), s("localhost")});
    QVERIFY(!loopback.err.contains("warning"));
}

void TestCliLab::badOptionsAreRefused_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("named");
    QTest::newRow("port-too-big") << QStringList{s("lab"), s("--port"), s("70000")} << QByteArray("70000");
    QTest::newRow("port-not-a-number") << QStringList{s("lab"), s("--port"), s("http")} << QByteArray("http");
    QTest::newRow("listen-not-an-address") << QStringList{s("lab"), s("--listen"), s("lab.example")} << QByteArray("lab.example");
    QTest::newRow("json-without-list") << QStringList{s("lab"), s("--json")} << QByteArray("--list");
    QTest::newRow("list-port-0") << QStringList{s("lab"), s("--list"), s("--port"), s("0")} << QByteArray("0");
    QTest::newRow("argument") << QStringList{s("lab"), s("basic")} << QByteArray("basic");
    QTest::newRow("unknown-option") << QStringList{s("lab"), s("--verbose")} << QByteArray("--verbose");
}

void TestCliLab::badOptionsAreRefused()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, named);
    const CliRunner::Result refused = CliRunner::run(arguments);
    QCOMPARE(refused.exitCode, 2);
    QVERIFY(refused.out.isEmpty());
    QVERIFY2(refused.err.startsWith("authscope-cli: error: ") && refused.err.contains(named), refused.err.constData());
}

void TestCliLab::sigintStopsTheLabCleanly()
{
    QProcess lab;
    const quint16 port = portIn(startLab(&lab, {s("--port"), s("0")}));
    QVERIFY(port > 0);
    QVERIFY(port != m_port);
    ::kill(pid_t(lab.processId()), SIGINT);
    QVERIFY(lab.waitForFinished(5000));
    QCOMPARE(lab.exitStatus(), QProcess::NormalExit);
    QCOMPARE(lab.exitCode(), 0);
    QVERIFY(lab.readAllStandardError().contains("the lab stopped"));
    // And the port is free again.
    QProcess again;
    QCOMPARE(portIn(startLab(&again, {s("--port"), QString::number(port)})), port);
    again.terminate();
    QVERIFY(again.waitForFinished(5000));
    QCOMPARE(again.exitCode(), 0);

    const CliRunner::Result help = CliRunner::run({s("lab"), s("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("--listen ADDRESS"));
}

QTEST_GUILESS_MAIN(TestCliLab)
#include "tst_clilab.moc"
