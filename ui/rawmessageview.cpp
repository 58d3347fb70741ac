#include "rawmessageview.h"

#include "core/displaytext.h"
#include "export/secretmatcher.h"
#include "export/secretredactor.h"
#include "headerlistmodel.h"
#include "http/bodybuffer.h"
#include "http/leg.h"
#include "uiformat.h"

namespace {

QColor mixed(const QColor &a, const QColor &b, double share)
{
    return QColor::fromRgbF(float(a.redF() * (1 - share) + b.redF() * share),
                            float(a.greenF() * (1 - share) + b.greenF() * share),
                            float(a.blueF() * (1 - share) + b.blueF() * share));
}

QString requestTarget(const Leg &leg)
{
    // RFC 9112 §3.2: origin-form, the path and query.
    QByteArray target = leg.url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
    return target.isEmpty() ? QStringLiteral("/") : QString::fromLatin1(target);
}

QString versionOf(const Leg &leg)
{
    return leg.httpVersion.isEmpty() ? QStringLiteral("HTTP/1.1") : QString::fromLatin1(leg.httpVersion);
}

} // namespace

RawMessageView::RawMessageView(QWidget *parent)
    : QTextBrowser(parent)
{
    setObjectName(QStringLiteral("legRaw"));
    setOpenLinks(false);
    // Long fields (a Digest Authorization, a JWT) wrap so the whole value is readable.
    setLineWrapMode(QTextEdit::WidgetWidth);
    setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    document()->setDefaultFont(UiFormat::monospaceFont());
}

bool RawMessageView::isAuthenticationField(const QByteArray &name)
{
    static const QList<QByteArray> names{"authorization", "www-authenticate", "proxy-authenticate", "proxy-authorization",
                                         "authentication-info", "proxy-authentication-info", "set-cookie", "cookie"};
    return names.contains(name.toLower());
}

QString RawMessageView::fieldsHtml(const HeaderList &fields, bool reveal)
{
    const QPalette pal = palette();
    const QColor base = pal.color(QPalette::Base);
    const QColor band = mixed(base, pal.color(QPalette::Highlight), 0.18);
    const QColor nameColour = UiFormat::readableOn(pal.color(QPalette::Highlight), {band, base});
    const QColor text = UiFormat::readableOn(pal.color(QPalette::Text), {band, base});
    QString html;
    for (const HeaderField &field : fields) {
        const QString name = DisplayText::fromBytes(field.name).toHtmlEscaped();
        const QString value = HeaderListModel::displayValue(field, reveal).toHtmlEscaped();
        if (isAuthenticationField(field.name)) {
            m_highlighted << DisplayText::fromBytes(field.name);
            html += QStringLiteral("<div style=\"background-color:%1; color:%2\"><b style=\"color:%3\">%4:</b> %5</div>")
                            .arg(band.name(), text.name(), nameColour.name(), name, value);
        } else {
            html += QStringLiteral("<div>%1: %2</div>").arg(name, value);
        }
    }
    return html;
}

QString RawMessageView::bodyHtml(const QByteArray &preview, qint64 size, const QByteArray &contentType, bool reveal,
                                 const SecretMatcher *matcher) const
{
    if (size <= 0)
        return QString();
    QByteArray shown = preview.left(BodyPreviewLimit);
    if (!reveal) {
        shown = SecretRedactor::redactBody(shown, contentType, shown.size() < size).data;
        // Known secrets wherever they stand (an echoed URL with its API key), then one cut off at the end.
        if (matcher)
            shown = matcher->redactCutEnd(matcher->redact(shown));
    }
    QString html = QStringLiteral("<div style=\"white-space:pre-wrap\">%1</div>")
                           .arg(QString::fromUtf8(DisplayText::escaped(shown, DisplayText::LineBreaks::Keep)).toHtmlEscaped());
    if (size > shown.size())
        html += QStringLiteral("<div style=\"color:%1\"><i>%2</i></div>")
                        .arg(UiFormat::secondaryTextColor(palette()).name(),
                             tr("… %1 bytes in all; the Body tab shows the whole body").arg(size));
    return html;
}

void RawMessageView::showLeg(const Leg *leg, bool reveal, const SecretMatcher *matcher)
{
    m_highlighted.clear();
    if (!leg) {
        clear();
        return;
    }
    const QString blank = QStringLiteral("<div>&nbsp;</div>");
    QString html = QStringLiteral("<div><b>%1 %2 %3</b></div>")
                           .arg(DisplayText::fromBytes(leg->method).toHtmlEscaped(),
                                (reveal ? requestTarget(*leg) : SecretRedactor::redactUrl(leg->url.adjusted(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment)))
                                        .toHtmlEscaped(),
                                versionOf(*leg));
    html += fieldsHtml(leg->requestHeaders, reveal);
    if (leg->requestBodySize > 0)
        html += blank + bodyHtml(leg->requestBody, leg->requestBodySize,
                                 leg->requestHeaders.value(QByteArrayLiteral("content-type")), reveal, matcher);
    html += QStringLiteral("<hr>");
    if (leg->hasResponse()) {
        html += QStringLiteral("<div><b>%1 %2 %3</b></div>")
                        .arg(versionOf(*leg))
                        .arg(leg->statusCode)
                        .arg(DisplayText::fromBytes(leg->reasonPhrase).toHtmlEscaped());
        html += fieldsHtml(leg->responseHeaders, reveal);
        if (leg->responseBody && leg->responseBody->size() > 0)
            html += blank + bodyHtml(leg->responseBody->read(BodyPreviewLimit), leg->responseBody->size(),
                                     leg->responseHeaders.value(QByteArrayLiteral("content-type")), reveal, matcher);
    } else {
        html += QStringLiteral("<div style=\"color:%1\"><i>%2</i></div>")
                        .arg(UiFormat::secondaryTextColor(palette()).name(), tr("No response arrived."));
    }
    setHtml(html);
}
