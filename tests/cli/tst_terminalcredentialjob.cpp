#include "cli/console.h"
#include "cli/terminalcredentialprovider.h"

#include <QBuffer>
#include <QSignalSpy>
#include <QTest>

// What the terminal prompt says before it asks, and why it does not ask: the text a person sees
// when a server challenges, for every kind of question the engine puts.
class TestTerminalCredentialJob : public QObject
{
    Q_OBJECT
private slots:
    void describesWhoAsksAndHowSafeItIs_data();
    void describesWhoAsksAndHowSafeItIs();
    void saysWhatToGiveWhenItCannotAsk_data();
    void saysWhatToGiveWhenItCannotAsk();
    void finishesWithoutAskingUnderNoPrompt();
    void cancellingWhileAskingDeletesThePrompt();
};

namespace {

CredentialRequest question(const char *url, const char *scheme, const char *realm)
{
    CredentialRequest r;
    r.url = QUrl(QString::fromUtf8(url));
    r.encrypted = r.url.scheme() == u"https";
    r.space.scheme = QByteArray(scheme).toLower();
    r.space.origin = ProtectionSpace::originOf(r.url);
    r.space.realm = QString::fromUtf8(realm);
    r.challenge = Challenge{scheme, {}, {{"realm", realm}}};
    r.kind = r.space.scheme == "bearer" ? Credential::Kind::Token : Credential::Kind::Password;
    return r;
}

// A prompt that never answers, as a person who has not typed yet.
class SilentPrompt : public PromptJob
{
public:
    using PromptJob::PromptJob;
    ~SilentPrompt() override { ++destroyed; }
    static int destroyed;

protected:
    void run() override {}
};
int SilentPrompt::destroyed = 0;

} // namespace

void TestTerminalCredentialJob::describesWhoAsksAndHowSafeItIs_data()
{
    QTest::addColumn<CredentialRequest>("request");
    QTest::addColumn<QString>("text");

    QTest::newRow("loopback plain http")
            << question("http://127.0.0.1:8080/basic/index.html?x=1", "Basic", "basic realm")
            << QStringLiteral("Credentials needed by http://127.0.0.1:8080 for /basic/index.html\n"
                              "  Scheme: Basic, realm \"basic realm\"\n"
                              "  Warning: the connection is not encrypted (plain http); it stays on this machine (loopback)\n");
    QTest::newRow("https says encrypted")
            << question("https://api.example.test/v1", "Digest", "api")
            << QStringLiteral("Credentials needed by https://api.example.test:443 for /v1\n"
                              "  Scheme: Digest, realm \"api\"\n"
                              "  Connection: encrypted (https)\n");
    QTest::newRow("remote plain http warns")
            << question("http://api.example.test/", "basic", "r")
            << QStringLiteral("Credentials needed by http://api.example.test:80 for /\n"
                              "  Scheme: Basic, realm \"r\"\n"
                              "  Warning: the connection is not encrypted (plain http): anyone on the path can read what is sent\n");

    CredentialRequest engineWarned = question("http://api.example.test/", "Basic", "r");
    engineWarned.notes = {LegNote(NoteCode::PlainHttpWarning, QStringLiteral("credentials go to api.example.test over plain http")),
                          LegNote(NoteCode::CredentialsNotSent, QStringLiteral("The credentials given with the request belong to http://a:80"))};
    QTest::newRow("the engine's warning is not doubled")
            << engineWarned
            << QStringLiteral("Credentials needed by http://api.example.test:80 for /\n"
                              "  Scheme: Basic, realm \"r\"\n"
                              "  Warning [plain-http-warning]: credentials go to api.example.test over plain http\n"
                              "  Note [credentials-not-sent]: The credentials given with the request belong to http://a:80\n");

    CredentialRequest rejected = question("https://h.test/", "Digest", "r");
    rejected.attempt = 2;
    rejected.rejectedUser = QStringLiteral("alice");
    QTest::newRow("rejection names the attempt and the user")
            << rejected
            << QStringLiteral("Credentials needed by https://h.test:443 for /\n"
                              "  Scheme: Digest, realm \"r\"\n"
                              "  Connection: encrypted (https)\n"
                              "  Attempt 2 of 3: the credentials of alice were rejected\n");

    CredentialRequest bearer = question("https://h.test/api", "Bearer", "");
    bearer.attempt = 2;
    bearer.notes = {LegNote(NoteCode::BearerInvalidToken, QStringLiteral("invalid_token: the token is expired")),
                    LegNote(NoteCode::ServerErrorDescription, QStringLiteral("the server says: gone"))};
    QTest::newRow("bearer refusal with the server's explanation")
            << bearer
            << QStringLiteral("Credentials needed by https://h.test:443 for /api\n"
                              "  Scheme: Bearer\n"
                              "  Connection: encrypted (https)\n"
                              "  Attempt 2 of 3: the token was rejected\n"
                              "  Note [bearer-invalid-token]: invalid_token: the token is expired\n"
                              "  Note [server-error-description]: the server says: gone\n");

    CredentialRequest proxy = question("http://h.test/page", "Basic", "proxy realm");
    proxy.space.proxy = true;
    proxy.space.origin = QStringLiteral("http://127.0.0.1:3128");
    QTest::newRow("proxy names itself and the target")
            << proxy
            << QStringLiteral("Credentials needed by the proxy http://127.0.0.1:3128 for http://h.test/page\n"
                              "  Scheme: Basic, realm \"proxy realm\"\n"
                              "  Warning: the connection is not encrypted (plain http); it stays on this machine (loopback)\n");

    QTest::newRow("control characters from the server are shown escaped")
            << question("https://h.test/", "Basic", "evil\x1b]0;owned\x07realm\n  Connection: forged")
            << QStringLiteral("Credentials needed by https://h.test:443 for /\n"
                              "  Scheme: Basic, realm \"evil\\x1b]0;owned\\x07realm\\x0a  Connection: forged\"\n"
                              "  Connection: encrypted (https)\n");
}

void TestTerminalCredentialJob::describesWhoAsksAndHowSafeItIs()
{
    QFETCH(CredentialRequest, request);
    QFETCH(QString, text);
    QCOMPARE(TerminalCredentialJob::describe(request, 3).split(u'\n'), text.split(u'\n'));
}

void TestTerminalCredentialJob::saysWhatToGiveWhenItCannotAsk_data()
{
    QTest::addColumn<CredentialRequest>("request");
    QTest::addColumn<QString>("defaultUser");
    QTest::addColumn<bool>("noTerminal");
    QTest::addColumn<QString>("reason");

    const CredentialRequest basic = question("http://127.0.0.1/", "Basic", "r");
    QTest::newRow("no terminal") << basic << QString() << true << QStringLiteral("no terminal to ask on: give -u USER:PASSWORD");
    QTest::newRow("--no-prompt") << basic << QString() << false << QStringLiteral("--no-prompt: give -u USER:PASSWORD");
    QTest::newRow("-u without password") << basic << QStringLiteral("alice") << true
                                         << QStringLiteral("no terminal to ask on: give -u alice:PASSWORD");
    CredentialRequest rejected = basic;
    rejected.attempt = 2;
    rejected.rejectedUser = QStringLiteral("alice");
    QTest::newRow("rejected") << rejected << QString() << false
                              << QStringLiteral("alice was rejected, --no-prompt: check -u USER:PASSWORD");
    QTest::newRow("token") << question("https://h.test/", "Bearer", "") << QString() << true
                           << QStringLiteral("no terminal to ask on: give --oauth2-bearer TOKEN");
    CredentialRequest proxy = basic;
    proxy.space.proxy = true;
    QTest::newRow("proxy") << proxy << QString() << false << QStringLiteral("--no-prompt: give --proxy-user USER:PASSWORD");
}

void TestTerminalCredentialJob::saysWhatToGiveWhenItCannotAsk()
{
    QFETCH(CredentialRequest, request);
    QFETCH(QString, defaultUser);
    QFETCH(bool, noTerminal);
    QFETCH(QString, reason);
    TerminalCredentialJob::Settings settings;
    settings.noPrompt = !noTerminal;
    settings.defaultUser = defaultUser;
    QCOMPARE(TerminalCredentialJob::reasonWithoutPrompt(request, settings, noTerminal), reason);
}

void TestTerminalCredentialJob::finishesWithoutAskingUnderNoPrompt()
{
    QBuffer out;
    QBuffer err;
    out.open(QIODevice::WriteOnly);
    err.open(QIODevice::WriteOnly);
    int asked = 0;
    Console console(&out, &err, [&](const QString &prompt, PromptJob::Echo echo, QObject *parent) -> PromptJob * {
        ++asked;
        return new SilentPrompt(prompt, echo, parent);
    });
    TerminalCredentialJob::Settings settings;
    settings.noPrompt = true;
    TerminalCredentialProvider provider(&console, settings);
    std::unique_ptr<CredentialJob> job(provider.createJob(question("http://127.0.0.1/", "Basic", "r"), nullptr));
    QSignalSpy finished(job.get(), &CredentialJob::finished);
    job->start();
    QCOMPARE(finished.size(), 0); // never inside start()
    QVERIFY(finished.wait(1000));
    QVERIFY(!job->hasCredential());
    QCOMPARE(job->reason(), QStringLiteral("--no-prompt: give -u USER:PASSWORD"));
    QCOMPARE(asked, 0);
    QVERIFY(err.data().isEmpty());
}

void TestTerminalCredentialJob::cancellingWhileAskingDeletesThePrompt()
{
    QBuffer out;
    QBuffer err;
    out.open(QIODevice::WriteOnly);
    err.open(QIODevice::WriteOnly);
    Console console(&out, &err, [](const QString &prompt, PromptJob::Echo echo, QObject *parent) -> PromptJob * {
        return new SilentPrompt(prompt, echo, parent);
    });
    TerminalCredentialProvider provider(&console, TerminalCredentialJob::Settings());
    auto *job = provider.createJob(question("http://127.0.0.1/", "Basic", "r"), nullptr);
    QSignalSpy finished(job, &CredentialJob::finished);
    job->start();
    QTRY_VERIFY(err.data().contains("Credentials needed by"));
    const int before = SilentPrompt::destroyed;
    delete job; // what ExchangeJob::cancel() does on Ctrl-C: the terminal prompt restores echo
    QCOMPARE(SilentPrompt::destroyed, before + 1);
    QCOMPARE(finished.size(), 0);
}

QTEST_GUILESS_MAIN(TestTerminalCredentialJob)
#include "tst_terminalcredentialjob.moc"
