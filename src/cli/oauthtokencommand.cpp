#include "oauthtokencommand.h"

#include "console.h"
#include "core/status.h"
#include "engine/exchangejob.h"
#include "engine/httpsession.h"
#include "export/secretredactor.h"
#include "oauth/tokenbroker.h"
#include "timetext.h"

OAuthTokenCommand::OAuthTokenCommand(const CliContext &context, TokenQuestion::Purpose purpose, bool verbose,
                                     QObject *parent)
    : OAuthSubcommand(context, parent)
    , m_purpose(purpose)
    , m_verbose(verbose)
{
}

OAuthTokenCommand::~OAuthTokenCommand()
{
    delete m_job.data(); // before the session it belongs to
}

TokenQuestion::Purpose OAuthTokenCommand::purposeOf(const QString &action)
{
    if (action == u"refresh")
        return TokenQuestion::Purpose::Refresh;
    if (action == u"revoke")
        return TokenQuestion::Purpose::Revoke;
    return TokenQuestion::Purpose::SignIn;
}

void OAuthTokenCommand::start(const QStringList &arguments)
{
    const QString action = m_purpose == TokenQuestion::Purpose::Refresh ? QStringLiteral("refresh")
                           : m_purpose == TokenQuestion::Purpose::Revoke ? QStringLiteral("revoke")
                                                                         : QStringLiteral("login");
    const std::optional<QString> name = takeName(arguments, action);
    const std::optional<OAuthProfile> profile = name ? profileNamed(*name) : std::nullopt;
    if (!profile)
        return;
    m_profile = *name;
    // Said before anything is sent, as send --no-prompt says it: nobody is there to type.
    if (m_purpose == TokenQuestion::Purpose::SignIn && profile->grant == OAuthProfile::Grant::Password
        && !m_context.console->canPrompt()) {
        fail(Status(Status::Code::AuthenticationFailed, NoteCode::SignInRequired,
                    QStringLiteral("%1 signs in with a user and password, asked on a terminal, and standard input "
                                   "is not one").arg(m_profile)));
        return;
    }
    TokenQuestion question;
    question.profile = m_profile;
    question.purpose = m_purpose;
    m_session = new HttpSession(m_context.manager, this);
    m_session->setTokenProvider(m_context.tokenBroker);
    m_job = m_session->createTokenExchange(question);
    connect(m_job.data(), &ExchangeJob::legFinished, this, &OAuthTokenCommand::onLegFinished);
    connect(m_job.data(), &ExchangeJob::finished, this, &OAuthTokenCommand::onFinished);
    if (m_verbose) {
        // Getting the token is a step of its own: -v shows what the broker did and how long it took.
        connect(m_job.data(), &ExchangeJob::stepFinished, this, [this](int index) {
            m_context.console->print(printer().printStep(m_job->exchange().steps.at(index)));
        });
    }
    m_job->start();
}

void OAuthTokenCommand::cancel()
{
    if (m_job && m_job->isRunning())
        m_job->cancel(); // finished() follows with Cancelled
    else
        OAuthSubcommand::cancel();
}

const LegPrinter &OAuthTokenCommand::printer()
{
    // Rebuilt each time: a token exchange has a handful of legs, and its secrets grow with them.
    m_printer.setKnownSecrets(SecretRedactor::knownSecrets(m_job->exchange()));
    return m_printer;
}

void OAuthTokenCommand::onLegFinished(int index)
{
    if (m_verbose)
        m_context.console->print(printer().print(m_job->exchange().legs.at(index)));
    printWarnings();
}

void OAuthTokenCommand::printWarnings()
{
    const Exchange &exchange = m_job->exchange();
    LegNotes notes;
    for (const Leg &leg : exchange.legs)
        notes += leg.notes;
    for (const ExchangeStep &step : exchange.steps)
        notes += step.notes;
    for (const LegNote &warning : LegPrinter::warnings(notes)) {
        if (m_warningsShown.contains(warning.text))
            continue;
        m_warningsShown.insert(warning.text);
        m_context.console->warning(QStringLiteral("[%1] %2").arg(warning.codeName(),
                                                                 QString::fromUtf8(printer().freeText(warning.text))));
    }
}

QString OAuthTokenCommand::outcomeLine() const
{
    if (m_purpose == TokenQuestion::Purpose::Revoke)
        return QStringLiteral("%1: revoked; no tokens stored").arg(m_profile);
    const QString done = m_purpose == TokenQuestion::Purpose::Refresh ? QStringLiteral("refreshed")
                                                                       : QStringLiteral("signed in");
    const QDateTime expiresAt = m_job->tokenExpiresAt();
    const TokenBroker::ProfileState state = m_context.tokenBroker->state(m_profile);
    QString line = QStringLiteral("%1: %2; valid ").arg(m_profile, done);
    line += expiresAt.isValid() ? QStringLiteral("until %1").arg(TimeText::localAndRelative(expiresAt))
                                : QStringLiteral("(the server did not say until when)");
    line += state.hasRefreshToken ? QStringLiteral("; refresh token stored") : QStringLiteral("; no refresh token");
    if (state.inMemoryOnly)
        line += QStringLiteral(" (in memory only: the keychain refused them)");
    return line;
}

void OAuthTokenCommand::onFinished()
{
    Console *console = m_context.console;
    printWarnings();
    const Exchange &exchange = m_job->exchange();
    if (m_verbose)
        console->print(printer().summary(exchange));
    if (!exchange.status.isOk()) {
        console->error(QStringLiteral("%1: %2").arg(m_profile, QString::fromUtf8(printer().freeText(exchange.status.message()))));
        finish(exchange.status.exitCode());
        return;
    }
    if (!console->write((outcomeLine() + u'\n').toUtf8())) {
        fail(Status(Status::Code::FileError,
                    QStringLiteral("cannot write to standard output: %1").arg(console->writeError())));
        return;
    }
    finish(0);
}
