#include "challengeresponder.h"

#include "challengeparser.h"

#include <QUrlQuery>

namespace {

constexpr int MaxAuthLegs = 10;

bool isLoopback(const QUrl &url)
{
    return ProtectionSpace::isLoopbackHost(url.host());
}

bool carriesCredentials(const Leg &leg, bool proxy)
{
    const QByteArray name = proxy ? QByteArrayLiteral("Proxy-Authorization") : QByteArrayLiteral("Authorization");
    for (const HeaderField &f : leg.requestHeaders) {
        if (f.source == HeaderField::Source::Authentication && f.name.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

LegNote plainHttpWarning(const QUrl &url)
{
    return LegNote(NoteCode::PlainHttpWarning,
                   QStringLiteral("Credentials go to %1 over plain http; anyone on the path can read or replay them")
                           .arg(url.host()));
}

QString times(int n)
{
    return n == 1 ? QStringLiteral("once") : QStringLiteral("%1 times").arg(n);
}

// What a refusal refused, for its words: a token has no user to name.
QString refusedPhrase(const Credential &credential)
{
    if (credential.kind == Credential::Kind::Token)
        return QStringLiteral("the token");
    if (credential.user.isEmpty())
        return QStringLiteral("the credentials");
    return QStringLiteral("the credentials of %1").arg(credential.user);
}

// The Authorization (or Proxy-Authorization) value AuthScope put on the leg; empty when none.
QByteArray sentAnswer(const Leg &leg, bool proxy)
{
    const QByteArray name = proxy ? QByteArrayLiteral("Proxy-Authorization") : QByteArrayLiteral("Authorization");
    for (const HeaderField &f : leg.requestHeaders) {
        if (f.source == HeaderField::Source::Authentication && f.name.compare(name, Qt::CaseInsensitive) == 0)
            return f.value;
    }
    return QByteArray();
}

bool isBearer(const QByteArray &answer)
{
    return answer.left(7).compare("Bearer ", Qt::CaseInsensitive) == 0;
}

} // namespace

ChallengeResponder::ChallengeResponder(AuthCache *cache, const HttpRequest &request, const ProxySettings &proxy)
    : m_cache(cache), m_given(request.credentials), m_originalUrl(request.url),
      m_originalOrigin(ProtectionSpace::originOf(request.url)),
      m_preference(request.options.authScheme), m_maxAttempts(qMax(1, request.options.maxAuthAttempts)), m_proxy(proxy)
{
}

AuthCache::Entry *ChallengeResponder::usableCacheEntry(AuthCache::Entry *entry) const
{
    if (!entry || m_given.askUser)
        return nullptr;
    if (m_given.isEmpty() || entry->credential.kind != Credential::Kind::Password)
        return entry;
    return entry->credential.user == m_given.user && entry->credential.secret == m_given.password ? entry : nullptr;
}

void ChallengeResponder::addPreemptive(const AuthRequest &request, QUrl *url, HeaderList *fields, Leg *leg)
{
    using S = HeaderField::Source;
    // Most requests carry nothing: keep their path short (see docs/benchmarks.md).
    if (m_cache->size() == 0 && !m_given.hasAny() && m_proxy.user.isEmpty())
        return;
    const bool home = ProtectionSpace::originOf(*url) == m_originalOrigin;
    bool sent = false;

    if (!m_proxy.origin.isEmpty() && url->scheme() == u"http" && !fields->contains("Proxy-Authorization")) {
        AuthCache::Entry *entry = m_cache->findFor(*url, true, m_proxy.origin);
        if (entry) {
            AuthRequest proxied = request;
            proxied.proxy = true;
            const AuthAnswer answer = entry->scheme->answer(entry->state.challenge, entry->credential, proxied, &entry->state);
            if (!answer.value.isEmpty()) {
                fields->append("Proxy-Authorization", answer.value, S::Authentication);
                leg->computation = answer.computation;
                leg->note(NoteCode::ProxyCredentialsPreemptive,
                          QStringLiteral("Proxy credentials sent up front: %1 answered earlier in this session")
                                  .arg(entry->space.toDisplayString()));
            }
        } else if (!m_proxy.user.isEmpty()) {
            // As curl does with --proxy-user: Basic to the proxy until it asks for something else.
            fields->append("Proxy-Authorization", "Basic " + QByteArray(m_proxy.user.toUtf8() + ':' + m_proxy.password).toBase64(),
                           S::Authentication);
            leg->note(NoteCode::ProxyCredentialsPreemptive,
                      QStringLiteral("Proxy credentials sent up front (Basic) for %1").arg(m_proxy.user));
        }
    }

    if (!fields->contains("Authorization")) {
        if (home && m_given.hasToken()) {
            fields->append("Authorization", "Bearer " + m_given.token, S::Authentication);
            leg->authentication = QStringLiteral("Bearer token (%1 characters), given with the request").arg(m_given.token.size());
            sent = true;
        } else if (AuthCache::Entry *cached = usableCacheEntry(m_cache->findFor(*url, false))) {
            const AuthAnswer answer = cached->scheme->answer(cached->state.challenge, cached->credential, request, &cached->state);
            if (!answer.value.isEmpty()) {
                fields->append("Authorization", answer.value, S::Authentication);
                leg->authentication = answer.summary;
                if (!answer.computation.isEmpty())
                    leg->computation = answer.computation;
                leg->note(NoteCode::CredentialsPreemptive,
                          QStringLiteral("Credentials sent up front: %1 answered earlier in this session")
                                  .arg(cached->space.toDisplayString()));
                sent = true;
            }
        } else if (home && m_preference == AuthPreference::Basic && !m_given.isEmpty()) {
            Credential credential{Credential::Kind::Password, m_given.user, m_given.password, {}, {}};
            const AuthAnswer answer = SchemeRegistry::find("Basic")->answer(Challenge{"Basic", {}, {}}, credential, request, nullptr);
            credential.wipe();
            if (!answer.value.isEmpty()) {
                fields->append("Authorization", answer.value, S::Authentication);
                leg->authentication = answer.summary + QStringLiteral(" (sent up front: --auth basic)");
                sent = true;
            }
        } else if (!home && (!m_given.isEmpty() || m_given.hasToken())) {
            leg->note(NoteCode::CredentialsNotSent,
                      QStringLiteral("Credentials not sent: %1 is not the origin they were given for (%2)")
                              .arg(ProtectionSpace::originOf(*url), ProtectionSpace::originOf(m_originalUrl)));
        }
    }

    if (home && m_given.hasApiKey()) {
        if (m_given.apiKeyInQuery) {
            QUrlQuery query(*url);
            query.removeAllQueryItems(QString::fromUtf8(m_given.apiKeyName));
            query.addQueryItem(QString::fromUtf8(m_given.apiKeyName),
                               QString::fromUtf8(QUrl::toPercentEncoding(QString::fromUtf8(m_given.apiKeyValue))));
            url->setQuery(query);
            leg->note(NoteCode::ApiKeySent,
                      QStringLiteral("API key sent as query parameter \"%1\"").arg(QString::fromUtf8(m_given.apiKeyName)));
        } else if (!fields->contains(m_given.apiKeyName)) {
            fields->append(m_given.apiKeyName, m_given.apiKeyValue, S::Authentication);
            leg->note(NoteCode::ApiKeySent,
                      QStringLiteral("API key sent in header \"%1\"").arg(QString::fromUtf8(m_given.apiKeyName)));
        }
        sent = true;
    } else if (!home && m_given.hasApiKey()) {
        leg->note(NoteCode::CredentialsNotSent,
                  QStringLiteral("API key not sent: %1 is not the origin it was given for (%2)")
                          .arg(ProtectionSpace::originOf(*url), ProtectionSpace::originOf(m_originalUrl)));
    }
    if (sent && url->scheme() == u"http" && !isLoopback(*url))
        leg->notes.append(plainHttpWarning(*url));
}

ChallengeResponder::Step ChallengeResponder::stop(const Status &status) const
{
    Step step;
    step.action = Step::Action::Stop;
    step.status = status;
    return step;
}

ChallengeResponder::Step ChallengeResponder::fail(NoteCode reason, const QString &message) const
{
    return stop(Status(Status::Code::AuthenticationFailed, reason, message));
}

void ChallengeResponder::refuse(Attempt &a, const Leg &leg, const Credential &credential)
{
    m_verdicts.append({a.space, credential, false, leg.url});
    m_cache->remove(a.space);
}

void ChallengeResponder::describeChallenges(Leg *leg)
{
    const bool proxy = leg->statusCode == 407;
    const QByteArray field = proxy ? QByteArrayLiteral("Proxy-Authenticate") : QByteArrayLiteral("WWW-Authenticate");
    const ChallengeParser::Result parsed = ChallengeParser::parse(leg->responseHeaders.values(field));
    leg->challenges = parsed.challenges;
    for (const ChallengeParseError &e : parsed.errors)
        leg->challengeProblems.append(QStringLiteral("%1 offset %2: %3").arg(QString::fromLatin1(field)).arg(e.position).arg(e.message));
    if (!parsed.errors.isEmpty())
        leg->note(NoteCode::ChallengeProblem, QStringLiteral("%1 has %2 parse problem(s): %3")
                          .arg(QString::fromLatin1(field)).arg(parsed.errors.size()).arg(leg->challengeProblems.constFirst()));
    for (const Challenge &c : parsed.challenges) {
        if (const AuthScheme *scheme = SchemeRegistry::find(c.scheme)) {
            for (LegNote note : scheme->explain(c)) {
                note.text = QStringLiteral("%1: %2").arg(QString::fromLatin1(c.scheme), note.text);
                leg->notes.append(note);
            }
        }
    }
}

ChallengeResponder::Step ChallengeResponder::onChallenge(Leg *leg, const AuthRequest &request)
{
    const bool proxy = leg->statusCode == 407;
    const QByteArray field = proxy ? QByteArrayLiteral("Proxy-Authenticate") : QByteArrayLiteral("WWW-Authenticate");
    describeChallenges(leg);
    const QList<Challenge> &challenges = leg->challenges;
    if (challenges.isEmpty()) {
        leg->note(NoteCode::NoUsableChallenge,
                  QStringLiteral("%1 without a usable %2 field: the server does not say how to authenticate")
                          .arg(leg->statusCode).arg(QString::fromLatin1(field)));
        return stop(Status::ok());
    }
    if (proxy && m_proxy.origin.isEmpty()) {
        leg->note(NoteCode::UnexpectedProxyChallenge, QStringLiteral("407 from a server that is not your proxy: nothing to answer"));
        return stop(Status::ok());
    }
    if (++m_authLegs > MaxAuthLegs)
        return fail(NoteCode::AuthLoopLimit,
                    QStringLiteral("Gave up after %1 authentication attempts in one exchange").arg(MaxAuthLegs));

    const bool haveToken = !proxy && m_given.hasToken();
    const SchemeRegistry::Choice choice = SchemeRegistry::choose(challenges, proxy ? AuthPreference::Any : m_preference,
                                                                 haveToken, !haveToken || !m_given.isEmpty() || proxy);
    for (const QString &skipped : choice.skipped)
        leg->note(NoteCode::ChallengeSkipped, QStringLiteral("Not answered: %1").arg(skipped));
    if (!choice.scheme)
        return fail(NoteCode::NoAnswerableScheme,
                    QStringLiteral("None of the offered challenges can be answered (%1)").arg(choice.skipped.join(QStringLiteral("; "))));

    ProtectionSpace space;
    space.proxy = proxy;
    space.scheme = choice.scheme->name().toLower();
    space.origin = proxy ? m_proxy.origin : ProtectionSpace::originOf(leg->url);
    space.realm = QString::fromUtf8(choice.challenge.param("realm"));
    Attempt &a = attemptFor(proxy);
    const bool sent = carriesCredentials(*leg, proxy);
    const bool stale = choice.challenge.param("stale").compare("true", Qt::CaseInsensitive) == 0;

    if (sent && a.active && a.space == space) {
        if (stale && a.staleRetries < 2) {
            ++a.staleRetries;
            a.challenge = choice.challenge;
            return answerWith(a, leg, request, a.fromCache ? NoteCode::CredentialFromSession : NoteCode::CredentialFromRequest,
                              QStringLiteral("The nonce went stale (stale=true); same credentials, new nonce"), true);
        }
        refuse(a, *leg, a.credential);
        if (a.fromCache) {
            // Not the user's doing: ask without counting it against their attempts.
            QString what = refusedPhrase(a.credential);
            what[0] = what.at(0).toUpper();
            leg->note(NoteCode::CachedCredentialsRefused,
                      QStringLiteral("%1 that worked earlier in this session %2 refused here")
                              .arg(what, a.credential.kind == Credential::Kind::Token ? QStringLiteral("was")
                                                                                      : QStringLiteral("were")));
            a.fromCache = false;
            a.credential.wipe();
            a.state = AuthState();
            return askFor(a, *leg, choice);
        }
        ++a.rejections;
        a.refused = refusedPhrase(a.credential);
        leg->note(NoteCode::CredentialsRejected, QStringLiteral("Rejected: %1 did not accept %2 (%3 of %4)")
                                                         .arg(space.toDisplayString(), a.refused)
                                                         .arg(a.rejections).arg(m_maxAttempts));
        if (a.rejections >= m_maxAttempts) {
            const bool token = a.credential.kind == Credential::Kind::Token;
            return fail(NoteCode::CredentialsRejected,
                        QStringLiteral("The %1 rejected %2 %3; %4")
                                .arg(space.toDisplayString(), token ? QStringLiteral("the token") : QStringLiteral("the credentials"),
                                     times(a.rejections),
                                     token ? QStringLiteral("check that the token is valid and has not expired")
                                           : QStringLiteral("check the user name and password")));
        }
        Step step = ask(a, *leg, choice);
        step.question.rejectedUser = a.credential.user;
        a.credential.wipe();
        a.state = AuthState();
        return step;
    }

    const bool fresh = !(a.active && a.space == space);
    a.active = true;
    a.space = space;
    a.scheme = choice.scheme;
    a.challenge = choice.challenge;
    if (fresh) {
        a.rejections = 0;
        a.staleRetries = 0;
        a.state = AuthState();
        a.fromCache = false;
    }

    // A cached answer that was sent up front and refused: stale nonce, or not valid for this URL.
    bool cacheRefused = false;
    if (sent) {
        if (AuthCache::Entry *entry = usableCacheEntry(m_cache->find(space))) {
            if (stale && choice.scheme == entry->scheme) {
                a.credential = entry->credential;
                a.fromCache = true;
                return answerWith(a, leg, request, NoteCode::CredentialFromSession,
                                  QStringLiteral("The cached nonce went stale; answering the new one"), true);
            }
            leg->note(NoteCode::CachedCredentialsRefused,
                      QStringLiteral("The credentials remembered for %1 were refused here").arg(space.toDisplayString()));
            const Credential refused = entry->credential;
            refuse(a, *leg, refused);
            cacheRefused = true;
        }
    } else if (AuthCache::Entry *entry = usableCacheEntry(m_cache->find(space))) {
        a.credential = entry->credential;
        a.fromUser = false;
        a.fromCache = true;
        return answerWith(a, leg, request, NoteCode::CredentialFromSession,
                          QStringLiteral("Answering with the credentials that worked earlier in this session"));
    }

    const bool home = ProtectionSpace::originOf(leg->url) == m_originalOrigin;
    if (proxy && !m_proxy.user.isEmpty() && !(sent && space.scheme == "basic")) {
        a.credential = Credential{Credential::Kind::Password, m_proxy.user, m_proxy.password, {}, {}};
        a.fromCache = false;
        return answerWith(a, leg, request, NoteCode::CredentialFromProxySettings,
                          QStringLiteral("Answering the proxy's challenge with the proxy credentials"));
    }
    // A token sent up front does not use up the password given with it: a server asking for a
    // password scheme (Digest) gets the password, it did not refuse it.
    const bool sentToken = sent && isBearer(sentAnswer(*leg, proxy));
    if (!proxy && home && choice.scheme->credentialKind() == Credential::Kind::Password && !m_given.isEmpty()
        && (!sent || (sentToken && !cacheRefused))) {
        a.credential = Credential{Credential::Kind::Password, m_given.user, m_given.password, {}, {}};
        a.fromCache = false;
        return answerWith(a, leg, request, NoteCode::CredentialFromRequest,
                          sentToken ? QStringLiteral("Answering the %1 challenge with the password given with the request "
                                                     "(the token sent up front does not answer it)")
                                              .arg(QString::fromLatin1(choice.challenge.scheme))
                                    : QStringLiteral("Answering with the credentials given with the request"));
    }
    if (sent && !cacheRefused) {
        // The credentials sent up front (a token, --auth basic, the proxy's Basic) were refused.
        a.rejections = 1;
        a.refused = sentToken ? QStringLiteral("the token sent with the request")
                : proxy ? QStringLiteral("the proxy credentials of %1").arg(m_proxy.user)
                        : QStringLiteral("the credentials of %1").arg(m_given.user);
        leg->note(NoteCode::CredentialsRejected,
                  QStringLiteral("Rejected: %1 refused %2").arg(space.toDisplayString(), a.refused));
        if (a.rejections >= m_maxAttempts)
            return fail(NoteCode::CredentialsRejected,
                        QStringLiteral("The %1 rejected %2").arg(space.toDisplayString(), a.refused));
    }
    return askFor(a, *leg, choice);
}

ChallengeResponder::Step ChallengeResponder::askFor(Attempt &a, const Leg &leg, const SchemeRegistry::Choice &choice)
{
    Step step = ask(a, leg, choice);
    const bool home = ProtectionSpace::originOf(leg.url) == m_originalOrigin;
    if (!a.space.proxy && !home && (!m_given.isEmpty() || m_given.hasToken()))
        step.question.notes.append(LegNote(NoteCode::CredentialsNotSent,
                                           QStringLiteral("The credentials given with the request belong to %1 and are not sent to %2")
                                                   .arg(ProtectionSpace::originOf(m_originalUrl), a.space.origin)));
    if (leg.url.scheme() == u"http" && !isLoopback(leg.url) && !a.space.proxy)
        step.question.notes.append(plainHttpWarning(leg.url));
    step.question.notes.append(choice.scheme->explain(choice.challenge));
    return step;
}

ChallengeResponder::Step ChallengeResponder::ask(Attempt &a, const Leg &leg, const SchemeRegistry::Choice &choice)
{
    a.challenge = choice.challenge;
    Step step;
    step.action = Step::Action::Ask;
    step.question.space = a.space;
    step.question.challenge = choice.challenge;
    step.question.url = leg.url;
    step.question.encrypted = leg.url.scheme() == u"https" && !a.space.proxy;
    step.question.kind = choice.scheme->credentialKind();
    step.question.attempt = a.rejections + 1;
    step.question.maxAttempts = m_maxAttempts;
    step.question.askUser = m_given.askUser && !a.space.proxy;
    m_askingProxy = a.space.proxy;
    return step;
}

ChallengeResponder::Step ChallengeResponder::onCredential(const Credential *credential, const QString &reason,
                                                          NoteCode origin, Leg *leg, const AuthRequest &request,
                                                          NoteCode failure, Status::Code failureStatus)
{
    Attempt &a = attemptFor(m_askingProxy);
    if (!credential) {
        const bool token = a.scheme && a.scheme->credentialKind() == Credential::Kind::Token;
        const QString why = !reason.isEmpty() ? reason
                : m_askingProxy ? QStringLiteral("give the proxy's with the request, e.g. --proxy-user USER:PASSWORD")
                : token         ? QStringLiteral("give a token with the request, e.g. --oauth2-bearer TOKEN")
                                : QStringLiteral("give them with the request, e.g. -u USER:PASSWORD");
        if (failure != NoteCode::MissingCredentials)
            return stop(Status(failureStatus, failure, why));
        if (a.rejections > 0)
            return fail(NoteCode::CredentialsRejected,
                        QStringLiteral("The %1 rejected %2 and no others were given (%3)")
                                .arg(a.space.toDisplayString(),
                                     a.refused.isEmpty() ? QStringLiteral("the credentials") : a.refused, why));
        return fail(NoteCode::MissingCredentials,
                    QStringLiteral("The %1 needs credentials and none were given (%2)").arg(a.space.toDisplayString(), why));
    }
    a.credential = *credential;
    a.fromUser = true;
    a.fromCache = false;
    return answerWith(a, leg, request, origin == NoteCode::None ? NoteCode::CredentialFromPrompt : origin,
                      reason.isEmpty() ? QStringLiteral("Answering with the credentials just entered")
                                       : QStringLiteral("Answering with %1").arg(reason));
}

ChallengeResponder::Step ChallengeResponder::answerWith(Attempt &a, Leg *leg, const AuthRequest &request,
                                                        NoteCode source, const QString &reason, bool stale)
{
    AuthRequest req = request;
    req.proxy = a.space.proxy;
    const AuthAnswer answer = a.scheme->answer(a.challenge, a.credential, req, &a.state);
    if (answer.value.isEmpty())
        return fail(NoteCode::AnswerFailed, QStringLiteral("Cannot answer the %1: %2").arg(a.space.toDisplayString(), answer.error));
    Step step;
    step.action = Step::Action::Retry;
    step.field = HeaderField{a.space.proxy ? QByteArrayLiteral("Proxy-Authorization") : QByteArrayLiteral("Authorization"),
                             answer.value, HeaderField::Source::Authentication};
    step.kind = stale ? Leg::Kind::Retry : Leg::Kind::AuthRetry;
    step.reason = QStringLiteral("%1, after the %2 of leg %3").arg(reason).arg(leg->statusCode).arg(leg->index + 1);
    step.authentication = answer.summary;
    step.computation = answer.computation;
    step.source = source;
    step.notes.append(LegNote(stale ? NoteCode::StaleNonceRetry : NoteCode::ChallengeAnswered, step.reason));
    if (!a.space.proxy && request.url.scheme() == u"http" && !isLoopback(request.url))
        step.notes.append(plainHttpWarning(request.url));
    return step;
}

void ChallengeResponder::onResponse(Leg *leg, const AuthRequest &request)
{
    for (bool proxy : {false, true}) {
        Attempt &a = attemptFor(proxy);
        if (!a.active || !carriesCredentials(*leg, proxy))
            continue;
        if (proxy ? leg->statusCode == 407 : leg->statusCode == 401)
            continue;
        m_cache->store(a.space, a.scheme, a.credential, a.state, leg->url);
        m_verdicts.append({a.space, a.credential, true, leg->url});
        if (!proxy) {
            const QByteArray info = leg->responseHeaders.value("Authentication-Info");
            if (!info.isEmpty()) {
                const LegNote verdict = a.scheme->verifyAuthenticationInfo(info, a.credential, request, a.state,
                                                                            &leg->verification);
                if (verdict.code != NoteCode::None)
                    leg->notes.append(verdict);
            }
        }
        leg->note(NoteCode::CredentialsAccepted, QStringLiteral("Accepted by the %1; later requests in this session answer it up front")
                                                         .arg(a.space.toDisplayString()));
        a.active = false;
    }
    if (leg->statusCode == 403)
        leg->note(NoteCode::StatusForbidden, NoteCodes::meaning(NoteCode::StatusForbidden));
}
