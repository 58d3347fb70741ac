#include "keyvaluetable.h"

#include "uiformat.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

KeyValueTable::KeyValueTable(const QString &nameTitle, const QString &valueTitle, QWidget *parent)
    : QWidget(parent)
    , m_table(new QTableWidget(0, ColumnCount, this))
    , m_add(new QToolButton(this))
    , m_remove(new QToolButton(this))
{
    m_table->setHorizontalHeaderLabels({QString(), nameTitle, valueTitle});
    m_table->horizontalHeaderItem(EnabledColumn)->setToolTip(tr("Send this row"));
    m_table->setFont(UiFormat::monospaceFont());
    m_table->horizontalHeader()->setFont(font());
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                             | QAbstractItemView::AnyKeyPressed);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    // The table takes the height the layout gives it (it expands into any spare room); its default
    // minimum, a scroll area's ~70 px, helped push presenter mode's window past 720 px.
    m_table->setMinimumHeight(1);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(EnabledColumn, QHeaderView::Fixed);
    header->resizeSection(EnabledColumn, 28);
    header->setSectionResizeMode(NameColumn, QHeaderView::Interactive);
    header->resizeSection(NameColumn, 180);
    header->setStretchLastSection(true);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);

    m_add->setText(tr("Add"));
    m_add->setIcon(QIcon::fromTheme(QStringLiteral("list-add")));
    m_add->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_add->setToolTip(tr("Add a row"));
    m_remove->setText(tr("Remove"));
    m_remove->setIcon(QIcon::fromTheme(QStringLiteral("list-remove")));
    m_remove->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_remove->setToolTip(tr("Remove the selected rows"));

    auto *buttons = new QHBoxLayout;
    buttons->setSpacing(4);
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);

    connect(m_add, &QToolButton::clicked, this, &KeyValueTable::addRowAndEdit);
    connect(m_remove, &QToolButton::clicked, this, &KeyValueTable::removeSelectedRows);
    connect(m_table, &QTableWidget::itemChanged, this, [this] {
        if (!m_updating)
            emit changed();
    });
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &KeyValueTable::updateButtons);
    updateButtons();
}

QList<KeyValueTable::Row> KeyValueTable::rows() const
{
    QList<Row> result;
    for (int r = 0; r < m_table->rowCount(); ++r) {
        const QTableWidgetItem *check = m_table->item(r, EnabledColumn);
        const QTableWidgetItem *name = m_table->item(r, NameColumn);
        const QTableWidgetItem *value = m_table->item(r, ValueColumn);
        Row row;
        row.enabled = check && check->checkState() == Qt::Checked;
        row.name = name ? name->text().trimmed() : QString();
        row.value = value ? value->text() : QString();
        if (!row.name.isEmpty())
            result.append(row);
    }
    return result;
}

QList<KeyValueTable::Row> KeyValueTable::enabledRows() const
{
    QList<Row> result = rows();
    result.erase(std::remove_if(result.begin(), result.end(), [](const Row &r) { return !r.enabled; }),
                 result.end());
    return result;
}

void KeyValueTable::setRows(const QList<Row> &rows)
{
    m_updating = true;
    m_table->setRowCount(0);
    for (const Row &row : rows)
        appendRow(row);
    m_updating = false;
    emit changed();
}

int KeyValueTable::appendRow()
{
    return appendRow(Row());
}

int KeyValueTable::appendRow(const Row &row)
{
    const bool wasUpdating = m_updating;
    m_updating = true;
    const int r = m_table->rowCount();
    m_table->insertRow(r);
    auto *check = new QTableWidgetItem;
    check->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
    check->setCheckState(row.enabled ? Qt::Checked : Qt::Unchecked);
    m_table->setItem(r, EnabledColumn, check);
    m_table->setItem(r, NameColumn, new QTableWidgetItem(row.name));
    m_table->setItem(r, ValueColumn, new QTableWidgetItem(row.value));
    m_updating = wasUpdating;
    if (!m_updating)
        emit changed();
    updateButtons();
    return r;
}

void KeyValueTable::removeRow(int index)
{
    m_table->removeRow(index);
    updateButtons();
    emit changed();
}

int KeyValueTable::rowCount() const
{
    return m_table->rowCount();
}

void KeyValueTable::setRowEnabled(int index, bool enabled)
{
    if (QTableWidgetItem *check = m_table->item(index, EnabledColumn))
        check->setCheckState(enabled ? Qt::Checked : Qt::Unchecked);
}

void KeyValueTable::addRowAndEdit()
{
    const int r = appendRow();
    m_table->setCurrentCell(r, NameColumn);
    m_table->editItem(m_table->item(r, NameColumn));
}

void KeyValueTable::removeSelectedRows()
{
    QList<int> selected;
    const QModelIndexList indexes = m_table->selectionModel()->selectedRows();
    for (const QModelIndex &index : indexes)
        selected.append(index.row());
    if (selected.isEmpty() && m_table->currentRow() >= 0)
        selected.append(m_table->currentRow());
    std::sort(selected.begin(), selected.end(), std::greater<int>());
    for (int r : selected)
        m_table->removeRow(r);
    updateButtons();
    if (!selected.isEmpty())
        emit changed();
}

void KeyValueTable::updateButtons()
{
    m_remove->setEnabled(m_table->rowCount() > 0);
}
