#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

// One challenge of a WWW-Authenticate or Proxy-Authenticate field (RFC 9110 §11.3): a scheme with
// either a token68 or a list of auth-params. Parameter values are unquoted and unescaped.
struct Challenge
{
    QByteArray scheme;                           // as the server wrote it
    QByteArray token68;                          // empty when the challenge has auth-params
    QList<QPair<QByteArray, QByteArray>> params; // in order, names as written

    bool isScheme(const char *name) const { return scheme.compare(name, Qt::CaseInsensitive) == 0; }
    // The first value of a parameter; names compare case-insensitively (RFC 9110 §11.2).
    QByteArray param(const QByteArray &name) const;
    bool hasParam(const QByteArray &name) const;
    // "Digest realm=\"x\", qop=\"auth\"" — for display; values re-quoted where needed.
    QString toDisplayString() const;
};

// What went wrong while parsing, and where (byte offset into the field value).
struct ChallengeParseError
{
    int position = 0;
    QString message;
};
