#include "apacheserver.h"
#include "cli/sendoptions.h"
#include "clirunner.h"
#include "httpbinserver.h"
#include "nginxserver.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <qplatformdefs.h>

#include <csignal>
#include <sys/stat.h>
#include <sys/sysmacros.h>

// authscope-cli send end to end: the built binary run as a process against python3-httpbin (and
// Apache as a forward proxy) on loopback, as a user or a script would run it.
class TestCliSend : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void showsEveryRedirectHopAsItsOwnLeg_data();
    void showsEveryRedirectHopAsItsOwnLeg();
    void withoutFollowingTheRedirectIsFinal();
    void stopsAfterTheRedirectLimit();
    void exitStatusFollowsFail_data();
    void exitStatusFollowsFail();
    void includePutsStatusAndHeadersBeforeBody();
    void outputWritesTheFinalBodyToAFile();
    void outputFailureIsAFileError_data();
    void outputFailureIsAFileError();
    void outputToADeviceWritesIntoIt();
    void stdoutFailureIsAFileError();
    void dataFromFileIsPostedByteForByte();
    void repeatedDataIsJoinedAsAForm();
    void dataJsonPostsJson();
    void repeatedHeadersAreSent();
    void verboseMarksFieldsAddedByOthers();
    void verboseShowsTheRequestBeforeTheAnswer();
    void verboseShowsCookiesSetAndSent();
    void jsonHoldsEveryLeg();
    void harFileIsWritten();
    void secretsAreRedactedUnlessIncluded_data();
    void secretsAreRedactedUnlessIncluded();
    void maxTimeStopsASlowExchange();
    void untrustedCertificateExitsFiveUnlessInsecure();
    void interruptCancelsAndStillWritesTheRecord();
    void refusedConnectionExitsFour();
    void sendsThroughAnHttpProxy();
    void sendsProxyCredentials();
    void refusedProxyIsAProxyError();
    void badInputIsOneLineAndExitsTwo_data();
    void badInputIsOneLineAndExitsTwo();
    void helpAndVersion_data();
    void helpAndVersion();

private:
    using Result = CliRunner::Result;
    static Result cli(const QStringList &arguments, const QString &stdoutFile = QString())
    {
        return CliRunner::run(arguments, stdoutFile);
    }
    QString url(const char *path) const { return m_httpbin.url(QString::fromUtf8(path)).toString(); }
    QString tempPath(const char *name) const { return m_dir.filePath(QString::fromUtf8(name)); }
    static int legCount(const QByteArray &err) { return CliRunner::legCount(err); }
    bool makeDevice(const char *name, int minor);

    HttpbinServer m_httpbin;
    QTemporaryDir m_dir;
};

namespace {

QStringList a(std::initializer_list<QString> list)
{
    return QStringList(list);
}

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

QJsonObject jsonOf(const QByteArray &bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

} // namespace

void TestCliSend::initTestCase()
{
    QVERIFY2(QFile::exists(QStringLiteral(AUTHSCOPE_BIN_DIR "/authscope-cli")), "authscope-cli was not built");
    QVERIFY(m_dir.isValid());
    QString error;
    QVERIFY2(m_httpbin.start(&error), qPrintable(error));
}

void TestCliSend::showsEveryRedirectHopAsItsOwnLeg_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("legs");

    QTest::newRow("redirect/3") << s("/redirect/3") << 4;
    QTest::newRow("relative-redirect/2") << s("/relative-redirect/2") << 3;
    QTest::newRow("absolute-redirect/1") << s("/absolute-redirect/1") << 2;
}

void TestCliSend::showsEveryRedirectHopAsItsOwnLeg()
{
    QFETCH(QString, path);
    QFETCH(int, legs);

    const Result r = cli({s("send"), s("-v"), s("-L"), m_httpbin.url(path).toString()});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(legCount(r.err), legs);
    QVERIFY2(r.err.contains("* Leg 1 (initial): "), r.err.constData());
    for (int i = 2; i <= legs; ++i)
        QVERIFY2(r.err.contains(QByteArray("* Leg " + QByteArray::number(i) + " (redirect): ")), r.err.constData());
    // Leg by leg in order: each leg's request, then its response, before the next leg starts.
    const QStringList blocks = QString::fromUtf8(r.err).split(QRegularExpression(s("(?m)^(?=\\* Leg \\d+ \\()")),
                                                              Qt::SkipEmptyParts);
    QCOMPARE(blocks.size(), legs);
    for (int i = 0; i < legs; ++i) {
        QVERIFY2(blocks.at(i).startsWith(QStringLiteral("* Leg %1 (").arg(i + 1)), qPrintable(blocks.at(i)));
        QCOMPARE(blocks.at(i).count(s("\n> GET ")), 1);
        QCOMPARE(blocks.at(i).count(s("\n< HTTP/1.1 ")), 1);
    }
    QCOMPARE(r.err.count("< HTTP/1.1 302 FOUND\n"), legs - 1);
    QCOMPARE(r.err.count("< HTTP/1.1 200 OK\n"), 1);
    QVERIFY2(r.err.contains("> GET /get HTTP/1.1\n"), r.err.constData());
    QVERIFY2(r.err.contains("* Timing: "), r.err.constData());
    QVERIFY2(r.err.contains(QByteArray("* Exchange done, " + QByteArray::number(legs) + " legs")), r.err.constData());
    // Only the final body reaches stdout.
    QCOMPARE(jsonOf(r.out).value(s("url")).toString(), url("/get"));
}

void TestCliSend::withoutFollowingTheRedirectIsFinal()
{
    const Result verbose = cli({s("send"), s("-v"), url("/redirect/1")});
    QCOMPARE(verbose.exitCode, 0);
    QCOMPARE(legCount(verbose.err), 1);
    QVERIFY2(verbose.err.contains("< HTTP/1.1 302 FOUND\n"), verbose.err.constData());
    QVERIFY2(verbose.err.contains("< Location: /get\n"), verbose.err.constData());
    QVERIFY2(verbose.err.contains(QByteArray("* Note [redirect-not-followed]: Not following the redirect to " + url("/get").toUtf8())),
             verbose.err.constData());

    const Result quiet = cli({s("send"), url("/redirect/1")});
    QCOMPARE(quiet.exitCode, 0);
    QCOMPARE(quiet.err, "authscope-cli: note: the server redirects (302) to " + url("/get").toUtf8()
                     + "; use -L to follow\n");
}

void TestCliSend::stopsAfterTheRedirectLimit()
{
    const Result r = cli({s("send"), s("-L"), s("--max-redirs"), s("1"), url("/redirect/3")});
    QCOMPARE(r.exitCode, 7);
    QVERIFY2(r.err.startsWith("authscope-cli: error: "), r.err.constData());
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY(r.out.isEmpty());
}

void TestCliSend::exitStatusFollowsFail_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("fail");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("err");

    QTest::newRow("404 without --fail") << s("/status/404") << false << 0 << QByteArray();
    QTest::newRow("404 with --fail") << s("/status/404") << true << 22
                                     << QByteArray("authscope-cli: error: the server answered HTTP/1.1 404 NOT FOUND (--fail)\n");
    QTest::newRow("500 with --fail") << s("/status/500") << true << 22
                                     << QByteArray("authscope-cli: error: the server answered HTTP/1.1 500 INTERNAL SERVER ERROR (--fail)\n");
    QTest::newRow("399 is no failure") << s("/status/204") << true << 0 << QByteArray();
}

void TestCliSend::exitStatusFollowsFail()
{
    QFETCH(QString, path);
    QFETCH(bool, fail);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, err);

    QStringList arguments{s("send"), m_httpbin.url(path).toString()};
    if (fail)
        arguments.append(s("--fail"));
    const Result r = cli(arguments);
    QCOMPARE(r.exitCode, exitCode);
    QCOMPARE(r.err, err);
    if (exitCode == 22)
        QVERIFY(r.out.isEmpty());
}

void TestCliSend::includePutsStatusAndHeadersBeforeBody()
{
    const Result r = cli({s("send"), s("-i"), url("/get")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.startsWith("HTTP/1.1 200 OK\r\n"), r.out.constData());
    const qsizetype split = r.out.indexOf("\r\n\r\n");
    QVERIFY(split > 0);
    QVERIFY2(r.out.left(split).contains("\r\nContent-Type: application/json"), r.out.constData());
    QCOMPARE(jsonOf(r.out.mid(split + 4)).value(s("url")).toString(), url("/get"));
}

void TestCliSend::outputWritesTheFinalBodyToAFile()
{
    const QString path = tempPath("out.json");
    const Result r = cli({s("send"), s("-L"), s("-o"), path, url("/redirect/1")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.isEmpty());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(jsonOf(file.readAll()).value(s("url")).toString(), url("/get"));

    const QString withHead = tempPath("with-head.txt");
    QCOMPARE(cli({s("send"), s("-i"), s("-o"), withHead, url("/bytes/64")}).exitCode, 0);
    QFile head(withHead);
    QVERIFY(head.open(QIODevice::ReadOnly));
    const QByteArray content = head.readAll();
    QVERIFY(content.startsWith("HTTP/1.1 200 OK\r\n"));
    QCOMPARE(content.size() - (content.indexOf("\r\n\r\n") + 4), 64);
}

void TestCliSend::outputFailureIsAFileError_data()
{
    QTest::addColumn<QString>("path");

    QTest::newRow("directory does not exist") << tempPath("no-such-dir/out.bin");
    QTest::newRow("path is a directory") << m_dir.path();
    // A device that is always full: every write fails as on a full disk.
    QTest::newRow("disk full") << tempPath("full");
}

void TestCliSend::outputFailureIsAFileError()
{
    QFETCH(QString, path);
    if (path == tempPath("full") && !makeDevice("full", 7))
        QSKIP("creating a device node needs root");
    const Result r = cli({s("send"), s("-o"), path, url("/bytes/1024")});
    QCOMPARE(r.exitCode, 9);
    QVERIFY2(r.err.startsWith(QByteArray("authscope-cli: error: cannot write \"" + path.toUtf8() + "\": ")), r.err.constData());
    QCOMPARE(r.err.count('\n'), 1);
}

void TestCliSend::outputToADeviceWritesIntoIt()
{
    // "-o /dev/null" must not replace the device by a regular file (QSaveFile renames over it).
    if (!makeDevice("null", 3))
        QSKIP("creating a device node needs root");
    const Result r = cli({s("send"), s("-o"), tempPath("null"), url("/bytes/1024")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.err.isEmpty());
    QT_STATBUF status;
    QCOMPARE(QT_STAT(QFile::encodeName(tempPath("null")).constData(), &status), 0);
    QVERIFY2(S_ISCHR(status.st_mode), "the device node was replaced");

    const Result har = cli({s("send"), s("--har"), tempPath("null"), url("/get")});
    QCOMPARE(har.exitCode, 0);
    QCOMPARE(QT_STAT(QFile::encodeName(tempPath("null")).constData(), &status), 0);
    QVERIFY2(S_ISCHR(status.st_mode), "--har replaced the device node");
}

void TestCliSend::stdoutFailureIsAFileError()
{
    if (!makeDevice("full", 7))
        QSKIP("creating a device node needs root");
    const Result r = cli({s("send"), url("/bytes/1024")}, tempPath("full"));
    QCOMPARE(r.exitCode, 9);
    QVERIFY2(r.err.startsWith("authscope-cli: error: cannot write to standard output: "), r.err.constData());
}

bool TestCliSend::makeDevice(const char *name, int minor)
{
    // A private copy of /dev/full or /dev/null (char 1:7, 1:3): a bug cannot harm the real one.
    const QByteArray path = QFile::encodeName(tempPath(name));
    QT_STATBUF status;
    if (QT_STAT(path.constData(), &status) == 0)
        return S_ISCHR(status.st_mode);
    return ::mknod(path.constData(), S_IFCHR | 0666, makedev(1, minor)) == 0;
}

void TestCliSend::dataFromFileIsPostedByteForByte()
{
    const QByteArray content("first line\nsecond=line&x=1\n\xc3\xa9");
    const QString path = tempPath("upload.txt");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();

    const Result r = cli({s("send"), s("-H"), s("Content-Type: text/plain"), s("-d"), u'@' + path, url("/post")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject echoed = jsonOf(r.out);
    QCOMPARE(echoed.value(s("data")).toString().toUtf8(), content);
    QCOMPARE(echoed.value(s("headers")).toObject().value(s("Content-Type")).toString(), s("text/plain"));
    QCOMPARE(echoed.value(s("headers")).toObject().value(s("Content-Length")).toString(),
             QString::number(content.size()));

    // Without -H the file is a form, as curl sends it.
    const QString form = tempPath("form.txt");
    QFile formFile(form);
    QVERIFY(formFile.open(QIODevice::WriteOnly));
    formFile.write("name=alice&role=admin");
    formFile.close();
    const Result posted = cli({s("send"), s("-d"), u'@' + form, url("/post")});
    QCOMPARE(jsonOf(posted.out).value(s("form")).toObject().value(s("name")).toString(), s("alice"));
}

void TestCliSend::repeatedDataIsJoinedAsAForm()
{
    const Result r = cli({s("send"), s("-d"), s("a=1"), s("-d"), s("b=two"), url("/post")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject echoed = jsonOf(r.out);
    QCOMPARE(echoed.value(s("form")).toObject(), (QJsonObject{{s("a"), s("1")}, {s("b"), s("two")}}));
    QCOMPARE(echoed.value(s("headers")).toObject().value(s("Content-Type")).toString(),
             s("application/x-www-form-urlencoded"));
}

void TestCliSend::dataJsonPostsJson()
{
    const Result r = cli({s("send"), s("--data-json"), s("{\"a\":[1,2]}"), url("/post")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject echoed = jsonOf(r.out);
    QCOMPARE(echoed.value(s("json")).toObject().value(s("a")).toArray(), (QJsonArray{1, 2}));
    QCOMPARE(echoed.value(s("headers")).toObject().value(s("Content-Type")).toString(), s("application/json"));
}

void TestCliSend::repeatedHeadersAreSent()
{
    const Result r = cli({s("send"), s("-H"), s("X-One: first"), s("-H"), s("X-Two:second"),
                          s("-H"), s("User-Agent: my-agent/1"), url("/headers")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject headers = jsonOf(r.out).value(s("headers")).toObject();
    QCOMPARE(headers.value(s("X-One")).toString(), s("first"));
    QCOMPARE(headers.value(s("X-Two")).toString(), s("second"));
    QCOMPARE(headers.value(s("User-Agent")).toString(), s("my-agent/1"));
}

void TestCliSend::verboseMarksFieldsAddedByOthers()
{
    const Result r = cli({s("send"), s("-v"), s("-H"), s("X-Mine: 1"), s("-d"), s("a=1"), url("/post")});
    QCOMPARE(r.exitCode, 0);
    const QByteArray host = m_httpbin.url(s("/")).authority().toUtf8();
    QVERIFY2(r.err.contains("> POST /post HTTP/1.1\n"), r.err.constData());
    QVERIFY2(r.err.contains(QByteArray("> Host: " + host + "   [added by Qt]\n")), r.err.constData());
    QVERIFY2(r.err.contains("> X-Mine: 1\n"), r.err.constData());
    QVERIFY2(r.err.contains("> User-Agent: AuthScope/" AUTHSCOPE_VERSION "   [default]\n"), r.err.constData());
    QVERIFY2(r.err.contains("> Content-Type: application/x-www-form-urlencoded   [from body]\n"), r.err.constData());
    QVERIFY2(r.err.contains("> Content-Length: 3   [added by Qt]\n"), r.err.constData());
    QVERIFY2(r.err.contains("* Request body: 3 bytes"), r.err.constData());
    QVERIFY2(r.err.contains("< Content-Type: application/json\n"), r.err.constData());
}

void TestCliSend::verboseShowsTheRequestBeforeTheAnswer()
{
    QProcess process;
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(QStringLiteral(AUTHSCOPE_BIN_DIR "/authscope-cli"), {s("send"), s("-v"), url("/delay/3")});
    QByteArray err;
    QElapsedTimer timer;
    timer.start();
    // Until the request part is there: no output in the first 100 ms (a slow start on a loaded
    // machine or under the sanitizers) is not a reason to stop reading.
    while (!err.contains(">\n") && timer.elapsed() < 2500) {
        process.waitForReadyRead(100);
        err += process.readAllStandardError();
    }
    err += process.readAllStandardError();
    QVERIFY2(timer.elapsed() < 2500, "the request part waited for the answer");
    QVERIFY2(err.contains("* Leg 1 (initial): ") && err.contains("> GET /delay/3 HTTP/1.1\n"), err.constData());
    QVERIFY2(!err.contains("< HTTP/1.1"), err.constData());
    QVERIFY(process.waitForFinished(10000));
    err += process.readAllStandardError();
    QCOMPARE(process.exitCode(), 0);
    QCOMPARE(err.count("* Leg 1 ("), 1);
    QVERIFY2(err.indexOf("< HTTP/1.1 200 OK") > err.indexOf("> GET /delay/3"), err.constData());
}

void TestCliSend::verboseShowsCookiesSetAndSent()
{
    const QString setUrl = m_httpbin.url(s("/cookies/set?flavour=chocolate")).toString();
    const Result r = cli({s("send"), s("-v"), s("-L"), setUrl});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(legCount(r.err), 2);
    const qsizetype second = r.err.indexOf("* Leg 2 (redirect)");
    const qsizetype set = r.err.indexOf("* Cookie set: flavour=[redacted]; path=/\n");
    QVERIFY2(set >= 0 && set < second, r.err.constData());
    QVERIFY2(r.err.indexOf("> Cookie: flavour=[redacted]   [cookie jar]\n") > second, r.err.constData());
    QVERIFY2(r.err.indexOf("* Cookie sent: flavour=[redacted]\n") > second, r.err.constData());
    QCOMPARE(jsonOf(r.out).value(s("cookies")).toObject().value(s("flavour")).toString(), s("chocolate"));

    const Result shown = cli({s("send"), s("-v"), s("-L"), s("--include-secrets"), setUrl});
    QVERIFY2(shown.err.contains("* Cookie sent: flavour=chocolate\n"), shown.err.constData());
}

void TestCliSend::jsonHoldsEveryLeg()
{
    const Result r = cli({s("send"), s("--json"), s("-L"), url("/redirect/2")});
    QCOMPARE(r.exitCode, 0);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(r.out, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    const QJsonArray legs = document.object().value(s("legs")).toArray();
    QCOMPARE(legs.size(), 3);
    QVERIFY(r.err.isEmpty());
}

void TestCliSend::harFileIsWritten()
{
    const QString path = tempPath("exchange.har");
    const Result r = cli({s("send"), s("-L"), s("--har"), path, url("/redirect/1")});
    QCOMPARE(r.exitCode, 0);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject log = jsonOf(file.readAll()).value(s("log")).toObject();
    QCOMPARE(log.value(s("version")).toString(), s("1.2"));
    QCOMPARE(log.value(s("entries")).toArray().size(), 2);

    // The export work's validator, when it exists, judges HAR validity; run it on our file too.
    const QString validator = QStringLiteral(AUTHSCOPE_SOURCE_DIR "/tests/export/validate-har.js");
    if (QFile::exists(validator)) {
        QProcess node;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(s("NODE_PATH"), QStringLiteral(AUTHSCOPE_NPM_DIR "/node_modules"));
        node.setProcessEnvironment(env);
        node.start(QStringLiteral("node"), {validator, path});
        QVERIFY(node.waitForFinished(30000));
        QVERIFY2(node.exitCode() == 0, node.readAllStandardError().constData());
    }

    const Result bad = cli({s("send"), s("--har"), tempPath("missing-dir/x.har"), url("/get")});
    QCOMPARE(bad.exitCode, 9);
    QVERIFY2(bad.err.startsWith("authscope-cli: error: "), bad.err.constData());
    QVERIFY2(bad.err.contains(QFile::encodeName(tempPath("missing-dir/x.har"))), bad.err.constData());
    QCOMPARE(bad.err.count('\n'), 1);
}

void TestCliSend::secretsAreRedactedUnlessIncluded_data()
{
    QTest::addColumn<QString>("output"); // json, har or verbose
    QTest::addColumn<bool>("includeSecrets");

    for (const char *output : {"json", "har", "verbose"}) {
        QTest::addRow("%s redacted", output) << s(output) << false;
        QTest::addRow("%s with --include-secrets", output) << s(output) << true;
    }
}

void TestCliSend::secretsAreRedactedUnlessIncluded()
{
    QFETCH(QString, output);
    QFETCH(bool, includeSecrets);

    const QByteArray password("Sup3rSecretPw");
    const QByteArray basic = QByteArray("alice:" + password).toBase64();
    // --auth basic sends Basic with the first leg, so the server need not challenge.
    QStringList arguments{s("send"), s("--auth"), s("basic"), s("-u"), s("alice:") + QString::fromUtf8(password),
                          s("-H"), s("Cookie: session=cookie-secret-value")};
    const QString harPath = tempPath("secrets.har");
    QFile::remove(harPath);
    if (output == u"json")
        arguments.append(s("--json"));
    else if (output == u"har")
        arguments += QStringList{s("--har"), harPath};
    else
        arguments.append(s("-v"));
    if (includeSecrets)
        arguments.append(s("--include-secrets"));
    // /status/200 answers with an empty body, so nothing secret is echoed back by the server.
    arguments.append(url("/status/200"));

    const Result r = cli(arguments);
    QCOMPARE(r.exitCode, 0);
    QByteArray text = output == u"json" ? r.out : r.err;
    if (output == u"har") {
        QFile file(harPath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        text = file.readAll();
    }
    QVERIFY(!text.isEmpty());
    if (includeSecrets) {
        QVERIFY2(text.contains(basic), text.constData());
        QVERIFY2(text.contains("cookie-secret-value"), text.constData());
    } else {
        QVERIFY2(!text.contains(basic), text.constData());
        QVERIFY2(!text.contains(password), text.constData());
        QVERIFY2(!text.contains("cookie-secret-value"), text.constData());
        QVERIFY2(text.contains("Basic [redacted]"), text.constData());
    }
}

void TestCliSend::maxTimeStopsASlowExchange()
{
    const Result r = cli({s("send"), s("--max-time"), s("1"), url("/delay/5")});
    QCOMPARE(r.exitCode, 6);
    QVERIFY2(r.elapsedMs < 4000, qPrintable(QString::number(r.elapsedMs)));
    QVERIFY2(r.err.startsWith("authscope-cli: error: "), r.err.constData());
    QCOMPARE(r.err.count('\n'), 1);

    const Result fractional = cli({s("send"), s("--max-time"), s("0.3"), url("/delay/3")});
    QCOMPARE(fractional.exitCode, 6);
    QVERIFY2(fractional.elapsedMs < 2500, qPrintable(QString::number(fractional.elapsedMs)));
}

void TestCliSend::untrustedCertificateExitsFiveUnlessInsecure()
{
    NginxServer nginx;
    QVERIFY(nginx.writeFile(s("hello.txt"), "hello over TLS\n"));
    QString error;
    QVERIFY2(nginx.start(&error), qPrintable(error));
    const QString target = nginx.httpsUrl(s("/hello.txt")).toString();

    const Result refused = cli({s("send"), target});
    QCOMPARE(refused.exitCode, 5);
    QVERIFY2(refused.err.startsWith("authscope-cli: error: "), refused.err.constData());
    QCOMPARE(refused.err.count('\n'), 1);
    QVERIFY(refused.out.isEmpty());

    const Result insecure = cli({s("send"), s("-v"), s("-k"), target});
    QCOMPARE(insecure.exitCode, 0);
    QCOMPARE(insecure.out, QByteArray("hello over TLS\n"));
    QVERIFY2(insecure.err.contains("* TLS: TLSv1."), insecure.err.constData());
    QVERIFY2(insecure.err.contains("* TLS certificate verification is OFF (--insecure)\n"), insecure.err.constData());
    QVERIFY2(QString::fromUtf8(insecure.err).contains(QRegularExpression(s("\\* TLS error: .+ \\(ignored: --insecure\\)\n"))),
             insecure.err.constData());
    QVERIFY2(insecure.err.contains("connect+TLS"), insecure.err.constData());
}

void TestCliSend::interruptCancelsAndStillWritesTheRecord()
{
    const QString har = tempPath("interrupted.har");
    QFile::remove(har);
    QProcess process;
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(QStringLiteral(AUTHSCOPE_BIN_DIR "/authscope-cli"),
                  {s("send"), s("-v"), s("--har"), har, url("/delay/10")});
    QVERIFY(process.waitForStarted());
    QTest::qWait(1000); // the request is out; httpbin holds the answer back
    QElapsedTimer timer;
    timer.start();
    ::kill(pid_t(process.processId()), SIGINT);
    QVERIFY(process.waitForFinished(5000));
    QVERIFY(timer.elapsed() < 3000);
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 130);
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(err.contains("* Leg 1 (initial)"), err.constData());
    QVERIFY2(err.contains("* Exchange failed (cancelled)"), err.constData());
    QFile file(har);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(jsonOf(file.readAll()).value(s("log")).toObject().value(s("entries")).toArray().size(), 1);
}

void TestCliSend::refusedConnectionExitsFour()
{
    const quint16 closedPort = ServerProcess::freePort();
    const Result r = cli({s("send"), s("-v"), QStringLiteral("http://127.0.0.1:%1/").arg(closedPort)});
    QCOMPARE(r.exitCode, 4);
    QVERIFY2(r.err.contains("* Failed (connection-refused): "), r.err.constData());
    QVERIFY2(r.err.contains("\nauthscope-cli: error: Connection refused"), r.err.constData());
    QVERIFY(r.out.isEmpty());
}

void TestCliSend::sendsThroughAnHttpProxy()
{
    ApacheServer proxy;
    QString error;
    QVERIFY2(proxy.start(&error), qPrintable(error));
    const Result r = cli({s("send"), s("--proxy"), QStringLiteral("http://127.0.0.1:%1").arg(proxy.port()),
                          url("/headers")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(proxy.accessLog().contains(QStringLiteral("GET %1 HTTP/1.1 200").arg(url("/headers"))),
             qPrintable(proxy.accessLog().join(u'\n')));
}

void TestCliSend::sendsProxyCredentials()
{
    // Apache as a forward proxy that wants Basic proxy credentials ({SHA} entries need no htpasswd).
    ApacheServer proxy;
    const QByteArray sha = QCryptographicHash::hash("proxy-pw", QCryptographicHash::Sha1).toBase64();
    QFile users(proxy.workDir() + s("/proxy.htpasswd"));
    QVERIFY(users.open(QIODevice::WriteOnly));
    users.write("bob:{SHA}" + sha + '\n');
    users.close();
    proxy.addDirectives(QStringLiteral("<Proxy \"*\">\n  AuthType Basic\n  AuthName \"proxy\"\n"
                                       "  AuthBasicProvider file\n  AuthUserFile \"%1\"\n  Require valid-user\n"
                                       "</Proxy>")
                                .arg(users.fileName()));
    QString error;
    QVERIFY2(proxy.start(&error), qPrintable(error));
    const QString proxyUrl = QStringLiteral("http://127.0.0.1:%1").arg(proxy.port());

    // Without credentials, or with wrong ones, the exchange fails at the proxy (exit 10): no loop,
    // one line naming the proxy's realm and the option that gives its credentials.
    for (const QStringList &extra : {QStringList(), QStringList{s("--proxy-user"), s("bob:wrong")}}) {
        const Result denied = cli(QStringList{s("send"), s("--max-time"), s("10"), s("--proxy"), proxyUrl} + extra
                                  + QStringList{url("/headers")});
        QVERIFY2(denied.exitCode == 10, denied.err.constData());
        QVERIFY2(denied.err.startsWith(QStringLiteral("authscope-cli: error: The proxy basic realm \"proxy\" at %1 ")
                                               .arg(proxyUrl).toUtf8()),
                 denied.err.constData());
        QVERIFY2(denied.err.contains("--proxy-user USER:PASSWORD"), denied.err.constData());
        QCOMPARE(denied.err.count('\n'), 1);
    }

    const Result r = cli({s("send"), s("--proxy"), proxyUrl, s("--proxy-user"), s("bob:proxy-pw"), url("/headers")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    // Apache adds no Via to a forwarded request (curl shows the same); its access log shows the hop.
    QVERIFY2(proxy.accessLog().contains(QStringLiteral("GET %1 HTTP/1.1 200").arg(url("/headers"))),
             qPrintable(proxy.accessLog().join(u'\n')));
    const QJsonObject headers = jsonOf(r.out).value(s("headers")).toObject();
    QVERIFY2(!headers.isEmpty(), r.out.constData());
    QVERIFY2(!headers.contains(s("Proxy-Authorization")), "the proxy credentials reached the origin");
}

void TestCliSend::refusedProxyIsAProxyError()
{
    const quint16 closedPort = ServerProcess::freePort();
    const Result r = cli({s("send"), s("--proxy"), QStringLiteral("http://127.0.0.1:%1").arg(closedPort), url("/get")});
    // Qt reports a refused HTTP proxy as a refused connection; the engine names the proxy.
    QCOMPARE(r.exitCode, 8);
    QVERIFY2(r.err.startsWith("authscope-cli: error: The proxy http://127.0.0.1:"), r.err.constData());
    QCOMPARE(r.err.count('\n'), 1);
}

void TestCliSend::badInputIsOneLineAndExitsTwo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("line");

    QTest::newRow("header without colon") << a({s("send"), s("-H"), s("Foo"), s("http://127.0.0.1:1/")})
                                          << QByteArray("authscope-cli: error: header \"Foo\" has no colon\n");
    QTest::newRow("unknown option") << a({s("send"), s("--frobnicate"), s("http://127.0.0.1:1/")})
                                    << QByteArray("authscope-cli: error: unknown option \"--frobnicate\" "
                                                  "(see authscope-cli send --help)\n");
    QTest::newRow("missing URL") << a({s("send"), s("-v")})
                                 << QByteArray("authscope-cli: error: no URL given (see authscope-cli send --help)\n");
    QTest::newRow("malformed URL") << a({s("send"), s("http://exa mple/")})
                                   << QByteArray("authscope-cli: error: malformed URL \"http://exa mple/\": "
                                                 "Invalid hostname (contains invalid characters)\n");
    QTest::newRow("unreadable @file") << a({s("send"), s("-d"), s("@/nonexistent/body"), s("http://127.0.0.1:1/")})
                                      << QByteArray("authscope-cli: error: cannot read \"/nonexistent/body\": "
                                                    "No such file or directory\n");
    QTest::newRow("bad number") << a({s("send"), s("--max-time"), s("soon"), s("http://127.0.0.1:1/")})
                                << QByteArray("authscope-cli: error: --max-time needs a number of seconds greater "
                                              "than 0, not \"soon\"\n");
    QTest::newRow("unknown command") << a({s("get"), s("http://127.0.0.1:1/")})
                                     << QByteArray("authscope-cli: error: unknown command \"get\" "
                                                   "(see authscope-cli --help)\n");
}

void TestCliSend::badInputIsOneLineAndExitsTwo()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, line);
    const Result r = cli(arguments);
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.err, line);
    QVERIFY(r.out.isEmpty());
}

void TestCliSend::helpAndVersion_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("contains");

    QTest::newRow("no arguments") << QStringList() << QByteArray("Usage: authscope-cli COMMAND");
    QTest::newRow("help") << a({s("help")}) << QByteArray("EXIT STATUS");
    QTest::newRow("--help") << a({s("--help")}) << QByteArray("--include-secrets");
    QTest::newRow("send --help") << a({s("send"), s("--help")}) << QByteArray("EXAMPLES");
    QTest::newRow("--version") << a({s("--version")}) << QByteArray("authscope-cli " AUTHSCOPE_VERSION);
}

void TestCliSend::helpAndVersion()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, contains);
    const Result r = cli(arguments);
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(contains), r.out.constData());
    QVERIFY(r.err.isEmpty());
}

QTEST_GUILESS_MAIN(TestCliSend)
#include "tst_clisend.moc"
