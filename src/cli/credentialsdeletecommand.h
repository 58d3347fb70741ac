#pragma once

#include "credentialssubcommand.h"

// "authscope-cli credentials delete ID..." and "delete --all": removes each secret from the
// keychain, then its record, printing a "deleted" line for each. Every id is resolved before
// anything is deleted, so a typo deletes nothing. Exit status: 0, 2 bad or ambiguous id, 9 the
// "deleted" lines could not be written, 11 keychain unusable, 12 no such credential, 130 Ctrl-C
// while the keychain had not answered (what was deleted by then is still reported).
class CredentialsDeleteCommand : public CredentialsSubcommand
{
    Q_OBJECT
public:
    CredentialsDeleteCommand(const CliContext &context, bool all, QObject *parent = nullptr);

    void start(const QStringList &arguments) override;

protected:
    void keychainWaitCancelled() override;

private:
    void removeNext();
    void forgetAll();
    void reportForgotten();
    // Exit 0, or 9 when the "deleted" lines could not be written.
    void finishDeleting();
    void printDeleted(const CredentialRecord &record);

    bool m_all;
    QList<CredentialRecord> m_toDelete;     // still to go, in the order given
    QList<CredentialRecord> m_beforeForget; // --all: the index when it started
    bool m_forgetReported = false;
};
