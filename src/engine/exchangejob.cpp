#include "exchangejob.h"

#include "auth/authcache.h"
#include "auth/challengeparser.h"
#include "auth/credentialprovider.h"
#include "core/httpgrammar.h"
#include "core/logging.h"
#include "http/cookiejar.h"
#include "http/httpurl.h"
#include "http/transportheaders.h"
#include "httpsession.h"
#include "legjob.h"
#include "sendoncedevice.h"

#include <QIODevice>
#include <QNetworkAccessManager>
#include <QTimer>

namespace {

QByteArray userAgent()
{
    return QByteArrayLiteral("AuthScope/" AUTHSCOPE_VERSION);
}

// Legs that fetch the resource the user asked for carry its credentials; a token-endpoint or
// acquisition leg carries only what its own step puts on it.
bool isResourceLeg(Leg::Kind kind)
{
    return kind != Leg::Kind::TokenEndpoint && kind != Leg::Kind::Acquisition;
}

// Where a credential came from, for the note of the leg that carries it.
QString sourcePhrase(NoteCode source)
{
    switch (source) {
    case NoteCode::CredentialFromRequest: return QStringLiteral("given with the request");
    case NoteCode::CredentialFromSession: return QStringLiteral("that worked earlier in this session");
    case NoteCode::CredentialFromKeychain: return QStringLiteral("read from the keychain");
    case NoteCode::CredentialFromPrompt: return QStringLiteral("typed when asked");
    case NoteCode::CredentialFromProxySettings: return QStringLiteral("of the proxy settings");
    default: return QString();
    }
}

// Who put a field there, for the note saying which of two fields of a name went out.
QString fieldOrigin(const HeaderField &field)
{
    switch (field.source) {
    case HeaderField::Source::User: return QStringLiteral("given with the request");
    case HeaderField::Source::Authentication: return QStringLiteral("with AuthScope's answer to the challenge");
    case HeaderField::Source::CookieJar: return QStringLiteral("from the session's cookie jar");
    default: return QStringLiteral("set by AuthScope");
    }
}

// Qt sends one field per name (the last one set): the leg records what goes out and says what did not.
void keepWhatQtSends(HeaderList *fields, Leg *leg)
{
    const QList<HeaderField> dropped = fields->keepLastOfEachName();
    for (const HeaderField &gone : dropped) {
        for (const HeaderField &kept : *fields) {
            if (kept.name.compare(gone.name, Qt::CaseInsensitive) != 0)
                continue;
            leg->note(NoteCode::FieldReplaced,
                      QStringLiteral("The %1 field %2 was not sent: the one %3 replaced it (Qt sends one field per name)")
                              .arg(QString::fromLatin1(gone.name), fieldOrigin(gone),
                                   kept.source == gone.source ? QStringLiteral("given after it") : fieldOrigin(kept)));
            break;
        }
    }
}

// Whether fields carry "Authorization: Bearer <token>" put there by the engine.
bool carriesBearer(const HeaderList &fields, const QByteArray &token)
{
    if (token.isEmpty())
        return false;
    for (const HeaderField &f : fields) {
        if (f.source == HeaderField::Source::Authentication && f.name.compare("Authorization", Qt::CaseInsensitive) == 0
            && f.value.size() == token.size() + 7 && f.value.endsWith(token)
            && f.value.left(7).compare("Bearer ", Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// A 401 that says the token is the problem (RFC 6750 §3): a Bearer challenge that is not about
// the request's form or the token's scope, or invalid_token under any scheme.
bool refusesToken(const Leg &leg)
{
    const QList<Challenge> challenges = ChallengeParser::parse(leg.responseHeaders.values("WWW-Authenticate")).challenges;
    for (const Challenge &c : challenges) {
        const QByteArray error = c.param("error");
        if (error == "invalid_token")
            return true;
        if (c.isScheme("Bearer") && error != "invalid_request" && error != "insufficient_scope")
            return true;
    }
    return false;
}

// What a provider's answer is called on the leg that carries it, when it named no origin.
NoteCode defaultOrigin(TokenQuestion::Purpose purpose)
{
    switch (purpose) {
    case TokenQuestion::Purpose::Send: return NoteCode::CredentialFromProfile;
    case TokenQuestion::Purpose::Revoke: return NoteCode::TokenRevoked;
    default: return NoteCode::TokenRefreshed;
    }
}

// Overwrites a token's bytes when this is their last copy (see RequestCredentials::wipeSecrets).
void wipeToken(QByteArray *token)
{
    if (!token->isEmpty() && token->isDetached())
        token->fill('\0');
    *token = QByteArray();
}

} // namespace

ExchangeJob::ExchangeJob(HttpSession *session, const HttpRequest &request, QObject *parent)
    : QObject(parent), m_session(session)
{
    m_exchange.request = request;
    if (m_session)
        m_exchange.cookiesThatWorked = m_session->cookiesThatWorked();
}

ExchangeJob::ExchangeJob(HttpSession *session, const TokenQuestion &question, QObject *parent)
    : QObject(parent), m_session(session), m_tokenOnly(true), m_tokenQuestion(question)
{
    m_exchange.request.method = QByteArray();
    m_exchange.request.credentials.oauthProfile = question.profile;
}

ExchangeJob::~ExchangeJob()
{
    // Deleted while running: a token leg's callback still runs once, and the token job goes while
    // this channel stands (a provider that outlives it must not find it half destroyed).
    m_running = false;
    m_finished = true;
    if (LegDone channelDone = std::exchange(m_channelDone, nullptr)) {
        Leg gone;
        gone.index = -1;
        gone.status = Status(Status::Code::Cancelled, QStringLiteral("The exchange was closed"));
        channelDone(gone);
    }
    delete m_tokenJob;
    m_sending.credentials.wipeSecrets(); // m_current never holds them
}

void ExchangeJob::start()
{
    if (m_running || m_finished)
        return;
    m_running = true;
    m_clock.start();
    m_exchange.startedAt = QDateTime::currentDateTimeUtc(); // no time-zone look-up per request
    if (m_tokenOnly) {
        QMetaObject::invokeMethod(this, &ExchangeJob::startTokenOnly, Qt::QueuedConnection);
        return;
    }

    QString error;
    if (!m_exchange.request.validate(&error)) {
        QMetaObject::invokeMethod(this, [this, error] {
            finish(Status(Status::Code::InvalidInput, error));
        }, Qt::QueuedConnection);
        return;
    }
    if (m_exchange.request.options.timeoutMs > 0) {
        m_timeout = new QTimer(this);
        m_timeout->setSingleShot(true);
        connect(m_timeout, &QTimer::timeout, this, [this] {
            const Status timeout(Status::Code::Timeout,
                                 QStringLiteral("No complete response within %1 s (the exchange's time limit)")
                                         .arg(m_exchange.request.options.timeoutMs / 1000.0));
            stop(timeout);
        });
        m_timeout->start(m_exchange.request.options.timeoutMs);
    }
    HttpRequest &request = m_exchange.request;
    const QUrl withUserInfo = request.url;
    request.url.setUserInfo(QString()); // credentials in a URL travel as an Authorization field, or not at all
    if (request.credentials.isEmpty() && !withUserInfo.userName().isEmpty()) {
        request.credentials.user = withUserInfo.userName();
        request.credentials.password = withUserInfo.password().toUtf8();
    }
    m_sending = request;
    if (!request.credentials.storedId.isEmpty()) {
        // Queued like every other start: the credential step never finishes inside start().
        QMetaObject::invokeMethod(this, &ExchangeJob::acquireStoredCredential, Qt::QueuedConnection);
        return;
    }
    if (!request.credentials.oauthProfile.isEmpty()) {
        QMetaObject::invokeMethod(this, &ExchangeJob::acquireProfileToken, Qt::QueuedConnection);
        return;
    }
    begin();
}

void ExchangeJob::acquireStoredCredential()
{
    if (!m_running)
        return;
    CredentialProvider *provider = m_session ? m_session->credentialProvider() : nullptr;
    const QString id = m_sending.credentials.storedId;
    if (!provider || !provider->resolvesStoredIds()) {
        finish(Status(Status::Code::KeychainError, NoteCode::KeychainUnavailable,
                      QStringLiteral("No credential store is open to read the stored credential %1").arg(id)));
        return;
    }
    CredentialRequest question;
    question.storedId = id;
    question.url = m_sending.url;
    acquireCredential(question, -1, [this](CredentialJob *job) {
        if (!job->hasCredential()) {
            finish(Status(job->failureStatus(), job->failure(), job->reason()));
            return;
        }
        Credential credential = job->takeCredential();
        RequestCredentials &c = m_sending.credentials;
        credential.applyTo(&c);
        credential.wipe();
        QString error;
        if (!m_sending.validate(&error)) {
            c.wipeSecrets();
            finish(Status(Status::Code::InvalidInput, NoteCode::StoredCredentialUnusable,
                          QStringLiteral("The stored credential %1 cannot be sent: %2").arg(c.storedId, error)));
            return;
        }
        // The record keeps who, never the secret.
        if (!c.user.isEmpty())
            m_exchange.request.credentials.user = c.user;
        if (c.oauthProfile.isEmpty())
            begin();
        else
            acquireProfileToken();
    });
}

void ExchangeJob::acquireProfileToken()
{
    if (!m_running)
        return;
    TokenQuestion question;
    question.profile = m_sending.credentials.oauthProfile;
    question.purpose = TokenQuestion::Purpose::Send;
    question.url = m_sending.url;
    acquireToken(question, -1, [this](TokenJob *job) {
        if (useToken(job))
            begin();
    });
}

void ExchangeJob::startTokenOnly()
{
    if (!m_running)
        return;
    acquireToken(m_tokenQuestion, -1, [this](TokenJob *job) {
        m_tokenExpiresAt = job->expiresAt();
        QByteArray token = job->takeToken(); // the provider keeps it; this exchange only reports
        wipeToken(&token);
        finish(Status::ok());
    });
}

void ExchangeJob::acquireToken(const TokenQuestion &question, int forLeg, TokenHandler onDone)
{
    ExchangeStep step;
    step.kind = ExchangeStep::Kind::AcquireCredential;
    step.forLeg = forLeg;
    step.detail = QStringLiteral("OAuth profile %1").arg(question.profile);
    const int stepIndex = recordStep(step);
    TokenProvider *provider = m_session ? m_session->tokenProvider() : nullptr;
    if (!provider) {
        m_exchange.steps[stepIndex].outcome = NoteCode::OAuthProfileNotFound;
        endStep(stepIndex);
        finish(Status(Status::Code::NotFound, NoteCode::OAuthProfileNotFound,
                      QStringLiteral("The OAuth profile %1 cannot be used: no OAuth profiles are open here")
                              .arg(question.profile)));
        return;
    }
    m_tokenForLeg = forLeg;
    m_lastChannelLeg = -1;
    const TokenQuestion::Purpose purpose = question.purpose;
    m_tokenJob = provider->createJob(question, this, this);
    connect(m_tokenJob.data(), &TokenJob::finished, this, [this, stepIndex, purpose, onDone] {
        TokenJob *job = m_tokenJob.data();
        m_tokenJob.clear();
        job->deleteLater();
        ExchangeStep &s = m_exchange.steps[stepIndex];
        s.notes = job->notes();
        const Status status = job->status();
        if (status.isOk())
            s.source = job->origin() == NoteCode::None ? defaultOrigin(purpose) : job->origin();
        else
            s.outcome = status.reason() == NoteCode::None ? NoteCode::TokenRefreshFailed : status.reason();
        endStep(stepIndex);
        if (!status.isOk()) {
            finish(status);
            return;
        }
        onDone(job);
    });
    m_tokenJob->start();
}

bool ExchangeJob::useToken(TokenJob *job)
{
    RequestCredentials &c = m_sending.credentials;
    QByteArray token = job->takeToken();
    if (token.isEmpty()) {
        finish(Status(Status::Code::AuthenticationFailed, NoteCode::SignInRequired,
                      QStringLiteral("The OAuth profile %1 has no access token to send: sign in with its grant "
                                     "(authscope-cli oauth login %1)").arg(c.oauthProfile)));
        return false;
    }
    if (!HttpGrammar::isB64Token(token)) {
        wipeToken(&token);
        finish(Status(Status::Code::ProtocolError, NoteCode::TokenResponseInvalid,
                      QStringLiteral("The access token of the OAuth profile %1 cannot be sent as Bearer: it has a "
                                     "character RFC 6750 does not allow (space, quote or control)").arg(c.oauthProfile)));
        return false;
    }
    // The responder lets go of the old token first, so ours is its last copy and is wiped.
    if (m_responder)
        m_responder->setToken(token);
    wipeToken(&c.token);
    c.token = token;
    const NoteCode origin = job->origin() == NoteCode::None ? defaultOrigin(job->question().purpose) : job->origin();
    m_tokenNotes = job->notes();
    m_tokenNotes.prepend(LegNote(origin, QStringLiteral("Bearer token of the OAuth profile %1: %2")
                                                 .arg(c.oauthProfile, NoteCodes::meaning(origin))));
    return true;
}

bool ExchangeJob::carriesProfileToken(const Leg &leg) const
{
    return !m_sending.credentials.oauthProfile.isEmpty() && carriesBearer(leg.requestHeaders, m_sending.credentials.token);
}

bool ExchangeJob::refreshOn401(int index)
{
    Leg &leg = m_exchange.legs[index];
    if (!carriesProfileToken(leg) || !refusesToken(leg))
        return false;
    const QString profile = m_sending.credentials.oauthProfile;
    ChallengeResponder::describeChallenges(&leg);
    reportVerdicts();
    if (m_refreshedOn401) {
        // RFC 6750 gives no reason to expect a third token to fare better: never a loop.
        const QString message = QStringLiteral("The server at %1 refused the refreshed token of the OAuth profile %2 "
                                               "too; not refreshing again. The token may lack the scope or audience "
                                               "this resource needs.")
                                        .arg(ProtectionSpace::originOf(leg.url), profile);
        leg.note(NoteCode::TokenRejectedAfterRefresh, message);
        emit legFinished(index);
        finish(Status(Status::Code::AuthenticationFailed, NoteCode::TokenRejectedAfterRefresh, message));
        return true;
    }
    m_refreshedOn401 = true;
    leg.note(NoteCode::TokenRefreshOn401, QStringLiteral("The server refused the token of the OAuth profile %1: "
                                                         "refreshing it once and sending the request again")
                                                  .arg(profile));
    emit legFinished(index);
    TokenQuestion question;
    question.profile = profile;
    question.purpose = TokenQuestion::Purpose::Rejected;
    question.rejectedToken = m_sending.credentials.token;
    question.url = leg.url;
    question.forLeg = index;
    acquireToken(question, index, [this, index, profile](TokenJob *job) {
        if (!useToken(job))
            return;
        startLeg(m_current, Leg::Kind::AuthRetry,
                 QStringLiteral("The request again with the refreshed token of the OAuth profile %1, after the 401 of "
                                "leg %2").arg(profile).arg(index + 1),
                 index, nullptr, [this](int legIndex) { onResourceLeg(legIndex); });
    });
    return true;
}

void ExchangeJob::sendLeg(const HttpRequest &request, Leg::Kind kind, const QString &reason, LegDone done)
{
    if (!m_running || m_stopping || m_legJob || m_channelDone) {
        // The exchange ended (or a leg is in flight: one at a time): the leg is not sent.
        Leg refused;
        refused.index = -1;
        refused.kind = kind;
        refused.reason = reason;
        refused.method = request.method;
        refused.url = request.url;
        refused.status = !m_running && !m_exchange.status.isOk()
                ? m_exchange.status
                : Status(Status::Code::Cancelled, QStringLiteral("Not sent: the exchange is not waiting for a leg"));
        QMetaObject::invokeMethod(this, [done, refused] { done(refused); }, Qt::QueuedConnection);
        return;
    }
    // Only the token job's kinds: a resource kind would add the request's credentials.
    if (isResourceLeg(kind))
        kind = Leg::Kind::Acquisition;
    if (m_tokenOnly && m_exchange.request.url.isEmpty()) {
        m_exchange.request.method = request.method;
        m_exchange.request.url = request.url;
    }
    m_channelDone = std::move(done);
    startLeg(request, kind, reason, m_lastChannelLeg >= 0 ? m_lastChannelLeg : m_tokenForLeg, nullptr,
             [this](int index) {
                 m_lastChannelLeg = index;
                 // A copy: the callback may send the next leg, and the list may grow under a reference.
                 const Leg recorded = m_exchange.legs.at(index);
                 if (LegDone channelDone = std::exchange(m_channelDone, nullptr))
                     channelDone(recorded);
             });
}

void ExchangeJob::noteLeg(int legIndex, const LegNote &note)
{
    if (legIndex >= 0 && legIndex < m_exchange.legs.size())
        m_exchange.legs[legIndex].notes.append(note);
}

void ExchangeJob::begin()
{
    ChallengeResponder::ProxySettings proxy;
    if (m_session->usesHttpProxy()) {
        proxy.origin = httpProxyOrigin();
        proxy.user = m_session->proxyUser();
        proxy.password = m_session->proxyPassword();
    }
    m_responder = std::make_unique<ChallengeResponder>(m_session->authCache(), m_sending, proxy);
    HttpRequest first = m_sending;
    first.credentials.wipeSecrets(); // the responder holds them; legs carry only what it adds
    startLeg(first, Leg::Kind::Initial, QStringLiteral("The request as composed"), -1, nullptr,
             [this](int index) { onResourceLeg(index); });
}

void ExchangeJob::cancel()
{
    stop(Status(Status::Code::Cancelled, QStringLiteral("Cancelled by the user")));
}

void ExchangeJob::stop(const Status &status)
{
    if (!m_running)
        return;
    m_stopping = true;
    delete m_credentialJob;
    if (m_tokenJob)
        m_tokenJob->disconnect(this); // the exchange ends with status, not with the token job's answer
    if (m_legJob && !m_legHeld)
        m_legJob->abort(status); // a token leg's done() hears it first
    finish(status);
}

void ExchangeJob::proceed()
{
    if (!m_legHeld || !m_legJob)
        return;
    m_legHeld = false;
    launchLeg();
}

AuthRequest ExchangeJob::authRequestFor(const HttpRequest &request) const
{
    return AuthRequest{request.method, request.url, request.body, false};
}

int ExchangeJob::recordStep(const ExchangeStep &step)
{
    m_exchange.steps.append(step);
    m_exchange.steps.last().startedNs = now();
    const int index = int(m_exchange.steps.size()) - 1;
    emit stepStarted(index);
    return index;
}

void ExchangeJob::endStep(int index)
{
    m_exchange.steps[index].finishedNs = now();
    emit stepFinished(index);
}

void ExchangeJob::startLeg(const HttpRequest &legRequest, Leg::Kind kind, const QString &reason, int follows,
                           const ChallengeResponder::Step *answer, LegHandler onDone)
{
    using S = HeaderField::Source;
    if (!m_session) {
        finish(Status(Status::Code::Cancelled, QStringLiteral("The session was closed")));
        return;
    }
    if (isResourceLeg(kind))
        m_current = legRequest;
    Leg leg;
    leg.index = int(m_exchange.legs.size());
    leg.kind = kind;
    leg.reason = reason;
    leg.follows = follows;
    leg.method = legRequest.method;
    leg.url = legRequest.url;
    leg.tls.verificationDisabled = legRequest.options.insecureTls;

    HeaderList fields = legRequest.headers;
    if (!fields.contains("User-Agent"))
        fields.append("User-Agent", userAgent(), S::Default);
    if (!fields.contains("Accept"))
        fields.append("Accept", "*/*", S::Default);
    const bool hasBody = !legRequest.body.isEmpty();
    if (hasBody && !fields.contains("Content-Type") && !legRequest.body.contentType().isEmpty())
        fields.append("Content-Type", legRequest.body.contentType(), S::Body);
    if (isResourceLeg(kind) && !fields.contains("Cookie")) {
        const QByteArray cookies = m_session->cookieJar()->cookieHeaderFor(legRequest.url);
        if (!cookies.isEmpty()) {
            fields.append("Cookie", cookies, S::CookieJar);
            leg.cookiesSent = m_session->cookieJar()->cookiesForUrl(legRequest.url);
        }
    }
    if (answer) {
        fields.append(answer->field);
        leg.authentication = answer->authentication;
        leg.computation = answer->computation;
        leg.notes.append(answer->notes);
        describeAcquisition(&leg);
    }
    if (isResourceLeg(kind)) {
        m_responder->addPreemptive(authRequestFor(legRequest), &leg.url, &fields, &leg);
        if (carriesBearer(fields, m_sending.credentials.token) && !m_sending.credentials.oauthProfile.isEmpty()) {
            leg.authentication = QStringLiteral("Bearer token of the OAuth profile %1 (%2 characters)")
                                         .arg(m_sending.credentials.oauthProfile)
                                         .arg(m_sending.credentials.token.size());
            leg.notes.append(std::exchange(m_tokenNotes, {}));
        }
    }
    keepWhatQtSends(&fields, &leg);
    const bool viaProxy = m_session->usesHttpProxy();
    leg.proxy = httpProxyOrigin();

    std::unique_ptr<QIODevice> body;
    if (hasBody) {
        QString error;
        body = legRequest.body.open(&error);
        if (!body) {
            finish(Status(Status::Code::InvalidInput, error));
            return;
        }
        leg.requestBodySize = legRequest.body.size();
        leg.requestBody = legRequest.body.preview(Leg::RequestBodyPreviewLimit);
        leg.requestBodySource = legRequest.body.kind() == RequestBody::Kind::File
                ? QStringLiteral("file %1").arg(legRequest.body.filePath())
                : RequestBody::kindName(legRequest.body.kind());
    }
    // Qt's transport resends a request by itself when a connection closes unanswered; one that may
    // not be repeated goes through a device that refuses the rewind (an empty one without a body).
    const bool sendOnce = !SendOnceDevice::mayRepeat(legRequest.method, hasBody);
    if (sendOnce)
        body = std::make_unique<SendOnceDevice>(std::move(body));
    // Qt writes Proxy-Connection only for a caching proxy; a plain HttpProxy gets Connection.
    const bool viaCachingProxy = m_session->proxy().type() == QNetworkProxy::HttpCachingProxy
            && legRequest.url.scheme() == u"http";
    const qint64 sentBodySize = hasBody ? leg.requestBodySize : (sendOnce ? 0 : -1);
    const HeaderList transport = TransportHeaders::predict(leg.url, fields, sentBodySize, viaCachingProxy);
    leg.requestHeaders = TransportHeaders::asSent(fields, transport);
    if (legRequest.url.scheme() == u"https")
        m_session->prepareConnectionFor(legRequest.options.insecureTls);
    m_legIsTunnel = viaProxy && legRequest.url.scheme() == u"https";
    if (m_legIsTunnel) {
        m_session->beginTunnelLeg();
        if (m_session->hasProxyCredentials())
            leg.note(NoteCode::ProxyCredentialsTunnel, NoteCodes::meaning(NoteCode::ProxyCredentialsTunnel));
    }

    m_exchange.legs.append(leg);
    ExchangeStep step;
    step.kind = ExchangeStep::Kind::SendLeg;
    step.leg = leg.index;
    m_legStep = recordStep(step);
    m_legHandler = std::move(onDone);
    m_legIsChannel = !isResourceLeg(kind);
    m_legJob = std::make_unique<LegJob>(m_session->manager(), std::move(leg), std::move(body), m_clock);
    connect(m_legJob.get(), &LegJob::finished, this, &ExchangeJob::onLegFinished);
    connect(m_legJob.get(), &LegJob::resent, this, &ExchangeJob::onLegResent);
    const int index = int(m_exchange.legs.size()) - 1;
    connect(m_legJob.get(), &LegJob::progress, this, [this](qint64 received, qint64 total) {
        // The leg in flight is the last one recorded (a resend recorded since is a new leg).
        emit legProgress(int(m_exchange.legs.size()) - 1, received, total);
    });
    if (m_holdLegs) {
        m_legHeld = true;
        emit legHeld(index);
        return;
    }
    launchLeg();
}

void ExchangeJob::describeAcquisition(Leg *leg) const
{
    // The leg's "why" already says what it answers; its note says where the credential came
    // from and how long getting it took (a dialog's wait is that step's time, not this leg's).
    for (int s = int(m_exchange.steps.size()) - 1; s >= 0; --s) {
        const ExchangeStep &step = m_exchange.steps.at(s);
        if (step.kind != ExchangeStep::Kind::AcquireCredential || step.forLeg != leg->follows)
            continue;
        for (LegNote &note : leg->notes) {
            if (note.code != NoteCode::ChallengeAnswered && note.code != NoteCode::StaleNonceRetry)
                continue;
            note.text = QStringLiteral("%1 %2").arg(note.code == NoteCode::StaleNonceRetry
                                                            ? QStringLiteral("Retried with the credential")
                                                            : QStringLiteral("Answered with the credential"),
                                                    sourcePhrase(step.source));
            // Only the keychain and the user take time worth saying.
            if (step.source == NoteCode::CredentialFromKeychain || step.source == NoteCode::CredentialFromPrompt)
                note.text += QStringLiteral("; getting it took %1 ms")
                                     .arg(double(qMax<qint64>(0, step.finishedNs - step.startedNs)) / 1e6, 0, 'f', 1);
        }
        return;
    }
}

void ExchangeJob::launchLeg()
{
    m_legJob->start();
    emit legStarted(int(m_exchange.legs.size()) - 1);
}

void ExchangeJob::onLegResent()
{
    // The send that went unanswered stays a leg of its own, and the resend is the next one.
    const int index = int(m_exchange.legs.size());
    Leg next = m_legJob->leg();
    next.index = index;
    next.kind = Leg::Kind::Retry;
    next.follows = index - 1;
    next.reason = QStringLiteral("Sent again by Qt's transport: the connection closed before a response to leg %1")
                          .arg(index);
    // Qt resends on a new connection (the old one closed) and reports no phases of its own for it.
    next.timing = LegTiming();
    next.timing.queuedNs = now();
    next.timing.connectingNs = next.timing.queuedNs;
    next.note(NoteCode::TransportResend,
              QStringLiteral("Qt's transport sent this %1 again by itself: the connection closed before any response "
                             "to leg %2 (a %1 without a body may be repeated, RFC 9110 §9.2.2)")
                      .arg(QString::fromLatin1(next.method)).arg(index));
    Leg attempt = m_legJob->continueAs(std::move(next));
    attempt.responseBody = std::make_shared<BodyBuffer>(); // the body that may follow is the resend's
    attempt.timing.finishedNs = now();
    attempt.status = Status(Status::Code::ConnectionFailed, NoteCode::TransportResend,
                            QStringLiteral("The connection closed before a response; Qt's transport sent the "
                                           "request again as leg %1").arg(index + 1));
    m_exchange.legs[attempt.index] = attempt;
    endStep(m_legStep);
    emit legFinished(attempt.index);

    m_exchange.legs.append(m_legJob->leg());
    ExchangeStep step;
    step.kind = ExchangeStep::Kind::SendLeg;
    step.leg = index;
    m_legStep = recordStep(step);
    emit legStarted(index);
}

void ExchangeJob::onLegFinished()
{
    // Keep the job alive until control returns to the event loop: we are inside its signal.
    LegJob *job = m_legJob.release();
    job->deleteLater();
    Leg leg = job->takeLeg();
    if (m_legIsTunnel && m_session) {
        m_session->endTunnelLeg();
        m_legIsTunnel = false;
    }

    if (m_session && leg.hasResponse() && !m_legIsChannel) {
        QList<QNetworkCookie> set;
        for (const QByteArray &value : leg.responseHeaders.values("Set-Cookie"))
            set.append(QNetworkCookie::parseCookies(value));
        for (const QNetworkCookie &cookie : std::as_const(set)) {
            if (m_session->cookieJar()->setCookiesFromUrl({cookie}, leg.url))
                leg.cookiesSet.append(cookie);
            else
                leg.note(NoteCode::CookieRejected, QStringLiteral("Cookie %1 rejected: its domain or path does not match %2")
                                                           .arg(QString::fromUtf8(cookie.name()), leg.url.host()));
        }
    }
    if (m_session && !m_legIsChannel)
        m_session->rememberCookiesThatWorked(leg);
    if (leg.hasNote(NoteCode::ResendRefused) && !leg.status.isOk())
        leg.status = Status(leg.status.code(), NoteCode::ResendRefused,
                            QStringLiteral("The server closed the connection without answering the %1, and it was "
                                           "not sent again: a %2 is sent at most once (only GET, HEAD, OPTIONS, "
                                           "TRACE, PUT and DELETE without a body may be repeated, RFC 9110 §9.2.2). "
                                           "The server may or may not have acted on it.")
                                    .arg(QString::fromLatin1(leg.method),
                                         SendOnceDevice::mayRepeat(leg.method, false)
                                                 ? QStringLiteral("%1 with a body").arg(QString::fromLatin1(leg.method))
                                                 : QString::fromLatin1(leg.method)));
    if (!leg.status.isOk() && !leg.hasResponse())
        leg.status = namingTheProxy(leg.status);
    const int index = leg.index;
    const Status legStatus = leg.status;
    m_exchange.legs[index] = leg;
    endStep(m_legStep);

    // The result goes back to the step that sent the leg; a token job hears of failures too.
    const LegHandler handler = std::exchange(m_legHandler, nullptr);
    if (m_legIsChannel) {
        emit legFinished(index);
        handler(index);
        return;
    }
    if (!legStatus.isOk()) {
        emit legFinished(index);
        finish(legStatus);
        return;
    }
    handler(index);
}

QString ExchangeJob::httpProxyOrigin() const
{
    if (!m_session->usesHttpProxy())
        return QString();
    const QNetworkProxy &p = m_session->proxy();
    return QStringLiteral("http://%1:%2").arg(p.hostName().toLower()).arg(p.port());
}

Status ExchangeJob::namingTheProxy(const Status &status) const
{
    if (!m_session || m_session->proxy().type() == QNetworkProxy::NoProxy)
        return status;
    const QNetworkProxy &p = m_session->proxy();
    const QString proxy = QStringLiteral("%1://%2:%3")
                                  .arg(p.type() == QNetworkProxy::Socks5Proxy ? QStringLiteral("socks5") : QStringLiteral("http"),
                                       p.hostName())
                                  .arg(p.port());
    using C = Status::Code;
    // Through an HTTP proxy Qt connects to nobody else, so a refused or unknown host is the proxy
    // (a SOCKS proxy reports the origin's refusal the same way: only its own errors are named).
    if (status.code() == C::ConnectionRefused && m_session->usesHttpProxy())
        return Status(C::ProxyError, status.reason(),
                      QStringLiteral("The proxy %1 refused the connection. Is a proxy listening on that host and port?")
                              .arg(proxy));
    if (status.code() == C::HostNotFound && m_session->usesHttpProxy())
        return Status(C::ProxyError, status.reason(),
                      QStringLiteral("The proxy's host %1 was not found. Check the proxy's host name and your DNS.")
                              .arg(p.hostName()));
    if (status.code() == C::ProxyError)
        return Status(C::ProxyError, status.reason(), QStringLiteral("Proxy error at %1: %2").arg(proxy, status.message()));
    return status;
}

void ExchangeJob::onResourceLeg(int index)
{
    Leg &recorded = m_exchange.legs[index];
    if (recorded.statusCode == 401 && refreshOn401(index))
        return;
    if (recorded.statusCode == 401 || recorded.statusCode == 407) {
        const ChallengeResponder::Step step = m_responder->onChallenge(&recorded, authRequestFor(m_current));
        reportVerdicts();
        carryOut(step, index);
        return;
    }
    m_responder->onResponse(&recorded, authRequestFor(m_current));
    reportVerdicts();
    const bool continued = followRedirect(index);
    emit legFinished(index);
    if (!continued && m_running && !m_legJob)
        finish(Status::ok());
}

bool ExchangeJob::followRedirect(int index)
{
    Leg &leg = m_exchange.legs[index];
    if (!leg.isRedirect())
        return false;
    const QByteArray location = leg.responseHeaders.value("Location");
    if (location.isEmpty()) {
        leg.note(NoteCode::RedirectWithoutLocation,
                 QStringLiteral("%1 without a Location field: nothing to follow").arg(leg.statusCode));
        return false;
    }
    const QUrl target = leg.url.resolved(QUrl::fromEncoded(location));
    if (!m_current.options.followRedirects) {
        leg.note(NoteCode::RedirectNotFollowed, QStringLiteral("Not following the redirect to %1 (following redirects is off)")
                                                        .arg(target.toDisplayString()));
        return false;
    }
    if (!HttpUrl::isHttpUrl(target)) {
        const QString message = QStringLiteral("The redirect target \"%1\" is not an http(s) URL").arg(QString::fromUtf8(location));
        leg.note(NoteCode::RedirectTargetInvalid, message);
        finish(Status(Status::Code::ProtocolError, NoteCode::RedirectTargetInvalid, message));
        return true;
    }
    if (m_redirects >= m_current.options.maxRedirects) {
        const QString message = QStringLiteral("Stopped after %1 %2 (the limit); the server may be looping")
                .arg(m_redirects).arg(m_redirects == 1 ? QStringLiteral("redirect") : QStringLiteral("redirects"));
        leg.note(NoteCode::RedirectLimit, message);
        finish(Status(Status::Code::TooManyRedirects, NoteCode::RedirectLimit, message));
        return true;
    }
    ++m_redirects;

    HttpRequest next = m_current;
    next.url = target;
    // RFC 9110 §15.4: 303 always becomes GET (HEAD stays HEAD); 301/302 turn POST into GET as every
    // browser does; 307/308 repeat the method and body unchanged.
    const bool toGet = (leg.statusCode == 303 && next.method != "HEAD")
            || ((leg.statusCode == 301 || leg.statusCode == 302) && next.method == "POST");
    if (toGet) {
        if (next.method != "GET")
            leg.note(NoteCode::RedirectMethodChanged, QStringLiteral("%1 redirect: %2 becomes GET without a body")
                                                              .arg(leg.statusCode).arg(QString::fromUtf8(next.method)));
        next.method = "GET";
        next.body = RequestBody();
        next.headers.removeAll("Content-Type");
        next.headers.removeAll("Content-Length");
    }
    if (!ProtectionSpace::isSameOrigin(leg.url, target)) {
        // Fields the user typed that carry credentials belong to the origin they were typed for.
        int dropped = next.headers.removeAll("Authorization") + next.headers.removeAll("Cookie");
        if (dropped > 0)
            leg.note(NoteCode::FieldsDroppedOnRedirect, QStringLiteral("Authorization/Cookie fields dropped: %1 is another origin")
                                                                .arg(ProtectionSpace::originOf(target)));
    }
    if (leg.url.scheme() == u"https" && target.scheme() == u"http")
        leg.note(NoteCode::HttpsDowngrade, QStringLiteral("This redirect downgrades from https to plain http"));
    leg.note(NoteCode::RedirectFollowed, QStringLiteral("Following %1 redirect to %2").arg(leg.statusCode).arg(target.toDisplayString()));
    startLeg(next, Leg::Kind::Redirect,
             QStringLiteral("%1 %2 redirected here").arg(leg.statusCode).arg(QString::fromUtf8(leg.reasonPhrase)), index,
             nullptr, [this](int legIndex) { onResourceLeg(legIndex); });
    return true;
}

void ExchangeJob::acquireCredential(const CredentialRequest &question, int forLeg, CredentialHandler onDone)
{
    ExchangeStep step;
    step.kind = ExchangeStep::Kind::AcquireCredential;
    step.forLeg = forLeg;
    step.detail = question.storedId.isEmpty() ? question.space.toDisplayString()
                                              : QStringLiteral("stored credential %1").arg(question.storedId);
    const int stepIndex = recordStep(step);
    CredentialProvider *provider = m_session ? m_session->credentialProvider() : nullptr;
    Q_ASSERT(provider);
    m_credentialJob = provider->createJob(question, this);
    connect(m_credentialJob.data(), &CredentialJob::finished, this, [this, stepIndex, onDone] {
        CredentialJob *job = m_credentialJob.data();
        m_credentialJob.clear();
        job->deleteLater();
        ExchangeStep &s = m_exchange.steps[stepIndex];
        if (job->hasCredential())
            s.source = job->origin() == NoteCode::None ? NoteCode::CredentialFromPrompt : job->origin();
        else
            s.outcome = job->failure();
        endStep(stepIndex);
        onDone(job);
    });
    m_credentialJob->start();
}

void ExchangeJob::carryOut(const ChallengeResponder::Step &step, int legIndex)
{
    using A = ChallengeResponder::Step::Action;
    switch (step.action) {
    case A::Retry: {
        // A credential the responder had at hand (request, session, proxy settings) is an
        // acquisition step of no duration; one from the provider was recorded as it ran.
        emit legFinished(legIndex);
        const ExchangeStep &last = m_exchange.steps.constLast();
        if (!(last.kind == ExchangeStep::Kind::AcquireCredential && last.forLeg == legIndex)) {
            ExchangeStep acquired;
            acquired.kind = ExchangeStep::Kind::AcquireCredential;
            acquired.forLeg = legIndex;
            acquired.source = step.source;
            const int s = recordStep(acquired);
            endStep(s);
        }
        startLeg(m_current, step.kind, step.reason, legIndex, &step, [this](int index) { onResourceLeg(index); });
        return;
    }
    case A::Ask: {
        CredentialProvider *provider = m_session ? m_session->credentialProvider() : nullptr;
        if (!provider) {
            const ChallengeResponder::Step stop = m_responder->onCredential(
                    nullptr, QString(), NoteCode::None, &m_exchange.legs[legIndex], authRequestFor(m_current));
            carryOut(stop, legIndex);
            return;
        }
        m_exchange.legs[legIndex].note(NoteCode::CredentialsNeeded, QStringLiteral("Credentials needed for the %1")
                                                                            .arg(step.question.space.toDisplayString()));
        emit legFinished(legIndex);
        acquireCredential(step.question, legIndex, [this, legIndex](CredentialJob *job) {
            onCredentialAnswered(job, legIndex);
        });
        return;
    }
    case A::Stop:
        emit legFinished(legIndex);
        finish(step.status);
        return;
    }
}

void ExchangeJob::onCredentialAnswered(CredentialJob *job, int legIndex)
{
    Credential credential;
    const bool given = job->hasCredential();
    if (given)
        credential = job->takeCredential();
    const ChallengeResponder::Step step = m_responder->onCredential(
            given ? &credential : nullptr, given ? job->source() : job->reason(), job->origin(),
            &m_exchange.legs[legIndex], authRequestFor(m_current), job->failure(), job->failureStatus());
    credential.wipe();
    reportVerdicts();
    if (step.action == ChallengeResponder::Step::Action::Retry)
        startLeg(m_current, step.kind, step.reason, legIndex, &step, [this](int index) { onResourceLeg(index); });
    else
        finish(step.status);
}

void ExchangeJob::reportVerdicts()
{
    QList<CredentialVerdict> verdicts = m_responder->takeVerdicts();
    CredentialProvider *provider = m_session ? m_session->credentialProvider() : nullptr;
    for (CredentialVerdict &verdict : verdicts) {
        if (provider)
            provider->onVerdict(verdict);
        verdict.credential.wipe();
    }
}

void ExchangeJob::finish(const Status &status)
{
    if (m_finished)
        return;
    m_finished = true;
    m_running = false;
    if (m_timeout)
        m_timeout->stop();
    // A token leg not sent or not finished (held, or refused before it left) still gets its answer.
    if (LegDone channelDone = std::exchange(m_channelDone, nullptr)) {
        Leg pending;
        pending.index = -1;
        if (m_legJob && !m_exchange.legs.isEmpty() && m_exchange.legs.constLast().timing.finishedNs < 0) {
            Leg &last = m_exchange.legs.last();
            last.status = status.isOk() ? Status(Status::Code::Cancelled, QStringLiteral("Not sent")) : status;
            pending = last;
        } else {
            pending.status = status;
        }
        channelDone(pending);
    }
    m_legJob.reset();
    delete m_credentialJob;
    if (m_tokenJob) {
        m_tokenJob->disconnect(this);
        m_tokenJob->deleteLater(); // it may be on the stack below us
        m_tokenJob.clear();
    }
    if (m_legIsTunnel && m_session) {
        m_session->endTunnelLeg();
        m_legIsTunnel = false;
    }
    for (int s = 0; s < m_exchange.steps.size(); ++s) {
        if (m_exchange.steps.at(s).finishedNs < 0)
            m_exchange.steps[s].finishedNs = now();
    }
    m_sending.credentials.wipeSecrets();
    m_exchange.status = status;
    m_exchange.durationNs = m_clock.isValid() ? m_clock.nsecsElapsed() : 0;
    if (!status.isOk())
        qCDebug(lcHttp) << "exchange ended:" << status.codeName() << NoteCodes::name(status.reason());
    emit finished();
}
