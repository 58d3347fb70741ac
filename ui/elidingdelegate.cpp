#include "elidingdelegate.h"

#include <QApplication>
#include <QFontMetrics>
#include <QPainter>
#include <QStyle>

ElidingDelegate::ElidingDelegate(Qt::TextElideMode mode, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_mode(mode)
{
}

ElidingDelegate *ElidingDelegate::forUrls(QObject *parent)
{
    auto *delegate = new ElidingDelegate(Qt::ElideMiddle, parent);
    delegate->m_keepOrigin = true;
    return delegate;
}

QString ElidingDelegate::elideUrl(const QString &text, const QFontMetrics &metrics, int width)
{
    if (metrics.horizontalAdvance(text) <= width)
        return text;
    const qsizetype scheme = text.indexOf(QStringLiteral("://"));
    const qsizetype pathStart = scheme < 0 ? -1 : text.indexOf(u'/', scheme + 3);
    const QString ellipsis(QChar(0x2026));
    if (pathStart < 0)
        return metrics.elidedText(text, Qt::ElideMiddle, width);
    QString origin = text.left(pathStart);
    const QString rest = text.mid(pathStart);
    const int minimumEnd = metrics.horizontalAdvance(QStringLiteral("/xxxx"));
    // In a narrow column the host and port tell legs apart better than the scheme does.
    if (width - metrics.horizontalAdvance(origin + ellipsis) < minimumEnd)
        origin = text.mid(scheme + 3, pathStart - scheme - 3);
    const int room = width - metrics.horizontalAdvance(origin) - metrics.horizontalAdvance(ellipsis);
    // Keep at least the last few characters of the path, or cut the host instead.
    if (room < minimumEnd)
        return metrics.elidedText(origin + rest, Qt::ElideMiddle, width);
    // The longest end of the rest that fits after the ellipsis.
    qsizetype keep = 0;
    while (keep < rest.size() && metrics.horizontalAdvance(rest.right(keep + 1)) <= room)
        ++keep;
    return origin + ellipsis + rest.right(keep);
}

void ElidingDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (!m_keepOrigin) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem item = option;
    initStyleOption(&item, index);
    const QWidget *widget = item.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    const QRect textRect = style->subElementRect(QStyle::SE_ItemViewItemText, &item, widget);
    // The style's own margin inside the text rectangle (QCommonStyle: PM_FocusFrameHMargin + 1 each side).
    const int margin = 2 * (style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1);
    item.text = elideUrl(item.text, QFontMetrics(item.font), textRect.width() - margin);
    style->drawControl(QStyle::CE_ItemViewItem, &item, painter, widget);
}

void ElidingDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    // The view's own textElideMode does not reach the style here (Qt 6.4), so set it per item.
    option->textElideMode = m_mode;
}
