#pragma once

#include <QByteArray>
#include <QString>

// Reads a password from the terminal on stdin with echo off, the prompt on stderr, as curl -u USER
// does. It blocks while the user types: it runs before any network work starts, so nothing else
// is waiting. POSIX only; elsewhere isAvailable() is false.
class TerminalPasswordReader
{
public:
    // True when stdin is a terminal.
    static bool isAvailable();
    // False with *error when stdin is not a terminal or reading fails. The password is returned
    // without its line end; the caller wipes it when done.
    static bool read(const QString &prompt, QByteArray *password, QString *error);
};
