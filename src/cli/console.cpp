#include "console.h"

#include "cliwording.h"
#include "terminalpromptjob.h"

#include "core/displaytext.h"

#include <QFile>

#include <cstdio>

namespace {
const char programName[] = "authscope-cli";
}

Console::Console(QIODevice *out, QIODevice *err, PromptFactory prompts)
    : m_out(out), m_err(err), m_prompts(std::move(prompts))
{
}

Console::~Console() = default;

std::unique_ptr<Console> Console::standard()
{
    // Unbuffered, so -v lines appear as legs finish and a failed write is seen at once.
    // File descriptors, not FILE*: Qt writes a FILE* through stdio's own buffer, which would hide
    // a failed write (disk full) until exit.
    auto out = std::make_unique<QFile>();
    out->open(fileno(stdout), QIODevice::WriteOnly | QIODevice::Unbuffered, QFileDevice::DontCloseHandle);
    auto err = std::make_unique<QFile>();
    err->open(fileno(stderr), QIODevice::WriteOnly | QIODevice::Unbuffered, QFileDevice::DontCloseHandle);
    PromptFactory prompts;
    if (TerminalPromptJob::isAvailable()) {
        prompts = [](const QString &prompt, PromptJob::Echo echo, QObject *parent) -> PromptJob * {
            return new TerminalPromptJob(prompt, echo, parent);
        };
    }
    auto console = std::make_unique<Console>(out.get(), err.get(), std::move(prompts));
    console->m_ownedOut = std::move(out);
    console->m_ownedErr = std::move(err);
    return console;
}

bool Console::write(const QByteArray &bytes)
{
    if (!m_writeError.isEmpty())
        return false;
    if (m_out->write(bytes) != bytes.size()) {
        m_writeError = m_out->errorString();
        return false;
    }
    return true;
}

// Everything for people passes here, so nothing a server sent (a realm, a reason phrase, a header
// value) reaches the terminal as a control sequence: only line breaks stay, the rest is escaped.
void Console::print(const QByteArray &text)
{
    m_err->write(DisplayText::escaped(text, DisplayText::LineBreaks::Keep));
}

// Errors and notes are one line each, so scripts can grep them; other control bytes (a CR from a
// server) are escaped by print().
static QByteArray oneLine(const QString &message)
{
    QString line = CliWording::forTerminal(message);
    line.replace(u'\n', u' ');
    return line.toUtf8();
}

void Console::error(const QString &message)
{
    print(QByteArray(programName) + ": error: " + oneLine(message) + '\n');
}

void Console::note(const QString &message)
{
    print(QByteArray(programName) + ": note: " + oneLine(message) + '\n');
}

void Console::warning(const QString &message)
{
    print(QByteArray(programName) + ": warning: " + oneLine(message) + '\n');
}

PromptJob *Console::createPrompt(const QString &prompt, PromptJob::Echo echo, QObject *parent) const
{
    // The prompt is written to the terminal directly, not through print().
    return m_prompts ? m_prompts(DisplayText::escaped(prompt), echo, parent) : nullptr;
}
