#include "exchangejob.h"

#include "auth/authcache.h"
#include "auth/credentialprovider.h"
#include "http/cookiejar.h"
#include "core/logging.h"
#include "httpsession.h"
#include "legjob.h"
#include "http/transportheaders.h"

#include <QIODevice>
#include <QNetworkAccessManager>
#include <QTimer>

namespace {

QByteArray userAgent()
{
    return QByteArrayLiteral("AuthScope/" AUTHSCOPE_VERSION);
}

} // namespace

ExchangeJob::ExchangeJob(HttpSession *session, const HttpRequest &request, QObject *parent)
    : QObject(parent), m_session(session)
{
    m_exchange.request = request;
}

ExchangeJob::~ExchangeJob() = default;

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
    HttpRequest first = m_exchange.request;
    first.url.setUserInfo(QString()); // credentials in a URL travel as an Authorization field, or not at all
    if (first.credentials.isEmpty() && !m_exchange.request.url.userName().isEmpty()) {
        first.credentials.user = m_exchange.request.url.userName();
        first.credentials.password = m_exchange.request.url.password().toUtf8();
    }
    m_exchange.request.credentials = first.credentials;
    m_exchange.request.url = first.url;

    ChallengeResponder::ProxySettings proxy;
    const QNetworkProxy &p = m_session->proxy();
    if (m_session->usesHttpProxy()) {
        proxy.origin = QStringLiteral("http://%1:%2").arg(p.hostName().toLower()).arg(p.port());
        proxy.user = m_session->proxyUser();
        proxy.password = m_session->proxyPassword();
    }
    m_responder = std::make_unique<ChallengeResponder>(m_session->authCache(), m_exchange.request, proxy);
    startLeg(first, Leg::Kind::Initial, QStringLiteral("The request as composed"));
}

void ExchangeJob::cancel()
{
    if (!m_running)
        return;
    const Status cancelled(Status::Code::Cancelled, QStringLiteral("Cancelled by the user"));
    delete m_credentialJob;
    if (m_legJob)
        m_legJob->abort(cancelled);
    else
        finish(cancelled);
}

AuthRequest ExchangeJob::authRequestFor(const HttpRequest &request) const
{
    return AuthRequest{request.method, request.url, request.body, false};
}

void ExchangeJob::startLeg(const HttpRequest &legRequest, Leg::Kind kind, const QString &reason,
                           const ChallengeResponder::Step *answer)
{
    using S = HeaderField::Source;
    if (!m_session) {
        finish(Status(Status::Code::Cancelled, QStringLiteral("The session was closed")));
        return;
    }
    m_current = legRequest;
    Leg leg;
    leg.index = int(m_exchange.legs.size());
    leg.kind = kind;
    leg.reason = reason;
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
        leg.annotations.append(answer->warnings);
    }
    m_responder->addPreemptive(authRequestFor(legRequest), &leg.url, &fields, &leg);
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
    // Qt writes Proxy-Connection only for a caching proxy; a plain HttpProxy gets Connection.
    const bool viaCachingProxy = m_session->proxy().type() == QNetworkProxy::HttpCachingProxy
            && legRequest.url.scheme() == u"http";
    const HeaderList transport = TransportHeaders::predict(leg.url, fields,
                                                           hasBody ? leg.requestBodySize : -1, viaCachingProxy);
    leg.requestHeaders = TransportHeaders::asSent(fields, transport);
    if (legRequest.url.scheme() == u"https")
        m_session->prepareConnectionFor(legRequest.options.insecureTls);
    m_legIsTunnel = viaProxy && legRequest.url.scheme() == u"https";
    if (m_legIsTunnel) {
        m_session->beginTunnelLeg();
        if (m_session->hasProxyCredentials())
            leg.annotations.append(QStringLiteral("Proxy credentials go with the CONNECT tunnel request, which Qt sends and answers itself"));
    }

    m_exchange.legs.append(leg);
    m_legJob = std::make_unique<LegJob>(m_session->manager(), std::move(leg), std::move(body), m_clock);
    connect(m_legJob.get(), &LegJob::finished, this, &ExchangeJob::onLegFinished);
    const int index = int(m_exchange.legs.size()) - 1;
    connect(m_legJob.get(), &LegJob::progress, this, [this, index](qint64 received, qint64 total) {
        emit legProgress(index, received, total);
    });
    m_legJob->start();
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
                leg.annotations.append(QStringLiteral("Cookie %1 rejected: its domain or path does not match %2")
                                               .arg(QString::fromUtf8(cookie.name()), leg.url.host()));
        }
    }
    const int index = leg.index;
    const Status legStatus = leg.status;
    m_exchange.legs[index] = leg;

    if (!legStatus.isOk()) {
        emit legFinished(index);
        finish(legStatus);
        return;
    }
    Leg &recorded = m_exchange.legs[index];
    if (recorded.statusCode == 401 || recorded.statusCode == 407) {
        const ChallengeResponder::Step step = m_responder->onChallenge(&recorded, authRequestFor(m_current));
        reportVerdicts();
        carryOut(step, index);
        return;
    }
    m_responder->onResponse(&recorded, authRequestFor(m_current));
    reportVerdicts();
    const bool continued = followRedirect(recorded);
    emit legFinished(index);
    if (!continued && m_running && !m_legJob)
        finish(Status::ok());
}

bool ExchangeJob::followRedirect(const Leg &constLeg)
{
    Leg &leg = m_exchange.legs[constLeg.index];
    if (!leg.isRedirect())
        return false;
    const QByteArray location = leg.responseHeaders.value("Location");
    if (location.isEmpty()) {
        leg.annotations.append(QStringLiteral("%1 without a Location field: nothing to follow").arg(leg.statusCode));
        return false;
    }
    const QUrl target = leg.url.resolved(QUrl::fromEncoded(location));
    if (!m_current.options.followRedirects) {
        leg.annotations.append(QStringLiteral("Not following the redirect to %1 (following redirects is off)")
                                       .arg(target.toDisplayString()));
        return false;
    }
    if (!target.isValid() || (target.scheme() != u"http" && target.scheme() != u"https")) {
        finish(Status(Status::Code::ProtocolError,
                      QStringLiteral("The redirect target \"%1\" is not an http(s) URL").arg(QString::fromUtf8(location))));
        return true;
    }
    if (m_redirects >= m_current.options.maxRedirects) {
        finish(Status(Status::Code::TooManyRedirects,
                      QStringLiteral("Stopped after %1 redirects (the limit); the server may be looping")
                              .arg(m_redirects)));
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
            leg.annotations.append(QStringLiteral("%1 redirect: %2 becomes GET without a body")
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
            leg.annotations.append(QStringLiteral("Authorization/Cookie fields dropped: %1 is another origin")
                                           .arg(ProtectionSpace::originOf(target)));
    }
    if (leg.url.scheme() == u"https" && target.scheme() == u"http")
        leg.annotations.append(QStringLiteral("Warning: this redirect downgrades from https to plain http"));
    leg.annotations.append(QStringLiteral("Following %1 redirect to %2").arg(leg.statusCode).arg(target.toDisplayString()));
    startLeg(next, Leg::Kind::Redirect,
             QStringLiteral("%1 %2 redirected here").arg(leg.statusCode).arg(QString::fromUtf8(leg.reasonPhrase)));
    return true;
}

void ExchangeJob::carryOut(const ChallengeResponder::Step &step, int legIndex)
{
    using A = ChallengeResponder::Step::Action;
    switch (step.action) {
    case A::Retry:
        emit legFinished(legIndex);
        startLeg(m_current, step.kind, step.reason, &step);
        return;
    case A::Ask: {
        CredentialProvider *provider = m_session ? m_session->credentialProvider() : nullptr;
        if (!provider) {
            const ChallengeResponder::Step stop = m_responder->onCredential(
                    nullptr, QString(), &m_exchange.legs[legIndex], authRequestFor(m_current));
            carryOut(stop, legIndex);
            return;
        }
        m_challengedLeg = legIndex;
        m_credentialJob = provider->createJob(step.question, this);
        connect(m_credentialJob.data(), &CredentialJob::finished, this, &ExchangeJob::onCredentialAnswered);
        m_exchange.legs[legIndex].annotations.append(QStringLiteral("Credentials needed for the %1")
                                                             .arg(step.question.space.toDisplayString()));
        emit legFinished(legIndex);
        m_credentialJob->start();
        return;
    }
    case A::Stop:
        emit legFinished(legIndex);
        finish(step.status);
        return;
    }
}

void ExchangeJob::onCredentialAnswered()
{
    CredentialJob *job = m_credentialJob.data();
    m_credentialJob.clear();
    job->deleteLater();
    Credential credential;
    const bool given = job->hasCredential();
    if (given)
        credential = job->takeCredential();
    const ChallengeResponder::Step step = m_responder->onCredential(given ? &credential : nullptr,
                                                                    given ? job->source() : job->reason(),
                                                                    &m_exchange.legs[m_challengedLeg],
                                                                    authRequestFor(m_current));
    credential.wipe();
    reportVerdicts();
    if (step.action == ChallengeResponder::Step::Action::Retry)
        startLeg(m_current, step.kind, step.reason, &step);
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
    m_exchange.status = status;
    m_exchange.durationNs = m_clock.isValid() ? m_clock.nsecsElapsed() : 0;
    if (!status.isOk())
        qCDebug(lcHttp) << "exchange ended:" << status.codeName();
    emit finished();
}
