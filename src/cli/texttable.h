#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// The listings' tables ("credentials list", "oauth list"): the first row is the heading.
namespace TextTable {

// Columns padded to their widest cell, two spaces apart, no trailing blanks, one line per row.
QString format(const QList<QStringList> &rows);

} // namespace TextTable
