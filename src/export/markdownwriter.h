#pragma once

#include "exportoptions.h"

#include <QByteArray>
#include <QString>

struct Exchange;

// An exchange as Markdown for tickets and slides: the outcome and its diagnosis, the sequence as a
// Mermaid sequenceDiagram (GitHub and GitLab draw it), then each leg with its request and response
// heads in fenced blocks, notes, challenges, Digest computation steps and timing. Secrets are
// redacted through SecretRedactor unless options.includeSecrets.
class MarkdownWriter
{
public:
    static QByteArray toMarkdown(const Exchange &exchange, const ExportOptions &options = {});
    // Through OutputFile (atomic for a regular file, 0600 with secrets); false with *error.
    static bool write(const QString &path, const Exchange &exchange, const ExportOptions &options, QString *error);
};
