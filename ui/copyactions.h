#pragma once

#include <QKeySequence>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>

class QAbstractItemView;
class QAction;
class QModelIndex;

// Copy actions for a table, tree or list view: a context menu on its rows and keyboard shortcuts
// (the first action added gets Ctrl+C). The view's owner says what each action copies for the
// row under the cursor (or the current one for a key); an action whose text comes out empty is
// left out of the menu. What is copied is what the view shows: a masked secret stays masked
// unless the owner reveals it.
class CopyActions : public QObject
{
    Q_OBJECT
public:
    using TextForIndex = std::function<QString(const QModelIndex &index)>;

    explicit CopyActions(QAbstractItemView *view);

    // Adds an action; the first one added answers Ctrl+C unless another shortcut is given.
    QAction *add(const QString &text, const TextForIndex &copy, const QKeySequence &shortcut = {});

    // The text an action would copy for index (what a test can check without a menu).
    QString textFor(QAction *action, const QModelIndex &index) const;

    // "Name: value" as it stands on the wire (for a header row).
    static QString headerLine(const QString &name, const QString &value);
    static void toClipboard(const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void showMenu(const QPoint &position);

    struct Entry
    {
        QAction *action;
        TextForIndex copy;
    };
    QAbstractItemView *m_view;
    QList<Entry> m_entries;
};
