#pragma once

#include <QList>
#include <QString>
#include <QWidget>

class QTableWidget;
class QToolButton;

// An editable table of name/value rows, each with an "enabled" checkbox, and buttons to add
// and remove rows. Used for request headers and for form fields.
class KeyValueTable : public QWidget
{
    Q_OBJECT
public:
    struct Row
    {
        bool enabled = true;
        QString name;
        QString value;
        bool operator==(const Row &o) const
        {
            return enabled == o.enabled && name == o.name && value == o.value;
        }
    };

    enum Column { EnabledColumn, NameColumn, ValueColumn, ColumnCount };

    KeyValueTable(const QString &nameTitle, const QString &valueTitle, QWidget *parent = nullptr);

    // Every row in order, disabled ones included; rows whose name is blank are left out.
    QList<Row> rows() const;
    // The enabled rows with a name, in order.
    QList<Row> enabledRows() const;
    void setRows(const QList<Row> &rows);
    // Appends a row (an empty, enabled one without argument) and returns its index.
    int appendRow();
    int appendRow(const Row &row);
    void removeRow(int index);
    int rowCount() const;
    void setRowEnabled(int index, bool enabled);

    QTableWidget *table() const { return m_table; }
    QToolButton *addButton() const { return m_add; }
    QToolButton *removeButton() const { return m_remove; }

signals:
    void changed();

private:
    void addRowAndEdit();
    void removeSelectedRows();
    void updateButtons();

    QTableWidget *m_table;
    QToolButton *m_add;
    QToolButton *m_remove;
    bool m_updating = false;
};
