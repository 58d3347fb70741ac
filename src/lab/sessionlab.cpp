#include "sessionlab.h"

#include "labpage.h"
#include "labtokenminter.h"

#include <QJsonObject>

namespace {

const QString kLogin = QStringLiteral("/session/login");
const QString kHome = QStringLiteral("/session/home");
const QString kAccount = QStringLiteral("/session/account");
const QString kSecureLogin = QStringLiteral("/session/secure-login");
const QString kSecureAccount = QStringLiteral("/session/secure-account");
const QByteArray kCookie = QByteArrayLiteral("lab_session");
const QByteArray kSecureCookie = QByteArrayLiteral("lab_secure_session");

LabResponse seeOther(const QString &path)
{
    LabResponse response = LabResponse::text(303, QStringLiteral("See %1\n").arg(path));
    response.setHeader("Location", path.toUtf8());
    return response;
}

// A form login has no WWW-Authenticate scheme to offer: the 401 names the login page in its body.
LabResponse noSession(const QString &loginPath)
{
    return LabResponse::text(401, QStringLiteral("No valid session: sign in at %1 (the session ended, or its cookie "
                                                 "did not come with the request).\n").arg(loginPath));
}

LabResponse loginPage(const LabRequest &request, const QString &problem)
{
    const QString action = request.url.path() + (request.url.hasQuery() ? QLatin1Char('?') + request.url.query(QUrl::FullyEncoded) : QString());
    return LabResponse::html(problem.isEmpty() ? 200 : 401,
                             LabPage::page(QStringLiteral("Sign in"), LabPage::signInForm(action, QString(), problem)));
}

} // namespace

SessionLab::SessionLab() = default;
SessionLab::~SessionLab() = default;

QList<LabScenario> SessionLab::scenarios() const
{
    const QString group = QStringLiteral("Sessions");
    const QString credentials = QStringLiteral("alice / wonderland");
    const QStringList formLogin{QStringLiteral("-L"), QStringLiteral("-d"), QStringLiteral("user=alice"), QStringLiteral("-d"),
                                QStringLiteral("password=wonderland")};
    auto text = [](const char *s) { return QString::fromUtf8(s); };
    QList<LabScenario> list;
    list.append({QStringLiteral("session-login"), kLogin, group, text("Sessions: a form login"),
                 text("The form posts user and password; the lab answers 303 with Set-Cookie: lab_session=...; HttpOnly "
                      "(RFC 6265 §4.1) and the redirect chain carries the cookie to /session/home and /session/account "
                      "(200). Look at Set-Cookie on leg 1 and Cookie on the later legs (values masked). ?ttl=SECONDS sets "
                      "how long the server keeps the session (default 60), ?max-age=SECONDS the cookie's Max-Age."),
                 credentials, QString(), formLogin, 400});
    list.append({QStringLiteral("session-expired"), kLogin + QStringLiteral("?views=1"), group, text("Sessions: the session expires"),
                 text("The server ends sessions while the browser still holds the cookie. With ?views=1 the session serves "
                      "one page: /session/home accepts the cookie (303 to the account page), /session/account refuses the "
                      "same cookie with 401. AuthScope says session-expired: a cookie that worked earlier is refused. "
                      "For the time-based kind, sign in at /session/login?ttl=5, wait five seconds and send "
                      "/session/account again from the same window."),
                 credentials, QStringLiteral("session-expired"), formLogin, 410});
    list.append({QStringLiteral("session-secure-cookie"), kSecureLogin, group, text("Sessions: a Secure cookie over plain http"),
                 text("The login sets lab_secure_session with the Secure attribute over plain http. A client sends a Secure "
                      "cookie only over https (RFC 6265 §5.4), so the next leg goes without it and the account page "
                      "answers 401. Leg 1 shows the cookie in Set-Cookie; leg 2 has no Cookie field. The 401 carries no "
                      "WWW-Authenticate, so AuthScope reads no-challenge; the fix is https (or no Secure on a test server)."),
                 credentials, QStringLiteral("no-challenge"), formLogin, 420});
    return list;
}

bool SessionLab::respond(const LabRequest &request, LabResponse *response)
{
    if (request.viaProxy)
        return false;
    const QString path = request.path();
    if (path == kLogin || path == kSecureLogin) {
        *response = request.method == "POST" ? login(request, path == kSecureLogin) : loginPage(request, QString());
        return true;
    }
    if (path == kSecureAccount) {
        const Session *session = sessionOf(request, kSecureCookie);
        *response = session ? LabResponse::json(200, {{QStringLiteral("user"), session->user}}) : noSession(kSecureLogin);
        return true;
    }
    if (path != kHome && path != kAccount)
        return false;
    const Session *session = sessionOf(request, kCookie);
    if (!session)
        *response = noSession(kLogin);
    else if (path == kHome) // the home page forwards a signed-in user to the account page
        *response = seeOther(kAccount);
    else
        *response = LabResponse::json(200, {{QStringLiteral("user"), session->user},
                                            {QStringLiteral("sessionEndsAt"), session->expiresAt.toString(Qt::ISODate)}});
    return true;
}

LabResponse SessionLab::login(const LabRequest &request, bool secure)
{
    const QUrlQuery form = request.form();
    if (!LabPage::isDemoUser(form))
        return loginPage(request, QStringLiteral("Wrong user or password."));
    Session session;
    session.user = LabPage::demoUser();
    session.expiresAt = QDateTime::currentDateTimeUtc().addSecs(request.queryNumber(QStringLiteral("ttl"), 60, 1, 86400));
    session.viewsLeft = request.queryNumber(QStringLiteral("views"), -1, 0, 1000);
    const QByteArray value = LabTokenMinter::randomToken(18);
    m_sessions.insert(value, session);

    QByteArray cookie = (secure ? kSecureCookie : kCookie) + '=' + value + "; Path=/session; HttpOnly; SameSite=Lax";
    if (secure)
        cookie += "; Secure";
    else
        cookie += "; Max-Age=" + QByteArray::number(request.queryNumber(QStringLiteral("max-age"), 3600, 1, 86400 * 30));
    LabResponse response = seeOther(secure ? kSecureAccount : kHome);
    response.setHeader("Set-Cookie", cookie);
    return response;
}

const SessionLab::Session *SessionLab::sessionOf(const LabRequest &request, const QByteArray &cookieName)
{
    for (const QByteArray &line : request.headers.values("Cookie")) {
        for (const QByteArray &pair : line.split(';')) {
            const QByteArray trimmed = pair.trimmed();
            if (!trimmed.startsWith(QByteArray(cookieName + '=')))
                continue;
            const auto found = m_sessions.find(trimmed.mid(cookieName.size() + 1));
            if (found == m_sessions.end())
                continue;
            if (found->expiresAt <= QDateTime::currentDateTimeUtc() || found->viewsLeft == 0) {
                m_sessions.erase(found);
                return nullptr;
            }
            if (found->viewsLeft > 0)
                --found->viewsLeft;
            return &found.value();
        }
    }
    return nullptr;
}
