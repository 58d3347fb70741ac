#pragma once

#include <QStyledItemDelegate>

// Draws cells elided in the given mode: the start of a URL matters less than its end, both ends
// of a long header value matter more than its middle.
class ElidingDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit ElidingDelegate(Qt::TextElideMode mode, QObject *parent = nullptr);

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    Qt::TextElideMode m_mode;
};
