#include "diagram/sequencemodel.h"
#include "http/exchange.h"

#include <QTest>

// The sequence diagram as data, from exchanges built by hand: which lanes, which arrows between
// them, through which proxy, and that no word of it carries a secret the legs hold.
class tst_SequenceModel : public QObject
{
    Q_OBJECT
private slots:
    void redirectToAnotherOriginIsASecondLane();
    void digestChallengeAndAnswerAreAnnotated();
    void proxyAnswers407ItselfAndRelaysTheRest();
    void tokenEndpointAndApiAreSeparateServers();
    void failureWithoutResponseComesBackAsError();
    void legInFlightHasNoResponseYet();
    void longPathIsElidedInTheMiddle();
    void noSecretInAnyWord();
    void emptyExchangeHasNoLanes();
};

namespace {

const QByteArray Password = "wonderland-7c1f";
const QByteArray Ha1 = "5f1c0e3b9d2a7e64c8b1f03a9d6e2b47c5a8f1e09d3b7c2a6e4f8b1d0c9a3e7f";

Leg leg(int index, const char *method, const char *url, int status, const char *reason = "")
{
    Leg l;
    l.index = index;
    l.method = method;
    l.url = QUrl(QString::fromLatin1(url));
    l.statusCode = status;
    l.reasonPhrase = reason;
    l.timing.queuedNs = index * 1000;
    l.timing.finishedNs = index * 1000 + 500;
    return l;
}

Challenge digestChallenge(const QByteArray &realm)
{
    Challenge c;
    c.scheme = "Digest";
    c.params = {{"realm", realm}, {"qop", "auth"}, {"nonce", "abc"}, {"algorithm", "SHA-256"}};
    return c;
}

// 401 with a Digest SHA-256 challenge, answered on leg 2 as alice, 200 (as ExchangeJob records it).
Exchange digestExchange()
{
    Exchange e;
    Leg first = leg(0, "GET", "http://127.0.0.1:8080/digest-auth/auth/alice/SHA-256", 401, "UNAUTHORIZED");
    first.challenges = {digestChallenge("me@example.org")};
    Leg second = leg(1, "GET", "http://127.0.0.1:8080/digest-auth/auth/alice/SHA-256", 200, "OK");
    second.kind = Leg::Kind::AuthRetry;
    second.follows = 0;
    second.authentication = QStringLiteral("Digest SHA-256, qop=auth, nc=00000001 as alice");
    second.requestHeaders.append("Authorization", "Digest username=\"alice\", response=\"" + Ha1 + "\"",
                                 HeaderField::Source::Authentication);
    second.note(NoteCode::ChallengeAnswered, QStringLiteral("Answered with the credential entered"));
    ComputationStep ha1;
    ha1.name = QStringLiteral("HA1");
    ha1.input = "alice:me@example.org:" + AuthComputation::passwordPlaceholder();
    ha1.value = Ha1;
    ha1.secretValue = true;
    second.computation.scheme = QStringLiteral("Digest");
    second.computation.steps = {ha1};
    e.legs = {first, second};
    return e;
}

QStringList allWords(const SequenceModel &model)
{
    QStringList words;
    for (const SequenceLane &lane : model.lanes)
        words << lane.title << lane.origin;
    for (const SequenceMessage &message : model.messages)
        words << message.label << message.annotations;
    return words;
}

bool anyContains(const QStringList &texts, const QString &part)
{
    return std::any_of(texts.cbegin(), texts.cend(), [&](const QString &t) { return t.contains(part); });
}

} // namespace

void tst_SequenceModel::redirectToAnotherOriginIsASecondLane()
{
    Exchange e;
    Leg first = leg(0, "GET", "http://127.0.0.1:8080/redirect-to", 302, "FOUND");
    first.responseHeaders.append("Location", "http://localhost:9090/ok", HeaderField::Source::Server);
    Leg second = leg(1, "GET", "http://localhost:9090/ok", 200, "OK");
    second.kind = Leg::Kind::Redirect;
    second.follows = 0;
    second.note(NoteCode::CredentialsNotSent, QStringLiteral("Credentials not sent: another origin"));
    e.legs = {first, second};

    const SequenceModel model = SequenceModel::fromExchange(e);
    QCOMPARE(model.lanes.size(), 3);
    QCOMPARE(model.lanes.at(0).role, SequenceLane::Role::Client);
    QCOMPARE(model.lanes.at(1).role, SequenceLane::Role::Origin);
    QCOMPARE(model.lanes.at(1).origin, QStringLiteral("http://127.0.0.1:8080"));
    QCOMPARE(model.lanes.at(2).origin, QStringLiteral("http://localhost:9090"));
    QCOMPARE(model.messages.size(), 4);
    QCOMPARE(model.legs(), QList<int>({0, 1}));

    const SequenceMessage &redirect = model.messages.at(model.messageIndex(0, true));
    QCOMPARE(redirect.from, 1);
    QCOMPARE(redirect.to, 0);
    QCOMPARE(redirect.statusCode, 302);
    QCOMPARE(redirect.label, QStringLiteral("302 FOUND"));
    const SequenceMessage &followed = model.messages.at(model.messageIndex(1, false));
    QCOMPARE(followed.from, 0);
    QCOMPARE(followed.to, 2);
    QCOMPARE(followed.via, -1);
    QCOMPARE(followed.label, QStringLiteral("GET /ok"));
    // The withheld credentials are said on the arrow that went without them.
    QCOMPARE(followed.annotations.size(), 1);
    QVERIFY(followed.annotations.constFirst().contains(QStringLiteral("credentials not sent")));
    QVERIFY(model.messages.at(model.messageIndex(0, false)).annotations.isEmpty());
}

void tst_SequenceModel::digestChallengeAndAnswerAreAnnotated()
{
    const SequenceModel model = SequenceModel::fromExchange(digestExchange());
    QCOMPARE(model.lanes.size(), 2);
    QCOMPARE(model.messages.size(), 4);
    // request, response, request, response: in the order they happened
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(model.messages.at(i).leg, i / 2);
        QCOMPARE(model.messages.at(i).response, i % 2 == 1);
    }
    const SequenceMessage &challenged = model.messages.at(1);
    QCOMPARE(challenged.statusCode, 401);
    QCOMPARE(challenged.label, QStringLiteral("401 UNAUTHORIZED"));
    // Nothing was sent with the first leg: the diagnosis says so, as its last annotation.
    QCOMPARE(challenged.diagnosis, DiagnosisCode::MissingCredentials);
    QCOMPARE(challenged.annotations.size(), 2);
    QCOMPARE(challenged.severity, NoteSeverity::Warning);
    const QString challenge = challenged.annotations.constFirst();
    QVERIFY2(challenge.contains(QStringLiteral("Digest")) && challenge.contains(QStringLiteral("SHA-256"))
                     && challenge.contains(QStringLiteral("me@example.org")),
             qPrintable(challenge));

    const SequenceMessage &answer = model.messages.at(2);
    QCOMPARE(answer.annotations.size(), 2);
    QVERIFY2(answer.annotations.constFirst().contains(QStringLiteral("Digest as alice")), qPrintable(answer.annotations.constFirst()));
    // The computation is named by its steps, never by their values.
    QVERIFY2(answer.annotations.at(1).contains(QStringLiteral("HA1")), qPrintable(answer.annotations.at(1)));
    QCOMPARE(answer.severity, NoteSeverity::Info);
    QCOMPARE(model.messages.at(3).statusCode, 200);
    QCOMPARE(model.messages.at(3).diagnosis, DiagnosisCode::None);
}

void tst_SequenceModel::proxyAnswers407ItselfAndRelaysTheRest()
{
    Exchange e;
    Leg first = leg(0, "GET", "http://127.0.0.1:8080/", 407, "Proxy Authentication Required");
    first.proxy = QStringLiteral("http://127.0.0.1:3128");
    Challenge basic;
    basic.scheme = "Basic";
    basic.params = {{"realm", "proxy"}};
    first.challenges = {basic};
    Leg second = leg(1, "GET", "http://127.0.0.1:8080/", 200, "OK");
    second.proxy = first.proxy;
    second.kind = Leg::Kind::AuthRetry;
    second.authentication = QStringLiteral("Basic as bob");
    second.requestHeaders.append("Proxy-Authorization", "Basic Ym9iOnB3", HeaderField::Source::Authentication);
    second.note(NoteCode::ChallengeAnswered, QStringLiteral("Answered"));
    e.legs = {first, second};

    const SequenceModel model = SequenceModel::fromExchange(e);
    QCOMPARE(model.lanes.size(), 3);
    QCOMPARE(model.lanes.at(1).role, SequenceLane::Role::Proxy);
    QCOMPARE(model.lanes.at(1).origin, QStringLiteral("http://127.0.0.1:3128"));
    QCOMPARE(model.lanes.at(2).role, SequenceLane::Role::Origin);

    const SequenceMessage &asked = model.messages.at(model.messageIndex(0, false));
    QCOMPARE(asked.to, 2);
    QCOMPARE(asked.via, 1);
    // The 407 is the proxy's own: it comes from the proxy lane, the origin never saw the request.
    const SequenceMessage &refused = model.messages.at(model.messageIndex(0, true));
    QCOMPARE(refused.from, 1);
    QCOMPARE(refused.to, 0);
    QCOMPARE(refused.via, -1);
    QVERIFY(refused.annotations.constFirst().startsWith(QStringLiteral("proxy challenge: Basic")));
    QCOMPARE(refused.diagnosis, DiagnosisCode::ProxyAuthRequired);
    const SequenceMessage &answered = model.messages.at(model.messageIndex(1, false));
    QCOMPARE(answered.via, 1);
    QVERIFY2(answered.annotations.constFirst().contains(QStringLiteral("proxy")), qPrintable(answered.annotations.constFirst()));
    const SequenceMessage &ok = model.messages.at(model.messageIndex(1, true));
    QCOMPARE(ok.from, 2);
    QCOMPARE(ok.via, 1);
}

void tst_SequenceModel::tokenEndpointAndApiAreSeparateServers()
{
    Exchange e;
    Leg token = leg(0, "POST", "http://127.0.0.1:9000/token", 200, "OK");
    token.kind = Leg::Kind::TokenEndpoint;
    Leg api = leg(1, "GET", "http://127.0.0.1:8080/api/me", 200, "OK");
    api.authentication = QStringLiteral("Bearer token of the OAuth profile api (812 characters)");
    api.note(NoteCode::TokenExpiredBeforeSend, QStringLiteral("expired"));
    e.legs = {token, api};

    const SequenceModel model = SequenceModel::fromExchange(e);
    QCOMPARE(model.lanes.size(), 3);
    QCOMPARE(model.lanes.at(1).role, SequenceLane::Role::AuthorizationServer);
    QCOMPARE(model.lanes.at(1).origin, QStringLiteral("http://127.0.0.1:9000"));
    QCOMPARE(model.lanes.at(2).role, SequenceLane::Role::ResourceServer);
    QCOMPARE(model.messages.at(model.messageIndex(0, false)).to, 1);
    QCOMPARE(model.messages.at(model.messageIndex(1, false)).to, 2);
    QCOMPARE(model.messages.at(model.messageIndex(1, false)).annotations.size(), 2); // expired -> refresh; sent Bearer
    QVERIFY(anyContains(model.messages.at(model.messageIndex(1, false)).annotations, QStringLiteral("refresh")));

    // Without token legs the same origins are plain servers.
    e.legs.removeFirst();
    QCOMPARE(SequenceModel::fromExchange(e).lanes.at(1).role, SequenceLane::Role::Origin);
}

void tst_SequenceModel::failureWithoutResponseComesBackAsError()
{
    Exchange e;
    Leg refused = leg(0, "GET", "http://127.0.0.1:1/", 0);
    refused.status = Status(Status::Code::ConnectionRefused, QStringLiteral("Connection refused"));
    e.legs = {refused};
    e.status = refused.status;

    const SequenceModel model = SequenceModel::fromExchange(e);
    QCOMPARE(model.messages.size(), 2);
    const SequenceMessage &failure = model.messages.at(1);
    QVERIFY(failure.response);
    QCOMPARE(failure.statusCode, 0);
    QCOMPARE(failure.from, 1);
    QCOMPARE(failure.to, 0);
    QCOMPARE(failure.severity, NoteSeverity::Error);
    QVERIFY2(failure.label.contains(QStringLiteral("connection refused")), qPrintable(failure.label));
}

void tst_SequenceModel::legInFlightHasNoResponseYet()
{
    Exchange e = digestExchange();
    e.legs[1].statusCode = 0;
    e.legs[1].timing.finishedNs = -1;
    const SequenceModel model = SequenceModel::fromExchange(e);
    QCOMPARE(model.messages.size(), 3);
    QCOMPARE(model.messageIndex(1, false), 2);
    QCOMPARE(model.messageIndex(1, true), -1);
}

void tst_SequenceModel::longPathIsElidedInTheMiddle()
{
    Exchange e;
    const QString path = QStringLiteral("/start-of-the-path/") + QString(80, u'x') + QStringLiteral("/end-of-path");
    const QByteArray url = QByteArrayLiteral("http://127.0.0.1:8080") + path.toLatin1();
    e.legs = {leg(0, "GET", url.constData(), 200, "OK")};
    const QString label = SequenceModel::fromExchange(e).messages.constFirst().label;
    QVERIFY2(label.startsWith(QStringLiteral("GET /start-of-the")) && label.endsWith(QStringLiteral("/end-of-path")),
             qPrintable(label));
    QVERIFY(label.contains(QChar(0x2026)));
    QCOMPARE(label.size(), 4 + SequenceModel::PathLabelLimit);
}

void tst_SequenceModel::noSecretInAnyWord()
{
    Exchange e = digestExchange();
    // Decoys where secrets live: a query's API key, the HA1, a Basic pair, a cookie.
    e.legs[1].url.setQuery(QStringLiteral("api_key=") + QString::fromLatin1(Password));
    e.legs[0].requestHeaders.append("Cookie", "session=" + Password, HeaderField::Source::CookieJar);
    const QStringList words = allWords(SequenceModel::fromExchange(e));
    QVERIFY(anyContains(words, QStringLiteral("alice"))); // the search sees what it looks for
    QVERIFY(!anyContains(words, QString::fromLatin1(Password)));
    QVERIFY(!anyContains(words, QString::fromLatin1(Ha1)));
    QVERIFY(!anyContains(words, QString::fromLatin1(Ha1.left(12))));
}

void tst_SequenceModel::emptyExchangeHasNoLanes()
{
    const SequenceModel model = SequenceModel::fromExchange(Exchange());
    QVERIFY(model.isEmpty());
    QVERIFY(model.lanes.isEmpty());
    QCOMPARE(model.messageIndex(0, false), -1);
}

QTEST_GUILESS_MAIN(tst_SequenceModel)
#include "tst_sequencemodel.moc"
