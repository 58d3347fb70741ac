#include "apacheserver.h"
#include "auth/challengeparser.h"
#include "auth/digestscheme.h"
#include "exchangerunning.h"
#include "lighttpdserver.h"

#include <QCryptographicHash>
#include <QNetworkAccessManager>
#include <QTest>

#include <openssl/evp.h>

// Digest step by step: what DigestScheme records in AuthComputation is what it sent. Each step
// is recomputed from its recorded input with a hash outside AuthScope (QCryptographicHash,
// libcrypto for SHA-512/256), the RFC 7616 §3.9.1 example gives the RFC's response, the password
// is never in a step, and against real servers the leg's steps match its Authorization and the
// server's rspauth.
class tst_DigestComputation : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void rfcExampleStepsGiveTheRfcResponse_data();
    void rfcExampleStepsGiveTheRfcResponse();
    void everyStepRecomputesFromItsInput_data();
    void everyStepRecomputesFromItsInput();
    void recordsTheRspauthCheck();
    void redactedHidesHa1Everywhere();
    void legStepsMatchWhatApacheReceived();
    void preemptiveAnswerRecordsItsSteps();
    void legStepsMatchLighttpdSha256();

private:
    static HttpRequest get(const QUrl &url, const QString &user = {}, const QByteArray &password = {});

    ApacheServer m_apache;
    LighttpdServer m_lighttpd;
};

namespace {

const QByteArray Password = "pw-never-in-a-step";

Challenge challengeOf(const QByteArray &field)
{
    return ChallengeParser::parse(field).challenges.value(0);
}

QByteArray paramOf(const QByteArray &authorization, const QByteArray &name)
{
    return challengeOf(authorization).param(name);
}

// The hex digest of data by Digest algorithm name, computed without DigestAlgorithm.
QByteArray independentHex(const QByteArray &algorithm, const QByteArray &data)
{
    const QByteArray hash = algorithm.toUpper().replace("-SESS", "");
    if (hash == "MD5" || hash.isEmpty())
        return QCryptographicHash::hash(data, QCryptographicHash::Md5).toHex();
    if (hash == "SHA-256")
        return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
    if (hash == "SHA-512-256") {
        // QCryptographicHash has no SHA-512/256 (FIPS 180-4 initial values differ from SHA-512's).
        unsigned char out[EVP_MAX_MD_SIZE];
        unsigned int size = 0;
        if (!EVP_Digest(data.constData(), size_t(data.size()), out, &size, EVP_sha512_256(), nullptr))
            return QByteArray();
        return QByteArray(reinterpret_cast<const char *>(out), int(size)).toHex();
    }
    return QByteArray();
}

const ComputationStep *stepNamed(const AuthComputation &computation, const QString &name)
{
    for (const ComputationStep &step : computation.steps) {
        if (step.name == name)
            return &step;
    }
    return nullptr;
}

QByteArray parameter(const AuthComputation &computation, const QByteArray &name)
{
    for (const auto &p : computation.parameters) {
        if (p.first == name)
            return p.second;
    }
    return QByteArray();
}

// Recomputes each step from its recorded input (the password put back where the placeholder
// stands); an empty string when all agree, else which step did not.
QString recomputeMismatch(const AuthComputation &computation, const QByteArray &algorithm, const QByteArray &password)
{
    for (const ComputationStep &step : computation.steps) {
        QByteArray input = step.input;
        input.replace(AuthComputation::passwordPlaceholder(), password);
        const QByteArray again = independentHex(algorithm, input);
        if (again.isEmpty() || again != step.value)
            return QStringLiteral("%1: input %2 hashes to %3, recorded %4")
                    .arg(step.name, QString::fromUtf8(step.input), QString::fromLatin1(again), QString::fromLatin1(step.value));
    }
    return QString();
}

bool mentions(const AuthComputation &computation, const QByteArray &secret)
{
    if (computation.title.toUtf8().contains(secret))
        return true;
    for (const auto &p : computation.parameters) {
        if (p.second.contains(secret))
            return true;
    }
    for (const ComputationStep &step : computation.steps) {
        if (step.input.contains(secret) || step.value.contains(secret) || step.formula.toUtf8().contains(secret)
            || step.expected.contains(secret))
            return true;
    }
    return false;
}

} // namespace

HttpRequest tst_DigestComputation::get(const QUrl &url, const QString &user, const QByteArray &password)
{
    HttpRequest request;
    request.url = url;
    request.credentials.user = user;
    request.credentials.password = password;
    return request;
}

void tst_DigestComputation::initTestCase()
{
    QString error;
    QVERIFY(m_apache.protectDigest(QStringLiteral("/digest/"), QStringLiteral("digest realm"), QStringLiteral("alice"), Password));
    QVERIFY2(m_apache.start(&error), qPrintable(error));
    m_lighttpd.protect(QStringLiteral("/sha256/"), QStringLiteral("SHA-256"), QStringLiteral("sha256 realm"), QStringLiteral("carol"), Password);
    QVERIFY2(m_lighttpd.start(&error), qPrintable(error));
}

void tst_DigestComputation::rfcExampleStepsGiveTheRfcResponse_data()
{
    QTest::addColumn<QByteArray>("algorithm");
    QTest::addColumn<QByteArray>("response");
    QTest::newRow("rfc7616 3.9.1 MD5") << QByteArray("MD5") << QByteArray("8ca523f5e9506fed4657c9700eebdbec");
    QTest::newRow("rfc7616 3.9.1 SHA-256") << QByteArray("SHA-256")
                                           << QByteArray("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
}

void tst_DigestComputation::rfcExampleStepsGiveTheRfcResponse()
{
    QFETCH(QByteArray, algorithm);
    const Challenge challenge = challengeOf("Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=" + algorithm
                                            + ", nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
                                              "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"");
    const Credential credential{Credential::Kind::Password, QStringLiteral("Mufasa"), "Circle of Life", {}, {}};
    const AuthRequest request{"GET", QUrl(QStringLiteral("http://www.example.org/dir/index.html")), {}, false};
    const AuthAnswer answer = DigestScheme::answerWithCnonce(challenge, credential, request, nullptr,
                                                             "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ");
    const AuthComputation &c = answer.computation;
    QCOMPARE(c.scheme, QStringLiteral("Digest"));
    QStringList names;
    for (const ComputationStep &step : c.steps)
        names << step.name;
    QCOMPARE(names, QStringList({QStringLiteral("HA1"), QStringLiteral("HA2"), QStringLiteral("response")}));
    QCOMPARE(c.steps.at(0).input, QByteArray("Mufasa:http-auth@example.org:") + AuthComputation::passwordPlaceholder());
    QVERIFY(c.steps.at(0).secretValue);
    QCOMPARE(c.steps.at(1).input, QByteArray("GET:/dir/index.html"));
    QVERIFY(!c.steps.at(2).secretValue);
    QCOMPARE(c.steps.at(2).input, c.steps.at(0).value + ":7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v:00000001:"
                                                      "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ:auth:" + c.steps.at(1).value);
    QTEST(c.steps.at(2).value, "response");
    QCOMPARE(paramOf(answer.value, "response"), c.steps.at(2).value);
    QCOMPARE(recomputeMismatch(c, algorithm, "Circle of Life"), QString());
    QCOMPARE(parameter(c, "qop"), QByteArray("auth"));
    QCOMPARE(parameter(c, "nc"), QByteArray("00000001"));
    QCOMPARE(parameter(c, "uri"), QByteArray("/dir/index.html"));
    QVERIFY(c.steps.at(0).formula.startsWith(QString::fromLatin1(algorithm) + u'('));
}

void tst_DigestComputation::everyStepRecomputesFromItsInput_data()
{
    QTest::addColumn<QByteArray>("algorithm");
    QTest::addColumn<QByteArray>("qop");
    QTest::addColumn<bool>("userhash");
    QTest::addColumn<QStringList>("steps");
    const QStringList plain{QStringLiteral("HA1"), QStringLiteral("HA2"), QStringLiteral("response")};
    const QStringList session{QStringLiteral("HA1"), QStringLiteral("HA1 (-sess)"), QStringLiteral("HA2"), QStringLiteral("response")};
    for (const QByteArray &base : {QByteArray("MD5"), QByteArray("SHA-256"), QByteArray("SHA-512-256")}) {
        for (const bool sess : {false, true}) {
            const QByteArray algorithm = sess ? base + "-sess" : base;
            for (const QByteArray &qop : {QByteArray("auth"), QByteArray("auth-int"), QByteArray()}) {
                QStringList steps = sess ? session : plain;
                if (qop == "auth-int")
                    steps.insert(steps.indexOf(QStringLiteral("HA2")), QStringLiteral("H(entity-body)"));
                const QByteArray row = QByteArray(algorithm + " qop=" + (qop.isEmpty() ? QByteArray("none") : qop));
                QTest::newRow(row.constData()) << algorithm << qop << false << steps;
            }
            QTest::newRow(QByteArray(algorithm + " userhash").constData())
                    << algorithm << QByteArray("auth") << true << (QStringList{QStringLiteral("username (userhash)")} + (sess ? session : plain));
        }
    }
}

void tst_DigestComputation::everyStepRecomputesFromItsInput()
{
    QFETCH(QByteArray, algorithm);
    QFETCH(QByteArray, qop);
    QFETCH(bool, userhash);
    QByteArray field = "Digest realm=\"lab\", nonce=\"n0nce\", algorithm=" + algorithm;
    if (!qop.isEmpty())
        field += ", qop=\"" + qop + '"';
    if (userhash)
        field += ", userhash=true";
    const Credential credential{Credential::Kind::Password, QStringLiteral("alice"), Password, {}, {}};
    const AuthRequest request{"POST", QUrl(QStringLiteral("http://h/form?x=1")), RequestBody::text("a=1&b=2"), false};
    AuthState state;
    const AuthAnswer answer = DigestScheme::answerWithCnonce(challengeOf(field), credential, request, &state, "cn0nce");
    QVERIFY2(answer.error.isEmpty(), qPrintable(answer.error));
    const AuthComputation &c = answer.computation;

    QStringList names;
    for (const ComputationStep &step : c.steps)
        names << step.name;
    QTEST(names, "steps");
    QCOMPARE(recomputeMismatch(c, algorithm, Password), QString());
    QVERIFY2(!mentions(c, Password), "the password appears in the computation");
    QVERIFY(!mentions(c.redacted(), stepNamed(c, QStringLiteral("HA1"))->value));

    // What was sent is what the steps say.
    QCOMPARE(paramOf(answer.value, "response"), c.steps.last().value);
    QCOMPARE(paramOf(answer.value, "username"), userhash ? stepNamed(c, QStringLiteral("username (userhash)"))->value : QByteArray("alice"));
    if (qop == "auth-int")
        QCOMPARE(stepNamed(c, QStringLiteral("H(entity-body)"))->input, QByteArray("a=1&b=2"));
    QCOMPARE(stepNamed(c, QStringLiteral("HA1"))->secretValue, true);
    if (algorithm.endsWith("-sess"))
        QCOMPARE(stepNamed(c, QStringLiteral("HA1 (-sess)"))->secretValue, true);
    // The response hashes the last HA1 (the session key for -sess) and HA2.
    const QString lastHa1 = algorithm.endsWith("-sess") ? QStringLiteral("HA1 (-sess)") : QStringLiteral("HA1");
    QVERIFY(c.steps.last().input.startsWith(QByteArray(stepNamed(c, lastHa1)->value + ':')));
    QVERIFY(c.steps.last().input.endsWith(QByteArray(':' + stepNamed(c, QStringLiteral("HA2"))->value)));
    QCOMPARE(parameter(c, "cnonce"), qop.isEmpty() ? QByteArray() : QByteArray("cn0nce"));
    QCOMPARE(parameter(c, "method"), QByteArray("POST"));
    QVERIFY(c.title.contains(QString::fromLatin1(algorithm)));
}

void tst_DigestComputation::recordsTheRspauthCheck()
{
    const Credential credential{Credential::Kind::Password, QStringLiteral("u"), Password, {}, {}};
    const AuthRequest request{"GET", QUrl(QStringLiteral("http://h/x?y=1")), {}, false};
    AuthState state;
    DigestScheme::answerWithCnonce(challengeOf("Digest realm=\"r\", qop=\"auth\", nonce=\"n\", algorithm=SHA-256-sess"),
                                   credential, request, &state, "cn");
    const QByteArray rspauth = independentHex("SHA-256", state.sessionHa1 + ":n:00000001:cn:auth:" + independentHex("SHA-256", ":/x?y=1"));
    AuthComputation check;
    QCOMPARE(DigestScheme().verifyAuthenticationInfo("rspauth=\"" + rspauth.toUpper() + "\", qop=auth, nc=00000001, cnonce=\"cn\"",
                                                     credential, request, state, &check).code,
             NoteCode::RspauthVerified);
    const ComputationStep *ha2 = stepNamed(check, QStringLiteral("HA2 (rspauth)"));
    QVERIFY(ha2);
    QCOMPARE(ha2->input, QByteArray(":/x?y=1"));
    QCOMPARE(check.steps.last().name, QStringLiteral("rspauth"));
    QCOMPARE(check.steps.last().check, ComputationStep::Check::Matched);
    QCOMPARE(check.steps.last().expected, rspauth.toUpper());
    QCOMPARE(recomputeMismatch(check, "SHA-256", Password), QString());
    QVERIFY(!mentions(check, Password));

    QCOMPARE(DigestScheme().verifyAuthenticationInfo("rspauth=\"" + QByteArray(64, '0') + "\", qop=auth, nc=00000001, cnonce=\"cn\"",
                                                     credential, request, state, &check).code,
             NoteCode::RspauthMismatch);
    QCOMPARE(check.steps.last().check, ComputationStep::Check::Mismatched);
    QCOMPARE(check.steps.last().expected, QByteArray(64, '0'));
}

void tst_DigestComputation::redactedHidesHa1Everywhere()
{
    const Credential credential{Credential::Kind::Password, QStringLiteral("u"), Password, {}, {}};
    const AuthRequest request{"GET", QUrl(QStringLiteral("http://h/x")), {}, false};
    const AuthAnswer answer = DigestScheme::answerWithCnonce(challengeOf("Digest realm=\"r\", qop=\"auth\", nonce=\"n\", algorithm=MD5-sess"),
                                                             credential, request, nullptr, "cn");
    const AuthComputation shown = answer.computation.redacted();
    for (const ComputationStep &step : answer.computation.steps) {
        if (step.secretValue)
            QVERIFY2(!mentions(shown, step.value), qPrintable(step.name));
    }
    QCOMPARE(shown.steps.at(0).value, QByteArray("<HA1>"));
    QCOMPARE(shown.steps.at(1).input, QByteArray("<HA1>:n:cn"));
    QVERIFY(shown.steps.last().input.startsWith("<HA1 (-sess)>:n:00000001:cn:auth:"));
    QCOMPARE(shown.steps.last().value, answer.computation.steps.last().value);
}

void tst_DigestComputation::legStepsMatchWhatApacheReceived()
{
    const Exchange ex = ExchangeRunning::run(get(m_apache.url(QStringLiteral("/digest/index.html")), QStringLiteral("alice"), Password));
    QCOMPARE(ex.legs.size(), 2);
    QVERIFY(ex.legs.at(0).computation.isEmpty());
    const Leg &answered = ex.legs.at(1);
    QCOMPARE(answered.statusCode, 200);
    const QByteArray authorization = answered.requestHeaders.value("Authorization");
    QVERIFY(!answered.computation.isEmpty());
    QCOMPARE(answered.computation.steps.last().name, QStringLiteral("response"));
    QCOMPARE(answered.computation.steps.last().value, paramOf(authorization, "response"));
    QCOMPARE(parameter(answered.computation, "nonce"), paramOf(authorization, "nonce"));
    QCOMPARE(parameter(answered.computation, "cnonce"), paramOf(authorization, "cnonce"));
    QCOMPARE(recomputeMismatch(answered.computation, "MD5", Password), QString());
    QVERIFY(!mentions(answered.computation, Password));

    // Apache's Authentication-Info carries rspauth for MD5: the check's steps and verdict.
    const QByteArray info = answered.responseHeaders.value("Authentication-Info");
    QVERIFY2(!info.isEmpty(), "Apache sent no Authentication-Info");
    QVERIFY(!answered.verification.isEmpty());
    const ComputationStep &rspauth = answered.verification.steps.last();
    QCOMPARE(rspauth.name, QStringLiteral("rspauth"));
    QCOMPARE(rspauth.check, ComputationStep::Check::Matched);
    QCOMPARE(rspauth.expected, challengeOf("Info " + info).param("rspauth"));
    QCOMPARE(stepNamed(answered.verification, QStringLiteral("HA2 (rspauth)"))->input, QByteArray(":/digest/index.html"));
    QCOMPARE(recomputeMismatch(answered.verification, "MD5", Password), QString());
}

void tst_DigestComputation::preemptiveAnswerRecordsItsSteps()
{
    QNetworkAccessManager manager;
    HttpSession session(&manager);
    const QUrl url = m_apache.url(QStringLiteral("/digest/index.html"));
    QCOMPARE(ExchangeRunning::run(session, get(url, QStringLiteral("alice"), Password)).legs.size(), 2);
    // The session's cache answers up front.
    const Exchange again = ExchangeRunning::run(session, get(url));
    QCOMPARE(again.legs.size(), 1);
    const Leg &leg = again.legs.at(0);
    QCOMPARE(leg.statusCode, 200);
    QCOMPARE(parameter(leg.computation, "nc"), QByteArray("00000002"));
    QCOMPARE(leg.computation.steps.last().value, paramOf(leg.requestHeaders.value("Authorization"), "response"));
    QCOMPARE(recomputeMismatch(leg.computation, "MD5", Password), QString());
}

void tst_DigestComputation::legStepsMatchLighttpdSha256()
{
    const Exchange ex = ExchangeRunning::run(get(m_lighttpd.url(QStringLiteral("/sha256/index.html")), QStringLiteral("carol"), Password));
    QCOMPARE(ex.legs.size(), 2);
    const Leg &answered = ex.legs.at(1);
    QCOMPARE(answered.statusCode, 200);
    QCOMPARE(parameter(answered.computation, "algorithm"), QByteArray("SHA-256"));
    QCOMPARE(answered.computation.steps.last().value, paramOf(answered.requestHeaders.value("Authorization"), "response"));
    QCOMPARE(recomputeMismatch(answered.computation, "SHA-256", Password), QString());
}

QTEST_GUILESS_MAIN(tst_DigestComputation)
#include "tst_digestcomputation.moc"
