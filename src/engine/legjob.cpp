#include "legjob.h"

#include "core/logging.h"
#include "http/contentdecoder.h"
#include "http/responseheadcheck.h"
#include "sendoncedevice.h"

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
        // Accept-Encoding set here rather than by Qt leaves the body coded: ContentDecoder decodes it.
        if (f.source != HeaderField::Source::Transport || f.name == "Accept-Encoding")
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
    reply->setReadBufferSize(ReadBufferSize);
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
    if (auto *once = qobject_cast<SendOnceDevice *>(m_body.get()))
        connect(reply, &QNetworkReply::metaDataChanged, once, &SendOnceDevice::responseArrived);
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

static HeaderList responseHeaders(const QNetworkReply *reply);

void LegJob::onMetaData()
{
    if (m_leg.timing.firstByteNs < 0)
        m_leg.timing.firstByteNs = now();
    const QVariant status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (m_headChecked || m_aborted || !status.isValid())
        return;
    // The head is judged before any of the body is read: a refused head ends the leg at once,
    // instead of waiting for a close that a lost Content-Length would make the end.
    m_headChecked = true;
    m_leg.responseHeaders = responseHeaders(m_reply.get());
    const HeaderList &headers = m_leg.responseHeaders;
    const Status verdict = ResponseHeadCheck::check(status.toInt(), headers,
                                                    m_reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool());
    if (!verdict.isOk()) {
        // Ended from the event loop, not inside Qt's signal: Qt goes on to set its own error for a
        // status >= 400 and warns when the reply was already aborted.
        m_refusal = verdict;
        QMetaObject::invokeMethod(this, [this] { fail(m_refusal); }, Qt::QueuedConnection);
        return;
    }
    // A body is decoded when AuthScope offered the codings; an Accept-Encoding the user typed gets
    // the body as it came, as with curl.
    bool weOfferedCodings = false;
    for (const HeaderField &f : std::as_const(m_leg.requestHeaders)) {
        if (f.name.compare("Accept-Encoding", Qt::CaseInsensitive) == 0)
            weOfferedCodings = f.source == HeaderField::Source::Transport;
    }
    const auto coding = ContentDecoder::codingOf(headers.value("Content-Encoding"));
    if (weOfferedCodings && coding != ContentDecoder::Coding::Identity)
        m_decoder = std::make_unique<ContentDecoder>(coding);
}

void LegJob::onReadyRead()
{
    if (m_leg.timing.firstByteNs < 0)
        m_leg.timing.firstByteNs = now();
    // Drain Qt's buffer as data arrives so the body is held once, in the BodyBuffer.
    storeBody(m_reply->readAll());
}

bool LegJob::storeBody(const QByteArray &bytes)
{
    if (!m_refusal.isOk())
        return false; // the head was refused: nothing of its body is kept
    m_receivedBytes += bytes.size();
    const auto append = [this](const QByteArray &piece) {
        if (m_leg.responseBody->append(piece))
            return true;
        abort(Status(Status::Code::FileError, m_leg.responseBody->errorString()));
        return false;
    };
    if (!m_decoder)
        return append(bytes);
    if (m_decoder->feed(bytes, append))
        return true;
    if (m_decoder->error() != NoteCode::None)
        fail(Status(Status::Code::ProtocolError, m_decoder->error(), m_decoder->errorString()));
    return false;
}

void LegJob::fail(const Status &status)
{
    if (m_done)
        return;
    m_leg.note(status.reason(), status.message());
    abort(status);
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

// Qt sets an error for every HTTP status >= 400 too (404 is ContentNotFoundError); those are
// answers, not failures of the leg. Mapping as in QNetworkReplyHttpImpl (Qt 6.4).
static bool isStatusError(QNetworkReply::NetworkError error, int statusCode)
{
    using E = QNetworkReply::NetworkError;
    if (statusCode < 400)
        return false;
    return error == E::ProxyAuthenticationRequiredError
            || (error >= E::ContentAccessDenied && error <= E::UnknownContentError)
            || error == E::ProtocolInvalidOperationError
            || (error >= E::InternalServerError && error <= E::UnknownServerError);
}

void LegJob::checkBodyEnd()
{
    QNetworkReply *reply = m_reply.get();
    if (m_aborted || !reply)
        return;
    if (reply->bytesAvailable() > 0 && !storeBody(reply->readAll()))
        return;
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const bool transferEnded = reply->error() == QNetworkReply::NoError
            || isStatusError(reply->error(), status.toInt());
    if (!transferEnded)
        return; // a transfer cut short is reported as such in onFinished
    // Qt 6.4 can finish a reply whose connection closed mid-body as if the close ended it; the
    // bytes that Content-Length announced are the check (RFC 9112 §6.3: the body is incomplete).
    const int code = status.toInt();
    const bool hasBody = m_leg.method != "HEAD" && code >= 200 && code != 204 && code != 304;
    bool announced = false;
    const qint64 length = reply->rawHeader("Content-Length").toLongLong(&announced);
    if (announced && hasBody && m_receivedBytes < length) {
        fail(Status(Status::Code::ConnectionFailed, NoteCode::BodyIncomplete,
                    QStringLiteral("The connection closed after %1 of the %2 bytes Content-Length announced")
                            .arg(m_receivedBytes)
                            .arg(length)));
        return;
    }
    // A whole transfer must hold a whole coded stream.
    if (m_decoder && !m_decoder->finish())
        fail(Status(Status::Code::ProtocolError, m_decoder->error(), m_decoder->errorString()));
}

void LegJob::onFinished()
{
    if (m_done)
        return;
    if (!m_refusal.isOk() && !m_aborted) {
        fail(m_refusal); // the reply ended before the refusal's turn; comes back here
        return;
    }
    checkBodyEnd(); // may end the job through abort(), which comes back here
    if (m_done)
        return;
    m_done = true;
    m_leg.timing.finishedNs = now();
    QNetworkReply *reply = m_reply.get();
    if (reply) {
        const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        if (status.isValid()) {
            m_leg.statusCode = status.toInt();
            // Qt holds the phrase as Latin-1 text: toLatin1() gives back the bytes that came
            // (toByteArray() would re-encode them as UTF-8, so 0xC2 arrived as C3 82).
            m_leg.reasonPhrase = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString().toLatin1();
            if (!m_headChecked) // else onMetaData() has them
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
        } else if (reply->error() != QNetworkReply::NoError && !isStatusError(reply->error(), m_leg.statusCode)) {
            // Any other error once the head arrived (a protocol failure of the transport): never an
            // empty success.
            m_leg.status = Status::fromNetworkError(reply->error(), reply->errorString());
        }
    }
    if (!reply && m_aborted)
        m_leg.status = m_abortStatus; // stopped before send() ran: nothing went out
    m_reply.reset();
    m_body.reset();
    emit finished();
}
