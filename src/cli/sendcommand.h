#pragma once

#include "clicommand.h"
#include "legprinter.h"
#include "sendoptions.h"

#include <QPointer>

class ExchangeJob;
class HttpSession;
struct Leg;

// "authscope-cli send": parses the options, asks for a missing -u password, runs one exchange
// through an HttpSession on the injected manager, then writes the body (stdout or -o), --json
// and --har and sets the exit status (Status::exitCode; 22 for --fail).
class SendCommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;
    ~SendCommand() override;

    void start(const QStringList &arguments) override;
    // Cancels the exchange; the legs so far are still printed and exported (exit 130).
    void cancel() override;

    // The text of "send --help" without the exit codes (CliApplication adds those).
    static QString helpText();

private:
    bool askForPassword();
    LegPrinter printer() const;
    void onLegStarted(int index);
    void onLegFinished(int index);
    void printRequestPart(int index);
    void onExchangeFinished();
    // Each returns the exit status of its failure, 0 when it went well.
    int writeBody(const Leg &leg);
    int writeJson();
    int writeHar();

    SendOptions m_options;
    HttpSession *m_session = nullptr;
    QPointer<ExchangeJob> m_job;
    int m_requestsPrinted = 0;  // -v: legs whose request part is out
    int m_legsPrinted = 0;      // -v: legs printed whole
};
