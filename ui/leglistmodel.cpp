#include "leglistmodel.h"

#include "core/displaytext.h"
#include "core/notecode.h"
#include "uiformat.h"

#include <utility>

LegListModel::LegListModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void LegListModel::setLegs(const QList<Leg> &legs)
{
    const int oldCount = int(m_legs.size());
    const int newCount = int(legs.size());
    if (newCount < oldCount || (oldCount > 0 && newCount > 0 && legs.first().url != m_legs.first().url)) {
        beginResetModel();
        m_legs = legs;
        endResetModel();
        return;
    }
    if (newCount > oldCount) {
        beginInsertRows(QModelIndex(), oldCount, newCount - 1);
        m_legs = legs;
        endInsertRows();
    } else {
        m_legs = legs;
    }
    if (oldCount > 0)
        emit dataChanged(index(0, 0), index(oldCount - 1, ColumnCount - 1));
}

void LegListModel::setHeldLeg(int index)
{
    const int before = std::exchange(m_held, index);
    for (int row : {before, index}) {
        if (row >= 0 && row < m_legs.size())
            emit dataChanged(this->index(row, StatusColumn), this->index(row, StatusColumn));
    }
}

QString LegListModel::statusText(const Leg &leg)
{
    if (leg.hasResponse()) {
        const QString head = QStringLiteral("%1 %2").arg(leg.statusCode).arg(DisplayText::fromBytes(leg.reasonPhrase));
        // A leg that failed after its head (a broken body, a refused head) must not read as its status.
        return leg.status.isOk() ? head : QStringLiteral("%1 · %2").arg(UiFormat::statusTitle(leg.status.code()), head);
    }
    if (leg.timing.finishedNs < 0)
        return QStringLiteral("…");
    return leg.status.isOk() ? tr("no response") : UiFormat::statusTitle(leg.status.code());
}

QUrl LegListModel::redirectTarget(const Leg &leg)
{
    if (!leg.hasResponse() || leg.statusCode < 300 || leg.statusCode > 399)
        return {};
    const QByteArray location = leg.responseHeaders.value(QByteArrayLiteral("Location"));
    if (location.isEmpty())
        return {};
    return leg.url.resolved(QUrl::fromEncoded(location.trimmed()));
}

QString LegListModel::urlText(const Leg &leg)
{
    const QUrl target = redirectTarget(leg);
    if (target.isEmpty())
        return UiFormat::displayUrl(leg.url);
    return QStringLiteral("%1 \u2192 %2").arg(UiFormat::displayUrl(leg.url), UiFormat::displayUrl(target));
}

int LegListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_legs.size());
}

int LegListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LegListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_legs.size())
        return {};
    const Leg &leg = m_legs.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case IndexColumn: return index.row() + 1;
        case KindColumn: return Leg::kindName(leg.kind);
        case MethodColumn: return QString::fromLatin1(leg.method);
        case UrlColumn: return urlText(leg);
        case StatusColumn:
            return index.row() == m_held && !leg.hasResponse() ? tr("held: not sent yet") : statusText(leg);
        case TimeColumn: return UiFormat::duration(leg.timing.totalNs());
        }
        break;
    case Qt::ForegroundRole:
        if (index.column() == StatusColumn) {
            if (!leg.status.isOk())
                return UiFormat::statusColor(-1);
            if (leg.hasResponse())
                return UiFormat::statusColor(leg.statusCode);
        }
        break;
    case Qt::DecorationRole:
        if (index.column() == StatusColumn && leg.hasResponse()) {
            // Only 401/403/407 have one; an empty icon would still reserve its room.
            const QIcon icon = UiFormat::statusIcon(leg.statusCode);
            if (!icon.isNull())
                return icon;
        }
        break;
    case Qt::FontRole:
        if (index.column() == UrlColumn || index.column() == MethodColumn)
            return UiFormat::monospaceFont();
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == IndexColumn || index.column() == TimeColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::ToolTipRole: {
        QStringList lines;
        if (!leg.reason.isEmpty())
            lines << DisplayText::escaped(leg.reason);
        if (!leg.status.isOk())
            lines << DisplayText::escaped(leg.status.message());
        if (index.column() == StatusColumn && !UiFormat::statusMeaning(leg.statusCode).isEmpty()) {
            // The short label, then the one explanation of the status (the NoteCode table's).
            lines.prepend(NoteCodes::meaning(NoteCodes::forHttpStatus(leg.statusCode)));
            lines.prepend(QStringLiteral("%1 — %2").arg(statusText(leg), UiFormat::statusMeaning(leg.statusCode)));
        }
        if (index.column() == KindColumn && !leg.authentication.isEmpty())
            lines << tr("Credentials sent: %1").arg(DisplayText::escaped(leg.authentication));
        if (index.column() == UrlColumn) {
            // The whole URL, whatever the column cut.
            const QUrl target = redirectTarget(leg);
            if (!target.isEmpty())
                lines.prepend(tr("Location: %1").arg(UiFormat::displayUrl(target)));
            lines.prepend(UiFormat::displayUrl(leg.url));
        }
        return lines.isEmpty() ? QVariant() : QVariant(UiFormat::plainToolTip(lines.join(QLatin1Char('\n'))));
    }
    }
    return {};
}

QVariant LegListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IndexColumn: return QStringLiteral("#");
    case KindColumn: return tr("Kind");
    case MethodColumn: return tr("Method");
    case UrlColumn: return tr("URL");
    case StatusColumn: return tr("Status");
    case TimeColumn: return tr("Time");
    }
    return {};
}
