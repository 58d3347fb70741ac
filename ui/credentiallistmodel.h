#pragma once

#include "credentials/credentialrecord.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>

class CredentialStore;

// The credential store's index as rows, never a secret: origin (marked when it is a proxy),
// realm, scheme, user, kind, label, last use. Follows CredentialStore::changed() and shows only
// the records matching the filter text (CredentialRecord::matches). The store is not owned and
// must outlive the model.
class CredentialListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { OriginColumn, RealmColumn, SchemeColumn, UserColumn, KindColumn, LabelColumn, LastUsedColumn,
                  ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1 };

    explicit CredentialListModel(CredentialStore *store, QObject *parent = nullptr);

    QString filterText() const { return m_filter; }
    void setFilterText(const QString &text);
    // Re-reads the store's index (done on every changed()).
    void refresh();

    // Records in the current mode's index, before filtering.
    int totalCount() const;
    CredentialRecord recordAt(int row) const { return m_records.value(row); }
    // -1 when the id is not shown (unknown, or filtered out).
    int rowOf(const QString &id) const;

    static QString kindTitle(Credential::Kind kind);
    static QString lastUsedText(const QDateTime &lastUsed);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    CredentialStore *m_store;
    QString m_filter;
    QList<CredentialRecord> m_records;
};
