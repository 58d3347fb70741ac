#include "diagnoser.h"

#include "legevidence.h"

#include "auth/jwt.h"
#include "core/displaytext.h"
#include "http/exchange.h"

#include <algorithm>

namespace {

using C = DiagnosisCode;

// RFC 7519 §4.1.4-5 allow "some small leeway" for clock skew; a minute is what most validators use.
constexpr qint64 ClockLeewaySeconds = 60;

Diagnosis make(C code, int leg, const QString &summary, const QStringList &evidence, const QString &next = QString(),
               bool likely = false)
{
    Diagnosis d;
    d.code = code;
    d.leg = leg;
    d.likely = likely;
    d.summary = summary;
    d.evidence = evidence;
    d.next = next.isEmpty() ? DiagnosisCodes::advice(code) : next;
    return d;
}

QString noteLine(const LegNote &note)
{
    return QStringLiteral("note %1: %2").arg(note.codeName(), DisplayText::escaped(note.text));
}

// The leg's notes of these codes, as evidence lines.
QStringList notesOf(const Leg &leg, std::initializer_list<NoteCode> codes)
{
    QStringList lines;
    for (const LegNote &note : leg.notes) {
        if (std::find(codes.begin(), codes.end(), note.code) != codes.end())
            lines.append(noteLine(note));
    }
    return lines;
}

QString quoted(const QByteArray &serverText)
{
    return QStringLiteral("\"%1\"").arg(DisplayText::fromBytes(serverText));
}

// "61 s"; a long span also in a unit a reader takes in at once: "1117 days (96480652 s)".
QString seconds(qint64 s)
{
    const qint64 a = qAbs(s);
    if (a < 120)
        return QStringLiteral("%1 s").arg(s);
    const QString rough = a < 2 * 3600 ? QStringLiteral("%1 min").arg(a / 60)
            : a < 2 * 86400           ? QStringLiteral("%1 h").arg(a / 3600)
                                       : QStringLiteral("%1 days").arg(a / 86400);
    return QStringLiteral("%1 (%2 s)").arg(rough).arg(s);
}

QString utc(const QDateTime &t)
{
    return t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss'Z'"));
}

// The local clock when the leg's response arrived: Context::now, else the exchange's start plus
// the leg's time to its first byte.
QDateTime localTimeOf(const Exchange &exchange, const Leg &leg, const Diagnoser::Context &context)
{
    if (context.now.isValid())
        return context.now.toUTC();
    if (!exchange.startedAt.isValid())
        return QDateTime();
    return exchange.startedAt.toUTC().addMSecs(qMax<qint64>(0, leg.timing.firstByteNs) / 1000000);
}

// A cookie of this leg that went with a 2xx before: in this exchange's earlier legs, or in an
// earlier exchange of the session. The evidence line names the cookie, never its value.
QString cookieThatWorkedEarlier(const Exchange &exchange, const LegEvidence &leg, const Diagnoser::Context &context)
{
    const auto sent = leg.cookiesSent();
    if (sent.isEmpty())
        return QString();
    // The evidence line when earlier (a 2xx) sent one of this leg's cookies, or set it; or when a
    // redirect answered a request that sent it (a page behind the login forwarding a signed-in user:
    // a login chain that ends in 401 shows the session ending within one exchange).
    auto workedOn = [&](const Leg &earlier, const QString &where) -> QString {
        const bool success = earlier.statusCode >= 200 && earlier.statusCode < 300;
        const bool redirect = earlier.statusCode >= 300 && earlier.statusCode < 400;
        if (!success && !redirect)
            return QString();
        const auto then = LegEvidence(earlier).cookiesSent();
        for (const auto &pair : sent) {
            const bool went = then.contains(pair);
            // A session renewed with every answer: the value sent now is the one a 2xx handed out.
            const bool issued = success && std::any_of(earlier.cookiesSet.cbegin(), earlier.cookiesSet.cend(), [&](const QNetworkCookie &c) {
                return c.name() == pair.first && c.value() == pair.second;
            });
            if (went || issued)
                return QStringLiteral("Cookie %1 (value not shown) %2 the %3 %4 of leg %5 %6 and is sent again unchanged")
                        .arg(DisplayText::fromBytes(pair.first), went ? QStringLiteral("went with") : QStringLiteral("was set by"))
                        .arg(earlier.statusCode)
                        .arg(DisplayText::fromBytes(earlier.reasonPhrase)).arg(earlier.index + 1).arg(where);
        }
        return QString();
    };
    auto earlierExchange = [](const QUrl &url) {
        return QStringLiteral("in an earlier exchange (%1)").arg(url.toDisplayString());
    };
    for (int i = 0; i < qMin(leg.leg().index, int(exchange.legs.size())); ++i) {
        const QString line = workedOn(exchange.legs.at(i), QStringLiteral("earlier in this exchange"));
        if (!line.isEmpty())
            return line;
    }
    // What the session remembers of earlier exchanges (the GUI's window keeps one session).
    for (auto it = exchange.cookiesThatWorked.crbegin(); it != exchange.cookiesThatWorked.crend(); ++it) {
        const QString line = workedOn(*it, earlierExchange(it->url));
        if (!line.isEmpty())
            return line;
    }
    for (auto it = context.earlier.crbegin(); it != context.earlier.crend(); ++it) {
        if (!*it)
            continue;
        for (const Leg &earlier : (*it)->legs) {
            const QString line = workedOn(earlier, earlierExchange((*it)->request.url));
            if (!line.isEmpty())
                return line;
        }
    }
    return QString();
}

// Why AuthScope withheld credentials from this leg, as evidence lines; empty when it did not.
QStringList withheld(const Exchange &exchange, const Leg &leg)
{
    QStringList lines = notesOf(leg, {NoteCode::CredentialsNotSent});
    if (leg.follows >= 0 && leg.follows < exchange.legs.size() && leg.kind == Leg::Kind::Redirect)
        lines += notesOf(exchange.legs.at(leg.follows), {NoteCode::FieldsDroppedOnRedirect});
    return lines;
}

// The acquisition steps for this leg that ended without a credential (a declined dialog).
QStringList unansweredSteps(const Exchange &exchange, const Leg &leg)
{
    QStringList lines;
    for (const ExchangeStep &step : exchange.steps) {
        if (step.kind == ExchangeStep::Kind::AcquireCredential && step.forLeg == leg.index && !step.succeeded()
            && step.outcome != NoteCode::None)
            lines.append(QStringLiteral("acquiring a credential for leg %1 ended without one (%2)")
                                 .arg(leg.index + 1).arg(NoteCodes::name(step.outcome)));
    }
    return lines;
}

// The realm the leg's credentials were meant for: a Digest Authorization says it; otherwise the
// challenge of the same scheme on the leg this one answered.
QByteArray realmAnswered(const Exchange &exchange, const LegEvidence &leg, QString *source)
{
    const QByteArray digestRealm = leg.sentParam("realm");
    if (!digestRealm.isNull()) {
        *source = QStringLiteral("the realm of the Digest Authorization leg %1 sent").arg(leg.leg().index + 1);
        return digestRealm;
    }
    const int follows = leg.leg().follows;
    if (follows < 0 || follows >= exchange.legs.size() || leg.leg().kind == Leg::Kind::Redirect)
        return QByteArray();
    const LegEvidence answered(exchange.legs.at(follows));
    for (const Challenge &c : answered.challenges()) {
        if (c.scheme.compare(leg.sentScheme(), Qt::CaseInsensitive) == 0 && c.hasParam("realm")) {
            *source = QStringLiteral("the %1 challenge of leg %2 answered").arg(QString::fromLatin1(c.scheme)).arg(follows + 1);
            return c.param("realm");
        }
    }
    return QByteArray();
}

// The leg that answered this leg's challenge with credentials, or -1.
int answeringLeg(const Exchange &exchange, int legIndex)
{
    for (int i = legIndex + 1; i < exchange.legs.size(); ++i) {
        const Leg &leg = exchange.legs.at(i);
        if (leg.follows == legIndex && (leg.kind == Leg::Kind::AuthRetry || leg.kind == Leg::Kind::Retry))
            return i;
    }
    return -1;
}

// How many legs up to this one sent credentials and got a 401 (or 403) back.
int rejectionsUpTo(const Exchange &exchange, int legIndex)
{
    int n = 0;
    for (int i = 0; i <= legIndex && i < exchange.legs.size(); ++i) {
        const Leg &leg = exchange.legs.at(i);
        if ((leg.statusCode == 401 || leg.statusCode == 403) && LegEvidence(leg).sentAuthorization())
            ++n;
    }
    return n;
}

Diagnosis bearerInvalidToken(const Exchange &exchange, const LegEvidence &leg, const Challenge &bearer,
                             const Diagnoser::Context &context)
{
    const int index = leg.leg().index;
    QStringList evidence{leg.challengeLine(bearer), leg.described()};
    const QByteArray description = bearer.param("error_description");
    const QDateTime date = leg.responseDate();
    const QDateTime local = localTimeOf(exchange, leg.leg(), context);
    const Jwt jwt = leg.sentSchemeIs("Bearer") ? Jwt::decode(leg.sentCredentials()) : Jwt();
    const QString dateLine = date.isValid() ? QStringLiteral("Date: %1 (the server's clock)").arg(DisplayText::fromBytes(leg.responseField("Date")))
                                            : QString();
    const qint64 localSkew = date.isValid() && local.isValid() ? local.secsTo(date) : 0; // > 0: the server is ahead
    const bool localClockOff = qAbs(localSkew) > ClockLeewaySeconds;
    const QString localLine = QStringLiteral("this machine's clock read %1 when the response arrived, %2 %3 the server's Date")
                                      .arg(utc(local), seconds(qAbs(localSkew)),
                                           localSkew > 0 ? QStringLiteral("behind") : QStringLiteral("ahead of"));

    if (jwt.isSigned() && date.isValid()) {
        if (jwt.expiresAt().isValid() && jwt.expiresAt() <= date) {
            evidence << QStringLiteral("JWT exp %1, %2 before the response's Date").arg(utc(jwt.expiresAt()), seconds(jwt.expiresAt().secsTo(date)))
                     << dateLine;
            // The token looked valid by this machine's clock: the clocks, not the token, are the problem.
            if (localClockOff && local.isValid() && jwt.expiresAt() > local) {
                evidence << localLine;
                return make(C::ClockSkew, index,
                            QStringLiteral("The token expired by the server's clock but not by this machine's: the clocks differ by %1")
                                    .arg(seconds(qAbs(localSkew))),
                            evidence);
            }
            const qint64 ago = jwt.expiresAt().secsTo(date);
            return make(C::TokenExpired, index,
                        ago == 0 ? QStringLiteral("The token expired at %1, the second the server answered").arg(utc(jwt.expiresAt()))
                                 : QStringLiteral("The token expired at %1, %2 before the server answered")
                                           .arg(utc(jwt.expiresAt()), seconds(ago)),
                        evidence);
        }
        for (const auto &[claim, when] : {std::pair{"nbf", jwt.notBefore()}, std::pair{"iat", jwt.issuedAt()}}) {
            if (when.isValid() && date.secsTo(when) > ClockLeewaySeconds) {
                evidence << QStringLiteral("JWT %1 %2, %3 after the response's Date (leeway %4)")
                                    .arg(QString::fromLatin1(claim), utc(when), seconds(date.secsTo(when)), seconds(ClockLeewaySeconds))
                         << dateLine;
                return make(C::ClockSkew, index,
                            QStringLiteral("The token's %1 lies %2 ahead of the server's clock: the issuer's clock and the server's differ")
                                    .arg(QString::fromLatin1(claim), seconds(date.secsTo(when))),
                            evidence);
            }
        }
    }
    // No Date to read the claims against: this machine's clock stands in for the server's.
    if (jwt.isSigned() && !date.isValid() && local.isValid() && jwt.expiresAt().isValid() && jwt.expiresAt() <= local) {
        evidence << QStringLiteral("JWT exp %1, %2 before this machine's clock read when the response arrived (the response has no Date)")
                            .arg(utc(jwt.expiresAt()), seconds(jwt.expiresAt().secsTo(local)));
        return make(C::TokenExpired, index,
                    QStringLiteral("The token likely expired: its exp is %1 before this machine's clock (the server sent no Date)")
                            .arg(seconds(jwt.expiresAt().secsTo(local))),
                    evidence, QString(), true);
    }
    if (description.toLower().contains("expired")) {
        evidence << QStringLiteral("error_description %1 says expired").arg(quoted(description));
        return make(C::TokenExpired, index, QStringLiteral("The server says the token expired: %1").arg(quoted(description)),
                    evidence);
    }
    if (localClockOff) {
        evidence << dateLine << localLine;
        return make(C::ClockSkew, index,
                    QStringLiteral("The server refused the token and this machine's clock is %1 off the server's: "
                                   "likely the token's times are read as not yet or no longer valid")
                            .arg(seconds(qAbs(localSkew))),
                    evidence, QString(), true);
    }
    if (!description.isEmpty())
        evidence << QStringLiteral("error_description %1").arg(quoted(description));
    evidence += notesOf(leg.leg(), {NoteCode::TokenRefreshOn401, NoteCode::TokenRejectedAfterRefresh});
    return make(C::InvalidToken, index,
                description.isEmpty() ? QStringLiteral("The server refused the token as invalid_token")
                                      : QStringLiteral("The server refused the token as invalid_token: %1").arg(quoted(description)),
                evidence);
}

Diagnosis tooManyAttempts(const Exchange &exchange, const LegEvidence &leg)
{
    const int rejections = rejectionsUpTo(exchange, leg.leg().index);
    const QByteArray retryAfterField = leg.responseField("Retry-After");
    // RFC 9110 §10.2.3: delay-seconds or an HTTP-date.
    bool isSeconds = false;
    retryAfterField.trimmed().toLongLong(&isSeconds);
    const QByteArray retryAfter = isSeconds ? retryAfterField.trimmed() + " s" : retryAfterField;
    QStringList evidence{QStringLiteral("%1 %2").arg(leg.leg().statusCode).arg(DisplayText::fromBytes(leg.leg().reasonPhrase))};
    if (!retryAfterField.isNull())
        evidence << QStringLiteral("Retry-After: %1").arg(DisplayText::fromBytes(retryAfterField));
    if (rejections > 0)
        evidence << QStringLiteral("%1 leg(s) of this exchange sent credentials and were refused").arg(rejections);
    return make(C::TooManyAttempts, leg.leg().index,
                retryAfter.isEmpty() ? QStringLiteral("The server refuses more requests for now")
                                    : QStringLiteral("The server refuses more attempts for now and says to retry after %1")
                                              .arg(DisplayText::fromBytes(retryAfter)),
                evidence,
                retryAfter.isEmpty() ? QString()
                                    : QStringLiteral("Wait %1 (Retry-After) before trying again, with the right credentials.")
                                              .arg(DisplayText::fromBytes(retryAfter)));
}

Diagnosis unauthorized(const Exchange &exchange, const LegEvidence &leg, const Diagnoser::Context &context)
{
    const Leg &l = leg.leg();
    const int index = l.index;
    const QString field = QString::fromLatin1(leg.challengeField());

    if (leg.challenges().isEmpty()) {
        const QString cookie = cookieThatWorkedEarlier(exchange, leg, context);
        if (!cookie.isEmpty() && !leg.sentAuthorization())
            return make(C::SessionExpired, index, QStringLiteral("A session cookie that worked earlier is refused now: the session likely ended"),
                        {QStringLiteral("401 without %1").arg(field), cookie}, QString(), true);
        QStringList evidence{leg.hasChallengeField() ? QStringLiteral("%1 present but unreadable: %2")
                                                               .arg(field, l.challengeProblems.value(0, QStringLiteral("no challenge in it")))
                                                     : QStringLiteral("401 without %1 (RFC 9110 §15.5.2 requires one)").arg(field),
                             leg.described()};
        evidence += notesOf(l, {NoteCode::NoUsableChallenge});
        return make(C::NoChallenge, index,
                    QStringLiteral("The server answered 401 but does not say how to authenticate (no usable %1)").arg(field),
                    evidence);
    }

    if (!leg.sentAuthorization()) {
        const QStringList why = withheld(exchange, l);
        if (!why.isEmpty())
            return make(C::CredentialsNotSent, index,
                        QStringLiteral("AuthScope held the credentials back: %1 is not the origin they were given for")
                                .arg(l.url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo)
                                             .toDisplayString()),
                        QStringList{leg.challengeLines(), leg.described()} + why);
        const QString cookie = cookieThatWorkedEarlier(exchange, leg, context);
        if (!cookie.isEmpty())
            return make(C::SessionExpired, index,
                        QStringLiteral("A session cookie that worked earlier is refused now: the session likely ended"),
                        {leg.challengeLines(), cookie, leg.described()}, QString(), true);
        QStringList evidence{leg.challengeLines(), leg.described()};
        evidence += unansweredSteps(exchange, l);
        const bool tokenAsked = leg.challenges().size() == 1 && leg.challenge("Bearer");
        const int answeredBy = answeringLeg(exchange, index);
        QString next = tokenAsked ? QStringLiteral("Give a token with the request (--oauth2-bearer TOKEN or --oauth-profile NAME).")
                                  : QString();
        if (answeredBy >= 0)
            next = QStringLiteral("Nothing to fix here: this is how the handshake starts, and leg %1 answered the challenge.")
                           .arg(answeredBy + 1);
        return make(C::MissingCredentials, index,
                    QStringLiteral("The server asks for %1 credentials and none were sent")
                            .arg(DisplayText::fromBytes(leg.challenges().constFirst().scheme)),
                    evidence, next);
    }

    const QString malformed = leg.malformation();
    const Challenge *bearer = leg.challenge("Bearer");
    const QByteArray bearerError = bearer ? bearer->param("error") : QByteArray();
    if (!malformed.isEmpty() || bearerError == "invalid_request") {
        QStringList evidence{leg.described()};
        if (!malformed.isEmpty())
            evidence << QStringLiteral("%1: %2").arg(QString::fromLatin1(leg.authorizationField()), malformed);
        if (bearerError == "invalid_request")
            evidence << leg.challengeLine(*bearer);
        return make(C::MalformedAuthorization, index,
                    malformed.isEmpty() ? QStringLiteral("The server cannot parse the request's credentials (invalid_request)")
                                        : QStringLiteral("The %1 field cannot be read: %2").arg(QString::fromLatin1(leg.authorizationField()), malformed),
                    evidence);
    }
    if (!leg.challenged(leg.sentScheme()))
        return make(C::WrongScheme, index,
                    QStringLiteral("Credentials went as %1, and the server asks for %2")
                            .arg(DisplayText::fromBytes(leg.sentScheme()), [&] {
                                QStringList schemes;
                                for (const Challenge &c : leg.challenges())
                                    schemes.append(DisplayText::fromBytes(c.scheme));
                                return schemes.join(QStringLiteral(" or "));
                            }()),
                    {leg.described(), leg.challengeLines()},
                    leg.challenge("Bearer") ? QStringLiteral("Send the token as Bearer (--oauth2-bearer TOKEN) instead of %1.")
                                                      .arg(DisplayText::fromBytes(leg.sentScheme()))
                                            : QStringLiteral("Send the credentials as %1 (--auth) instead of %2.")
                                                      .arg(DisplayText::fromBytes(leg.challenges().constFirst().scheme),
                                                           DisplayText::fromBytes(leg.sentScheme())));
    if (const Challenge *digest = leg.challenge("Digest");
        digest && leg.sentSchemeIs("Digest") && digest->param("stale").compare("true", Qt::CaseInsensitive) == 0) {
        QStringList evidence{leg.challengeLine(*digest), leg.described()};
        if (index + 1 < exchange.legs.size())
            evidence += notesOf(exchange.legs.at(index + 1), {NoteCode::StaleNonceRetry});
        const bool retried = index + 1 < exchange.legs.size() && exchange.legs.at(index + 1).hasNote(NoteCode::StaleNonceRetry);
        return make(C::StaleNonce, index, QStringLiteral("The Digest nonce expired (stale=true); the credentials themselves were accepted"),
                    evidence,
                    retried ? QStringLiteral("Nothing to fix: AuthScope answered the new nonce on leg %1.").arg(index + 2) : QString());
    }
    if (bearer && leg.sentSchemeIs("Bearer")) {
        if (bearerError == "invalid_token")
            return bearerInvalidToken(exchange, leg, *bearer, context);
        if (bearerError == "insufficient_scope")
            return make(C::InsufficientScope, index,
                        QStringLiteral("The token lacks the scope this resource needs%1")
                                .arg(bearer->hasParam("scope") ? QStringLiteral(" (%1)").arg(quoted(bearer->param("scope"))) : QString()),
                        {leg.challengeLine(*bearer), leg.described()});
        if (bearerError.isEmpty())
            return make(C::CredentialsStripped, index,
                        QStringLiteral("A token was sent, but the Bearer challenge has no error, as if none arrived: "
                                       "likely something between AuthScope and the server removed the Authorization field"),
                        {leg.described(), QStringLiteral("%1 without an error parameter (RFC 6750 §3.1: omitted when the request had no token)")
                                                  .arg(leg.challengeLine(*bearer))},
                        QString(), true);
    }
    QString realmSource;
    const QByteArray answeredRealm = realmAnswered(exchange, leg, &realmSource);
    const Challenge *same = nullptr;
    for (const Challenge &c : leg.challenges()) {
        if (c.scheme.compare(leg.sentScheme(), Qt::CaseInsensitive) == 0)
            same = &c;
    }
    if (same && same->hasParam("realm") && !answeredRealm.isNull() && same->param("realm") != answeredRealm)
        return make(C::WrongRealm, index,
                    QStringLiteral("The credentials were for realm %1, and the server now asks for realm %2")
                            .arg(quoted(answeredRealm), quoted(same->param("realm"))),
                    {leg.challengeLine(*same), QStringLiteral("realm %1: %2").arg(quoted(answeredRealm), realmSource), leg.described()},
                    QStringLiteral("Use the credentials of realm %1.").arg(quoted(same->param("realm"))));
    if (!leg.responseField("Retry-After").isNull())
        return tooManyAttempts(exchange, leg);
    QStringList evidence{leg.described(), leg.challengeLines()};
    evidence += notesOf(l, {NoteCode::CredentialsRejected, NoteCode::CachedCredentialsRefused, NoteCode::TokenRejectedAfterRefresh});
    return make(C::CredentialsRejected, index,
                QStringLiteral("The server read the %1 credentials and refused them").arg(DisplayText::fromBytes(leg.sentScheme())),
                evidence);
}

Diagnosis forbidden(const Exchange &exchange, const LegEvidence &leg)
{
    const int index = leg.leg().index;
    if (const Challenge *bearer = leg.challenge("Bearer"); bearer && bearer->param("error") == "insufficient_scope")
        return make(C::InsufficientScope, index,
                    QStringLiteral("The token is valid but lacks the scope this resource needs%1")
                            .arg(bearer->hasParam("scope") ? QStringLiteral(" (%1)").arg(quoted(bearer->param("scope"))) : QString()),
                    {leg.challengeLine(*bearer), leg.described()},
                    bearer->hasParam("scope") ? QStringLiteral("Ask for a token with scope %1.").arg(quoted(bearer->param("scope")))
                                              : QString());
    if (leg.sentAuthorization() && !leg.responseField("Retry-After").isNull())
        return tooManyAttempts(exchange, leg);
    return make(C::Forbidden, index,
                leg.sentAuthorization() ? QStringLiteral("The server knows who is asking and refuses: sending the same credentials again will not help")
                                        : QStringLiteral("The server refuses this request outright (403, and no credentials were sent)"),
                {QStringLiteral("403 %1").arg(DisplayText::fromBytes(leg.leg().reasonPhrase)), leg.described()});
}

Diagnosis proxyAuthRequired(const LegEvidence &leg)
{
    const Leg &l = leg.leg();
    QStringList evidence{leg.challenges().isEmpty() ? QStringLiteral("407 without Proxy-Authenticate") : leg.challengeLines(),
                         leg.described()};
    evidence += notesOf(l, {NoteCode::ProxyCredentialsTunnel, NoteCode::CredentialsRejected, NoteCode::UnexpectedProxyChallenge});
    const bool tunnel = l.hasNote(NoteCode::ProxyCredentialsTunnel);
    const bool sent = leg.sentAuthorization() || tunnel;
    return make(C::ProxyAuthRequired, l.index,
                sent ? QStringLiteral("The proxy refused the proxy credentials sent")
                     : QStringLiteral("The proxy wants credentials and none were sent to it"),
                evidence,
                sent ? QStringLiteral("Check the proxy's user name and password (--proxy-user USER:PASSWORD).") : QString());
}

// A failed exchange with no leg to explain (a declined dialog, a credential refused before
// sending): its outcome's reason.
Diagnosis fromStatus(const Exchange &exchange, int legIndex)
{
    const Status &status = exchange.status;
    const QString line = QStringLiteral("exchange %1 (%2): %3")
                                 .arg(status.codeName(), NoteCodes::name(status.reason()), DisplayText::escaped(status.message()));
    switch (status.reason()) {
    case NoteCode::MissingCredentials:
    case NoteCode::CredentialsNeeded:
    case NoteCode::SignInRequired:
        return make(C::MissingCredentials, legIndex, QStringLiteral("No credentials were given for this request"), {line});
    case NoteCode::StoredCredentialOtherOrigin:
        return make(C::CredentialsNotSent, legIndex,
                    QStringLiteral("AuthScope held the stored credential back: it belongs to another origin"), {line});
    case NoteCode::CredentialsRejected:
    case NoteCode::StoredCredentialRefused:
    case NoteCode::TokenRejectedAfterRefresh:
        return make(C::CredentialsRejected, legIndex, QStringLiteral("The credentials were refused"), {line});
    case NoteCode::TokenRefreshFailed: {
        // The authorization server answered the refresh and refused it (invalid_grant: revoked,
        // rotated away, reused): the refresh token is a credential it rejected. A token endpoint
        // that could not be reached is a transport failure, not a rejection.
        const Leg *leg = legIndex >= 0 ? &exchange.legs.at(legIndex) : nullptr;
        if (!leg || leg->statusCode < 400 || leg->statusCode >= 500)
            return Diagnosis();
        return make(C::CredentialsRejected, legIndex,
                    QStringLiteral("The authorization server refused the refresh token (HTTP %1)").arg(leg->statusCode),
                    {line}, QStringLiteral("Sign in again to get a new refresh token; a refresh token used twice may have "
                                           "revoked its whole family (RFC 9700 §4.14.2)."));
    }
    default:
        return Diagnosis();
    }
}

} // namespace

Diagnosis Diagnoser::forLeg(const Exchange &exchange, int legIndex, const Context &context)
{
    if (legIndex < 0 || legIndex >= exchange.legs.size())
        return Diagnosis();
    const Leg &leg = exchange.legs.at(legIndex);
    const LegEvidence evidence(leg);
    switch (leg.statusCode) {
    case 401: return unauthorized(exchange, evidence, context);
    case 403: return forbidden(exchange, evidence);
    case 407: return proxyAuthRequired(evidence);
    case 429: return tooManyAttempts(exchange, evidence);
    default: break;
    }
    if (legIndex == exchange.legs.size() - 1 && !exchange.status.isOk())
        return fromStatus(exchange, legIndex);
    return Diagnosis();
}

Diagnosis Diagnoser::forExchange(const Exchange &exchange, const Context &context)
{
    if (!exchange.legs.isEmpty()) {
        const Diagnosis last = forLeg(exchange, int(exchange.legs.size()) - 1, context);
        if (!last.isNull() || exchange.legs.constLast().hasResponse())
            return last;
    }
    return exchange.status.isOk() ? Diagnosis() : fromStatus(exchange, -1);
}

QList<Diagnosis> Diagnoser::forLegs(const Exchange &exchange, const Context &context)
{
    QList<Diagnosis> all;
    all.reserve(exchange.legs.size());
    for (int i = 0; i < exchange.legs.size(); ++i)
        all.append(forLeg(exchange, i, context));
    return all;
}
