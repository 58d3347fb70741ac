#include "authorizationcodegrantjob.h"

#include "loopbackredirectlistener.h"
#include "signinprompter.h"
#include "tokenendpointrequest.h"
#include "tokenresponse.h"

#include "http/leg.h"

#include <QRandomGenerator>

namespace {

// RFC 6749 §10.10: state needs enough entropy that an attacker cannot guess it; 256 bits.
QByteArray randomState()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// Query parameters form-encoded (RFC 6749 Appendix B) so '+', '&' and '=' in a scope or URI arrive intact.
void addQueryParameter(QByteArray *query, const QString &name, const QString &value)
{
    if (!query->isEmpty())
        *query += '&';
    *query += TokenEndpointRequest::formUrlEncode(name) + '=' + TokenEndpointRequest::formUrlEncode(value);
}

} // namespace

AuthorizationCodeGrantJob::AuthorizationCodeGrantJob(GrantJob::Context context, QObject *parent)
    : GrantJob(std::move(context), parent), m_redirectTimeoutMs(LoopbackRedirectListener::DefaultTimeoutMs)
{
}

AuthorizationCodeGrantJob::~AuthorizationCodeGrantJob()
{
    m_pkce.wipe();
}

void AuthorizationCodeGrantJob::run()
{
    const OAuthProfile &profile = context().profile;
    if (profile.authorizationUrl.isEmpty()) {
        fail(Status(Status::Code::InvalidInput, NoteCode::DiscoveryFailed,
                    QStringLiteral("The profile has no authorization endpoint: give --auth-url or an issuer that "
                                   "publishes authorization_endpoint")));
        return;
    }
    if (!context().prompter) {
        fail(Status(Status::Code::AuthenticationFailed, NoteCode::SignInRequired,
                    QStringLiteral("Signing in with authorization_code needs a browser: run `authscope-cli oauth login %1` "
                                   "or sign in from the window").arg(profile.name)));
        return;
    }

    m_listener = new LoopbackRedirectListener(this);
    m_listener->setTimeout(m_redirectTimeoutMs);
    QString error;
    if (!m_listener->listen(profile.redirectUri, &error)) {
        fail(Status(Status::Code::InvalidInput, error));
        return;
    }
    connect(m_listener, &LoopbackRedirectListener::finished, this, &AuthorizationCodeGrantJob::onRedirect);
    m_redirectUri = m_listener->redirectUri();
    m_pkce = Pkce::generate();
    m_state = randomState();

    // RFC 6749 §4.1.1, RFC 7636 §4.3, RFC 8707 §2.1.
    // The endpoint's own query is kept (RFC 6749 §3.1).
    QByteArray query = profile.authorizationUrl.query(QUrl::FullyEncoded).toLatin1();
    addQueryParameter(&query, QStringLiteral("response_type"), QStringLiteral("code"));
    addQueryParameter(&query, QStringLiteral("client_id"), profile.clientId);
    addQueryParameter(&query, QStringLiteral("redirect_uri"), m_redirectUri.toString(QUrl::FullyEncoded));
    if (!profile.scope.isEmpty())
        addQueryParameter(&query, QStringLiteral("scope"), profile.scope);
    addQueryParameter(&query, QStringLiteral("state"), QString::fromLatin1(m_state));
    addQueryParameter(&query, QStringLiteral("code_challenge"), QString::fromLatin1(m_pkce.challenge()));
    addQueryParameter(&query, QStringLiteral("code_challenge_method"), QString::fromLatin1(Pkce::method()));
    if (!profile.resource.isEmpty())
        addQueryParameter(&query, QStringLiteral("resource"), profile.resource);
    if (!profile.audience.isEmpty())
        addQueryParameter(&query, QStringLiteral("audience"), profile.audience);
    m_authorizationUrl = profile.authorizationUrl;
    m_authorizationUrl.setQuery(QString::fromLatin1(query));
    context().prompter->openAuthorizationUrl(profile.name, m_authorizationUrl);
}

void AuthorizationCodeGrantJob::abort()
{
    if (!m_listener)
        return;
    m_listener->disconnect(this); // the job is ending as cancelled, not by the listener's outcome
    m_listener->cancel();
    context().prompter->signInEnded(context().profile.name);
}

void AuthorizationCodeGrantJob::onRedirect()
{
    if (isFinished())
        return;
    const QString profileName = context().profile.name;
    context().prompter->signInEnded(profileName);
    switch (m_listener->outcome()) {
    case LoopbackRedirectListener::Outcome::Redirected:
        break;
    case LoopbackRedirectListener::Outcome::TimedOut:
        fail(Status(Status::Code::Timeout, NoteCode::SignInRequired,
                    QStringLiteral("No sign-in came back from the browser within %1 s").arg(m_redirectTimeoutMs / 1000)));
        return;
    case LoopbackRedirectListener::Outcome::Cancelled:
    case LoopbackRedirectListener::Outcome::Pending:
        fail(Status(Status::Code::Cancelled, QStringLiteral("The sign-in was cancelled")));
        return;
    }

    const QUrlQuery query = m_listener->query();
    const auto value = [&query](const char *name) {
        return query.queryItemValue(QLatin1String(name), QUrl::FullyDecoded);
    };
    // RFC 6749 §10.12: the state is checked before anything else in the redirect is believed.
    if (value("state").toLatin1() != m_state) {
        fail(Status(Status::Code::AuthenticationFailed, NoteCode::StateMismatch,
                    query.hasQueryItem(QStringLiteral("state"))
                        ? QStringLiteral("The redirect's state is not the one sent: refused as a possible forgery")
                        : QStringLiteral("The redirect has no state: refused as a possible forgery")));
        return;
    }
    // RFC 6749 §4.1.2.1: access_denied is the user's (or the server's) no; other errors (invalid_scope,
    // server_error) refuse the authorization too, and the message names them.
    const QString error = value("error");
    if (!error.isEmpty()) {
        fail(Status(Status::Code::AuthenticationFailed, NoteCode::AuthorizationDenied,
                    QStringLiteral("The authorization endpoint refused: %1")
                        .arg(TokenResponse::errorMessage(error, value("error_description")))));
        return;
    }
    const QByteArray code = value("code").toUtf8();
    if (code.isEmpty()) {
        fail(Status(Status::Code::ProtocolError, NoteCode::TokenResponseInvalid,
                    QStringLiteral("The redirect carried neither a code nor an error (RFC 6749 §4.1.2)")));
        return;
    }
    exchangeCode(code);
}

void AuthorizationCodeGrantJob::exchangeCode(const QByteArray &code)
{
    // RFC 6749 §4.1.3 with RFC 7636 §4.5; the scope was granted already.
    TokenEndpointRequest request = tokenRequest();
    request.addParameter(QStringLiteral("grant_type"), QStringLiteral("authorization_code"));
    request.addParameter(QStringLiteral("code"), code);
    request.addParameter(QStringLiteral("redirect_uri"), m_redirectUri.toString(QUrl::FullyEncoded));
    request.addParameter(QStringLiteral("code_verifier"), m_pkce.verifier());
    request.setIncludeScope(false);
    sendTokenRequest(request.build(), QStringLiteral("authorization code exchange with PKCE (RFC 6749 §4.1.3, RFC 7636)"),
                     [this](TokenResponse &response, const Leg &leg) {
        m_pkce.wipe();
        finishWith(response, leg);
    });
}
