#include "notetesting.h"
#include "engine/exchangejob.h"
#include "engine/httpsession.h"
#include "hostileserver.h"
#include "httpbinserver.h"
#include "scriptedcredentialprovider.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
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
    Exchange run(HttpSession &session, const HttpRequest &request);

    HostileServer m_server;
    HttpbinServer m_httpbin;
};

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
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

Exchange tst_AuthWords::run(HttpSession &session, const HttpRequest &request)
{
    ExchangeJob *job = session.createExchange(request);
    QSignalSpy finished(job, &ExchangeJob::finished);
    job->start();
    [&] { QVERIFY2(finished.wait(15000), "the exchange did not finish in time"); }();
    return job->exchange();
}

void tst_AuthWords::aRefusedTokenIsNamedAsATokenWhenNothingElseWasGiven()
{
    QNetworkAccessManager manager;
    HttpSession session(&manager); // nobody to ask
    HttpRequest request;
    request.url = m_server.url(s("/echo/refuse?scheme=Bearer"));
    request.credentials.token = "tok-123";
    const Exchange ex = run(session, request);

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
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    ScriptedCredentialProvider provider;
    for (int i = 0; i < 2; ++i)
        provider.answers.append({Credential{Credential::Kind::Token, {}, "typed-token", {}, {}}});
    session.setCredentialProvider(&provider);
    HttpRequest request;
    request.url = m_server.url(s("/echo/refuse?scheme=Bearer"));
    request.options.maxAuthAttempts = 2;
    const Exchange ex = run(session, request);

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
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    HttpRequest request;
    request.url = m_server.url(s("/echo/refuse?scheme=Basic"));
    request.credentials.user = s("alice");
    request.credentials.password = "wrong";
    const Exchange ex = run(session, request);

    QCOMPARE(ex.status.reason(), NoteCode::CredentialsRejected);
    QCOMPARE(ex.status.message(),
             QStringLiteral("The server basic realm \"refuse\" at %1 rejected the credentials of alice and no others "
                            "were given (give them with the request, e.g. -u USER:PASSWORD)")
                     .arg(ProtectionSpace::originOf(request.url)));
    QVERIFY(NoteTesting::codes(ex.legs.at(1)).contains(s("credentials-rejected")));
}

void tst_AuthWords::answersDigestWithThePasswordWhenATokenWasAlsoGiven()
{
    // As with -u bob:pw --oauth2-bearer tok: the token goes up front, the Digest challenge gets -u.
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    HttpRequest request;
    request.url = m_httpbin.url(s("/digest-auth/auth/bob/pw/MD5"));
    request.credentials.user = s("bob");
    request.credentials.password = "pw";
    request.credentials.token = "tok-123";
    const Exchange ex = run(session, request);

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
