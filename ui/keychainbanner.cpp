#include "keychainbanner.h"

#include "uiformat.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>

KeychainBanner::KeychainBanner(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_sessionOnly(new QPushButton(tr("Use session-only memory"), this))
    , m_dismiss(new QPushButton(tr("Dismiss"), this))
{
    setObjectName(QStringLiteral("keychainBanner"));
    setAutoFillBackground(true);
    setFrameShape(QFrame::StyledPanel);
    const int iconSize = style()->pixelMetric(QStyle::PM_LargeIconSize);
    m_icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(iconSize, iconSize));
    m_icon->setAlignment(Qt::AlignTop);
    m_text->setObjectName(QStringLiteral("keychainBannerText"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_sessionOnly->setObjectName(QStringLiteral("keychainSessionOnly"));
    m_sessionOnly->setToolTip(tr("Keep credentials you choose to remember in memory until AuthScope quits; "
                                 "nothing is written to disk"));
    m_dismiss->setObjectName(QStringLiteral("keychainDismiss"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->setSpacing(10);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_sessionOnly, 0, Qt::AlignVCenter);
    layout->addWidget(m_dismiss, 0, Qt::AlignVCenter);

    connect(m_sessionOnly, &QPushButton::clicked, this, &KeychainBanner::sessionOnlyRequested);
    connect(m_dismiss, &QPushButton::clicked, this, &QWidget::hide);
    hide();
}

void KeychainBanner::setColors(const QColor &background, const QColor &text)
{
    QPalette pal = palette();
    pal.setColor(QPalette::Window, background);
    pal.setColor(QPalette::WindowText, text);
    setPalette(pal);
}

void KeychainBanner::showProblem(const QString &message)
{
    m_sessionOnlyNote = false;
    QColor amber = UiFormat::warningColor();
    amber.setAlpha(60);
    setColors(amber, palette().color(QPalette::Text));
    m_text->setText(tr("Keychain unavailable. %1").arg(message));
    setAccessibleName(m_text->text());
    m_sessionOnly->show();
    show();
}

void KeychainBanner::showSessionOnly()
{
    m_sessionOnlyNote = true;
    setColors(palette().color(QPalette::AlternateBase), palette().color(QPalette::Text));
    m_text->setText(tr("Session-only memory: credentials you remember are kept until AuthScope quits, "
                       "then forgotten. Nothing is written to disk."));
    setAccessibleName(m_text->text());
    m_sessionOnly->hide();
    show();
}

QString KeychainBanner::text() const
{
    return m_text->text();
}
