#include "lessonpanel.h"

#include "diagnosis/diagnoser.h"
#include "http/exchange.h"
#include "uiformat.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace {

QLabel *wrappingLabel(const QString &name, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    // A wrapped label is as wide as its longest word otherwise (a long path widened the dock).
    label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    return label;
}

// A section title that wraps rather than widening the dock (presenter mode's large font).
QLabel *heading(const QString &text, QWidget *parent)
{
    QLabel *label = UiFormat::sectionTitle(text, parent);
    label->setWordWrap(true);
    label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    return label;
}

QString shellQuoted(const QString &argument)
{
    static const QString safe = QStringLiteral("-_./:=@,+%");
    bool plain = !argument.isEmpty();
    for (const QChar c : argument)
        plain = plain && (c.isLetterOrNumber() || safe.contains(c));
    if (plain)
        return argument;
    QString quoted = argument;
    quoted.replace(u'\'', QLatin1String("'\\''"));
    return u'\'' + quoted + u'\'';
}

} // namespace

LessonPanel::LessonPanel(QWidget *parent)
    : QWidget(parent)
    , m_position(wrappingLabel(QStringLiteral("lessonPosition"), this))
    , m_title(wrappingLabel(QStringLiteral("lessonTitle"), this))
    , m_text(wrappingLabel(QStringLiteral("lessonText"), this))
    , m_credentials(wrappingLabel(QStringLiteral("lessonCredentials"), this))
    , m_expectedLabel(wrappingLabel(QStringLiteral("lessonExpected"), this))
    , m_command(wrappingLabel(QStringLiteral("lessonCommand"), this))
    , m_outcome(wrappingLabel(QStringLiteral("lessonOutcome"), this))
    , m_previous(new QPushButton(tr("◀ &Previous"), this))
    , m_send(new QPushButton(tr("Send"), this))
    , m_next(new QPushButton(tr("&Next ▶"), this))
{
    setObjectName(QStringLiteral("lessonPanel"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    m_title->setFont(titleFont);
    m_credentials->setFont(UiFormat::monospaceFont());
    m_command->setFont(UiFormat::monospaceFont());
    m_command->setToolTip(tr("The same request from a terminal, against the same lab"));

    m_previous->setObjectName(QStringLiteral("lessonPrevious"));
    m_send->setObjectName(QStringLiteral("lessonSend"));
    m_next->setObjectName(QStringLiteral("lessonNext"));
    QFont bold = m_send->font();
    bold.setBold(true);
    m_send->setFont(bold);
    m_send->setToolTip(tr("Send the lesson's request (Ctrl+Return)"));
    for (QPushButton *button : {m_previous, m_send, m_next})
        button->setAutoDefault(false);
    connect(m_previous, &QPushButton::clicked, this, [this] {
        if (m_current > 0)
            emit lessonChosen(m_lessons.at(m_current - 1));
    });
    connect(m_next, &QPushButton::clicked, this, [this] {
        if (m_current >= 0 && m_current + 1 < m_lessons.size())
            emit lessonChosen(m_lessons.at(m_current + 1));
    });
    connect(m_send, &QPushButton::clicked, this, &LessonPanel::sendRequested);

    auto *content = new QWidget(this);
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(10, 8, 10, 8);
    contentLayout->setSpacing(8);
    contentLayout->addWidget(m_position);
    contentLayout->addWidget(m_title);
    contentLayout->addWidget(m_text);
    contentLayout->addWidget(heading(tr("Credentials"), content));
    contentLayout->addWidget(m_credentials);
    contentLayout->addWidget(heading(tr("Expected diagnosis"), content));
    contentLayout->addWidget(m_expectedLabel);
    contentLayout->addWidget(heading(tr("From a terminal"), content));
    contentLayout->addWidget(m_command);
    contentLayout->addStretch(1);
    // The text scrolls at 150% zoom in a short window; the verdict and buttons stay in sight.
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    auto *buttons = new QHBoxLayout;
    buttons->setSpacing(6);
    buttons->addWidget(m_previous);
    buttons->addWidget(m_send, 1);
    buttons->addWidget(m_next);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 6);
    layout->setSpacing(6);
    layout->addWidget(scroll, 1);
    auto *bottom = new QVBoxLayout;
    bottom->setContentsMargins(10, 0, 10, 0);
    bottom->setSpacing(6);
    bottom->addWidget(m_outcome);
    bottom->addLayout(buttons);
    layout->addLayout(bottom);
    clear();
}

void LessonPanel::setLessons(const QList<LabScenario> &lessons, const QString &sequenceName)
{
    m_lessons = lessons;
    m_sequenceName = sequenceName;
    m_current = -1;
    showCurrent();
}

bool LessonPanel::showLesson(const QString &id, const QUrl &url)
{
    for (int i = 0; i < m_lessons.size(); ++i) {
        if (m_lessons.at(i).id == id) {
            m_current = i;
            m_url = url;
            showCurrent();
            return true;
        }
    }
    return false;
}

void LessonPanel::clear()
{
    m_lessons.clear();
    m_current = -1;
    m_url.clear();
    showCurrent();
}

LabScenario LessonPanel::lesson() const
{
    return m_current >= 0 ? m_lessons.at(m_current) : LabScenario();
}

void LessonPanel::showCurrent()
{
    clearOutcome();
    const bool shown = m_current >= 0;
    m_previous->setEnabled(shown && m_current > 0);
    m_next->setEnabled(shown && m_current + 1 < m_lessons.size());
    m_send->setEnabled(shown);
    if (!shown) {
        m_expected = DiagnosisCode::None;
        m_position->setText(tr("No lesson"));
        m_title->setText(tr("Choose a lesson"));
        m_text->setText(tr("Lab > Lessons lists every lesson of the practice lab; Help > Tour walks through "
                           "them in a teaching order, one request each."));
        m_credentials->clear();
        m_expectedLabel->clear();
        m_command->clear();
        return;
    }
    const LabScenario &lesson = m_lessons.at(m_current);
    m_expected = DiagnosisCodes::fromName(lesson.expectedDiagnosis);
    m_position->setText(tr("%1 · lesson %2 of %3 · %4")
                                .arg(m_sequenceName)
                                .arg(m_current + 1)
                                .arg(m_lessons.size())
                                .arg(lesson.group));
    m_title->setText(lesson.title);
    m_text->setText(lesson.lesson);
    m_credentials->setText(lesson.credentials.isEmpty() ? tr("none: this lesson sends no credentials")
                                                        : lesson.credentials);
    m_expectedLabel->setText(m_expected == DiagnosisCode::None
                                     ? tr("None: the exchange succeeds")
                                     : tr("%1 (%2)").arg(DiagnosisCodes::title(m_expected),
                                                         DiagnosisCodes::name(m_expected)));
    m_command->setText(commandLine(lesson, m_url));
}

void LessonPanel::showOutcome(const Exchange &exchange)
{
    const QUrl sent = exchange.request.url;
    const bool lessonsRequest = hasLesson() && sent.scheme() == m_url.scheme() && sent.host() == m_url.host()
                                && sent.port() == m_url.port() && sent.path() == m_url.path();
    if (!lessonsRequest) {
        clearOutcome();
        return;
    }
    m_hasOutcome = true;
    m_produced = Diagnoser::forExchange(exchange).code;
    updateOutcomeLook();
}

void LessonPanel::clearOutcome()
{
    m_hasOutcome = false;
    m_produced = DiagnosisCode::None;
    updateOutcomeLook();
}

void LessonPanel::updateOutcomeLook()
{
    const auto name = [](DiagnosisCode code) {
        return code == DiagnosisCode::None ? tr("success (no diagnosis)") : DiagnosisCodes::title(code);
    };
    if (!hasLesson()) {
        m_outcome->clear();
        m_outcome->hide();
        return;
    }
    m_outcome->show();
    QColor colour = UiFormat::secondaryTextColor(palette());
    if (!m_hasOutcome) {
        // The CLI's --no-prompt has no twin in the window: its dialog asks, as a browser would.
        m_outcome->setText(lesson().tryArguments.contains(QLatin1String("--no-prompt"))
                                   ? tr("Press Send, then follow the legs below. If AuthScope asks for credentials, "
                                        "Cancel to see this lesson's outcome.")
                                   : tr("Press Send, then follow the legs below."));
    } else if (outcomeMatches()) {
        m_outcome->setText(tr("✔ As expected: %1").arg(name(m_produced)));
        colour = UiFormat::statusColor(200, palette());
    } else {
        m_outcome->setText(tr("Expected %1, got %2").arg(name(m_expected), name(m_produced)));
        colour = UiFormat::dangerColor(palette());
    }
    QFont font = m_outcome->font();
    font.setBold(m_hasOutcome);
    m_outcome->setFont(font);
    QPalette p = m_outcome->palette();
    p.setColor(QPalette::WindowText, colour);
    m_outcome->setPalette(p);
}

void LessonPanel::changeEvent(QEvent *event)
{
    // A dark palette arrived: the verdict's colour is picked again against it.
    if (event->type() == QEvent::PaletteChange)
        updateOutcomeLook();
    QWidget::changeEvent(event);
}

QString LessonPanel::commandLine(const LabScenario &lesson, const QUrl &url)
{
    QStringList words{QStringLiteral("authscope-cli"), QStringLiteral("send")};
    for (const QString &argument : lesson.tryArguments)
        words.append(shellQuoted(argument));
    words.append(shellQuoted(url.toString()));
    return words.join(u' ');
}
