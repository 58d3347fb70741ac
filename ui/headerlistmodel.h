#pragma once

#include "http/headerlist.h"

#include <QAbstractTableModel>

// A read-only table of header fields in wire order, duplicates kept. With the source column,
// fields that Qt's HTTP stack added are greyed and labelled, so the user sees which fields
// AuthScope chose and which it merely observed. Secrets in values (credentials of Authorization,
// cookie values, API keys) are masked until setRevealSecrets(true); the scheme and Digest's
// non-secret parameters stay readable.
class HeaderListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, ValueColumn, SourceColumn };

    explicit HeaderListModel(bool withSourceColumn, QObject *parent = nullptr);

    void setHeaders(const HeaderList &headers);
    const HeaderList &headers() const { return m_headers; }

    void setRevealSecrets(bool reveal);
    bool revealSecrets() const { return m_reveal; }
    // The value as the table shows it: "Digest username=\"alice\", ..., response=\"••••\"".
    static QString displayValue(const HeaderField &field, bool reveal);

    // How a source reads in the table ("added by Qt" for Transport).
    static QString sourceLabel(HeaderField::Source source);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    HeaderList m_headers;
    QList<bool> m_masked; // per row: the displayed value hides something
    bool m_withSource;
    bool m_reveal = false;
};
