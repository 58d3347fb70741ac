#pragma once

#include "auth/credentialprovider.h"

#include <QList>

// The user at the keyboard, scripted: answers each question with the next answer in the list
// (none left: the user cancels, "cancelled by the user") and records every question it was asked.
// The jobs it makes finish from the event loop, as a dialog or a prompt would.
class ScriptedCredentialProvider : public CredentialProvider
{
public:
    struct Answer {
        Credential credential;
        bool remember = false; // "Remember in keychain" ticked, --save given
    };
    QList<Answer> answers; // consumed in order
    QList<CredentialRequest> asked;

    CredentialJob *createJob(const CredentialRequest &request, QObject *parent) override;
};
