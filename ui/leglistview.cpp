#include "leglistview.h"

#include "copyactions.h"
#include "elidingdelegate.h"
#include "export/curlcommand.h"
#include "leglistmodel.h"
#include "uiformat.h"

#include <QAction>
#include <QHeaderView>

LegListView::LegListView(QWidget *parent)
    : QTableView(parent)
    , m_model(new LegListModel(this))
{
    setObjectName(QStringLiteral("legList"));
    setModel(m_model);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setAlternatingRowColors(true);
    setWordWrap(false);
    // The origin and the end of a URL tell legs apart: cut between them.
    setItemDelegateForColumn(LegListModel::UrlColumn, ElidingDelegate::forUrls(this));
    setShowGrid(false);
    verticalHeader()->hide();
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 10);
    QHeaderView *header = horizontalHeader();
    header->setHighlightSections(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(LegListModel::UrlColumn, QHeaderView::Stretch);
    header->resizeSection(LegListModel::IndexColumn, 30);
    // Wide enough for the longest kind, "token-endpoint" (OAuth legs), without eliding.
    header->resizeSection(LegListModel::KindColumn,
                          fontMetrics().horizontalAdvance(Leg::kindName(Leg::Kind::TokenEndpoint)) + 18);
    header->resizeSection(LegListModel::MethodColumn, 66);
    header->resizeSection(LegListModel::StatusColumn, 120);
    header->resizeSection(LegListModel::TimeColumn, 72);

    connect(selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (!m_selecting)
                    m_userPicked = true;
                updateCopyActions();
                emit currentLegChanged(current.isValid() ? current.row() : -1);
            });

    // Keys of the list itself (Ctrl+C elsewhere belongs to the focused field); Ctrl+Alt+C for
    // curl as in the leg inspector's tables.
    auto *copy = new CopyActions(this);
    m_copyUrl = copy->add(tr("Copy &URL"), [this](const QModelIndex &index) { return urlOf(index.row()); });
    m_copyUrl->setObjectName(QStringLiteral("legCopyUrlAction"));
    m_copyCurl = copy->add(tr("Copy as &curl"), [this](const QModelIndex &index) { return curlCommandOf(index.row()); },
                           QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_C));
    m_copyCurl->setObjectName(QStringLiteral("legCopyCurlAction"));
    updateCopyActions();
}

QString LegListView::urlOf(int leg) const
{
    return leg < 0 || leg >= m_model->legs().size() ? QString() : UiFormat::displayUrl(m_model->legs().at(leg).url);
}

QString LegListView::curlCommandOf(int leg) const
{
    return leg < 0 || leg >= m_model->legs().size() ? QString() : CurlCommand::forLeg(m_model->legs().at(leg));
}

void LegListView::updateCopyActions()
{
    const bool selected = currentLeg() >= 0;
    m_copyUrl->setEnabled(selected);
    m_copyCurl->setEnabled(selected);
}

void LegListView::setLegs(const QList<Leg> &legs)
{
    const bool reset = legs.isEmpty() || legs.size() < m_model->rowCount();
    if (reset)
        m_userPicked = false;
    const int before = currentLeg();
    m_selecting = true; // a model reset moves the current index without the user
    m_model->setLegs(legs);
    m_selecting = false;
    if (legs.isEmpty()) {
        emit currentLegChanged(-1);
        return;
    }
    // Servers spell reason phrases as they like ("401 UNAUTHORIZED"): widen the status column to
    // fit them, within reason, but never narrow what the user widened.
    const int fit = qMin(sizeHintForColumn(LegListModel::StatusColumn), 200);
    if (fit > columnWidth(LegListModel::StatusColumn))
        setColumnWidth(LegListModel::StatusColumn, fit);
    if (!m_userPicked || currentLeg() < 0)
        selectLeg(int(legs.size()) - 1);
    else if (currentLeg() == before)
        emit currentLegChanged(before); // its contents may have changed
}

int LegListView::currentLeg() const
{
    const QModelIndex current = selectionModel()->currentIndex();
    return current.isValid() ? current.row() : -1;
}

void LegListView::selectLeg(int index)
{
    m_selecting = true;
    const QModelIndex target = m_model->index(index, 0);
    if (target == selectionModel()->currentIndex())
        emit currentLegChanged(index);
    else
        selectionModel()->setCurrentIndex(target, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_selecting = false;
}
