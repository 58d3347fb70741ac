#include "elidingdelegate.h"

ElidingDelegate::ElidingDelegate(Qt::TextElideMode mode, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_mode(mode)
{
}

void ElidingDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    // The view's own textElideMode does not reach the style here (Qt 6.4), so set it per item.
    option->textElideMode = m_mode;
}
