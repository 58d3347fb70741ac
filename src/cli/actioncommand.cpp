#include "actioncommand.h"

#include "cliapplication.h"
#include "console.h"
#include "core/status.h"

namespace {

// "add, list, show or delete"
QString alternatives(const QStringList &names)
{
    return names.size() < 2 ? names.join(QString())
                            : names.mid(0, names.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" or ")
                                      + names.constLast();
}

} // namespace

ActionCommand::ActionCommand(const CliContext &context, Actions actions, QObject *parent)
    : CliCommand(context, parent)
    , m_actions(std::move(actions))
{
}

void ActionCommand::start(const QStringList &arguments)
{
    ArgumentParser parsed = optionParser();
    QString error;
    if (!parsed.parse(arguments, &error)) {
        fail(Status(Status::Code::InvalidInput, error));
        return;
    }
    if (parsed.isSet(m_actions.helpOption)) {
        m_context.console->write((commandHelp() + u'\n' + CliApplication::exitCodesHelp()).toUtf8());
        finish(0);
        return;
    }
    QStringList positionals = parsed.positionals();
    const QString action = positionals.isEmpty() ? QString() : positionals.takeFirst();
    const QString hint = QStringLiteral(" (see authscope-cli %1 --help)").arg(m_actions.command);
    const QString choices = alternatives(m_actions.names);
    if (action.isEmpty()) {
        fail(Status(Status::Code::InvalidInput,
                    QStringLiteral("%1 needs an action: %2").arg(m_actions.command, choices) + hint));
        return;
    }
    if (!m_actions.names.contains(action)) {
        fail(Status(Status::Code::InvalidInput,
                    QStringLiteral("unknown action \"%1\": use %2").arg(action, choices) + hint));
        return;
    }
    // An option given to an action it does not serve is a mistake worth naming.
    if (const ParsedOption *misplaced = parsed.optionNotFor(action, m_actions.owners)) {
        QStringList servedBy;
        for (const QString &owner : m_actions.owners.value(misplaced->id))
            servedBy.append(QStringLiteral("\"%1 %2\"").arg(m_actions.command, owner));
        fail(Status(Status::Code::InvalidInput, QStringLiteral("option %1 is for %2 only")
                                                        .arg(misplaced->spelling, alternatives(servedBy)) + hint));
        return;
    }
    m_action = createAction(action, parsed);
    if (!m_action)
        return;
    connect(m_action.data(), &CliCommand::finished, this, [this] { finish(m_action->exitCode()); });
    m_action->start(positionals);
}

void ActionCommand::cancel()
{
    if (m_action)
        m_action->cancel(); // finished() follows, with exit status 130
    else
        CliCommand::cancel();
}
