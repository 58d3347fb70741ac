#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

// Redacts the values of secret keys in a JSON text in place: everything else, formatting and key
// order included, stays byte for byte (QJsonDocument would sort keys and reflow the body).
// Used by SecretRedactor::redactBody; SecretNames says which keys count as secret (a key named
// like a header field of its table, "Authorization" in an echo of headers, keeps its form).
//
// The scanner is a strict RFC 8259 parser of its own, so it also decides whether a body is JSON
// at all: broken input is reported (ok = false, error with the byte offset) and returned
// unchanged, never a crash. Nesting deeper than MaxDepth counts as broken, so hostile input
// cannot exhaust the stack.
class JsonBodyRedactor
{
public:
    static constexpr int MaxDepth = 256;

    struct Result {
        QByteArray data;           // the redacted text; the input itself when !ok
        bool ok = false;
        bool changed = false;
        QString error;             // when !ok: what was wrong and where
        QList<QByteArray> secrets; // the values that were redacted (strings unescaped)
    };

    // allowTruncated: the text is a prefix of a longer body, so ending in the middle of a value is
    // not an error; a secret value cut by the end is redacted up to the end.
    static Result redact(const QByteArray &json, bool allowTruncated = false);

    // s as a JSON string literal, quotes included, UTF-8.
    static QByteArray quote(const QString &s);
};
