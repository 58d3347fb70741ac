#include "bodyview.h"

#include "export/secretmatcher.h"
#include "export/secretredactor.h"
#include "http/bodybuffer.h"
#include "uiformat.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace {
QPlainTextEdit *makeEditor(QWidget *parent, const QString &name)
{
    auto *editor = new QPlainTextEdit(parent);
    editor->setObjectName(name);
    editor->setReadOnly(true);
    editor->setFont(UiFormat::monospaceFont());
    editor->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    // Minified bodies arrive as one long line; wrapping keeps them readable without a
    // horizontal scrollbar miles long.
    editor->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    editor->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    return editor;
}

QString kindLabel(FormattedBody::Kind kind)
{
    switch (kind) {
    case FormattedBody::Kind::Empty: return BodyView::tr("empty");
    case FormattedBody::Kind::Json: return QStringLiteral("JSON");
    case FormattedBody::Kind::Xml: return QStringLiteral("XML");
    case FormattedBody::Kind::Text: return BodyView::tr("text");
    case FormattedBody::Kind::Binary: return BodyView::tr("binary");
    }
    return QString();
}
} // namespace

BodyView::BodyView(QWidget *parent)
    : QWidget(parent)
    , m_prettyButton(new QToolButton(this))
    , m_rawButton(new QToolButton(this))
    , m_modes(new QButtonGroup(this))
    , m_kind(new QLabel(this))
    , m_note(new QLabel(this))
    , m_stack(new QStackedWidget(this))
    , m_pretty(makeEditor(this, QStringLiteral("prettyBody")))
    , m_raw(makeEditor(this, QStringLiteral("rawBody")))
{
    m_prettyButton->setText(tr("Pretty"));
    m_prettyButton->setCheckable(true);
    m_prettyButton->setChecked(true);
    m_prettyButton->setAutoRaise(true);
    m_rawButton->setText(tr("Raw"));
    m_rawButton->setCheckable(true);
    m_rawButton->setAutoRaise(true);
    m_modes->addButton(m_prettyButton, 0);
    m_modes->addButton(m_rawButton, 1);
    m_modes->setExclusive(true);
    m_kind->setObjectName(QStringLiteral("bodyKindLabel"));
    QPalette kindPalette = m_kind->palette();
    kindPalette.setColor(QPalette::WindowText, UiFormat::secondaryTextColor());
    m_kind->setPalette(kindPalette);
    m_note->setObjectName(QStringLiteral("bodyNote"));
    m_note->setWordWrap(true);
    m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette notePalette = m_note->palette();
    notePalette.setColor(QPalette::WindowText, QColor(0x8a, 0x5a, 0x00));
    m_note->setPalette(notePalette);

    auto *bar = new QHBoxLayout;
    bar->setSpacing(2);
    bar->addWidget(m_prettyButton);
    bar->addWidget(m_rawButton);
    bar->addSpacing(10);
    bar->addWidget(m_kind);
    bar->addSpacing(10);
    bar->addWidget(m_note, 1);

    m_stack->addWidget(m_pretty);
    m_stack->addWidget(m_raw);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(bar);
    layout->addWidget(m_stack, 1);

    connect(m_modes, &QButtonGroup::idToggled, this, [this](int id, bool checked) {
        if (!checked)
            return;
        if (id == 1)
            fillRawIfNeeded();
        m_stack->setCurrentIndex(id);
        emit prettyToggled(id == 0);
    });
    clear();
}

void BodyView::setBody(const std::shared_ptr<BodyBuffer> &body, const QByteArray &contentType)
{
    if (!body) {
        clear();
        return;
    }
    setBytes(body->read(m_formatter.displayLimit()), body->size(), contentType);
}

void BodyView::setBytes(const QByteArray &bytes, qint64 totalSize, const QByteArray &contentType)
{
    m_bytes = bytes;
    m_totalSize = totalSize;
    m_contentType = contentType;
    format();
}

void BodyView::clear()
{
    m_bytes.clear();
    m_totalSize = 0;
    m_contentType.clear();
    m_hidesSecrets = false;
    m_formatted = FormattedBody();
    showFormatted();
}

void BodyView::setSecretMatcher(const std::shared_ptr<const SecretMatcher> &matcher)
{
    m_matcher = matcher;
}

void BodyView::setRevealSecrets(bool reveal)
{
    if (m_reveal == reveal)
        return;
    m_reveal = reveal;
    if (!m_bytes.isEmpty())
        format();
}

void BodyView::format()
{
    QByteArray bytes = m_bytes;
    m_hidesSecrets = false;
    if (!m_reveal && m_matcher && !m_matcher->isEmpty()) {
        // Masked before formatting: the marker sits inside a JSON string, so JSON stays JSON.
        const bool cut = m_totalSize > m_bytes.size() || m_bytes.size() > m_formatter.displayLimit();
        const QByteArray shown = cut ? m_bytes.left(m_formatter.displayLimit()) : m_bytes;
        QByteArray masked = m_matcher->redact(shown);
        if (cut)
            masked = m_matcher->redactCutEnd(masked); // a secret cut off by the display limit
        m_hidesSecrets = masked != shown;
        masked.replace(SecretRedactor::markerBytes(), UiFormat::secretMask().toUtf8());
        bytes = masked;
    }
    const qint64 total = m_totalSize > m_bytes.size() ? m_totalSize : -1;
    m_formatted = m_formatter.format(bytes, total, m_contentType);
    if (m_hidesSecrets) {
        const QString hidden = tr("Secrets sent in this exchange are masked where the body repeats them.");
        m_formatted.note = m_formatted.note.isEmpty() ? hidden : m_formatted.note + u' ' + hidden;
    }
    showFormatted();
}

bool BodyView::isPretty() const
{
    return m_prettyButton->isChecked();
}

void BodyView::setPretty(bool pretty)
{
    (pretty ? m_prettyButton : m_rawButton)->setChecked(true);
}

QString BodyView::currentText() const
{
    return isPretty() ? m_pretty->toPlainText() : m_raw->toPlainText();
}

QString BodyView::note() const
{
    return m_note->text();
}

void BodyView::showFormatted()
{
    const bool empty = m_formatted.kind == FormattedBody::Kind::Empty;
    m_kind->setText(empty ? QString() : kindLabel(m_formatted.kind));
    m_note->setText(m_formatted.note);
    m_note->setVisible(!m_formatted.note.isEmpty());
    m_pretty->setPlaceholderText(tr("No body."));
    m_raw->setPlaceholderText(tr("No body."));
    m_pretty->setPlainText(m_formatted.pretty);
    m_rawFilled = false;
    m_raw->clear();
    if (!isPretty())
        fillRawIfNeeded();
}

void BodyView::fillRawIfNeeded()
{
    // The raw text is set only when first looked at: most of the time nobody does.
    if (m_rawFilled)
        return;
    m_raw->setPlainText(m_formatted.raw);
    m_rawFilled = true;
}
