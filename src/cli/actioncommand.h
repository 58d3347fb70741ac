#pragma once

#include "argumentparser.h"
#include "clicommand.h"

#include <QHash>
#include <QPointer>
#include <QStringList>

// A command whose first argument names an action ("credentials add", "oauth login"): parses the
// options of its table, answers --help, checks the action and that each option given serves it,
// then runs the action's own command (a child, handed the options and the arguments after the
// action's name) and finishes with its exit status. Bad input before the action runs is one line
// and exit 2, with a hint to the command's --help.
class ActionCommand : public CliCommand
{
    Q_OBJECT
public:
    struct Actions
    {
        QString command;                 // "credentials", as typed after authscope-cli
        QStringList names;               // the actions, in the order messages list them
        QHash<int, QStringList> owners;  // option id -> the actions it serves; unlisted: every action
        int helpOption = -1;
    };

    void start(const QStringList &arguments) override;
    // Cancels the running action; finished() follows with exit status 130.
    void cancel() override;

protected:
    ActionCommand(const CliContext &context, Actions actions, QObject *parent);

    virtual ArgumentParser optionParser() const = 0;
    // The command's --help text without the exit codes.
    virtual QString commandHelp() const = 0;
    // The action's command, configured and not started, parented to this; null once fail() has
    // said why it cannot run.
    virtual CliCommand *createAction(const QString &action, const ArgumentParser &parsed) = 0;

private:
    Actions m_actions;
    QPointer<CliCommand> m_action; // the action running, owned as a child
};
