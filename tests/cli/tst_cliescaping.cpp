#include "clirunner.h"
#include "core/displaytext.h"
#include "hostileserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringDecoder>
#include <QTest>

// Nothing a server sends drives the terminal: authscope-cli against tests/support/hostile's
// /terminal routes, whose reason phrase, realm, header value, Bearer error_description and
// redirect Location carry ESC sequences, BEL, NUL, CR, DEL, C1 controls, a bidi override and bytes
// that are not UTF-8. Every line for people (-v, warnings, notes, the error line, the credential
// prompt) shows them in DisplayText's escaped form; --json keeps the raw value.
class TestCliEscaping : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void verboseLinesShowServerTextEscaped_data();
    void verboseLinesShowServerTextEscaped();
    void errorLineShowsTheRealmEscaped_data();
    void errorLineShowsTheRealmEscaped();
    void rejectedTokenShowsTheDescriptionEscaped();
    void redirectNoteShowsTheLocationEscaped();
    void terminalPromptShowsTheRealmEscaped();
    void jsonKeepsTheRawValue();

private:
    using Result = CliRunner::Result;
    QString url(const QString &pathAndQuery) const { return m_server.url(pathAndQuery).toString(); }

    HostileServer m_server;
};

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

// The escaped form of routes_terminal.py's ingredients, as they reach the screen. A reason phrase
// and a header value are shown from their bytes; the challenge parser decodes UTF-8 (a byte that is
// not UTF-8 is U+FFFD there).
const QByteArray escapedOsc = "\\x1b]0;pwned-title\\x07";
const QByteArray escapedCsi = "\\x1b[2J\\x1b[H";

// What a terminal would act on: any C0 control but the line break (and a CR right before one when
// the output went through a terminal, whose driver turns "\n" into "\r\n"), DEL, a C1 control,
// a bidirectional control, or bytes that are not UTF-8. Empty when there is none.
QString firstControl(const QByteArray &shown, bool terminalLineEnds = false)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder(shown);
    if (decoder.hasError())
        return s("bytes that are not UTF-8");
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (c == u'\n' || (terminalLineEnds && c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n'))
            continue;
        const bool bidi = c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069);
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || bidi) {
            return QStringLiteral("U+%1 at %2 in: %3")
                    .arg(c, 4, 16, QLatin1Char('0'))
                    .arg(i)
                    // Escaped, so the failure message itself does not drive the terminal.
                    .arg(DisplayText::escaped(text.mid(qMax<qsizetype>(0, i - 60), 120)));
        }
    }
    return QString();
}

} // namespace

void TestCliEscaping::initTestCase()
{
    QString error;
    QVERIFY2(m_server.start(&error), qPrintable(error));
}

void TestCliEscaping::verboseLinesShowServerTextEscaped_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QByteArrayList>("shown");

    const QByteArray headerValue = escapedOsc + escapedCsi + "\\x00over\\x0dforged\\x7f\\x9b31m\\u009d\\u202e\\xff\\xfe\\xc3-end";
    QTest::newRow("reason phrase, realm and header value")
            << s("/terminal/basic") << QStringList{s("--no-prompt")}
            << QByteArrayList{"< HTTP/1.1 401 Unauthorized " + headerValue + '\n',
                              "< X-Hostile: " + headerValue + '\n',
                              "* Challenge: Basic realm=\"" + escapedOsc + escapedCsi + "\\x00over\\x0dforged\\x7f",
                              "authscope-cli: error: The server basic realm \"" + escapedOsc};
    QTest::newRow("Bearer realm and error_description")
            << s("/terminal/bearer") << QStringList{s("--oauth2-bearer"), s("some-token")}
            << QByteArrayList{"error_description=\"" + escapedOsc,
                              "* Note [server-error-description]: Bearer: the server says: " + escapedOsc + escapedCsi};
    QTest::newRow("redirect Location")
            << s("/terminal/redirect") << QStringList()
            << QByteArrayList{"< Location: /ok?to=" + headerValue + '\n', "< HTTP/1.1 302 Found " + escapedOsc};
    // One ingredient at a time: none of them hides behind another.
    const char *parts[][2] = {{"osc", "\\x1b]0;pwned-title\\x07-end"}, {"csi", "\\x1b[2J\\x1b[H-end"},
                              {"nul", "\\x00-end"}, {"cr", "over\\x0dforged-end"}, {"del", "\\x7f-end"},
                              {"c1", "\\x9b31m-end"}, {"c1utf8", "\\u009d-end"}, {"rlo", "\\u202e-end"},
                              {"invalid", "\\xff\\xfe\\xc3-end"}};
    for (const auto &part : parts) {
        QTest::addRow("header value: %s", part[0])
                << s("/terminal/basic?part=%1").arg(s(part[0])) << QStringList{s("--no-prompt")}
                << QByteArrayList{"< X-Hostile: " + QByteArray(part[1]) + '\n'};
    }
}

void TestCliEscaping::verboseLinesShowServerTextEscaped()
{
    QFETCH(QString, path);
    QFETCH(QStringList, options);
    QFETCH(QByteArrayList, shown);
    const Result r = CliRunner::run(QStringList{s("send"), s("-v")} + options + QStringList{url(path)});
    QVERIFY2(r.exitCode >= 0, r.err.constData());
    const QString control = firstControl(r.err);
    QVERIFY2(control.isEmpty(), qPrintable(control));
    for (const QByteArray &expected : shown)
        QVERIFY2(r.err.contains(expected), qPrintable(s("missing: %1\nin: %2").arg(QString::fromUtf8(expected),
                                                                                   QString::fromUtf8(r.err))));
}

void TestCliEscaping::errorLineShowsTheRealmEscaped_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::newRow("--no-prompt") << QStringList{s("--no-prompt")};
    QTest::newRow("rejected -u") << QStringList{s("-u"), s("alice:wrong"), s("--max-auth-attempts"), s("1")};
}

void TestCliEscaping::errorLineShowsTheRealmEscaped()
{
    QFETCH(QStringList, options);
    const Result r = CliRunner::run(QStringList{s("send")} + options + QStringList{url(s("/terminal/basic"))});
    QCOMPARE(r.exitCode, 10);
    const QString control = firstControl(r.err);
    QVERIFY2(control.isEmpty(), qPrintable(control));
    QVERIFY2(r.err.startsWith("authscope-cli: error: "), r.err.constData());
    QVERIFY2(r.err.contains(QByteArray("realm \"" + escapedOsc + escapedCsi + "\\x00over\\x0dforged\\x7f")), r.err.constData());
    QCOMPARE(r.err.count('\n'), 1);
}

void TestCliEscaping::rejectedTokenShowsTheDescriptionEscaped()
{
    const Result r = CliRunner::run({s("send"), s("--oauth2-bearer"), s("some-token"), url(s("/terminal/bearer"))});
    QCOMPARE(r.exitCode, 10);
    const QString control = firstControl(r.err);
    QVERIFY2(control.isEmpty(), qPrintable(control));
    // The server's own words reach the user without -v, escaped.
    QVERIFY2(r.err.contains(QByteArray(escapedOsc + escapedCsi + "\\x00over\\x0dforged\\x7f")), r.err.constData());
}

void TestCliEscaping::redirectNoteShowsTheLocationEscaped()
{
    // Qt keeps the Location's control bytes percent-encoded even in the note's display form.
    const Result r = CliRunner::run({s("send"), url(s("/terminal/redirect?part=osc"))});
    QCOMPARE(r.exitCode, 0);
    const QString control = firstControl(r.err);
    QVERIFY2(control.isEmpty(), qPrintable(control));
    QVERIFY2(r.err.contains("authscope-cli: note: the server redirects (302) to "), r.err.constData());
    QVERIFY2(r.err.contains(QByteArray("/ok?to=%1B]0;pwned-title%07-end; use -L to follow\n")), r.err.constData());
}

void TestCliEscaping::terminalPromptShowsTheRealmEscaped()
{
    const Result r = CliRunner::runOnTerminal({s("send"), s("--max-auth-attempts"), s("1"), url(s("/terminal/basic"))},
                                              {{s("User: "), s("alice")}, {s("Password for alice: "), s("wrong")}});
    QVERIFY2(r.exitCode == 10, QByteArray(r.out + r.err).constData());
    const QString control = firstControl(r.out, true);
    QVERIFY2(control.isEmpty(), qPrintable(control));
    QVERIFY2(r.out.contains(QByteArray("  Scheme: Basic, realm \"" + escapedOsc + escapedCsi + "\\x00over\\x0dforged\\x7f")),
             r.out.constData());
    QVERIFY2(r.out.contains("User: alice\r\nPassword for alice: \r\n"), r.out.constData());
}

void TestCliEscaping::jsonKeepsTheRawValue()
{
    // --json is data: the value as received, JSON-escaped (\u001b), not DisplayText's form.
    const Result r = CliRunner::run({s("send"), s("--json"), s("--no-prompt"), url(s("/terminal/basic?part=osc"))});
    QCOMPARE(r.exitCode, 10);
    QJsonParseError error;
    const QJsonDocument json = QJsonDocument::fromJson(r.out, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QVERIFY2(r.out.contains("\\u001b]0;pwned-title\\u0007-end"), r.out.constData());
    QVERIFY(!r.out.contains('\x1b'));
    // The diagnosis is prose made once for every front end (its evidence quotes the realm in
    // DisplayText's form, README "Why this 401"); every value received is raw.
    QJsonObject data = json.object();
    QVERIFY(data.value(QLatin1String("diagnosis")).toObject().value(QLatin1String("evidence")).toArray().at(0).toString()
                    .contains(QLatin1String("\\x1b]0;pwned-title\\x07-end")));
    data.remove(QLatin1String("diagnosis"));
    QJsonArray legs = data.value(QLatin1String("legs")).toArray();
    for (qsizetype i = 0; i < legs.size(); ++i) {
        QJsonObject leg = legs.at(i).toObject();
        leg.remove(QLatin1String("diagnosis"));
        legs[i] = leg;
    }
    data.insert(QLatin1String("legs"), legs);
    const QByteArray values = QJsonDocument(data).toJson();
    QVERIFY2(!values.contains("\\\\x1b"), values.constData());
}

QTEST_GUILESS_MAIN(TestCliEscaping)
#include "tst_cliescaping.moc"
