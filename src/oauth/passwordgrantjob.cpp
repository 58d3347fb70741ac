#include "passwordgrantjob.h"

#include "signinprompter.h"
#include "tokenendpointrequest.h"
#include "tokenresponse.h"

#include "core/secretbytes.h"
#include "http/leg.h"

#include <QPointer>

PasswordGrantJob::PasswordGrantJob(GrantJob::Context context, QObject *parent)
    : GrantJob(std::move(context), parent)
{
}

PasswordGrantJob::~PasswordGrantJob() = default;

void PasswordGrantJob::run()
{
    const OAuthProfile &profile = context().profile;
    addNote(NoteCode::PasswordGrantDeprecated,
            QStringLiteral("Profile %1 signs in with the deprecated password grant: the client sees the user's password")
                .arg(profile.name));
    if (!context().prompter) {
        fail(Status(Status::Code::AuthenticationFailed, NoteCode::SignInRequired,
                    QStringLiteral("Signing in with the password grant needs the user's password: run "
                                   "`authscope-cli oauth login %1` or sign in from the window").arg(profile.name)));
        return;
    }
    m_asking = true;
    QPointer<PasswordGrantJob> self(this);
    context().prompter->askPassword(profile.name, [self](const QString &user, const QByteArray &password) {
        if (self)
            self->onAnswer(user, password);
    });
}

void PasswordGrantJob::onAnswer(const QString &user, QByteArray password)
{
    if (!m_asking || isFinished()) // cancelled meanwhile, or answered twice
        return;
    m_asking = false;
    context().prompter->signInEnded(context().profile.name);
    if (user.isEmpty()) {
        fail(Status(Status::Code::Cancelled, NoteCode::SignInRequired, QStringLiteral("No user name was given: not signed in")));
        return;
    }
    // RFC 6749 §4.3.2.
    TokenEndpointRequest request = tokenRequest();
    request.addParameter(QStringLiteral("grant_type"), QStringLiteral("password"));
    request.addParameter(QStringLiteral("username"), user);
    request.addParameter(QStringLiteral("password"), password);
    SecretBytes::wipe(password);
    sendTokenRequest(request.build(), QStringLiteral("password grant (RFC 6749 §4.3, deprecated)"),
                     [this](TokenResponse &response, const Leg &leg) { finishWith(response, leg); });
}

void PasswordGrantJob::abort()
{
    if (m_asking) {
        m_asking = false;
        context().prompter->signInEnded(context().profile.name);
    }
}
