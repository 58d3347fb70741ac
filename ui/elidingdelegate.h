#pragma once

#include <QStyledItemDelegate>

class QFontMetrics;

// Draws cells elided in the given mode: both ends of a long header value matter more than its
// middle. A URL delegate (forUrls) keeps the origin (scheme://host:port) whole and the end of the
// path, and cuts between them, so legs to different origins never read alike.
class ElidingDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit ElidingDelegate(Qt::TextElideMode mode, QObject *parent = nullptr);
    static ElidingDelegate *forUrls(QObject *parent);

    // text fitted into width: "http://127.0.0.1:8080…/final/ok". In a narrow column the scheme
    // goes first ("127.0.0.1:8080…/ok"), then the host:port is cut in its middle.
    static QString elideUrl(const QString &text, const QFontMetrics &metrics, int width);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    Qt::TextElideMode m_mode;
    bool m_keepOrigin = false;
};
