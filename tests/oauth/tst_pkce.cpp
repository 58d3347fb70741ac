#include "oauth/pkce.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

// Pkce: RFC 7636 verifiers and S256 challenges.
class tst_Pkce : public QObject
{
    Q_OBJECT
private slots:
    void s256MatchesTheRfc7636AppendixBExample();
    void verifiersUseOnlyUnreservedCharactersAtTheAskedLength_data();
    void verifiersUseOnlyUnreservedCharactersAtTheAskedLength();
    void everyRunGetsAnotherVerifier();
    void wipeDropsTheVerifier();
};

void tst_Pkce::s256MatchesTheRfc7636AppendixBExample()
{
    QCOMPARE(Pkce::s256Challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
             QByteArray("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
    QCOMPARE(Pkce::method(), QByteArray("S256"));
}

void tst_Pkce::verifiersUseOnlyUnreservedCharactersAtTheAskedLength_data()
{
    QTest::addColumn<int>("asked");
    QTest::addColumn<int>("length");
    QTest::newRow("default") << -1 << 64;
    QTest::newRow("shortest allowed") << 43 << 43;
    QTest::newRow("longest allowed") << 128 << 128;
    QTest::newRow("too short is raised to 43") << 10 << 43;
    QTest::newRow("too long is cut to 128") << 500 << 128;
}

void tst_Pkce::verifiersUseOnlyUnreservedCharactersAtTheAskedLength()
{
    QFETCH(int, asked);
    QFETCH(int, length);
    const Pkce pkce = asked < 0 ? Pkce::generate() : Pkce::generate(asked);
    QCOMPARE(pkce.verifier().size(), length);
    // RFC 7636 §4.1: code-verifier = 43*128unreserved.
    static const QRegularExpression unreserved(QStringLiteral("^[A-Za-z0-9._~-]+$"));
    QVERIFY(unreserved.match(QString::fromLatin1(pkce.verifier())).hasMatch());
    QCOMPARE(pkce.challenge(), Pkce::s256Challenge(pkce.verifier()));
    QCOMPARE(pkce.challenge().size(), 43); // 32 bytes, base64url without padding
}

void tst_Pkce::everyRunGetsAnotherVerifier()
{
    QSet<QByteArray> seen;
    QSet<char> characters;
    for (int i = 0; i < 200; ++i) {
        const Pkce pkce = Pkce::generate(43);
        seen.insert(pkce.verifier());
        for (const char c : pkce.verifier())
            characters.insert(c);
    }
    QCOMPARE(seen.size(), 200);
    // 8600 draws from 66 characters: each appears (a generator stuck on a subset would not).
    QCOMPARE(characters.size(), 66);
}

void tst_Pkce::wipeDropsTheVerifier()
{
    Pkce pkce = Pkce::generate();
    QVERIFY(!pkce.verifier().isEmpty());
    pkce.wipe();
    QVERIFY(pkce.verifier().isEmpty());
    QVERIFY(pkce.challenge().isEmpty());
}

QTEST_GUILESS_MAIN(tst_Pkce)
#include "tst_pkce.moc"
