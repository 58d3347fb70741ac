#include "terminalcredentialjob.h"

#include "auth/schemeregistry.h"
#include "console.h"
#include "core/displaytext.h"
#include "promptjob.h"

namespace {

QString schemeName(const CredentialRequest &request)
{
    if (const AuthScheme *scheme = SchemeRegistry::find(request.challenge.scheme))
        return QString::fromLatin1(scheme->name());
    return QString::fromLatin1(request.challenge.scheme);
}

} // namespace

TerminalCredentialJob::TerminalCredentialJob(const CredentialRequest &request, Console *console,
                                             const Settings &settings, QObject *parent)
    : CredentialJob(request, parent), m_console(console), m_settings(settings)
{
}

// The prompt is a child: deleting a job that is still asking (Ctrl-C) restores the terminal.
TerminalCredentialJob::~TerminalCredentialJob() = default;

// A hostile server could put escape sequences in a realm or error_description and drive the
// user's terminal, or a line break to forge a line of this text: each value is escaped on its own.
QString TerminalCredentialJob::describe(const CredentialRequest &request, int maxAttempts)
{
    const ProtectionSpace &space = request.space;
    const QUrl target = request.url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
    QString text;
    if (space.proxy)
        text += QStringLiteral("Credentials needed by the proxy %1 for %2\n").arg(space.origin, target.toString());
    else
        text += QStringLiteral("Credentials needed by %1 for %2\n")
                        .arg(space.origin, target.path(QUrl::FullyEncoded).isEmpty() ? QStringLiteral("/")
                                                                                      : target.path(QUrl::FullyEncoded));
    text += QStringLiteral("  Scheme: %1").arg(DisplayText::escaped(schemeName(request)));
    if (!space.realm.isEmpty())
        text += QStringLiteral(", realm \"%1\"").arg(DisplayText::escaped(space.realm));
    text += u'\n';

    const bool engineWarned = LegNoteList::contains(request.notes, NoteCode::PlainHttpWarning);
    const QString host = space.proxy ? QUrl(space.origin).host() : request.url.host();
    if (request.encrypted)
        text += QStringLiteral("  Connection: encrypted (https)\n");
    else if (ProtectionSpace::isLoopbackHost(host))
        text += QStringLiteral("  Warning: the connection is not encrypted (plain http); it stays on this machine (loopback)\n");
    else if (!engineWarned)
        text += QStringLiteral("  Warning: the connection is not encrypted (plain http): anyone on the path can read "
                               "what is sent\n");

    if (request.attempt > 1) {
        QString rejected;
        if (!request.rejectedUser.isEmpty())
            rejected = QStringLiteral("the credentials of %1 were rejected").arg(DisplayText::escaped(request.rejectedUser));
        else if (request.kind == Credential::Kind::Token)
            rejected = QStringLiteral("the token was rejected");
        else
            rejected = QStringLiteral("the credentials sent were rejected");
        text += QStringLiteral("  Attempt %1 of %2: %3\n").arg(request.attempt).arg(qMax(maxAttempts, request.attempt)).arg(rejected);
    }
    for (const LegNote &note : request.notes) {
        text += (note.isWarning() ? QStringLiteral("  Warning [%1]: ") : QStringLiteral("  Note [%1]: ")).arg(note.codeName())
                + DisplayText::escaped(note.text) + u'\n';
    }
    return text;
}

QString TerminalCredentialJob::reasonWithoutPrompt(const CredentialRequest &request, const Settings &settings,
                                                   bool noTerminal)
{
    if (request.kind == Credential::Kind::ApiKey)
        return QStringLiteral("an API key cannot be asked for: give --api-key NAME=VALUE");
    QString option;
    if (request.space.proxy)
        option = QStringLiteral("--proxy-user USER:PASSWORD");
    else if (request.kind == Credential::Kind::Token)
        option = QStringLiteral("--oauth2-bearer TOKEN");
    else if (request.attempt == 1 && !settings.defaultUser.isEmpty())
        option = QStringLiteral("-u %1:PASSWORD").arg(settings.defaultUser);
    else
        option = QStringLiteral("-u USER:PASSWORD");
    const QString why = noTerminal ? QStringLiteral("no terminal to ask on") : QStringLiteral("--no-prompt");
    if (request.attempt == 1)
        return QStringLiteral("%1: give %2").arg(why, option);
    QString rejected;
    if (!request.storedRejectedUser.isEmpty() && request.kind == Credential::Kind::Password)
        return QStringLiteral("the password stored in the keychain for %1 was rejected, %2: give -u %1:PASSWORD --save "
                              "to replace it").arg(request.storedRejectedUser, why);
    if (!request.rejectedUser.isEmpty())
        rejected = QStringLiteral("%1 was rejected").arg(request.rejectedUser);
    else if (request.kind == Credential::Kind::Token)
        rejected = QStringLiteral("the token was rejected");
    else
        rejected = QStringLiteral("the credentials sent were rejected");
    return QStringLiteral("%1, %2: check %3").arg(rejected, why, option);
}

QString TerminalCredentialJob::defaultUser() const
{
    return request().rejectedUser.isEmpty() ? m_settings.defaultUser : request().rejectedUser;
}

void TerminalCredentialJob::run()
{
    if (m_settings.noPrompt || request().kind == Credential::Kind::ApiKey) {
        finishWithout(reasonWithoutPrompt(request(), m_settings, false));
        return;
    }
    if (!m_console->canPrompt()) {
        finishWithout(reasonWithoutPrompt(request(), m_settings, true));
        return;
    }
    m_console->print(describe(request(), m_settings.maxAttempts).toUtf8());
    if (request().kind == Credential::Kind::Token) {
        ask(QStringLiteral("Token: "), true);
        return;
    }
    const QString user = defaultUser();
    m_askingUser = true;
    ask(user.isEmpty() ? QStringLiteral("User: ") : QStringLiteral("User [%1]: ").arg(user), false);
}

void TerminalCredentialJob::ask(const QString &prompt, bool hidden)
{
    m_prompt = m_console->createPrompt(prompt, hidden ? PromptJob::Echo::Hidden : PromptJob::Echo::Shown, this);
    if (!m_prompt) {
        finishWithout(reasonWithoutPrompt(request(), m_settings, true));
        return;
    }
    connect(m_prompt.data(), &PromptJob::finished, this, &TerminalCredentialJob::onAnswered);
    m_prompt->start();
}

void TerminalCredentialJob::onAnswered()
{
    PromptJob *prompt = m_prompt.data();
    m_prompt.clear();
    prompt->deleteLater();
    if (!prompt->hasAnswer()) {
        finishWithout(QStringLiteral("nothing was entered: %1").arg(prompt->errorString()));
        return;
    }
    const QByteArray answer = prompt->takeAnswer();
    if (request().kind == Credential::Kind::Token) {
        if (answer.isEmpty())
            finishWithout(QStringLiteral("no token was entered"));
        else
            finishWith(Credential{Credential::Kind::Token, QString(), answer, {}, {}});
        return;
    }
    if (m_askingUser) {
        m_askingUser = false;
        m_user = answer.isEmpty() ? defaultUser() : QString::fromUtf8(answer);
        if (m_user.isEmpty()) {
            finishWithout(QStringLiteral("no user name was entered"));
            return;
        }
        ask(QStringLiteral("Password for %1: ").arg(m_user), true);
        return;
    }
    finishWith(Credential{Credential::Kind::Password, m_user, answer, {}, {}});
}
