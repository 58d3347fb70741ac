#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// The process's own argument list (main()'s argv), which Qt decodes into
// QCoreApplication::arguments(): checked before Qt sees it, and its secrets blanked once read.
class ProcessArguments
{
public:
    // Bytes of one argument that hold a secret: argv[argument][offset .. offset + length).
    struct Span {
        int argument = 0;
        qsizetype offset = 0;
        qsizetype length = 0;
        bool operator==(const Span &other) const
        {
            return argument == other.argument && offset == other.offset && length == other.length;
        }
    };

    // One line naming the first argument whose bytes are not UTF-8 (Qt would silently turn them
    // into U+FFFD and send something the user did not type), or an empty string.
    static QString nonUtf8Problem(int argc, const char *const *argv);

    // Where the secrets of "send" are in arguments (argv decoded, program name first): the
    // password of -u USER:PASSWORD and --proxy-user, the --oauth2-bearer token, the value of
    // --api-key NAME=VALUE, the password in the URL or the --proxy URL (scheme://user:pass@host).
    // Nothing for other commands, @FILE forms or arguments that do not parse.
    static QList<Span> secretSpans(const QStringList &arguments);

    // Overwrites those bytes of argv with '*', as curl does, so ps and /proc/PID/cmdline no longer
    // show them. arguments must have been taken from QCoreApplication::arguments() before: Qt
    // decodes argv again on each call.
    static void blankSecrets(const QStringList &arguments, int argc, char **argv);
};
