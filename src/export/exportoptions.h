#pragma once

#include <QtGlobal>

// What an export (HAR, --json) contains. The defaults are safe to share: secrets are redacted.
struct ExportOptions
{
    static constexpr qint64 DefaultMaxBodyBytes = 1024 * 1024;

    // Off: every secret passes through SecretRedactor. On: the bytes as they were, for the user's
    // own debugging; the output is then as sensitive as a password file.
    bool includeSecrets = false;
    // Bodies longer than this are cut (and marked "truncated"); a negative value means no limit.
    qint64 maxBodyBytes = DefaultMaxBodyBytes;
};
