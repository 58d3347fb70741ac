#pragma once

#include "clicommand.h"
#include "legprinter.h"
#include "sendoptions.h"

#include <QHash>
#include <QPointer>
#include <QSet>

#include <memory>

class ExchangeJob;
class HttpSession;
class StdinReadJob;
class StoredCredentialProvider;
class TerminalCredentialProvider;
struct Leg;

// "authscope-cli send": parses the options, runs one exchange through an HttpSession on the
// injected manager (a server's challenge without credentials is asked on the terminal through
// TerminalCredentialProvider), shows warnings as they come, then writes the body (stdout or -o),
// --json, --har, --markdown and --diagram and sets the exit status (Status::exitCode; 22 for --fail).
class SendCommand : public CliCommand
{
    Q_OBJECT
public:
    explicit SendCommand(const CliContext &context, QObject *parent = nullptr);
    ~SendCommand() override;

    void start(const QStringList &arguments) override;
    // Cancels the exchange; the legs so far are still printed and exported (exit 130).
    void cancel() override;

    // The text of "send --help" without the exit codes (CliApplication adds those).
    static QString helpText();

private:
    // --user-stdin: reads the credentials, then run()s.
    void readUserFromStdin();
    // Sets up the session and its credential providers, then starts the exchange.
    void run();
    // The -v printer, its secret matcher rebuilt only when the exchange's known secrets changed.
    const LegPrinter &printer();
    void onLegStarted(int index);
    void onLegFinished(int index);
    void printRequestPart(int index);
    // "authscope-cli: warning: ..." lines for the leg's warnings not shown yet (with or without -v).
    void printWarnings(int index);
    void printWarnings(const LegNotes &notes); // a step's too (an OAuth token's: token-not-stored, ...)
    void warnIfCredentialsWentUnverified(int index);
    // --oauth, --oauth2-*: the token broker answers the exchange's token questions (an ad-hoc
    // profile is handed to it first).
    void setUpOAuth();
    // Starts the exchange once a --credential reference has been read from the keychain.
    void startExchange(const HttpRequest &request);
    void onExchangeFinished();
    // Ends the command once --save's keychain writes are done.
    void finishAfterSaves(int exitCode);
    // Each returns the exit status of its failure, 0 when it went well.
    int writeBody(const Leg &leg);
    // Says which signal stopped the copy to target and what was kept; returns 128 + its number.
    int interruptedWhileWriting(const QString &target, const QString &outcome);
    int writeJson();
    int writeHar();
    int writeMarkdown();
    // Through CliContext::writeDiagram (checked in start()).
    int writeDiagram();
    // 0, or the error (which names the file, the reason and what was kept) said and its exit status.
    int exportResult(bool written, const QString &error);

    SendOptions m_options;
    std::unique_ptr<TerminalCredentialProvider> m_credentialProvider;
    StoredCredentialProvider *m_storedProvider = nullptr;   // null with --no-keychain
    int m_keychainExit = 0;     // exit status of a failed --save
    int m_savedCount = 0;
    bool m_keychainWarned = false;
    HttpSession *m_session = nullptr;
    QPointer<ExchangeJob> m_job;
    QPointer<StdinReadJob> m_stdin;     // --user-stdin while reading
    LegPrinter m_printer;
    QList<QByteArray> m_printerSecrets;
    bool m_printerReady = false;
    QSet<QString> m_warningsShown;
    QHash<QString, QStringList> m_ignoredTlsErrors; // -k: per origin, what verification found
    QSet<QString> m_unverifiedWarned;
    int m_requestsPrinted = 0;  // -v: legs whose request part is out
    int m_legsPrinted = 0;      // -v: legs printed whole
};
