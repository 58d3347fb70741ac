#include "bodyview.h"

#include "export/secretmatcher.h"
#include "export/secretredactor.h"
#include "http/bodybuffer.h"
#include "prettyprintjob.h"
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
    , m_pageBar(new QWidget(this))
    , m_previousPage(new QToolButton(m_pageBar))
    , m_nextPage(new QToolButton(m_pageBar))
    , m_pageLabel(new QLabel(m_pageBar))
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

    m_pageBar->setObjectName(QStringLiteral("bodyPageBar"));
    m_previousPage->setObjectName(QStringLiteral("bodyPreviousPage"));
    m_previousPage->setText(tr("Previous"));
    m_previousPage->setArrowType(Qt::LeftArrow);
    m_previousPage->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_previousPage->setAutoRaise(true);
    m_nextPage->setObjectName(QStringLiteral("bodyNextPage"));
    m_nextPage->setText(tr("Next"));
    m_nextPage->setArrowType(Qt::RightArrow);
    m_nextPage->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_nextPage->setAutoRaise(true);
    m_pageLabel->setObjectName(QStringLiteral("bodyPageLabel"));
    auto *pages = new QHBoxLayout(m_pageBar);
    pages->setContentsMargins(0, 0, 0, 0);
    pages->setSpacing(4);
    pages->addWidget(m_previousPage);
    pages->addWidget(m_pageLabel);
    pages->addWidget(m_nextPage);
    bar->addWidget(m_pageBar);
    connect(m_previousPage, &QToolButton::clicked, this, &BodyView::showPreviousPage);
    connect(m_nextPage, &QToolButton::clicked, this, &BodyView::showNextPage);

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
        updatePageBar();
        emit prettyToggled(id == 0);
    });
    clear();
}

BodyView::~BodyView() = default;



void BodyView::setBody(const std::shared_ptr<BodyBuffer> &body, const QByteArray &contentType)
{
    if (!body) {
        clear();
        return;
    }
    const qint64 limit = m_formatter.displayLimit();
    const QByteArray start = body->read(limit);
    const FormattedBody::Kind kind = BodyFormatter::detect(contentType, start.left(4096));
    // A binary body is a hex dump of its start, however large.
    if (body->size() <= limit || kind == FormattedBody::Kind::Binary) {
        setBytes(start, body->size(), contentType);
        return;
    }
    stopFormatting();
    m_paged = true;
    m_body = body;
    m_detected = kind;
    m_bytes.clear();
    m_totalSize = body->size();
    m_contentType = contentType;
    m_rawPager.reset(body, RawPageBytes);
    m_prettyPager.reset();
    m_formatted = FormattedBody();
    m_formatted.kind = kind == FormattedBody::Kind::Json ? kind : FormattedBody::Kind::Text;
    m_formatted.truncated = true;
    m_formatState = kind == FormattedBody::Kind::Xml ? tr("Too large to pretty-print.") : QString();
    m_hidesSecrets = false;
    if (kind == FormattedBody::Kind::Json)
        startFormatting();
    showPrettyPage();
    m_rawFilled = false;
    m_raw->clear();
    if (!isPretty())
        fillRawIfNeeded();
    showPages();
}

void BodyView::setBytes(const QByteArray &bytes, qint64 totalSize, const QByteArray &contentType)
{
    stopFormatting();
    m_paged = false;
    m_body.reset();
    m_rawPager.reset();
    m_prettyPager.reset();
    m_bytes = bytes;
    m_totalSize = totalSize;
    m_contentType = contentType;
    format();
}

void BodyView::clear()
{
    stopFormatting();
    m_paged = false;
    m_body.reset();
    m_rawPager.reset();
    m_prettyPager.reset();
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
    if (m_paged) {
        m_hidesSecrets = false;
        showPrettyPage();
        m_rawFilled = false;
        if (!isPretty())
            fillRawIfNeeded();
        showPages();
    }
    else if (!m_bytes.isEmpty())
        format();
}

QString BodyView::displayText(const QByteArray &bytes, bool cut)
{
    if (m_reveal || !m_matcher || m_matcher->isEmpty())
        return BodyFormatter::decode(bytes, m_contentType);
    QByteArray masked = m_matcher->redact(bytes);
    if (cut)
        masked = m_matcher->redactCutEnd(masked); // a secret cut off by the end of the page
    m_hidesSecrets = m_hidesSecrets || masked != bytes;
    masked.replace(SecretRedactor::markerBytes(), UiFormat::secretMask().toUtf8());
    return BodyFormatter::decode(masked, m_contentType);
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
    m_pageBar->hide();
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
    if (m_paged) {
        const QByteArray page = m_rawPager.load();
        m_formatted.raw = displayText(page, m_rawPager.hasNext());
    }
    m_raw->setPlainText(m_formatted.raw);
    m_rawFilled = true;
}

bool BodyView::isFormatting() const
{
    return m_job && m_job->isRunning();
}

void BodyView::startFormatting()
{
    const qint64 limit = PrettyPageBytes;
    m_job = std::make_unique<PrettyPrintJob>(m_body, limit + 1);
    m_firstPrettyPage.clear();
    m_formatState = tr("Pretty-printing…");
    connect(m_job.get(), &PrettyPrintJob::firstPage, this, [this, limit](const QByteArray &bytes) {
        m_firstPrettyPage = TextPager::cut(bytes, limit);
        showPrettyPage();
    });
    connect(m_job.get(), &PrettyPrintJob::progress, this, [this](qint64 done, qint64 total) {
        m_formatState = tr("Pretty-printing… %1%").arg(done * 100 / qMax<qint64>(total, 1));
        showPages();
    });
    connect(m_job.get(), &PrettyPrintJob::finished, this, &BodyView::onFormatted);
    m_job->start();
}

void BodyView::stopFormatting()
{
    if (!m_job)
        return;
    const bool running = m_job->isRunning();
    m_job.reset(); // cancels: its thread stops at the next piece and posts nothing more
    m_firstPrettyPage.clear();
    if (running)
        emit formattingCancelled();
}

void BodyView::onFormatted()
{
    if (m_job->isWellFormed()) {
        m_prettyPager.reset(m_job->pretty(), PrettyPageBytes);
        m_formatState.clear();
    } else {
        // The raw view is what there is to see; the pretty one shows it too.
        m_formatted.kind = FormattedBody::Kind::Text;
        m_formatState = tr("Not valid JSON (%1); shown as received.").arg(m_job->error());
    }
    // The first page already shown is the pager's first page: no need to set it again.
    const bool firstPageShown = !m_firstPrettyPage.isEmpty() && m_job->isWellFormed();
    m_firstPrettyPage.clear();
    if (firstPageShown)
        m_prettyPager.load(); // where the first page ends, for the page bar and the next page
    else
        showPrettyPage();
    showPages();
    emit formattingFinished();
}

TextPager &BodyView::currentPager()
{
    return isPretty() && !m_prettyPager.isEmpty() ? m_prettyPager : m_rawPager;
}

const TextPager &BodyView::currentPager() const
{
    return isPretty() && !m_prettyPager.isEmpty() ? m_prettyPager : m_rawPager;
}

qint64 BodyView::pageStart() const
{
    return m_paged ? currentPager().start() : 0;
}

qint64 BodyView::pageEnd() const
{
    return m_paged ? currentPager().end() : m_totalSize;
}

bool BodyView::hasNextPage() const
{
    return m_paged && !(isPretty() && isFormatting()) && currentPager().hasNext();
}

void BodyView::showNextPage()
{
    if (!hasNextPage())
        return;
    currentPager().next();
    showCurrentPage();
}

void BodyView::showPreviousPage()
{
    if (!m_paged || (isPretty() && isFormatting()) || !currentPager().hasPrevious())
        return;
    currentPager().previous();
    showCurrentPage();
}

void BodyView::showCurrentPage()
{
    if (isPretty()) {
        showPrettyPage();
    } else {
        m_rawFilled = false;
        fillRawIfNeeded();
    }
    updatePageBar();
}

void BodyView::showPages()
{
    if (!m_paged)
        return;
    m_kind->setText(kindLabel(m_formatted.kind));
    QString note = tr("%1 body, shown a page at a time.").arg(BodyFormatter::formatSize(m_totalSize));
    if (!m_formatState.isEmpty())
        note += u' ' + m_formatState;
    if (m_hidesSecrets)
        note += u' ' + tr("Secrets sent in this exchange are masked where the body repeats them.");
    m_formatted.note = note;
    m_note->setText(note);
    m_note->show();
    updatePageBar();
}

void BodyView::showPrettyPage()
{
    QString text;
    if (!m_prettyPager.isEmpty()) {
        const QByteArray page = m_prettyPager.load();
        text = displayText(page, m_prettyPager.hasNext());
    } else if (!m_firstPrettyPage.isEmpty()) {
        text = displayText(m_firstPrettyPage, true);
    } else if (!isFormatting()) {
        // Not JSON, or not valid: the pretty view shows the text as received.
        text = displayText(m_rawPager.load(), m_rawPager.hasNext());
    }
    m_formatted.pretty = text;
    m_pretty->setPlaceholderText(isFormatting() ? tr("Pretty-printing %1…").arg(BodyFormatter::formatSize(m_totalSize))
                                                : tr("No body."));
    m_pretty->setPlainText(text);
}

void BodyView::updatePageBar()
{
    m_pageBar->setVisible(m_paged);
    if (!m_paged)
        return;
    const bool prettyPending = isPretty() && m_prettyPager.isEmpty() && isFormatting();
    const TextPager &pager = currentPager();
    m_previousPage->setEnabled(!prettyPending && pager.hasPrevious());
    m_nextPage->setEnabled(hasNextPage());
    const QString range = tr("%1–%2 of %3").arg(BodyFormatter::formatSize(pager.start()),
                                                BodyFormatter::formatSize(pager.end()),
                                                BodyFormatter::formatSize(pager.total()));
    // The pretty form is longer than the body: say which the offsets count in.
    m_pageLabel->setText(prettyPending ? tr("first page")
                                       : &pager == &m_prettyPager ? tr("%1 pretty-printed").arg(range) : range);
}
