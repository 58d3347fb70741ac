#include "credentiallistmodel.h"

#include "core/displaytext.h"
#include "credentials/credentialstore.h"
#include "uiformat.h"

#include <QLocale>

CredentialListModel::CredentialListModel(CredentialStore *store, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store)
{
    connect(m_store, &CredentialStore::changed, this, &CredentialListModel::refresh);
    refresh();
}

void CredentialListModel::setFilterText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_filter)
        return;
    m_filter = trimmed;
    refresh();
}

void CredentialListModel::refresh()
{
    const QList<CredentialRecord> records = m_store->index().search(m_filter);
    const auto sameRows = [&records, this] {
        if (records.size() != m_records.size())
            return false;
        for (qsizetype i = 0; i < records.size(); ++i) {
            if (records.at(i).id != m_records.at(i).id)
                return false;
        }
        return true;
    };
    // Most changes (a label, a last use) keep the rows; then the view keeps its selection.
    if (sameRows()) {
        m_records = records;
        if (!m_records.isEmpty())
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_records = records;
    endResetModel();
}

int CredentialListModel::totalCount() const
{
    return m_store->index().size();
}

int CredentialListModel::rowOf(const QString &id) const
{
    for (qsizetype i = 0; i < m_records.size(); ++i) {
        if (m_records.at(i).id == id)
            return int(i);
    }
    return -1;
}

QString CredentialListModel::kindTitle(Credential::Kind kind)
{
    switch (kind) {
    case Credential::Kind::Password: return tr("Password");
    case Credential::Kind::Token: return tr("Token");
    case Credential::Kind::ApiKey: return tr("API key");
    }
    return QString();
}

QString CredentialListModel::lastUsedText(const QDateTime &lastUsed)
{
    if (!lastUsed.isValid())
        return tr("never");
    return QLocale().toString(lastUsed.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm"));
}

int CredentialListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int CredentialListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CredentialListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_records.size())
        return {};
    const CredentialRecord &r = m_records.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case OriginColumn:
            return r.space.proxy ? tr("%1 (proxy)").arg(r.space.origin) : r.space.origin;
        case RealmColumn: return r.space.realm.isEmpty() ? tr("(none)") : DisplayText::escaped(r.space.realm);
        case SchemeColumn: return QString::fromLatin1(r.space.scheme);
        case UserColumn: return r.user;
        case KindColumn: return kindTitle(r.kind);
        case LabelColumn: return r.label;
        case LastUsedColumn:
            // A refused secret is not sent again until replaced: say so where its use is shown.
            return r.isRefused() ? tr("refused %1").arg(lastUsedText(r.lastRefused)) : lastUsedText(r.lastUsed);
        }
        break;
    case Qt::ToolTipRole:
        // Only what the index holds; the secret is never in a tooltip.
        if (index.column() == OriginColumn || index.column() == RealmColumn)
            return UiFormat::plainToolTip(DisplayText::escaped(r.space.toDisplayString()));
        if (index.column() == LastUsedColumn && r.isRefused())
            return tr("The server refused this secret on %1; it is not sent again until you replace it (Edit)")
                .arg(QLocale().toString(r.lastRefused.toLocalTime(), QLocale::LongFormat));
        if (index.column() == LastUsedColumn && r.lastUsed.isValid())
            return QLocale().toString(r.lastUsed.toLocalTime(), QLocale::LongFormat);
        break;
    case Qt::ForegroundRole:
        if (index.column() == LastUsedColumn && r.isRefused())
            return UiFormat::dangerColor();
        if ((index.column() == LastUsedColumn && !r.lastUsed.isValid())
            || (index.column() == RealmColumn && r.space.realm.isEmpty()))
            return UiFormat::secondaryTextColor();
        break;
    case Qt::FontRole:
        if (index.column() == OriginColumn)
            return UiFormat::monospaceFont();
        break;
    case IdRole:
        return r.id;
    }
    return {};
}

QVariant CredentialListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case OriginColumn: return tr("Origin");
    case RealmColumn: return tr("Realm");
    case SchemeColumn: return tr("Scheme");
    case UserColumn: return tr("User");
    case KindColumn: return tr("Kind");
    case LabelColumn: return tr("Label");
    case LastUsedColumn: return tr("Last used");
    }
    return {};
}
