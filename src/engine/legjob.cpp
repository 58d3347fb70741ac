#include "legjob.h"

#include "core/logging.h"

#include <QElapsedTimer>
#include <QIODevice>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCipher>
#include <QSslConfiguration>

void LegJob::ReplyDeleter::operator()(QNetworkReply *reply) const
{
    // Only the owner's connections: a bare disconnect() also cuts Qt's own link from the reply to
    // its HTTP thread, so the abort below never reached the socket and the connection stayed open.
    QObject::disconnect(reply, nullptr, owner, nullptr);
    if (reply->isRunning())
        reply->abort();
    reply->deleteLater();
}

LegJob::LegJob(QNetworkAccessManager *manager, Leg leg, std::unique_ptr<QIODevice> body,
               const QElapsedTimer &clock, QObject *parent)
    : QObject(parent), m_manager(manager), m_leg(std::move(leg)), m_body(std::move(body)), m_clock(clock),
      m_reply(nullptr, ReplyDeleter{this})
{
    if (!m_leg.responseBody)
        m_leg.responseBody = std::make_shared<BodyBuffer>();
}

LegJob::~LegJob() = default;

qint64 LegJob::now() const
{
    return m_clock.nsecsElapsed();
}

void LegJob::start()
{
    QMetaObject::invokeMethod(this, &LegJob::send, Qt::QueuedConnection);
}

static QString protocolName(QSsl::SslProtocol protocol)
{
    switch (protocol) {
    case QSsl::TlsV1_2: return QStringLiteral("TLSv1.2");
    case QSsl::TlsV1_3: return QStringLiteral("TLSv1.3");
    case QSsl::DtlsV1_2: return QStringLiteral("DTLSv1.2");
    default: return QStringLiteral("TLS (protocol %1)").arg(int(protocol));
    }
}

void LegJob::send()
{
    if (m_done || m_aborted)
        return;
    QNetworkRequest request(m_leg.url);
    // Everything Qt would do on its own is switched off: each redirect, cookie and credential must
    // be a visible decision of the engine.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::AuthenticationReuseAttribute, QNetworkRequest::Manual);
    // No cache attributes: AlwaysNetwork would make Qt add Cache-Control and Pragma fields, and
    // the injected manager has no cache anyway.
    for (const HeaderField &f : std::as_const(m_leg.requestHeaders)) {
        if (f.source != HeaderField::Source::Transport)
            request.setRawHeader(f.name, f.value);
    }
    // Verification stays on even with the insecure switch: onSslErrors() records what it found
    // and only then ignores it, so the user sees which checks were skipped.

    m_leg.timing.queuedNs = now();
    QNetworkReply *reply = nullptr;
    if (m_leg.method == "GET" && !m_body)
        reply = m_manager->get(request);
    else if (m_leg.method == "HEAD" && !m_body)
        reply = m_manager->head(request); // a custom HEAD would wait for a body that never comes
    else
        reply = m_manager->sendCustomRequest(request, m_leg.method, m_body.get());
    m_reply.reset(reply);
    qCDebug(lcHttp) << "leg" << m_leg.index << m_leg.method << m_leg.url.toDisplayString(QUrl::RemoveUserInfo);

    connect(reply, &QNetworkReply::socketStartedConnecting, this, [this] {
        if (m_leg.timing.connectingNs < 0)
            m_leg.timing.connectingNs = now();
    });
    connect(reply, &QNetworkReply::requestSent, this, [this] {
        // Emitted per send: a second one is Qt's transport sending the request again by itself.
        if (m_leg.timing.requestSentNs >= 0)
            emit resent();
        m_leg.timing.requestSentNs = now();
    });
    connect(reply, &QNetworkReply::errorOccurred, this, [this](QNetworkReply::NetworkError error) {
        if (error == QNetworkReply::ContentReSendError) // a SendOnceDevice refused the rewind
            m_leg.note(NoteCode::ResendRefused, NoteCodes::meaning(NoteCode::ResendRefused));
    });
    connect(reply, &QNetworkReply::encrypted, this, [this] {
        m_leg.timing.encryptedNs = now();
        const QSslConfiguration tls = m_reply->sslConfiguration();
        m_leg.tls.encrypted = true;
        m_leg.tls.protocol = protocolName(tls.sessionProtocol());
        m_leg.tls.cipher = tls.sessionCipher().name();
        m_leg.tls.peerChain = tls.peerCertificateChain();
    });
    connect(reply, &QNetworkReply::sslErrors, this, &LegJob::onSslErrors);
    connect(reply, &QNetworkReply::metaDataChanged, this, &LegJob::onMetaData);
    connect(reply, &QNetworkReply::readyRead, this, &LegJob::onReadyRead);
    connect(reply, &QNetworkReply::downloadProgress, this, &LegJob::progress);
    connect(reply, &QNetworkReply::finished, this, &LegJob::onFinished);
}

Leg LegJob::continueAs(Leg next)
{
    return std::exchange(m_leg, std::move(next));
}

void LegJob::onSslErrors(const QList<QSslError> &errors)
{
    m_leg.tls.errors = errors;
    if (m_leg.tls.peerChain.isEmpty())
        m_leg.tls.peerChain = m_reply->sslConfiguration().peerCertificateChain();
    if (m_leg.tls.verificationDisabled) {
        m_reply->ignoreSslErrors(errors);
        m_leg.note(NoteCode::TlsVerificationOff,
                   QStringLiteral("TLS verification is OFF: %1 certificate error(s) ignored").arg(errors.size()));
    }
}

void LegJob::onMetaData()
{
    if (m_leg.timing.firstByteNs < 0)
        m_leg.timing.firstByteNs = now();
}

void LegJob::onReadyRead()
{
    if (m_leg.timing.firstByteNs < 0)
        m_leg.timing.firstByteNs = now();
    // Drain Qt's buffer as data arrives so the body is held once, in the BodyBuffer.
    if (!m_leg.responseBody->append(m_reply->readAll()))
        abort(Status(Status::Code::FileError, m_leg.responseBody->errorString()));
}

void LegJob::abort(const Status &status)
{
    if (m_done)
        return;
    m_aborted = true;
    m_abortStatus = status;
    if (m_reply && m_reply->isRunning()) {
        m_reply->abort(); // emits finished() synchronously
    }
    if (!m_done)
        onFinished();
}

static HeaderList responseHeaders(const QNetworkReply *reply)
{
    // Qt joins repeated fields with ", " (RFC 9110 §5.3) and Set-Cookie with '\n'; the latter
    // can be split back exactly since a cookie never contains a line break.
    HeaderList headers;
    const auto pairs = reply->rawHeaderPairs();
    for (const auto &pair : pairs) {
        if (pair.first.compare("set-cookie", Qt::CaseInsensitive) == 0) {
            const QList<QByteArray> cookies = pair.second.split('\n');
            for (const QByteArray &cookie : cookies)
                headers.append(pair.first, cookie, HeaderField::Source::Server);
        } else {
            headers.append(pair.first, pair.second, HeaderField::Source::Server);
        }
    }
    return headers;
}

void LegJob::onFinished()
{
    if (m_done)
        return;
    m_done = true;
    m_leg.timing.finishedNs = now();
    QNetworkReply *reply = m_reply.get();
    if (reply) {
        if (!m_aborted && reply->bytesAvailable() > 0)
            m_leg.responseBody->append(reply->readAll());
        const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        if (status.isValid()) {
            m_leg.statusCode = status.toInt();
            m_leg.reasonPhrase = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
            m_leg.responseHeaders = responseHeaders(reply);
        }
        m_leg.httpVersion = reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool()
                ? QByteArrayLiteral("HTTP/2") : QByteArrayLiteral("HTTP/1.1");
        if (m_aborted) {
            m_leg.status = m_abortStatus;
        } else if (reply->error() != QNetworkReply::NoError && !m_leg.hasResponse()) {
            // HTTP statuses >= 400 also set an error; only transport failures are a leg error.
            QString detail = reply->errorString();
            if (!m_leg.tls.errors.isEmpty() && !m_leg.tls.verificationDisabled) {
                QStringList reasons;
                for (const QSslError &e : std::as_const(m_leg.tls.errors))
                    reasons.append(e.errorString());
                detail = reasons.join(QStringLiteral("; "))
                        + QStringLiteral(". Use the insecure switch (-k) only if you trust this server.");
            }
            m_leg.status = Status::fromNetworkError(reply->error(), detail);
        } else if (reply->error() != QNetworkReply::NoError && reply->error() < QNetworkReply::ContentAccessDenied
                   && reply->error() != QNetworkReply::ProxyAuthenticationRequiredError) {
            // (a 407 is an answer like any other status: the engine handles it as a leg)
            // A transport error after the headers arrived: the body is incomplete.
            m_leg.status = Status::fromNetworkError(reply->error(), reply->errorString());
            m_leg.note(NoteCode::BodyIncomplete, QStringLiteral("The response body is incomplete (%1 bytes received)")
                                                         .arg(m_leg.responseBody->size()));
        }
    }
    m_reply.reset();
    m_body.reset();
    emit finished();
}
