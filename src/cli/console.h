#pragma once

#include "promptjob.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <memory>

class QIODevice;

// Where a command writes and how it asks the user. standard() is the process's stdout, stderr and
// terminal; tests build one over QBuffers and scripted prompts.
// stdout carries only data (bodies, --json); everything for people goes to stderr.
class Console
{
public:
    // Makes a configured, not started question (see PromptJob).
    using PromptFactory = std::function<PromptJob *(const QString &prompt, PromptJob::Echo echo, QObject *parent)>;

    // The devices are not owned and must stay open while the console is used. A null factory
    // means there is nobody to ask (stdin is not a terminal).
    Console(QIODevice *out, QIODevice *err, PromptFactory prompts = {});
    ~Console();
    Console(const Console &) = delete;
    Console &operator=(const Console &) = delete;

    // Unbuffered stdout and stderr; terminal prompts when stdin is a terminal.
    static std::unique_ptr<Console> standard();

    QIODevice *out() const { return m_out; }
    // Data for stdout; false (and errorString() set) once a write has failed, e.g. disk full.
    bool write(const QByteArray &bytes);
    QString writeError() const { return m_writeError; }

    // Text for stderr: UTF-8 lines, with every control byte but the line break (and anything not
    // UTF-8) shown escaped (DisplayText), so a server's text cannot drive the terminal.
    void print(const QByteArray &text);
    // "authscope-cli: error: <message>" on stderr, one line.
    void error(const QString &message);
    // "authscope-cli: note: <message>" on stderr, one line.
    void note(const QString &message);
    // "authscope-cli: warning: <message>" on stderr, one line; shown with or without -v.
    void warning(const QString &message);

    bool canPrompt() const { return bool(m_prompts); }
    // Null when there is nobody to ask. The prompt is shown escaped (DisplayText).
    PromptJob *createPrompt(const QString &prompt, PromptJob::Echo echo, QObject *parent) const;

private:
    std::unique_ptr<QIODevice> m_ownedOut;
    std::unique_ptr<QIODevice> m_ownedErr;
    QIODevice *m_out;
    QIODevice *m_err;
    PromptFactory m_prompts;
    QString m_writeError;
};
