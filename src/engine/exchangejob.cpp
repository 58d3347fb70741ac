#include "exchangejob.h"

#include "auth/authcache.h"
#include "auth/credentialprovider.h"
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

} // namespace

ExchangeJob::ExchangeJob(HttpSession *session, const HttpRequest &request, QObject *parent)
    : QObject(parent), m_session(session)
{
    m_exchange.request = request;
}

ExchangeJob::~ExchangeJob()
{
    m_sending.credentials.wipeSecrets(); // m_current never holds them
}

void ExchangeJob::start()
{
    if (m_running || m_finished)
        return;
    m_running = true;
    m_clock.start();
    m_exchange.startedAt = QDateTime::currentDateTimeUtc(); // no time-zone look-up per request

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
            if (m_legJob)
                m_legJob->abort(timeout);
            else
                finish(timeout);
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
        begin();
    });
}

void ExchangeJob::begin()
{
    ChallengeResponder::ProxySettings proxy;
    const QNetworkProxy &p = m_session->proxy();
    if (m_session->usesHttpProxy()) {
        proxy.origin = QStringLiteral("http://%1:%2").arg(p.hostName().toLower()).arg(p.port());
        proxy.user = m_session->proxyUser();
        proxy.password = m_session->proxyPassword();
    }
    m_responder = std::make_unique<ChallengeResponder>(m_session->authCache(), m_sending, proxy);
    HttpRequest first = m_sending;
    first.credentials.wipeSecrets(); // the responder holds them; legs carry only what it adds
    sendLeg(first, Leg::Kind::Initial, QStringLiteral("The request as composed"), -1, nullptr,
            &ExchangeJob::onResourceLeg);
}

void ExchangeJob::cancel()
{
    if (!m_running)
        return;
    const Status cancelled(Status::Code::Cancelled, QStringLiteral("Cancelled by the user"));
    delete m_credentialJob;
    if (m_legJob && !m_legHeld)
        m_legJob->abort(cancelled);
    else
        finish(cancelled);
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

void ExchangeJob::sendLeg(const HttpRequest &legRequest, Leg::Kind kind, const QString &reason, int follows,
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
    if (!fields.contains("Cookie")) {
        const QByteArray cookies = m_session->cookieJar()->cookieHeaderFor(legRequest.url);
        if (!cookies.isEmpty()) {
            fields.append("Cookie", cookies, S::CookieJar);
            leg.cookiesSent = m_session->cookieJar()->cookiesForUrl(legRequest.url);
        }
    }
    if (answer) {
        fields.append(answer->field);
        leg.authentication = answer->authentication;
        leg.notes.append(answer->notes);
        describeAcquisition(&leg);
    }
    if (isResourceLeg(kind))
        m_responder->addPreemptive(authRequestFor(legRequest), &leg.url, &fields, &leg);
    keepWhatQtSends(&fields, &leg);
    const bool viaProxy = m_session->usesHttpProxy();

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
    m_legHandler = onDone;
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

    if (m_session && leg.hasResponse()) {
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

    if (!legStatus.isOk()) {
        emit legFinished(index);
        finish(legStatus);
        return;
    }
    // The result goes back to the step that sent the leg.
    const LegHandler handler = std::exchange(m_legHandler, nullptr);
    (this->*handler)(index);
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
    sendLeg(next, Leg::Kind::Redirect,
            QStringLiteral("%1 %2 redirected here").arg(leg.statusCode).arg(QString::fromUtf8(leg.reasonPhrase)), index,
            nullptr, &ExchangeJob::onResourceLeg);
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
        sendLeg(m_current, step.kind, step.reason, legIndex, &step, &ExchangeJob::onResourceLeg);
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
        sendLeg(m_current, step.kind, step.reason, legIndex, &step, &ExchangeJob::onResourceLeg);
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
    m_legJob.reset();
    delete m_credentialJob;
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
