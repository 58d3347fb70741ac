#include "export/curlcommand.h"
#include "exchangerunning.h"
#include "exportfixtures.h"
#include "httpbinserver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

// "Copy as curl": the command is read back by a real POSIX shell (with curl stood in by a function
// that prints its arguments) to check the quoting, and run with the real curl against httpbin to
// check that the same request arrives.
class tst_CurlCommand : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void shellPassesValuesThroughUnchanged_data();
    void shellPassesValuesThroughUnchanged();
    void methodOptionOnlyWhenNotImplied_data();
    void methodOptionOnlyWhenNotImplied();
    void secretsBecomeShellVariables();
    void revealSecretsWritesTheValues();
    void bodyNotRecordedWholeReadsAFile();
    void verificationOffGivesInsecureOption();
    void realCurlSendsWhatTheLegSent_data();
    void realCurlSendsWhatTheLegSent();

private:
    // Runs the command in sh with curl() replaced by a function printing its arguments, one per
    // NUL; env holds the secret variables.
    QList<QByteArray> argumentsOf(const QString &command, const QProcessEnvironment &env = {});
    QByteArray runShell(const QString &script, const QProcessEnvironment &env, int *exitCode);

    QTemporaryDir m_dir;
    HttpbinServer m_httpbin;
};

namespace {

QProcessEnvironment environmentWith(const QList<QPair<QString, QByteArray>> &variables)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const auto &variable : variables)
        env.insert(variable.first, QString::fromUtf8(variable.second));
    return env;
}

QByteArray optionValue(const QList<QByteArray> &arguments, const QByteArray &option)
{
    const qsizetype at = arguments.indexOf(option);
    return at >= 0 ? arguments.value(at + 1) : QByteArray();
}

QList<QByteArray> headerArguments(const QList<QByteArray> &arguments)
{
    QList<QByteArray> out;
    for (qsizetype i = 0; i + 1 < arguments.size(); ++i) {
        if (arguments.at(i) == "-H")
            out.append(arguments.at(i + 1));
    }
    return out;
}

// httpbin's echo of a request: method, query arguments, raw body and fields (without those the
// client's HTTP stack adds on its own).
struct Echo
{
    QString method;
    QJsonObject args;
    QString data;
    QJsonObject headers;
};

Echo echoOf(const QByteArray &json, const QSet<QString> &ignoredFields)
{
    const QJsonObject root = QJsonDocument::fromJson(json).object();
    Echo echo{root.value(u"method").toString(), root.value(u"args").toObject(), root.value(u"data").toString(),
              root.value(u"headers").toObject()};
    for (const QString &name : ignoredFields)
        echo.headers.remove(name);
    return echo;
}

const QString hostile = QStringLiteral("it's \"$HOME\" `id` $(touch PWNED) \\ ; | & > x");

} // namespace

void tst_CurlCommand::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    QVERIFY2(m_httpbin.start(&error), qPrintable(error));
    QVERIFY2(QFile::exists(QStringLiteral("/usr/bin/curl")), "curl is a test package (scripts/common.sh)");
}

void tst_CurlCommand::cleanupTestCase()
{
    // Nothing in any command ran what it quoted.
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("PWNED"))));
}

QByteArray tst_CurlCommand::runShell(const QString &script, const QProcessEnvironment &env, int *exitCode)
{
    QProcess shell;
    shell.setWorkingDirectory(m_dir.path());
    shell.setProcessEnvironment(env.isEmpty() ? QProcessEnvironment::systemEnvironment() : env);
    shell.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), script});
    if (!shell.waitForFinished(10000)) {
        shell.kill();
        shell.waitForFinished();
        *exitCode = -1;
        return {};
    }
    *exitCode = shell.exitStatus() == QProcess::NormalExit ? shell.exitCode() : -2;
    if (*exitCode != 0)
        qWarning().noquote() << "sh said:" << shell.readAllStandardError();
    return shell.readAllStandardOutput();
}

QList<QByteArray> tst_CurlCommand::argumentsOf(const QString &command, const QProcessEnvironment &env)
{
    const QString script = QStringLiteral("curl() { for a in \"$@\"; do printf '%s\\0' \"$a\"; done; }\n") + command;
    int exitCode = 0;
    QByteArray out = runShell(script, env, &exitCode);
    [&] { QCOMPARE(exitCode, 0); }();
    if (out.endsWith('\0'))
        out.chop(1);
    return out.split('\0');
}

void tst_CurlCommand::shellPassesValuesThroughUnchanged_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::newRow("single quotes") << QByteArrayLiteral("it's 'quoted' ''");
    QTest::newRow("double quotes") << QByteArrayLiteral("say \"hi\"");
    QTest::newRow("dollar and command substitution") << QByteArrayLiteral("$HOME ${PATH} $(touch PWNED)");
    QTest::newRow("backticks") << QByteArrayLiteral("`touch PWNED` ``` fence");
    QTest::newRow("backslashes and operators") << QByteArrayLiteral("a\\b\\\\ ; | & > PWNED < *");
    QTest::newRow("everything") << hostile.toUtf8();
    QTest::newRow("utf-8") << QByteArrayLiteral("Gr\xc3\xbc\xc3\x9f \xe2\x9c\x93");
}

void tst_CurlCommand::shellPassesValuesThroughUnchanged()
{
    QFETCH(QByteArray, value);
    Leg leg = ExportFixtures::leg(0, Leg::Kind::Initial, "POST", QStringLiteral("http://127.0.0.1:9/anything"));
    leg.requestHeaders.append("X-Note", value);
    leg.requestHeaders.append("Content-Type", "text/plain", HeaderField::Source::Body);
    // A body spans lines: the line breaks stay inside the quotes.
    leg.requestBody = value + "\nsecond line\n" + value;
    leg.requestBodySize = leg.requestBody.size();
    const QString command = CurlCommand::forLeg(leg);

    const QList<QByteArray> arguments = argumentsOf(command);
    QVERIFY(headerArguments(arguments).contains("X-Note: " + value));
    QCOMPARE(optionValue(arguments, "--data-binary"), leg.requestBody);
    QCOMPARE(arguments.constLast(), QByteArrayLiteral("http://127.0.0.1:9/anything"));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("PWNED"))));
}

void tst_CurlCommand::methodOptionOnlyWhenNotImplied_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QList<QByteArray>>("expected");
    QTest::addColumn<QList<QByteArray>>("absent");
    QTest::newRow("GET") << QByteArrayLiteral("GET") << QByteArray() << QList<QByteArray>{} << QList<QByteArray>{"-X", "--head"};
    QTest::newRow("POST with body") << QByteArrayLiteral("POST") << QByteArrayLiteral("a=1") << QList<QByteArray>{} << QList<QByteArray>{"-X"};
    QTest::newRow("POST without body") << QByteArrayLiteral("POST") << QByteArray() << QList<QByteArray>{"-X", "POST"} << QList<QByteArray>{};
    QTest::newRow("HEAD") << QByteArrayLiteral("HEAD") << QByteArray() << QList<QByteArray>{"--head"} << QList<QByteArray>{"-X"};
    QTest::newRow("PUT with body") << QByteArrayLiteral("PUT") << QByteArrayLiteral("x") << QList<QByteArray>{"-X", "PUT"} << QList<QByteArray>{};
    QTest::newRow("GET with body") << QByteArrayLiteral("GET") << QByteArrayLiteral("x") << QList<QByteArray>{"-X", "GET"} << QList<QByteArray>{};
    QTest::newRow("body starting with @") << QByteArrayLiteral("POST") << QByteArrayLiteral("@/etc/passwd")
                                          << QList<QByteArray>{"--data-raw", "@/etc/passwd"} << QList<QByteArray>{"--data-binary"};
}

void tst_CurlCommand::methodOptionOnlyWhenNotImplied()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, body);
    QFETCH(QList<QByteArray>, expected);
    QFETCH(QList<QByteArray>, absent);
    Leg leg = ExportFixtures::leg(0, Leg::Kind::Initial, method, QStringLiteral("http://127.0.0.1:9/x"));
    leg.requestBody = body;
    leg.requestBodySize = body.size();
    const QList<QByteArray> arguments = argumentsOf(CurlCommand::forLeg(leg));
    for (const QByteArray &argument : expected)
        QVERIFY2(arguments.contains(argument), argument.constData());
    for (const QByteArray &argument : absent)
        QVERIFY2(!arguments.contains(argument), argument.constData());
    QVERIFY(arguments.contains("--http1.1"));
}

void tst_CurlCommand::secretsBecomeShellVariables()
{
    Leg leg = ExportFixtures::leg(0, Leg::Kind::AuthRetry, "POST",
                                  QStringLiteral("http://127.0.0.1:9/anything?page=2&api_key=K3y-in-query&x="));
    leg.requestHeaders.append("Authorization", "Basic YWxpY2U6czNjcjN0LXBhc3M=", HeaderField::Source::Authentication);
    leg.requestHeaders.append("Cookie", "sid=s3ss10n-c00kie; lang=en", HeaderField::Source::CookieJar);
    leg.requestHeaders.append("X-Api-Key", "h34der-k3y");
    leg.requestHeaders.append("Content-Type", "application/x-www-form-urlencoded", HeaderField::Source::Body);
    leg.requestBody = "user=alice&password=f0rm-p4ss&remember=1";
    leg.requestBodySize = leg.requestBody.size();
    const QList<QByteArray> secrets = {"YWxpY2U6czNjcjN0LXBhc3M=", "s3ss10n-c00kie", "K3y-in-query", "h34der-k3y", "f0rm-p4ss"};

    const QString command = CurlCommand::forLeg(leg);
    for (const QByteArray &secret : secrets)
        QVERIFY2(!command.contains(QString::fromLatin1(secret)), secret.constData());
    const QStringList names = {QStringLiteral("AUTHSCOPE_AUTHORIZATION"), QStringLiteral("AUTHSCOPE_COOKIE"),
                               QStringLiteral("AUTHSCOPE_X_API_KEY"), QStringLiteral("AUTHSCOPE_QUERY_API_KEY"),
                               QStringLiteral("AUTHSCOPE_FORM_PASSWORD")};
    for (const QString &name : names) {
        QVERIFY2(command.contains(QStringLiteral("# export %1=").arg(name)), qPrintable(name));
        QVERIFY2(command.contains(u'$' + name), qPrintable(name));
    }
    // The comment still says which scheme and which cookie: the shape, not the value.
    QVERIFY(command.contains(QStringLiteral("Basic [redacted]")));
    QVERIFY(command.contains(QStringLiteral("sid=[redacted]")));

    // With the variables set, the shell hands curl the values as recorded.
    const QProcessEnvironment env = environmentWith({{names.at(0), "Basic YWxpY2U6czNjcjN0LXBhc3M="},
                                                     {names.at(1), "sid=s3ss10n-c00kie; lang=en"},
                                                     {names.at(2), "h34der-k3y"},
                                                     {names.at(3), "K3y-in-query"},
                                                     {names.at(4), "f0rm-p4ss"}});
    const QList<QByteArray> arguments = argumentsOf(command, env);
    const QList<QByteArray> fields = headerArguments(arguments);
    QVERIFY(fields.contains("Authorization: Basic YWxpY2U6czNjcjN0LXBhc3M="));
    QVERIFY(fields.contains("Cookie: sid=s3ss10n-c00kie; lang=en"));
    QVERIFY(fields.contains("X-Api-Key: h34der-k3y"));
    QCOMPARE(optionValue(arguments, "--data-binary"), leg.requestBody);
    QCOMPARE(arguments.constLast(), QByteArrayLiteral("http://127.0.0.1:9/anything?page=2&api_key=K3y-in-query&x="));
}

void tst_CurlCommand::revealSecretsWritesTheValues()
{
    Leg leg = ExportFixtures::leg(0, Leg::Kind::Initial, "GET", QStringLiteral("http://127.0.0.1:9/x?access_token=t0k3n"));
    leg.requestHeaders.append("Authorization", "Bearer abc.def.ghi", HeaderField::Source::Authentication);
    const QString command = CurlCommand::forLeg(leg, true);
    QVERIFY(!command.contains(QStringLiteral("AUTHSCOPE_")));
    const QList<QByteArray> arguments = argumentsOf(command);
    QVERIFY(headerArguments(arguments).contains("Authorization: Bearer abc.def.ghi"));
    QCOMPARE(arguments.constLast(), QByteArrayLiteral("http://127.0.0.1:9/x?access_token=t0k3n"));
}

void tst_CurlCommand::bodyNotRecordedWholeReadsAFile()
{
    Leg cut = ExportFixtures::leg(0, Leg::Kind::Initial, "PUT", QStringLiteral("http://127.0.0.1:9/up"));
    cut.requestBody = QByteArray(100, 'a');
    cut.requestBodySize = 5000000;
    const QString cutCommand = CurlCommand::forLeg(cut);
    QVERIFY(cutCommand.contains(QStringLiteral("only the first 100 were recorded")));
    QCOMPARE(optionValue(argumentsOf(cutCommand), "--data-binary"), QByteArrayLiteral("@body.bin"));

    Leg fromFile = cut;
    fromFile.requestBodySource = QStringLiteral("file /tmp/it's here.bin");
    QCOMPARE(optionValue(argumentsOf(CurlCommand::forLeg(fromFile)), "--data-binary"),
             QByteArrayLiteral("@/tmp/it's here.bin"));

    Leg binary = ExportFixtures::leg(0, Leg::Kind::Initial, "POST", QStringLiteral("http://127.0.0.1:9/up"));
    binary.requestBody = QByteArray("a\0b\xff", 4);
    binary.requestBodySize = 4;
    QVERIFY(CurlCommand::forLeg(binary).contains(QStringLiteral("is binary")));
}

void tst_CurlCommand::verificationOffGivesInsecureOption()
{
    Leg leg = ExportFixtures::leg(0, Leg::Kind::Initial, "GET", QStringLiteral("https://127.0.0.1:9/"));
    QVERIFY(!argumentsOf(CurlCommand::forLeg(leg)).contains("-k"));
    leg.tls.verificationDisabled = true;
    QVERIFY(argumentsOf(CurlCommand::forLeg(leg)).contains("-k"));
}

void tst_CurlCommand::realCurlSendsWhatTheLegSent_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("pathAndQuery");
    QTest::addColumn<QByteArray>("body");   // empty: none; "@FILE": a file body
    QTest::addColumn<bool>("withSecrets");
    QTest::newRow("GET with a quoted field") << QByteArrayLiteral("GET") << QStringLiteral("/anything?a=1&b=two+words")
                                             << QByteArray() << false;
    QTest::newRow("POST text with quotes, newlines, $ and backticks")
            << QByteArrayLiteral("POST") << QStringLiteral("/anything") << (hostile + QStringLiteral("\nline 2\n")).toUtf8() << false;
    QTest::newRow("PUT body from a file") << QByteArrayLiteral("PUT") << QStringLiteral("/anything/up")
                                          << QByteArrayLiteral("@FILE") << false;
    QTest::newRow("DELETE with bearer, API key in the query and a cookie")
            << QByteArrayLiteral("DELETE") << QStringLiteral("/anything/item") << QByteArray() << true;
}

void tst_CurlCommand::realCurlSendsWhatTheLegSent()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, pathAndQuery);
    QFETCH(QByteArray, body);
    QFETCH(bool, withSecrets);

    HttpRequest request;
    request.method = method;
    request.url = m_httpbin.url(pathAndQuery);
    request.headers.append("X-Quoted", hostile.toUtf8());
    request.headers.append("X-Empty", "");
    if (body == "@FILE") {
        const QString path = m_dir.filePath(QStringLiteral("it's a body.bin"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("file body\nwith 'quotes' and $dollars\n");
        file.close();
        request.body = RequestBody::file(path, "application/octet-stream");
    } else if (!body.isEmpty()) {
        request.body = RequestBody::text(body);
    }
    QList<QPair<QString, QByteArray>> variables;
    if (withSecrets) {
        request.credentials.token = "bearer-t0ken-value";
        request.credentials.apiKeyName = "api_key";
        request.credentials.apiKeyValue = "qu3ry-k3y";
        request.credentials.apiKeyInQuery = true;
        request.headers.append("Cookie", "session=c00kie-value-long");
        variables = {{QStringLiteral("AUTHSCOPE_AUTHORIZATION"), "Bearer bearer-t0ken-value"},
                     {QStringLiteral("AUTHSCOPE_QUERY_API_KEY"), "qu3ry-k3y"},
                     {QStringLiteral("AUTHSCOPE_COOKIE"), "session=c00kie-value-long"}};
    }
    const Exchange exchange = ExchangeRunning::run(request);
    QCOMPARE(exchange.legs.size(), 1);
    const Leg &leg = exchange.legs.constFirst();
    QCOMPARE(leg.statusCode, 200);

    const QString command = CurlCommand::forLeg(leg);
    if (withSecrets) {
        for (const char *secret : {"bearer-t0ken-value", "qu3ry-k3y", "c00kie-value-long"})
            QVERIFY2(!command.contains(QLatin1String(secret)), secret);
    }
    int exitCode = 0;
    const QByteArray curlEcho = runShell(command.trimmed() + QStringLiteral(" --silent --show-error --max-time 10"),
                                         environmentWith(variables), &exitCode);
    QCOMPARE(exitCode, 0);

    // What Qt added (Host, Connection, Accept-Encoding, ...) curl adds in its own way, or not.
    QSet<QString> ignored = {QStringLiteral("Host"), QStringLiteral("Content-Length")};
    for (const HeaderField &field : leg.requestHeaders) {
        if (field.source == HeaderField::Source::Transport)
            ignored.insert(QString::fromLatin1(field.name));
    }
    const Echo sent = echoOf(leg.responseBody->read(), ignored);
    const Echo replayed = echoOf(curlEcho, ignored);
    QCOMPARE(replayed.method, sent.method);
    QCOMPARE(replayed.args, sent.args);
    QCOMPARE(replayed.data, sent.data);
    QCOMPARE(replayed.headers, sent.headers);
    QVERIFY(sent.headers.contains(u"X-Quoted"));
    if (withSecrets)
        QCOMPARE(replayed.headers.value(u"Authorization").toString(), QStringLiteral("Bearer bearer-t0ken-value"));
}

QTEST_GUILESS_MAIN(tst_CurlCommand)
#include "tst_curlcommand.moc"
