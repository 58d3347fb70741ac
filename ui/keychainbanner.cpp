#include "keychainbanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

namespace {
// The Credentials window's strips use these too (ui/credentialswindow.cpp).
const QColor kProblemBackground(0xff, 0xf3, 0xd6);
const QColor kProblemBorder(0xe0, 0xb0, 0x50);
const QColor kNoteBackground(0xe8, 0xf1, 0xfb);
const QColor kNoteBorder(0x9c, 0xc3, 0xea);
const QColor kText(0x20, 0x20, 0x20);
} // namespace

KeychainBanner::KeychainBanner(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_sessionOnly(new QPushButton(tr("Use session-only memory"), this))
    , m_dismiss(new QToolButton(this))
{
    setObjectName(QStringLiteral("keychainBanner"));
    m_icon->setObjectName(QStringLiteral("keychainBannerIcon"));
    m_text->setObjectName(QStringLiteral("keychainBannerText"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::RichText); // only for the bold lead; the store's text is escaped
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_sessionOnly->setObjectName(QStringLiteral("keychainSessionOnly"));
    m_sessionOnly->setAutoDefault(false);
    m_sessionOnly->setToolTip(tr("Keep credentials you choose to remember in memory until AuthScope quits; "
                                 "nothing is written to disk"));
    m_dismiss->setObjectName(QStringLiteral("keychainDismiss"));
    m_dismiss->setAutoRaise(true);
    m_dismiss->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_dismiss->setToolTip(tr("Dismiss"));
    m_dismiss->setAccessibleName(tr("Dismiss"));

    // Light colours whatever the style's palette: the text must stay dark on them.
    QPalette pal = palette();
    pal.setColor(QPalette::WindowText, kText);
    pal.setColor(QPalette::Text, kText);
    m_icon->setPalette(pal);
    m_text->setPalette(pal);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->setSpacing(8);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_sessionOnly, 0, Qt::AlignVCenter);
    layout->addWidget(m_dismiss, 0, Qt::AlignTop);

    connect(m_sessionOnly, &QPushButton::clicked, this, &KeychainBanner::sessionOnlyRequested);
    connect(m_dismiss, &QToolButton::clicked, this, &QWidget::hide);
    setLook(kProblemBackground, kProblemBorder, QStyle::SP_MessageBoxWarning);
    hide();
}

void KeychainBanner::setLook(const QColor &background, const QColor &border, int standardIcon)
{
    m_background = background;
    m_border = border;
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
    // The icon sits on the first line of text.
    m_icon->setPixmap(style()->standardIcon(QStyle::StandardPixmap(standardIcon)).pixmap(size, size));
    m_icon->setContentsMargins(0, qMax(0, (m_text->fontMetrics().height() - size) / 2), 0, 0);
    update();
}

void KeychainBanner::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(m_border);
    painter.setBrush(m_background);
    painter.drawRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
}

void KeychainBanner::showProblem(const QString &message)
{
    m_sessionOnlyNote = false;
    setLook(kProblemBackground, kProblemBorder, QStyle::SP_MessageBoxWarning);
    const QString lead = tr("Keychain unavailable.");
    m_plainText = lead + u' ' + message;
    m_text->setText(QStringLiteral("<b>%1</b> %2").arg(lead.toHtmlEscaped(), message.toHtmlEscaped()));
    setAccessibleName(m_plainText);
    m_sessionOnly->show();
    show();
}

void KeychainBanner::showSessionOnly()
{
    m_sessionOnlyNote = true;
    setLook(kNoteBackground, kNoteBorder, QStyle::SP_MessageBoxInformation);
    const QString lead = tr("Session-only memory:");
    const QString rest = tr("credentials you remember are kept until AuthScope quits, then forgotten. "
                            "Nothing is written to disk.");
    m_plainText = lead + u' ' + rest;
    m_text->setText(QStringLiteral("<b>%1</b> %2").arg(lead.toHtmlEscaped(), rest.toHtmlEscaped()));
    setAccessibleName(m_plainText);
    m_sessionOnly->hide();
    show();
}
