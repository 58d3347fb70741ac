#pragma once

#include "grantjob.h"

// RFC 6749 §4.3, deprecated (OAuth 2.0 Security BCP §2.4): always notes password-grant-deprecated.
// Asks the prompter for the user and password (no prompter or an empty user: sign-in-required),
// then sends them to the token endpoint once.
class PasswordGrantJob : public GrantJob
{
    Q_OBJECT
public:
    explicit PasswordGrantJob(GrantJob::Context context, QObject *parent = nullptr);
    ~PasswordGrantJob() override;

protected:
    void run() override;
    void abort() override;

private:
    void onAnswer(const QString &user, QByteArray password);

    bool m_asking = false; // askPassword() was called and has not answered
};
