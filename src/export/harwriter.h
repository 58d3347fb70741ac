#pragma once

#include "exportoptions.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

struct Exchange;

// Writes exchanges as an HTTP Archive, HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/),
// with ONE ENTRY PER LEG: a Digest login that took a 401 and a retry is two entries, a redirect
// chain one entry per hop, in the order given. Secrets are redacted through SecretRedactor unless
// ExportOptions::includeSecrets.
//
// Field choices:
// - log.creator is AuthScope and QCoreApplication::applicationVersion(), or the build's version
//   when the application set none. No pages: an exchange is not a browser page.
// - startedDateTime is Exchange::startedAt plus the leg's queued moment, ISO 8601 with
//   milliseconds and offset. time is the sum of the timings that are not -1, as the spec says.
// - timings come from LegPhases (see legphases.h for the mapping): dns and ssl are always -1
//   (Qt reports neither), blocked and connect are -1 where no new connection was made; none is
//   ever negative otherwise. timings.comment says what was approximated.
// - headersSize is -1 (Qt does not expose the raw header block); request bodySize is the size
//   sent; response bodySize is the body size, or -1 when a Content-Encoding was decoded (the
//   bytes on the wire were fewer). content.size is always the decoded size.
// - content.text is UTF-8 text, or base64 with encoding "base64" for anything else, cut to
//   maxBodyBytes (content.comment and _truncated say so). postData is text, or params for
//   application/x-www-form-urlencoded (the spec makes them exclusive); a binary request body
//   is base64 with "_encoding": "base64".
// - A leg without a response (refused, timed out) has status 0 and empty strings.
// - An entry's comment lists the codes of the leg's notes ("notes: challenge-answered, ...").
// - Custom fields start with '_' as the spec requires: each header has "_source"
//   (HeaderField::sourceName), cookies "_sameSite", and each entry "_authscope" with exchange and
//   leg index, kind, reason, notes [{code, severity, text}], insecure, status {code, reason,
//   message} of the leg and
//   exchangeStatus of the whole exchange (a redirect limit is the exchange's, not a leg's),
//   tls (or null), and the leg's authentication as in ExchangeJson: challenges (parsed
//   WWW-/Proxy-Authenticate), challengeProblems and authentication (what its credentials
//   answered, or null).
class HarWriter
{
public:
    static QJsonObject toHar(const QList<Exchange> &exchanges, const ExportOptions &options = {});
    static QByteArray toBytes(const QList<Exchange> &exchanges, const ExportOptions &options = {});

    // Writes through OutputFile: a regular file atomically (it appears complete or not at all, and
    // an existing file stays as it was when anything fails, a full disk included); a device, FIFO
    // or descriptor (/dev/null, /dev/stdout) in place, never replacing it; with
    // options.includeSecrets a file written anew is mode 0600. False with *error
    // saying which file, why, and whether anything may have been written.
    static bool write(const QString &path, const QList<Exchange> &exchanges, const ExportOptions &options,
                      QString *error);

    static QString creatorVersion();
};
