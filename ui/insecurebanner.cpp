#include "insecurebanner.h"

#include "uiformat.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>

InsecureBanner::InsecureBanner(const QString &text, QWidget *parent)
    : QFrame(parent)
    , m_text(new QLabel(text, this))
{
    setObjectName(QStringLiteral("insecureBanner"));
    setAutoFillBackground(true);
    QPalette pal = palette();
    pal.setColor(QPalette::Window, UiFormat::dangerFillColor());
    pal.setColor(QPalette::WindowText, Qt::white);
    setPalette(pal);

    auto *icon = new QLabel(this);
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(iconSize, iconSize));

    QFont bold = m_text->font();
    bold.setBold(true);
    m_text->setFont(bold);
    m_text->setWordWrap(true);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->setSpacing(8);
    layout->addWidget(icon);
    layout->addWidget(m_text, 1);

    setAccessibleName(text);
    hide();
}

QString InsecureBanner::text() const
{
    return m_text->text();
}
