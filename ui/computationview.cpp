#include "computationview.h"

#include "core/displaytext.h"
#include "uiformat.h"

namespace {

QString escaped(const QByteArray &bytes)
{
    return DisplayText::fromBytes(bytes).toHtmlEscaped();
}

// What may be shown without revealing secrets: HA1 (and the -sess key) as <HA1> wherever it went
// (AuthComputation::redacted), and, as the header tables do (SecretRedactor's rules), the values
// that with the nonce allow an offline guess of the password: the response, rspauth and cnonce.
AuthComputation masked(const AuthComputation &computation)
{
    AuthComputation shown = computation.redacted();
    const QByteArray mask = UiFormat::secretMask().toUtf8();
    QList<QByteArray> hidden;
    for (auto &parameter : shown.parameters) {
        if (parameter.first == "cnonce" || parameter.first == "rspauth") {
            hidden << parameter.second;
            parameter.second = mask;
        }
    }
    for (ComputationStep &step : shown.steps) {
        if (step.name == u"response" || step.name == u"rspauth") {
            step.value = mask;
            step.expected = step.expected.isEmpty() ? QByteArray() : mask;
        }
        for (const QByteArray &value : std::as_const(hidden)) {
            if (!value.isEmpty())
                step.input.replace(value, mask);
        }
    }
    return shown;
}

} // namespace

ComputationView::ComputationView(QWidget *parent)
    : QTextBrowser(parent)
{
    setObjectName(QStringLiteral("legComputation"));
    setOpenLinks(false);
    setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
}

QString ComputationView::computationHtml(const AuthComputation &computation, bool reveal)
{
    const AuthComputation shown = reveal ? computation : masked(computation);
    const QString mono = UiFormat::monospaceFont().family();
    const QString quiet = UiFormat::secondaryTextColor(palette()).name();
    QString html = QStringLiteral("<p><b>%1</b></p>").arg(computation.title.toHtmlEscaped());
    if (!shown.parameters.isEmpty()) {
        QStringList parameters;
        for (const auto &p : shown.parameters)
            parameters << QStringLiteral("%1=<span style=\"font-family:'%2'\">%3</span>").arg(escaped(p.first), mono, escaped(p.second));
        html += QStringLiteral("<p>%1</p>").arg(parameters.join(QStringLiteral(", &nbsp;")));
    }
    html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"4\" border=\"1\" width=\"100%\" style=\"border-color:%1\">")
                    .arg(quiet);
    html += QStringLiteral("<tr><th align=\"left\">%1</th><th align=\"left\">%2</th><th align=\"left\">%3</th><th align=\"left\">%4</th></tr>")
                    .arg(tr("Step"), tr("Formula"), tr("Input (the bytes hashed)"), tr("Value"));
    for (const ComputationStep &step : shown.steps) {
        QString value = QStringLiteral("<span style=\"font-family:'%1'\">%2</span>").arg(mono, escaped(step.value));
        if (step.check == ComputationStep::Check::Matched) {
            value += QStringLiteral("<br><b>%1</b>").arg(tr("= the server's value: matched"));
        } else if (step.check == ComputationStep::Check::Mismatched) {
            value += QStringLiteral("<br><b style=\"color:%1\">%2</b> <span style=\"font-family:'%3'\">%4</span>")
                             .arg(UiFormat::dangerColor(palette()).name(), tr("MISMATCH: the server sent"), mono,
                                  escaped(step.expected));
        }
        html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td><td style=\"font-family:'%3'\">%4</td><td>%5</td></tr>")
                        .arg(step.name.toHtmlEscaped(), step.formula.toHtmlEscaped(), mono, escaped(step.input), value);
        m_stepTexts << QStringList{step.name, step.formula, DisplayText::fromBytes(step.input), DisplayText::fromBytes(step.value)}
                               .join(QStringLiteral(" | "));
    }
    html += QStringLiteral("</table>");
    return html;
}

void ComputationView::showComputation(const AuthComputation &sent, const AuthComputation &check, bool reveal)
{
    m_stepTexts.clear();
    QString html;
    if (!sent.isEmpty())
        html += computationHtml(sent, reveal);
    if (!check.isEmpty())
        html += QStringLiteral("<p>%1</p>").arg(tr("The server's Authentication-Info, checked the same way (RFC 7616 §3.5):"))
                + computationHtml(check, reveal);
    if (!sent.isEmpty() && !reveal)
        html += QStringLiteral("<p style=\"color:%1\"><i>%2</i></p>")
                        .arg(UiFormat::secondaryTextColor(palette()).name(),
                             tr("&lt;password&gt; stands where the password went in. HA1 stands for the password too: "
                                "it is shown as &lt;HA1&gt;, and the response, rspauth and cnonce as %1, until secrets "
                                "are shown (with the nonce they allow guessing the password offline).")
                                     .arg(UiFormat::secretMask()));
    setHtml(html);
}
