#include "auth/challengeparser.h"

#include <QTest>

// Rows are tricky WWW-Authenticate values. Expected challenges are written in display form:
// "Scheme" or "Scheme token68" or "Scheme a=\"1\", b=2" (values quoted when not tokens).
class tst_ChallengeParser : public QObject
{
    Q_OBJECT
private slots:
    void parsesChallenges_data();
    void parsesChallenges();
    void unescapesQuotedValuesAndIgnoresNameCase();
    void neverCrashesOnArbitraryBytes();
    void parsesCredentialsWithValuePositions_data();
    void parsesCredentialsWithValuePositions();
    void parsesParamListWithValuePositions_data();
    void parsesParamListWithValuePositions();
};

void tst_ChallengeParser::parsesChallenges_data()
{
    QTest::addColumn<QList<QByteArray>>("fields");
    QTest::addColumn<QStringList>("challenges");
    QTest::addColumn<int>("errors");
    QTest::addColumn<int>("firstErrorPosition");

    auto row = [](const char *name, QList<QByteArray> fields, QStringList expected, int errors = 0, int pos = -1) {
        QTest::newRow(name) << fields << expected << errors << pos;
    };
    row("basic with realm", {"Basic realm=\"simple\""}, {QStringLiteral("Basic realm=simple")});
    row("rfc 7617 charset", {"Basic realm=\"foo\", charset=\"UTF-8\""}, {QStringLiteral("Basic realm=foo, charset=UTF-8")});
    row("scheme alone", {"Negotiate"}, {QStringLiteral("Negotiate")});
    row("token68", {"Negotiate a87421000492aa874209af8bc028=="}, {QStringLiteral("Negotiate a87421000492aa874209af8bc028==")});
    row("token68 then challenge", {"Negotiate abc=, Basic realm=\"x\""}, {QStringLiteral("Negotiate abc="), QStringLiteral("Basic realm=x")});
    row("two challenges one field (RFC 9110 example)",
        {"Basic realm=\"simple\", Newauth realm=\"apps\", type=1, title=\"Login to \\\"apps\\\"\""},
        {QStringLiteral("Basic realm=simple"), QStringLiteral("Newauth realm=apps, type=1, title=\"Login to \\\"apps\\\"\"")});
    row("challenges across fields", {"Basic realm=\"a\"", "Digest realm=\"b\", nonce=\"n\""},
        {QStringLiteral("Basic realm=a"), QStringLiteral("Digest realm=b, nonce=n")});
    row("comma inside quotes", {"Digest realm=\"a, b\", qop=\"auth,auth-int\""},
        {QStringLiteral("Digest realm=\"a, b\", qop=\"auth,auth-int\"")});
    row("bws around equals", {"Bearer realm = \"api\" ,  scope=\"read write\""},
        {QStringLiteral("Bearer realm=api, scope=\"read write\"")});
    row("empty list elements", {", ,Basic realm=\"x\",, ,"}, {QStringLiteral("Basic realm=x")});
    row("empty quoted value", {"Basic realm=\"\""}, {QStringLiteral("Basic realm=\"\"")});
    row("bearer error", {"Bearer realm=\"example\", error=\"invalid_token\", error_description=\"The access token expired\""},
        {QStringLiteral("Bearer realm=example, error=invalid_token, error_description=\"The access token expired\"")});
    row("empty field", {""}, {});
    row("only spaces", {"   "}, {});
    row("unterminated quote", {"Basic realm=\"oops"}, {QStringLiteral("Basic")}, 1, 12);
    row("unterminated quote keeps next field", {"Basic realm=\"oops", "Digest realm=\"ok\""},
        {QStringLiteral("Basic"), QStringLiteral("Digest realm=ok")}, 1, 12);
    // The grammar reads "realm=" as a token68 (1*tchar68 *"="), not as an empty parameter.
    row("empty parameter is a token68", {"Basic realm=, Digest realm=\"d\""}, {QStringLiteral("Basic realm="), QStringLiteral("Digest realm=d")});
    row("parameter without value mid-list", {"Digest realm=\"d\", qop=, nonce=\"n\""}, {QStringLiteral("Digest realm=d, nonce=n")}, 1, 22);
    row("garbage before scheme", {"@@@, Basic realm=\"x\""}, {QStringLiteral("Basic realm=x")}, 1, 0);
    row("repeated parameter", {"Basic realm=\"a\", realm=\"b\""}, {QStringLiteral("Basic realm=a")}, 1, 17);
    row("junk after quoted value", {"Basic realm=\"a\"junk, Digest realm=\"d\""}, {QStringLiteral("Basic realm=a"), QStringLiteral("Digest realm=d")}, 1, 15);
    row("backslash at end of quote", {"Basic realm=\"a\\"}, {QStringLiteral("Basic")}, 1, 12);
}

void tst_ChallengeParser::parsesChallenges()
{
    QFETCH(QList<QByteArray>, fields);
    QFETCH(QStringList, challenges);
    QFETCH(int, errors);
    QFETCH(int, firstErrorPosition);
    const ChallengeParser::Result result = ChallengeParser::parse(fields);
    QStringList actual;
    for (const Challenge &c : result.challenges)
        actual.append(c.toDisplayString());
    QCOMPARE(actual, challenges);
    QStringList messages;
    for (const ChallengeParseError &e : result.errors)
        messages.append(QStringLiteral("%1: %2").arg(e.position).arg(e.message));
    QVERIFY2(result.errors.size() == errors, qPrintable(messages.join(u'\n')));
    if (errors > 0) {
        QCOMPARE(result.errors.at(0).position, firstErrorPosition);
        QVERIFY(!result.errors.at(0).message.isEmpty());
    }
}

void tst_ChallengeParser::unescapesQuotedValuesAndIgnoresNameCase()
{
    const auto result = ChallengeParser::parse(QByteArray("dIgEsT REALM=\"a\\\"b\\\\c\", Nonce=abc"));
    QCOMPARE(result.challenges.size(), 1);
    const Challenge &c = result.challenges.at(0);
    QVERIFY(c.isScheme("Digest"));
    QCOMPARE(c.param("realm"), QByteArray("a\"b\\c"));
    QCOMPARE(c.param("NONCE"), QByteArray("abc"));
    QVERIFY(!c.hasParam("qop"));
}

void tst_ChallengeParser::neverCrashesOnArbitraryBytes()
{
    // A deterministic sweep over short strings of the characters that matter to the grammar.
    const QByteArray alphabet = QByteArrayLiteral("aB=\", \\\t=x");
    int parsed = 0;
    for (int len = 0; len <= 5; ++len) {
        QList<int> idx(len, 0);
        while (true) {
            QByteArray s;
            for (int i : idx)
                s += alphabet.at(i);
            const auto r = ChallengeParser::parse(s);
            for (const ChallengeParseError &e : r.errors)
                QVERIFY(e.position >= 0 && e.position <= s.size());
            ++parsed;
            int k = 0;
            while (k < len && ++idx[k] == alphabet.size())
                idx[k++] = 0;
            if (k == len)
                break;
        }
    }
    QVERIFY(parsed > 100000);
}

// Each span is shown as name=<the value as written, cut out by its position>=<value unquoted>, so
// a wrong offset or length shows as a wrong middle part.
static QList<QByteArray> spansOf(const QByteArray &field, const ChallengeParser::AuthParams &parsed)
{
    QList<QByteArray> out;
    for (const ChallengeParser::ParamSpan &p : parsed.params) {
        const QByteArray written = field.mid(p.valueStart, p.valueLength);
        out.append(p.name + '=' + written + (p.quoted ? " quoted" : "") + " -> " + p.value);
    }
    return out;
}

void tst_ChallengeParser::parsesCredentialsWithValuePositions_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<QByteArray>("scheme");
    QTest::addColumn<QByteArray>("token68");
    QTest::addColumn<QList<QByteArray>>("spans");
    QTest::addColumn<int>("errors");

    // RFC 7616 §3.9.1, shortened
    QTest::newRow("digest credentials")
        << QByteArray("Digest username=\"Mufasa\", nc=00000001, response=\"7539\"")
        << QByteArray("Digest") << QByteArray()
        << QList<QByteArray>{"username=\"Mufasa\" quoted -> Mufasa", "nc=00000001 -> 00000001",
                             "response=\"7539\" quoted -> 7539"}
        << 0;
    QTest::newRow("escapes and commas inside quotes")
        << QByteArray("Digest realm=\"say \\\"hi\\\", ok\" ,response=ff")
        << QByteArray("Digest") << QByteArray()
        << QList<QByteArray>{"realm=\"say \\\"hi\\\", ok\" quoted -> say \"hi\", ok", "response=ff -> ff"} << 0;
    QTest::newRow("bearer token68") << QByteArray("Bearer abc.DEF-_~+/x==") << QByteArray("Bearer")
                                    << QByteArray("abc.DEF-_~+/x==") << QList<QByteArray>{} << 0;
    QTest::newRow("scheme alone") << QByteArray("Negotiate") << QByteArray("Negotiate") << QByteArray()
                                  << QList<QByteArray>{} << 0;
    QTest::newRow("a second scheme is an error")
        << QByteArray("Basic YWxhZGRpbjpvcGVuc2VzYW1l, Digest realm=\"x\"") << QByteArray("Basic")
        << QByteArray("YWxhZGRpbjpvcGVuc2VzYW1l") << QList<QByteArray>{} << 1;
    QTest::newRow("a bare word after parameters is an error")
        << QByteArray("Digest username=\"a\", oops") << QByteArray("Digest") << QByteArray()
        << QList<QByteArray>{"username=\"a\" quoted -> a"} << 1;
    QTest::newRow("repeated parameter keeps both spans")
        << QByteArray("Digest response=\"a\", response=b") << QByteArray("Digest") << QByteArray()
        << QList<QByteArray>{"response=\"a\" quoted -> a", "response=b -> b"} << 1;
    QTest::newRow("unterminated quote")
        << QByteArray("Digest username=\"unterminated, response=\"abc") << QByteArray("Digest") << QByteArray()
        << QList<QByteArray>{"username=\"unterminated, response=\" quoted -> unterminated, response="} << 1;
    QTest::newRow("empty") << QByteArray() << QByteArray() << QByteArray() << QList<QByteArray>{} << 0;
}

void tst_ChallengeParser::parsesCredentialsWithValuePositions()
{
    QFETCH(QByteArray, field);
    QFETCH(QByteArray, scheme);
    QFETCH(QByteArray, token68);
    QFETCH(QList<QByteArray>, spans);
    QFETCH(int, errors);
    const ChallengeParser::AuthParams parsed = ChallengeParser::parseCredentials(field);
    QCOMPARE(parsed.scheme, scheme);
    QCOMPARE(parsed.token68, token68);
    if (!token68.isEmpty())
        QCOMPARE(field.mid(parsed.token68Start, token68.size()), token68);
    QCOMPARE(spansOf(field, parsed), spans);
    QCOMPARE(parsed.errors.size(), errors);
    for (const ChallengeParseError &e : parsed.errors)
        QVERIFY(e.position >= 0 && e.position <= field.size());
}

void tst_ChallengeParser::parsesParamListWithValuePositions_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<QList<QByteArray>>("spans");
    QTest::addColumn<int>("errors");

    // RFC 7615 §3 Authentication-Info
    QTest::newRow("authentication-info")
        << QByteArray("rspauth=\"d4a3\", cnonce=\"0a4f113b\", nc=00000001, qop=auth, nextnonce=\"abc\"")
        << QList<QByteArray>{"rspauth=\"d4a3\" quoted -> d4a3", "cnonce=\"0a4f113b\" quoted -> 0a4f113b",
                             "nc=00000001 -> 00000001", "qop=auth -> auth", "nextnonce=\"abc\" quoted -> abc"}
        << 0;
    QTest::newRow("empty elements and bws") << QByteArray(", qop = auth ,,nc=1")
                                            << QList<QByteArray>{"qop=auth -> auth", "nc=1 -> 1"} << 0;
    QTest::newRow("no scheme: a bare word is an error") << QByteArray("Digest qop=auth")
                                                        << QList<QByteArray>{} << 1;
    QTest::newRow("no token68") << QByteArray("abc==") << QList<QByteArray>{} << 1;
    QTest::newRow("value missing") << QByteArray("qop=, nc=1") << QList<QByteArray>{"nc=1 -> 1"} << 1;
    QTest::newRow("empty") << QByteArray() << QList<QByteArray>{} << 0;
}

void tst_ChallengeParser::parsesParamListWithValuePositions()
{
    QFETCH(QByteArray, field);
    QFETCH(QList<QByteArray>, spans);
    QFETCH(int, errors);
    const ChallengeParser::AuthParams parsed = ChallengeParser::parseParamList(field);
    QVERIFY(parsed.scheme.isEmpty());
    QVERIFY(parsed.token68.isEmpty());
    QCOMPARE(spansOf(field, parsed), spans);
    QCOMPARE(parsed.errors.size(), errors);
}

QTEST_GUILESS_MAIN(tst_ChallengeParser)
#include "tst_challengeparser.moc"
