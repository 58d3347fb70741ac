#pragma once

#include "engine/tokenprovider.h"
#include "legprinter.h"
#include "oauthsubcommand.h"

#include <QSet>

class ExchangeJob;
class HttpSession;

// "authscope-cli oauth login|refresh|revoke [-v] NAME": one token-only exchange (the session's
// TokenProvider is the CLI's TokenBroker; its legs to the authorization server are the exchange's
// legs). The outcome is one line on stdout: the profile, what happened, the state and when the
// access token expires. A failure is one line on stderr (the token endpoint's error and
// error_description when it answered) and Status::exitCode(). -v prints each leg as send -v does,
// secrets redacted. Exit status: 0; 2; 3-8 the server could not be reached; 10 refused or
// sign-in needed; 11 keychain unusable; 12 no such profile; 130 Ctrl-C.
class OAuthTokenCommand : public OAuthSubcommand
{
    Q_OBJECT
public:
    OAuthTokenCommand(const CliContext &context, TokenQuestion::Purpose purpose, bool verbose,
                      QObject *parent = nullptr);
    ~OAuthTokenCommand() override;

    // "login" -> SignIn, "refresh" -> Refresh, "revoke" -> Revoke.
    static TokenQuestion::Purpose purposeOf(const QString &action);

    void start(const QStringList &arguments) override;
    // Cancels the exchange (an interactive sign-in stops waiting); finished() follows with 130.
    void cancel() override;

private:
    void onLegFinished(int index);
    void onFinished();
    // Warnings of the legs and of the token step, each said once, with or without -v.
    void printWarnings();
    const LegPrinter &printer();
    QString outcomeLine() const;

    TokenQuestion::Purpose m_purpose;
    bool m_verbose;
    QString m_profile;
    HttpSession *m_session = nullptr;
    QPointer<ExchangeJob> m_job;
    LegPrinter m_printer;
    QSet<QString> m_warningsShown;
};
