#pragma once

#include "http/headerlist.h"

#include <QAbstractTableModel>

// A read-only table of header fields in wire order, duplicates kept. With the source column,
// fields that Qt's HTTP stack added are greyed and labelled, so the user sees which fields
// AuthScope chose and which it merely observed.
class HeaderListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, ValueColumn, SourceColumn };

    explicit HeaderListModel(bool withSourceColumn, QObject *parent = nullptr);

    void setHeaders(const HeaderList &headers);
    const HeaderList &headers() const { return m_headers; }

    // How a source reads in the table ("added by Qt" for Transport).
    static QString sourceLabel(HeaderField::Source source);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    HeaderList m_headers;
    bool m_withSource;
};
