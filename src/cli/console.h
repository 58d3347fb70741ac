#pragma once

#include <QByteArray>
#include <QString>

#include <functional>
#include <memory>

class QIODevice;

// Where a command writes and how it asks for a password. standard() is the process's stdout,
// stderr and terminal; tests build one over QBuffers and a scripted password reader.
// stdout carries only data (bodies, --json); everything for people goes to stderr.
class Console
{
public:
    // Asks for a password without echo; false with *error set when it cannot.
    using PasswordReader = std::function<bool(const QString &prompt, QByteArray *password, QString *error)>;

    // The devices are not owned and must stay open while the console is used. A null reader
    // means there is nobody to ask (stdin is not a terminal).
    Console(QIODevice *out, QIODevice *err, PasswordReader passwordReader = {});
    ~Console();
    Console(const Console &) = delete;
    Console &operator=(const Console &) = delete;

    // Unbuffered stdout and stderr; a terminal password reader when stdin is a terminal.
    static std::unique_ptr<Console> standard();

    QIODevice *out() const { return m_out; }
    // Data for stdout; false (and errorString() set) once a write has failed, e.g. disk full.
    bool write(const QByteArray &bytes);
    QString writeError() const { return m_writeError; }

    // Text for stderr, as is.
    void print(const QByteArray &text);
    // "authscope-cli: error: <message>" on stderr, one line.
    void error(const QString &message);
    // "authscope-cli: note: <message>" on stderr, one line.
    void note(const QString &message);

    bool canPrompt() const { return bool(m_passwordReader); }
    bool readPassword(const QString &prompt, QByteArray *password, QString *error) const;

private:
    std::unique_ptr<QIODevice> m_ownedOut;
    std::unique_ptr<QIODevice> m_ownedErr;
    QIODevice *m_out;
    QIODevice *m_err;
    PasswordReader m_passwordReader;
    QString m_writeError;
};
