#include "basiclab.h"

#include "labbasicauth.h"
#include "lablessonpath.h"

namespace {

const QString Group = QStringLiteral("Basic");
const QString Alice = QStringLiteral("alice / wonderland");
// RFC 7617 §2.1's own example user is "test" with password "123£"; the lab's is a longer one.
const QString Utf8User = QStringLiteral("jürgen");
const QString Utf8Password = QStringLiteral("grüße-€");

} // namespace

BasicLab::BasicLab() = default;
BasicLab::~BasicLab() = default;

QList<LabScenario> BasicLab::scenarios() const
{
    const QString noPrompt = QStringLiteral("--no-prompt");
    return {
        LabScenario{QStringLiteral("basic-no-credentials"), QStringLiteral("/basic/no-credentials/"), Group, QStringLiteral("Basic: no credentials"),
                 QStringLiteral("The request goes without credentials and the server answers 401 with "
                                "WWW-Authenticate: Basic realm=\"no-credentials@authscope.lab\" (RFC 9110 §11.6.1, RFC 7617 §2). "
                                "Look at leg 1: the status, the challenge in the response headers, and the diagnosis "
                                "missing-credentials. Nothing is wrong with the server: this is how every Basic "
                                "handshake starts."),
                 Alice, QStringLiteral("missing-credentials"), {noPrompt}, 10},
        LabScenario{QStringLiteral("basic-right-password"), QStringLiteral("/basic/right-password/"), Group, QStringLiteral("Basic: right password"),
                 QStringLiteral("With alice / wonderland the exchange takes two legs: 401 with the Basic challenge, "
                                "then the same request with Authorization: Basic YWxpY2U6d29uZGVybGFuZA== "
                                "(base64 of \"alice:wonderland\", RFC 7617 §2), answered 200. Look at leg 2's request "
                                "headers and its decoded view: Basic is only encoded, not encrypted, so it belongs on "
                                "https outside a lab."),
                 Alice, QString(), {QStringLiteral("-u"), QStringLiteral("alice:wonderland")}, 20},
        LabScenario{QStringLiteral("basic-wrong-password"), QStringLiteral("/basic/wrong-password/"), Group, QStringLiteral("Basic: wrong password"),
                 QStringLiteral("The server reads alice's Basic credentials and refuses the password with another "
                                "401 and the same challenge (RFC 7617 §2: the server does not say what was wrong). "
                                "Look at leg 2: Authorization was sent, the answer is 401 again, and the diagnosis is "
                                "credentials-rejected with the note that the realm did not accept them."),
                 Alice, QStringLiteral("credentials-rejected"), {QStringLiteral("-u"), QStringLiteral("alice:looking-glass"), noPrompt}, 30},
        LabScenario{QStringLiteral("basic-utf8-password"), QStringLiteral("/basic/utf-8/"), Group, QStringLiteral("Basic: a UTF-8 password"),
                 QStringLiteral("The challenge carries charset=\"UTF-8\" (RFC 7617 §2.1): the server expects user and "
                                "password encoded as UTF-8 before base64. The user is %1 with password %2; a client "
                                "that encodes them as Latin-1 would send other bytes and be refused. Look at the "
                                "challenge's charset parameter and at leg 2's decoded Authorization.")
                         .arg(Utf8User, Utf8Password),
                 QStringLiteral("%1 / %2").arg(Utf8User, Utf8Password), QString(),
                 {QStringLiteral("-u"), QStringLiteral("%1:%2").arg(Utf8User, Utf8Password)}, 35},
        LabScenario{QStringLiteral("basic-malformed"), QStringLiteral("/basic/malformed/"), Group, QStringLiteral("Basic: malformed Authorization"),
                 QStringLiteral("The request carries a hand-typed Authorization: Basic %%%not-base64, which is not "
                                "base64 (RFC 7617 §2 requires base64 of user-id \":\" password). The server cannot "
                                "read it and answers 401 with its challenge. Look at leg 1's request headers and the "
                                "diagnosis malformed-authorization: let AuthScope compose the field (-u) instead."),
                 Alice, QStringLiteral("malformed-authorization"),
                 {QStringLiteral("-H"), QStringLiteral("Authorization: Basic %%%not-base64"), noPrompt}},
    };
}

bool BasicLab::respond(const LabRequest &request, LabResponse *response)
{
    const QString lesson = LabLessonPath::of(request, QLatin1String("/basic/"));
    const bool utf8 = lesson == QLatin1String("utf-8");
    // A realm per lesson too: a session answers a realm's challenge with what worked there before,
    // so a shared realm would answer the wrong-password lesson with the right password.
    const QByteArray realm = lesson.toLatin1() + "@authscope.lab";
    if (lesson != QLatin1String("no-credentials") && lesson != QLatin1String("right-password")
        && lesson != QLatin1String("wrong-password") && !utf8 && lesson != QLatin1String("malformed"))
        return false;

    const LabBasicAuth::Credentials credentials = LabBasicAuth::read(request);
    switch (credentials.outcome) {
    case LabBasicAuth::Outcome::None:
        *response = LabBasicAuth::challenge(realm, QStringLiteral("no Basic credentials in the request"), utf8);
        return true;
    case LabBasicAuth::Outcome::Malformed:
        *response = LabBasicAuth::challenge(realm, QStringLiteral("the Authorization field is not Basic base64(user:password)"), utf8);
        return true;
    case LabBasicAuth::Outcome::Read:
        break;
    }
    const bool accepted = utf8 ? credentials.user == Utf8User && credentials.password == Utf8Password
                               : LabBasicAuth::isDemoUser(credentials);
    *response = accepted ? LabBasicAuth::welcome(credentials.user, lesson)
                         : LabBasicAuth::challenge(realm, QStringLiteral("unknown user or wrong password"), utf8);
    return true;
}
