#include "notetesting.h"
#include "auth/protectionspace.h"
#include "exchangerunning.h"
#include "hostileserver.h"
#include "httpbinserver.h"
#include "scriptedcredentialprovider.h"

#include <QTest>

// What a refusal says and which credential answers which challenge. The hostile server's
// /echo/refuse refuses whatever comes; httpbin checks Digest for real. Exact sentences where the
// point is the words (a token has no user name to name, nor a password to check).
class tst_AuthWords : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void aRefusedTokenIsNamedAsATokenWhenNothingElseWasGiven();
    void aRefusedPromptedTokenIsNotAPassword();
    void aRefusedPasswordStillNamesItsUser();
    void answersDigestWithThePasswordWhenATokenWasAlsoGiven();

private:
    HostileServer m_server;
    HttpbinServer m_httpbin;
};

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

HttpRequest withPassword(const QUrl &url, const char *user, const QByteArray &password)
{
    HttpRequest request;
    request.url = url;
    request.credentials.user = QString::fromUtf8(user);
    request.credentials.password = password;
    return request;
}

void verifyNoEmptyUser(const Exchange &ex)
{
    QStringList texts{ex.status.message()};
    for (const Leg &leg : ex.legs) {
        for (const LegNote &note : leg.notes)
            texts.append(note.text);
    }
    for (const QString &text : std::as_const(texts)) {
        QVERIFY2(!text.contains(s("credentials of  ")) && !text.contains(s("credentials of (")), qPrintable(text));
        QVERIFY2(!text.endsWith(s("credentials of")), qPrintable(text));
    }
}

} // namespace

void tst_AuthWords::initTestCase()
{
    QString error;
    QVERIFY2(m_server.start(&error), qPrintable(error));
    QVERIFY2(m_httpbin.start(&error), qPrintable(error));
}

void tst_AuthWords::aRefusedTokenIsNamedAsATokenWhenNothingElseWasGiven()
{
    HttpRequest request; // and nobody to ask
    request.url = m_server.url(s("/echo/refuse?scheme=Bearer"));
    request.credentials.token = "tok-123";
    const Exchange ex = ExchangeRunning::run(request);

    QCOMPARE(ex.status.code(), Status::Code::AuthenticationFailed);
    QCOMPARE(ex.status.reason(), NoteCode::CredentialsRejected);
    QCOMPARE(ex.status.message(),
             QStringLiteral("The server bearer realm \"refuse\" at %1 rejected the token sent with the request and no "
                            "others were given (give a token with the request, e.g. --oauth2-bearer TOKEN)")
                     .arg(ProtectionSpace::originOf(request.url)));
    verifyNoEmptyUser(ex);
}

void tst_AuthWords::aRefusedPromptedTokenIsNotAPassword()
{
    ScriptedCredentialProvider provider;
    for (int i = 0; i < 2; ++i)
        provider.answers.append({Credential{Credential::Kind::Token, {}, "typed-token", {}, {}}});
    HttpRequest request;
    request.url = m_server.url(s("/echo/refuse?scheme=Bearer"));
    request.options.maxAuthAttempts = 2;
    const Exchange ex = ExchangeRunning::run(request, QNetworkProxy(QNetworkProxy::NoProxy), &provider);

    QCOMPARE(provider.asked.size(), 2);
    QCOMPARE(ex.status.code(), Status::Code::AuthenticationFailed);
    QCOMPARE(ex.status.reason(), NoteCode::CredentialsRejected);
    QCOMPARE(ex.status.message(),
             QStringLiteral("The server bearer realm \"refuse\" at %1 rejected the token 2 times; check that the token "
                            "is valid and has not expired")
                     .arg(ProtectionSpace::originOf(request.url)));
    QVERIFY(!ex.status.message().contains(s("user name")));
    verifyNoEmptyUser(ex);
}

void tst_AuthWords::aRefusedPasswordStillNamesItsUser()
{
    const Exchange ex = ExchangeRunning::run(withPassword(m_server.url(s("/echo/refuse?scheme=Basic")), "alice", "wrong"));

    QCOMPARE(ex.status.reason(), NoteCode::CredentialsRejected);
    QCOMPARE(ex.status.message(),
             QStringLiteral("The server basic realm \"refuse\" at %1 rejected the credentials of alice and no others "
                            "were given (give them with the request, e.g. -u USER:PASSWORD)")
                     .arg(ProtectionSpace::originOf(m_server.url(s("/")))));
    QVERIFY(NoteTesting::codes(ex.legs.at(1)).contains(s("credentials-rejected")));
}

void tst_AuthWords::answersDigestWithThePasswordWhenATokenWasAlsoGiven()
{
    // As with -u bob:pw --oauth2-bearer tok: the token goes up front, the Digest challenge gets -u.
    HttpRequest request = withPassword(m_httpbin.url(s("/digest-auth/auth/bob/pw/MD5")), "bob", "pw");
    request.credentials.token = "tok-123";
    const Exchange ex = ExchangeRunning::run(request);

    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(ex.legs.size(), 2);
    QCOMPARE(ex.legs.at(0).requestHeaders.value("Authorization"), QByteArray("Bearer tok-123"));
    QCOMPARE(ex.legs.at(0).statusCode, 401);
    QVERIFY(!NoteTesting::codes(ex.legs.at(0)).contains(s("credentials-rejected")));
    const Leg &answer = ex.legs.at(1);
    QCOMPARE(answer.statusCode, 200);
    QVERIFY(answer.requestHeaders.value("Authorization").startsWith("Digest username=\"bob\""));
    QCOMPARE(answer.requestHeaders.values("Authorization").size(), 1);
    QVERIFY2(NoteTesting::codes(answer).contains(s("challenge-answered")), qPrintable(NoteTesting::describe(answer)));
    QVERIFY2(NoteTesting::codes(answer).contains(s("credentials-accepted")), qPrintable(NoteTesting::describe(answer)));
}

QTEST_GUILESS_MAIN(tst_AuthWords)
#include "tst_authwords.moc"
