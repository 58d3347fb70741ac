#include "markdownwriter.h"

#include "core/displaytext.h"
#include "diagnosis/diagnoser.h"
#include "diagram/sequencemodel.h"
#include "http/exchange.h"
#include "legphases.h"
#include "outputfile.h"
#include "secretredactor.h"

namespace {

// Server or user text outside a code block: one line, no control bytes, and nothing Markdown
// reads as markup (emphasis, links, HTML, tables, headings).
QString escaped(const QString &text)
{
    const QString shown = DisplayText::escaped(text, DisplayText::LineBreaks::Escape);
    QString out;
    out.reserve(shown.size() + 8);
    for (const QChar c : shown) {
        if (c == u'&')
            out += QStringLiteral("&amp;");
        else if (QStringView(u"\\`*_[]<>|~#!").contains(c))
            out += u'\\' + QString(c);
        else
            out += c;
    }
    return out;
}

QString escaped(const QByteArray &bytes)
{
    return escaped(QString::fromUtf8(bytes));
}

qsizetype longestBacktickRun(const QString &text)
{
    qsizetype longest = 0;
    qsizetype run = 0;
    for (const QChar c : text) {
        run = c == u'`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return longest;
}

// Inline code: a span fenced by one more backtick than the longest run inside (CommonMark §6.1).
QString code(const QString &text)
{
    const QString shown = DisplayText::escaped(text, DisplayText::LineBreaks::Escape);
    const QString fence(longestBacktickRun(shown) + 1, u'`');
    const QString pad = shown.startsWith(u'`') || shown.endsWith(u'`') ? QStringLiteral(" ") : QString();
    return fence + pad + shown + pad + fence;
}

// A fenced block that text cannot close: the fence is longer than any backtick run in it.
QString block(const QString &info, const QString &text)
{
    const QString fence(std::max<qsizetype>(3, longestBacktickRun(text) + 1), u'`');
    QString body = text;
    if (!body.endsWith(u'\n'))
        body += u'\n';
    return fence + info + u'\n' + body + fence + QStringLiteral("\n\n");
}

// Mermaid text: one line, and none of its own syntax (';' ends a statement, '#' starts an
// entity, '<' '>' are HTML, a backtick would close the Markdown fence around it).
QString mermaidText(const QString &text)
{
    const QString shown = DisplayText::escaped(text, DisplayText::LineBreaks::Escape);
    QString out;
    for (const QChar c : shown) {
        switch (c.unicode()) {
        case u'#': out += QStringLiteral("#35;"); break;
        case u';': out += QStringLiteral("#59;"); break;
        case u'<': out += QStringLiteral("#lt;"); break;
        case u'>': out += QStringLiteral("#gt;"); break;
        case u'`': out += QStringLiteral("#96;"); break;
        case u'"': out += QStringLiteral("#quot;"); break;
        default: out += c;
        }
    }
    return out;
}

QString milliseconds(qint64 us)
{
    return us < 0 ? QStringLiteral("–") : QStringLiteral("%1 ms").arg(LegPhases::toMs(us), 0, 'f', 1);
}

class Writer
{
public:
    Writer(const Exchange &exchange, const ExportOptions &options) : m_exchange(exchange), m_options(options) {}

    QByteArray write()
    {
        heading();
        sequence();
        const QList<Diagnosis> diagnoses = Diagnoser::forLegs(m_exchange);
        for (const Leg &leg : m_exchange.legs)
            legSection(leg, diagnoses.value(leg.index));
        QByteArray out = m_text.toUtf8();
        // What the structured rules missed (a password echoed in a URL path, a reason or a note)
        // is caught by value, as in the HAR.
        if (!m_options.includeSecrets)
            out = SecretRedactor::redactText(out, knownSecrets());
        return out;
    }

private:
    // The exchange's secrets and the values that stand in for a password (Digest's HA1), which
    // are also the input of the steps after them.
    QList<QByteArray> knownSecrets() const
    {
        QList<QByteArray> secrets = SecretRedactor::knownSecrets(m_exchange);
        for (const Leg &leg : m_exchange.legs) {
            for (const AuthComputation *computation : {&leg.computation, &leg.verification}) {
                for (const ComputationStep &step : computation->steps) {
                    if (step.secretValue && !step.value.isEmpty())
                        secrets.append(step.value);
                }
            }
        }
        return secrets;
    }

    QString url(const QUrl &url) const
    {
        return m_options.includeSecrets ? url.toString(QUrl::FullyEncoded) : SecretRedactor::redactUrl(url);
    }

    void heading()
    {
        const Leg *final = m_exchange.finalLeg();
        m_text += QStringLiteral("# %1 %2\n\n").arg(escaped(m_exchange.request.method), escaped(url(m_exchange.request.url)));
        QString outcome;
        if (final && final->hasResponse())
            outcome = QStringLiteral("%1 %2").arg(final->statusCode).arg(escaped(final->reasonPhrase));
        else
            outcome = QStringLiteral("no response");
        m_text += QStringLiteral("- **Outcome:** %1 after %2 leg(s), status %3")
                          .arg(outcome, QString::number(m_exchange.legs.size()), code(m_exchange.status.codeName()));
        if (!m_exchange.status.isOk() && !m_exchange.status.message().isEmpty())
            m_text += QStringLiteral(": ") + escaped(m_exchange.status.message());
        m_text += u'\n';
        if (m_exchange.startedAt.isValid())
            m_text += QStringLiteral("- **Started:** %1\n").arg(m_exchange.startedAt.toUTC().toString(Qt::ISODateWithMs));
        if (m_exchange.durationNs >= 0)
            m_text += QStringLiteral("- **Duration:** %1\n").arg(milliseconds(m_exchange.durationNs / 1000));
        if (m_exchange.insecure())
            m_text += QStringLiteral("- **TLS verification was off** for this exchange\n");
        m_text += u'\n';
        const Diagnosis diagnosis = Diagnoser::forExchange(m_exchange);
        if (!diagnosis.isNull()) {
            m_text += QStringLiteral("## Diagnosis\n\n");
            diagnosisList(diagnosis);
        }
    }

    void diagnosisList(const Diagnosis &diagnosis)
    {
        m_text += QStringLiteral("- %1: %2\n").arg(code(diagnosis.codeName()), escaped(diagnosis.summary));
        for (const QString &evidence : diagnosis.evidence)
            m_text += QStringLiteral("  - evidence: %1\n").arg(escaped(evidence));
        if (!diagnosis.next.isEmpty())
            m_text += QStringLiteral("  - next: %1\n").arg(escaped(diagnosis.next));
        m_text += u'\n';
    }

    void sequence()
    {
        const SequenceModel model = SequenceModel::fromExchange(m_exchange);
        if (model.isEmpty())
            return;
        QString diagram = QStringLiteral("sequenceDiagram\n");
        for (qsizetype i = 0; i < model.lanes.size(); ++i)
            diagram += QStringLiteral("    participant P%1 as %2\n").arg(i).arg(mermaidText(model.lanes.at(i).title));
        for (const SequenceMessage &message : model.messages) {
            const QString arrow = !message.response ? QStringLiteral("->>")
                    : message.statusCode > 0        ? QStringLiteral("-->>")
                                                    : QStringLiteral("--x");
            QString label = message.label;
            if (message.via >= 0 && message.via < model.lanes.size())
                label += QStringLiteral(" (via %1)").arg(model.lanes.at(message.via).title);
            diagram += QStringLiteral("    P%1%2P%3: %4\n").arg(message.from).arg(arrow).arg(message.to).arg(mermaidText(label));
            QStringList notes = message.annotations;
            // The model says it in words where it has room; otherwise the code stands for it.
            const bool diagnosisSaid = std::any_of(notes.cbegin(), notes.cend(), [](const QString &note) {
                return note.startsWith(QStringLiteral("diagnosis:"));
            });
            if (message.diagnosis != DiagnosisCode::None && !diagnosisSaid)
                notes.append(QStringLiteral("diagnosis: %1").arg(DiagnosisCodes::name(message.diagnosis)));
            const QString over = message.from == message.to ? QStringLiteral("P%1").arg(message.from)
                                                            : QStringLiteral("P%1,P%2").arg(std::min(message.from, message.to))
                                                                      .arg(std::max(message.from, message.to));
            for (const QString &note : std::as_const(notes))
                diagram += QStringLiteral("    Note over %1: %2\n").arg(over, mermaidText(note));
        }
        m_text += QStringLiteral("## Sequence\n\n") + block(QStringLiteral("mermaid"), diagram);
    }

    void legSection(const Leg &leg, const Diagnosis &diagnosis)
    {
        m_text += QStringLiteral("## Leg %1 (%2)\n\n").arg(leg.index + 1).arg(Leg::kindName(leg.kind));
        if (!leg.reason.isEmpty())
            m_text += QStringLiteral("- **Reason:** %1\n").arg(escaped(leg.reason));
        if (leg.follows >= 0)
            m_text += QStringLiteral("- **Follows:** leg %1\n").arg(leg.follows + 1);
        if (!leg.authentication.isEmpty())
            m_text += QStringLiteral("- **Authentication:** %1\n").arg(escaped(leg.authentication));
        if (leg.tls.encrypted)
            m_text += QStringLiteral("- **TLS:** %1 %2%3\n").arg(escaped(leg.tls.protocol), escaped(leg.tls.cipher),
                                                                 leg.tls.verificationDisabled ? QStringLiteral(", verification off") : QString());
        if (!leg.status.isOk())
            m_text += QStringLiteral("- **Failed:** %1: %2\n").arg(code(leg.status.codeName()), escaped(leg.status.message()));
        m_text += u'\n';

        m_text += QStringLiteral("### Request\n\n") + block(QStringLiteral("http"), requestHead(leg));
        if (leg.hasResponse())
            m_text += QStringLiteral("### Response\n\n") + block(QStringLiteral("http"), responseHead(leg));
        if (!diagnosis.isNull()) {
            m_text += QStringLiteral("### Diagnosis\n\n");
            diagnosisList(diagnosis);
        }
        challenges(leg);
        computation(QStringLiteral("Computation"), leg.computation);
        computation(QStringLiteral("Verification"), leg.verification);
        notes(leg);
        timing(leg);
    }

    QString headerLines(const HeaderList &headers) const
    {
        const HeaderList shown = m_options.includeSecrets ? headers : SecretRedactor::redactHeaders(headers);
        QString out;
        for (const HeaderField &field : shown)
            out += QString::fromUtf8(DisplayText::escaped(field.name + ": " + field.value)) + u'\n';
        return out;
    }

    QString requestHead(const Leg &leg) const
    {
        QUrl target = leg.url;
        target.setScheme(QString());
        target.setAuthority(QString());
        target.setFragment(QString());
        QString path = url(target);
        if (path.isEmpty())
            path = QStringLiteral("/");
        QString head = QStringLiteral("%1 %2 %3\n").arg(QString::fromUtf8(DisplayText::escaped(leg.method)),
                                                         DisplayText::escaped(path),
                                                         QString::fromLatin1(leg.httpVersion.isEmpty() ? QByteArrayLiteral("HTTP/1.1") : leg.httpVersion));
        head += headerLines(leg.requestHeaders);
        if (leg.requestBodySize > 0) {
            head += QStringLiteral("\n[body: %1 bytes%2]\n").arg(leg.requestBodySize).arg(
                    leg.requestBodySource.isEmpty() ? QString() : QStringLiteral(", ") + DisplayText::escaped(leg.requestBodySource));
        }
        return head;
    }

    QString responseHead(const Leg &leg) const
    {
        QString head = QStringLiteral("%1 %2 %3\n").arg(QString::fromLatin1(leg.httpVersion.isEmpty() ? QByteArrayLiteral("HTTP/1.1") : leg.httpVersion))
                               .arg(leg.statusCode)
                               .arg(QString::fromUtf8(DisplayText::escaped(leg.reasonPhrase)));
        head += headerLines(leg.responseHeaders);
        if (leg.responseBody && leg.responseBody->size() > 0)
            head += QStringLiteral("\n[body: %1 bytes]\n").arg(leg.responseBody->size());
        return head;
    }

    void challenges(const Leg &leg)
    {
        if (leg.challenges.isEmpty() && leg.challengeProblems.isEmpty())
            return;
        m_text += QStringLiteral("### Challenges\n\n");
        for (const Challenge &challenge : leg.challenges)
            m_text += QStringLiteral("- %1\n").arg(code(challenge.toDisplayString()));
        for (const QString &problem : leg.challengeProblems)
            m_text += QStringLiteral("- problem: %1\n").arg(escaped(problem));
        m_text += u'\n';
    }

    void computation(const QString &title, const AuthComputation &computation)
    {
        if (computation.isEmpty())
            return;
        m_text += QStringLiteral("### %1: %2\n\n").arg(title, escaped(computation.title.isEmpty() ? computation.scheme : computation.title));
        for (const auto &parameter : computation.parameters)
            m_text += QStringLiteral("- %1 = %2\n").arg(escaped(parameter.first), code(QString::fromUtf8(parameter.second)));
        if (!computation.parameters.isEmpty())
            m_text += u'\n';
        for (qsizetype i = 0; i < computation.steps.size(); ++i) {
            const ComputationStep &step = computation.steps.at(i);
            const bool hidden = step.secretValue && !m_options.includeSecrets;
            m_text += QStringLiteral("%1. **%2** = %3\n").arg(i + 1).arg(escaped(step.name), escaped(step.formula));
            m_text += QStringLiteral("   - input: %1\n").arg(code(QString::fromUtf8(step.input)));
            m_text += QStringLiteral("   - value: %1\n").arg(hidden ? SecretRedactor::marker() : code(QString::fromUtf8(step.value)));
            if (step.check != ComputationStep::Check::None) {
                m_text += QStringLiteral("   - server sent %1: %2\n").arg(code(QString::fromUtf8(step.expected)),
                                                                           step.check == ComputationStep::Check::Matched
                                                                                   ? QStringLiteral("matched")
                                                                                   : QStringLiteral("**did not match**"));
            }
        }
        m_text += u'\n';
    }

    void notes(const Leg &leg)
    {
        if (leg.notes.isEmpty())
            return;
        m_text += QStringLiteral("### Notes\n\n");
        for (const LegNote &note : leg.notes)
            m_text += QStringLiteral("- %1 (%2): %3\n").arg(code(note.codeName()), NoteCodes::severityName(note.severity), escaped(note.text));
        m_text += u'\n';
    }

    void timing(const Leg &leg)
    {
        if (leg.timing.finishedNs < 0)
            return;
        const LegPhases phases = LegPhases::fromTiming(leg.timing);
        m_text += QStringLiteral("### Timing\n\n");
        m_text += QStringLiteral("| blocked | connect | send | wait | receive | total |\n|---|---|---|---|---|---|\n");
        m_text += QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 |\n")
                          .arg(milliseconds(phases.blockedUs), milliseconds(phases.connectUs), milliseconds(phases.sendUs),
                               milliseconds(phases.waitUs), milliseconds(phases.receiveUs), milliseconds(phases.totalUs()));
        if (leg.timing.connectionReused())
            m_text += QStringLiteral("\nThe connection was reused.\n");
        m_text += u'\n';
    }

    const Exchange &m_exchange;
    const ExportOptions &m_options;
    QString m_text;
};

} // namespace

QByteArray MarkdownWriter::toMarkdown(const Exchange &exchange, const ExportOptions &options)
{
    return Writer(exchange, options).write();
}

bool MarkdownWriter::write(const QString &path, const Exchange &exchange, const ExportOptions &options, QString *error)
{
    const QByteArray bytes = toMarkdown(exchange, options);
    // With secrets left in, the file is for its owner's eyes only (mode 0600).
    OutputFile file(path, options.includeSecrets ? OutputFile::Access::OwnerOnly : OutputFile::Access::Default);
    if (!file.open() || !file.write(bytes) || !file.commit()) {
        if (error) {
            *error = file.inPlace()
                    ? QStringLiteral("Could not write the Markdown to %1: %2. It is not a regular file, so it was "
                                     "written in place; what it received may be incomplete.").arg(path, file.errorString())
                    : QStringLiteral("Could not write the Markdown file %1: %2. Nothing was written; a file already "
                                     "there is unchanged.").arg(path, file.errorString());
        }
        file.cancel();
        return false;
    }
    return true;
}
