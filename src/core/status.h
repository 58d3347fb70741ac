#pragma once

#include "notecode.h"

#include <QNetworkReply>
#include <QString>

// One status type for every outcome: the engine, the CLI exit code, --json and the GUI all read it.
// The message says what went wrong and, where it helps, what to do next. It never holds a secret.
class Status
{
public:
    enum class Code {
        Ok,
        InvalidInput,       // malformed URL, header, option or unreadable input file
        FileError,          // an output file could not be written
        HostNotFound,
        ConnectionRefused,
        ConnectionFailed,   // any other transport failure (reset, closed, network unreachable)
        TlsError,
        Timeout,
        Cancelled,
        TooManyRedirects,
        ProtocolError,      // the server spoke broken HTTP or an unsupported scheme
        ProxyError,
        HttpError,          // final status >= 400 (only an error where the caller asks for it)
        AuthenticationFailed, // credentials missing, rejected too often, or not answerable
        KeychainError,      // the OS keychain is missing, locked, refused access or did not answer
        NotFound,           // no stored credential with that id
        LastCode = NotFound // keep last: tests walk every code up to here
    };

    Status() = default;
    Status(Code code, QString message) : m_code(code), m_message(std::move(message)) {}
    // reason: the engine's decision that led to this outcome (credentials-rejected, redirect-limit).
    Status(Code code, NoteCode reason, QString message)
        : m_code(code), m_reason(reason), m_message(std::move(message)) {}

    static Status ok() { return {}; }
    // The one place that maps Qt's transport errors to our codes.
    static Status fromNetworkError(QNetworkReply::NetworkError error, const QString &detail);

    bool isOk() const { return m_code == Code::Ok; }
    Code code() const { return m_code; }
    // The decision behind the outcome; NoteCode::None for transport failures and plain success.
    NoteCode reason() const { return m_reason; }
    QString message() const { return m_message; }

    // Stable, machine-readable name ("tls-error") for --json and the HAR comment.
    QString codeName() const;
    static QString codeName(Code code);
    // Process exit status of authscope-cli for this outcome (documented in --help).
    int exitCode() const;

private:
    Code m_code = Code::Ok;
    NoteCode m_reason = NoteCode::None;
    QString m_message;
};
