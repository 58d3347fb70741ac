#include "copyactions.h"

#include <QAbstractItemView>
#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QKeyEvent>
#include <QMenu>

CopyActions::CopyActions(QAbstractItemView *view)
    : QObject(view), m_view(view)
{
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view, &QWidget::customContextMenuRequested, this, &CopyActions::showMenu);
    view->installEventFilter(this);
}

bool CopyActions::eventFilter(QObject *watched, QEvent *event)
{
    // QAbstractItemView takes Ctrl+C itself (it copies the current cell's text), before any
    // shortcut: the keys are matched here, and only while the view has focus.
    if (watched == m_view && (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress)) {
        auto *key = static_cast<QKeyEvent *>(event);
        const QKeySequence pressed(key->keyCombination());
        for (const Entry &entry : std::as_const(m_entries)) {
            if (entry.action->shortcut().isEmpty() || entry.action->shortcut() != pressed)
                continue;
            event->accept();
            if (event->type() == QEvent::KeyPress)
                entry.action->trigger();
            return true;
        }
    }
    return QObject::eventFilter(watched, event);
}

QAction *CopyActions::add(const QString &text, const TextForIndex &copy, const QKeySequence &shortcut)
{
    auto *action = new QAction(text, m_view);
    QKeySequence keys = shortcut;
    if (keys.isEmpty() && m_entries.isEmpty())
        keys = QKeySequence::Copy;
    // Shown in the menu; the keys themselves are taken in eventFilter (see there).
    action->setShortcut(keys);
    // A key copies the current row; the menu sets the row under the cursor as current first.
    connect(action, &QAction::triggered, this, [this, copy] {
        const QString text = copy(m_view->currentIndex());
        if (!text.isEmpty())
            toClipboard(text);
    });
    m_entries.append({action, copy});
    return action;
}

QString CopyActions::textFor(QAction *action, const QModelIndex &index) const
{
    for (const Entry &entry : m_entries) {
        if (entry.action == action)
            return entry.copy(index);
    }
    return QString();
}

QString CopyActions::headerLine(const QString &name, const QString &value)
{
    return name + QStringLiteral(": ") + value;
}

void CopyActions::toClipboard(const QString &text)
{
    QGuiApplication::clipboard()->setText(text);
}

void CopyActions::showMenu(const QPoint &position)
{
    const QModelIndex index = m_view->indexAt(position);
    if (index.isValid())
        m_view->setCurrentIndex(index);
    QMenu menu(m_view);
    for (const Entry &entry : m_entries) {
        if (!entry.copy(m_view->currentIndex()).isEmpty())
            menu.addAction(entry.action);
    }
    if (!menu.isEmpty())
        menu.exec(m_view->viewport()->mapToGlobal(position));
}
