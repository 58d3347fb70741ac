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

QString plainHttpWarning(const QUrl &url)
{
    return QStringLiteral("Warning: credentials go to %1 over plain http; anyone on the path can read or replay them")
            .arg(url.host());
}

} // namespace

ChallengeResponder::ChallengeResponder(AuthCache *cache, const HttpRequest &request, const ProxySettings &proxy)
    : m_cache(cache), m_given(request.credentials), m_originalUrl(request.url),
      m_originalOrigin(ProtectionSpace::originOf(request.url)),
      m_preference(request.options.authScheme), m_maxAttempts(qMax(1, request.options.maxAuthAttempts)), m_proxy(proxy)
{
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
                leg->annotations.append(QStringLiteral("Proxy credentials sent up front: %1 answered earlier in this session")
                                                .arg(entry->space.toDisplayString()));
            }
        } else if (!m_proxy.user.isEmpty()) {
            // As curl does with --proxy-user: Basic to the proxy until it asks for something else.
            fields->append("Proxy-Authorization", "Basic " + QByteArray(m_proxy.user.toUtf8() + ':' + m_proxy.password).toBase64(),
                           S::Authentication);
            leg->annotations.append(QStringLiteral("Proxy credentials sent up front (Basic) for %1").arg(m_proxy.user));
        }
    }

    if (!fields->contains("Authorization")) {
        if (home && m_given.hasToken()) {
            fields->append("Authorization", "Bearer " + m_given.token, S::Authentication);
            leg->authentication = QStringLiteral("Bearer token (%1 characters), given with the request").arg(m_given.token.size());
            sent = true;
        } else if (AuthCache::Entry *entry = m_cache->findFor(*url, false)) {
            const AuthAnswer answer = entry->scheme->answer(entry->state.challenge, entry->credential, request, &entry->state);
            if (!answer.value.isEmpty()) {
                fields->append("Authorization", answer.value, S::Authentication);
                leg->authentication = answer.summary;
                leg->annotations.append(QStringLiteral("Credentials sent up front: %1 answered earlier in this session")
                                                .arg(entry->space.toDisplayString()));
                sent = true;
            }
        } else if (home && m_preference == SchemeRegistry::Preference::Basic && !m_given.isEmpty()) {
            Credential credential{Credential::Kind::Password, m_given.user, m_given.password, {}, {}};
            const AuthAnswer answer = SchemeRegistry::find("Basic")->answer(Challenge{"Basic", {}, {}}, credential, request, nullptr);
            credential.wipe();
            if (!answer.value.isEmpty()) {
                fields->append("Authorization", answer.value, S::Authentication);
                leg->authentication = answer.summary + QStringLiteral(" (sent up front: --auth basic)");
                sent = true;
            }
        } else if (!home && (!m_given.isEmpty() || m_given.hasToken())) {
            leg->annotations.append(QStringLiteral("Credentials not sent: %1 is not the origin they were given for (%2)")
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
            leg->annotations.append(QStringLiteral("API key sent as query parameter \"%1\"").arg(QString::fromUtf8(m_given.apiKeyName)));
        } else if (!fields->contains(m_given.apiKeyName)) {
            fields->append(m_given.apiKeyName, m_given.apiKeyValue, S::Authentication);
            leg->annotations.append(QStringLiteral("API key sent in header \"%1\"").arg(QString::fromUtf8(m_given.apiKeyName)));
        }
        sent = true;
    }
    if (sent && url->scheme() == u"http" && !isLoopback(*url))
        leg->annotations.append(plainHttpWarning(*url));
}

ChallengeResponder::Step ChallengeResponder::stop(const Status &status) const
{
    Step step;
    step.action = Step::Action::Stop;
    step.status = status;
    return step;
}

ChallengeResponder::Step ChallengeResponder::onChallenge(Leg *leg, const AuthRequest &request)
{
    const bool proxy = leg->statusCode == 407;
    const QByteArray field = proxy ? QByteArrayLiteral("Proxy-Authenticate") : QByteArrayLiteral("WWW-Authenticate");
    const ChallengeParser::Result parsed = ChallengeParser::parse(leg->responseHeaders.values(field));
    leg->challenges = parsed.challenges;
    for (const ChallengeParseError &e : parsed.errors)
        leg->challengeProblems.append(QStringLiteral("%1 offset %2: %3").arg(QString::fromLatin1(field)).arg(e.position).arg(e.message));
    for (const Challenge &c : parsed.challenges) {
        if (const AuthScheme *scheme = SchemeRegistry::find(c.scheme)) {
            for (const QString &note : scheme->explain(c))
                leg->annotations.append(QStringLiteral("%1: %2").arg(QString::fromLatin1(c.scheme), note));
        }
    }
    if (parsed.challenges.isEmpty()) {
        leg->annotations.append(QStringLiteral("%1 without a usable %2 field: the server does not say how to authenticate")
                                        .arg(leg->statusCode).arg(QString::fromLatin1(field)));
        return stop(Status::ok());
    }
    if (proxy && m_proxy.origin.isEmpty()) {
        leg->annotations.append(QStringLiteral("407 from a server that is not your proxy: nothing to answer"));
        return stop(Status::ok());
    }
    if (++m_authLegs > MaxAuthLegs)
        return stop(Status(Status::Code::AuthenticationFailed,
                           QStringLiteral("Gave up after %1 authentication attempts in one exchange").arg(MaxAuthLegs)));

    const bool haveToken = !proxy && m_given.hasToken();
    const SchemeRegistry::Choice choice = SchemeRegistry::choose(parsed.challenges, proxy ? SchemeRegistry::Preference::Any : m_preference,
                                                                 haveToken, !haveToken || !m_given.isEmpty() || proxy);
    for (const QString &skipped : choice.skipped)
        leg->annotations.append(QStringLiteral("Not answered: %1").arg(skipped));
    if (!choice.scheme)
        return stop(Status(Status::Code::AuthenticationFailed,
                           QStringLiteral("None of the offered challenges can be answered (%1)").arg(choice.skipped.join(QStringLiteral("; ")))));

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
            return answerWith(a, leg, request, QStringLiteral("The nonce went stale (stale=true); same credentials, new nonce"));
        }
        ++a.rejections;
        m_verdicts.append({space, a.credential, false});
        m_cache->remove(space);
        leg->annotations.append(QStringLiteral("Rejected: %1 did not accept the credentials of %2 (%3 of %4)")
                                        .arg(space.toDisplayString(), a.credential.user).arg(a.rejections).arg(m_maxAttempts));
        if (a.rejections >= m_maxAttempts)
            return stop(Status(Status::Code::AuthenticationFailed,
                               QStringLiteral("The %1 rejected the credentials %2; check the user name and password")
                                       .arg(space.toDisplayString(),
                                            a.rejections == 1 ? QStringLiteral("once")
                                                              : QStringLiteral("%1 times").arg(a.rejections))));
        Step step = ask(a, *leg, choice);
        step.question.rejectedUser = a.credential.user;
        a.rejectedUser = a.credential.user;
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
    }

    // A cached answer that was sent up front and refused: stale nonce, or no longer valid.
    if (sent) {
        if (AuthCache::Entry *entry = m_cache->find(space)) {
            if (stale && choice.scheme == entry->scheme) {
                a.credential = entry->credential;
                return answerWith(a, leg, request, QStringLiteral("The cached nonce went stale; answering the new one"));
            }
            leg->annotations.append(QStringLiteral("The credentials remembered for %1 were refused").arg(space.toDisplayString()));
            m_verdicts.append({space, entry->credential, false});
            m_cache->remove(space);
        }
    } else if (AuthCache::Entry *entry = m_cache->find(space)) {
        a.credential = entry->credential;
        a.fromUser = false;
        return answerWith(a, leg, request, QStringLiteral("Answering with the credentials that worked earlier in this session"));
    }

    const bool home = ProtectionSpace::originOf(leg->url) == m_originalOrigin;
    if (proxy && !m_proxy.user.isEmpty() && !(sent && space.scheme == "basic")) {
        a.credential = Credential{Credential::Kind::Password, m_proxy.user, m_proxy.password, {}, {}};
        return answerWith(a, leg, request, QStringLiteral("Answering the proxy's challenge with the proxy credentials"));
    }
    if (!proxy && home && choice.scheme->credentialKind() == Credential::Kind::Password && !m_given.isEmpty() && !sent) {
        a.credential = Credential{Credential::Kind::Password, m_given.user, m_given.password, {}, {}};
        return answerWith(a, leg, request, QStringLiteral("Answering with the credentials given with the request"));
    }
    if (sent) {
        // The credentials sent up front (a token, --auth basic, the proxy's Basic) were refused.
        a.rejections = 1;
        leg->annotations.append(QStringLiteral("Rejected: %1 refused the credentials sent with this leg").arg(space.toDisplayString()));
        if (a.rejections >= m_maxAttempts)
            return stop(Status(Status::Code::AuthenticationFailed,
                               QStringLiteral("The %1 rejected the credentials").arg(space.toDisplayString())));
    }

    Step step = ask(a, *leg, choice);
    if (!proxy && !home && (!m_given.isEmpty() || m_given.hasToken()))
        step.question.notes.append(QStringLiteral("The credentials given with the request belong to %1 and are not sent to %2")
                                           .arg(ProtectionSpace::originOf(m_originalUrl), space.origin));
    if (leg->url.scheme() == u"http" && !isLoopback(leg->url) && !proxy)
        step.question.notes.append(plainHttpWarning(leg->url));
    for (const QString &note : choice.scheme->explain(choice.challenge))
        step.question.notes.append(note);
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
    m_askingProxy = a.space.proxy;
    return step;
}

ChallengeResponder::Step ChallengeResponder::onCredential(const Credential *credential, const QString &reason,
                                                          Leg *leg, const AuthRequest &request)
{
    Attempt &a = attemptFor(m_askingProxy);
    if (!credential) {
        const QString why = !reason.isEmpty() ? reason
                : m_askingProxy ? QStringLiteral("give the proxy's with the request, e.g. --proxy-user USER:PASSWORD")
                                : QStringLiteral("give them with the request, e.g. -u USER:PASSWORD");
        if (a.rejections > 0)
            return stop(Status(Status::Code::AuthenticationFailed,
                               QStringLiteral("The %1 rejected the credentials of %2 and no others were given (%3)")
                                       .arg(a.space.toDisplayString(), a.rejectedUser, why)));
        return stop(Status(Status::Code::AuthenticationFailed,
                           QStringLiteral("The %1 needs credentials and none were given (%2)")
                                   .arg(a.space.toDisplayString(), why)));
    }
    a.credential = *credential;
    a.fromUser = true;
    return answerWith(a, leg, request, reason.isEmpty() ? QStringLiteral("Answering with the credentials just entered")
                                                        : QStringLiteral("Answering with %1").arg(reason));
}

ChallengeResponder::Step ChallengeResponder::answerWith(Attempt &a, Leg *leg, const AuthRequest &request,
                                                        const QString &reason)
{
    AuthRequest req = request;
    req.proxy = a.space.proxy;
    const AuthAnswer answer = a.scheme->answer(a.challenge, a.credential, req, &a.state);
    if (answer.value.isEmpty())
        return stop(Status(Status::Code::AuthenticationFailed, QStringLiteral("Cannot answer the %1: %2")
                                   .arg(a.space.toDisplayString(), answer.error)));
    Step step;
    step.action = Step::Action::Retry;
    step.field = HeaderField{a.space.proxy ? QByteArrayLiteral("Proxy-Authorization") : QByteArrayLiteral("Authorization"),
                             answer.value, HeaderField::Source::Authentication};
    step.kind = reason.contains(QStringLiteral("stale")) ? Leg::Kind::Retry : Leg::Kind::AuthRetry;
    step.reason = QStringLiteral("%1, after the %2 of leg %3").arg(reason).arg(leg->statusCode).arg(leg->index + 1);
    step.authentication = answer.summary;
    if (!a.space.proxy && request.url.scheme() == u"http" && !isLoopback(request.url))
        step.warnings.append(plainHttpWarning(request.url));
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
        m_verdicts.append({a.space, a.credential, true});
        if (!proxy) {
            const QByteArray info = leg->responseHeaders.value("Authentication-Info");
            if (!info.isEmpty()) {
                const QString verdict = a.scheme->verifyAuthenticationInfo(info, a.credential, request, a.state);
                if (!verdict.isEmpty())
                    leg->annotations.append(QStringLiteral("Authentication-Info: %1").arg(verdict));
            }
        }
        leg->annotations.append(QStringLiteral("Accepted by the %1; later requests in this session answer it up front")
                                        .arg(a.space.toDisplayString()));
        a.active = false;
    }
    if (leg->statusCode == 403)
        leg->annotations.append(QStringLiteral("403 Forbidden is not a request for credentials: the server understood the "
                                               "request and refuses it. Other credentials help only if they have more rights."));
}
