#include "statusline.h"

#include "bodyformatter.h"
#include "core/displaytext.h"
#include "diagnosis/diagnoser.h"
#include "http/exchange.h"
#include "labellinelimit.h"
#include "uiformat.h"

#include <QHBoxLayout>
#include <QLabel>

StatusLine::StatusLine(QWidget *parent)
    : QWidget(parent)
    , m_chip(new QLabel(this))
    , m_details(new QLabel(this))
{
    setObjectName(QStringLiteral("statusLine"));
    QFont chipFont = m_chip->font();
    chipFont.setBold(true);
    chipFont.setPointSizeF(chipFont.pointSizeF() * 1.1);
    m_chip->setFont(chipFont);
    m_chip->setObjectName(QStringLiteral("statusChip"));
    // The chip shows the server's reason phrase, the details its error text: never as HTML.
    m_chip->setTextFormat(Qt::PlainText);
    m_details->setTextFormat(Qt::PlainText);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setObjectName(QStringLiteral("statusDetails"));
    m_details->setWordWrap(true);
    // A wrapped label is at least as wide as its longest word; a server's long error text or URL
    // must not widen the window.
    m_details->setMinimumWidth(1);
    LabelLineLimit::apply(m_details, 3);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(10);
    layout->addWidget(m_chip);
    layout->addWidget(m_details, 1);
    showIdle();
}

void StatusLine::showIdle()
{
    setChip(QString(), QColor());
    setDetails(tr("No response yet. Compose a request and press Ctrl+Return to send it."));
}

void StatusLine::showRunning(int legCount)
{
    setChip(tr("Sending…"), UiFormat::statusColor(0));
    setDetails(legCount > 1 ? tr("leg %1").arg(legCount) : QString());
}

void StatusLine::showWaitingForCredentials(const QString &what)
{
    setChip(tr("Waiting for credentials"), UiFormat::statusColor(401));
    setDetails(what);
}

void StatusLine::showInvalidRequest(const QString &message)
{
    setChip(UiFormat::statusTitle(Status::Code::InvalidInput), UiFormat::statusColor(-1));
    setDetails(message);
}

void StatusLine::showExchange(const Exchange &exchange)
{
    const Leg *last = exchange.finalLeg();
    QStringList details;
    // An exchange that ended at a step's own leg (the token endpoint refused a refresh, discovery
    // failed) never reached the resource: that leg's status is not the resource's answer.
    const bool endedInStep = last && !exchange.status.isOk()
                             && (last->kind == Leg::Kind::TokenEndpoint || last->kind == Leg::Kind::Acquisition);
    if (endedInStep) {
        setChip(UiFormat::statusTitle(exchange.status.code()), UiFormat::statusColor(-1));
        if (last->hasResponse())
            details << tr("%1 answered %2 %3").arg(Leg::kindName(last->kind).replace(u'-', u' '))
                               .arg(last->statusCode).arg(DisplayText::fromBytes(last->reasonPhrase));
        details << DisplayText::escaped(exchange.status.message());
    } else if (last && last->hasResponse() && !last->status.isOk()) {
        // The head came, then the leg failed (a broken body, a refused head): its status code
        // alone would read as a success.
        setChip(UiFormat::statusTitle(last->status.code()), UiFormat::statusColor(-1));
        details << tr("after %1 %2").arg(last->statusCode).arg(DisplayText::fromBytes(last->reasonPhrase));
        details << DisplayText::escaped(last->status.message());
        if (!last->httpVersion.isEmpty())
            details << QString::fromLatin1(last->httpVersion);
    } else if (last && last->hasResponse()) {
        setChip(QStringLiteral("%1 %2").arg(last->statusCode).arg(DisplayText::fromBytes(last->reasonPhrase)),
                UiFormat::statusColor(last->statusCode));
        // Why it was refused, from the exchange's evidence; without one, what the status means
        // (401 and 403 look alike as numbers: which one credentials can fix).
        const Diagnosis diagnosis = Diagnoser::forExchange(exchange);
        const QString meaning = UiFormat::statusMeaning(last->statusCode);
        if (!diagnosis.isNull())
            details << diagnosisText(diagnosis);
        else if (!meaning.isEmpty())
            details << meaning;
        if (!exchange.status.isOk())
            details << DisplayText::escaped(exchange.status.message());
        if (!last->httpVersion.isEmpty())
            details << QString::fromLatin1(last->httpVersion);
    } else {
        const QString name = exchange.status.isOk() ? tr("No response") : UiFormat::statusTitle(exchange.status.code());
        setChip(name, exchange.status.code() == Status::Code::Cancelled ? UiFormat::statusColor(0)
                                                                         : UiFormat::statusColor(-1));
        if (!exchange.status.message().isEmpty())
            details << DisplayText::escaped(exchange.status.message());
    }
    details << UiFormat::duration(exchange.durationNs);
    if (last && last->responseBody)
        details << BodyFormatter::formatSize(last->responseBody->size());
    if (exchange.legs.size() > 1)
        details << tr("%1 legs").arg(exchange.legs.size());
    setDetails(details.join(QStringLiteral("  ·  ")));
}

QString StatusLine::diagnosisText(const Diagnosis &diagnosis)
{
    return tr("%1: %2").arg(DiagnosisCodes::title(diagnosis.code), DisplayText::escaped(diagnosis.summary));
}

QString StatusLine::statusText() const
{
    return m_chip->text();
}

QString StatusLine::detailsText() const
{
    return m_details->text();
}

void StatusLine::setChip(const QString &text, const QColor &color)
{
    m_color = color;
    m_chip->setText(text);
    m_chip->setVisible(!text.isEmpty());
    if (color.isValid()) {
        // statusColor() is made to read on the palette's Base; on it as a fill, black or white
        // text, whichever keeps the contrast (white on the light palette's colours).
        m_chip->setStyleSheet(QStringLiteral("QLabel#statusChip { background: %1; color: %2;"
                                             " border-radius: 4px; padding: 3px 10px; }")
                                  .arg(color.name(), UiFormat::textOn(color).name()));
    } else {
        m_chip->setStyleSheet(QString());
    }
}

void StatusLine::setDetails(const QString &text)
{
    m_details->setText(text);
    m_details->setToolTip(text.isEmpty() ? QString() : UiFormat::plainToolTip(text));
}
