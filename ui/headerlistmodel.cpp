#include "headerlistmodel.h"

#include "core/displaytext.h"
#include "export/secretredactor.h"
#include "uiformat.h"

HeaderListModel::HeaderListModel(bool withSourceColumn, QObject *parent)
    : QAbstractTableModel(parent)
    , m_withSource(withSourceColumn)
{
}

void HeaderListModel::setHeaders(const HeaderList &headers)
{
    beginResetModel();
    m_headers = headers;
    m_masked.clear();
    for (const HeaderField &field : m_headers)
        m_masked.append(SecretRedactor::redactHeaderValue(field.name, field.value) != field.value);
    endResetModel();
}

void HeaderListModel::setRevealSecrets(bool reveal)
{
    if (m_reveal == reveal)
        return;
    m_reveal = reveal;
    if (!m_headers.isEmpty())
        emit dataChanged(index(0, ValueColumn), index(rowCount() - 1, ValueColumn));
}

QString HeaderListModel::displayValue(const HeaderField &field, bool reveal)
{
    // Field values are octets; most are ASCII, UTF-8 is the common case beyond (RFC 9110 §5.5).
    // A server's control bytes are shown escaped (DisplayText), as the CLI shows them.
    if (reveal)
        return DisplayText::fromBytes(field.value);
    // One set of rules for what is secret: the exporters' (see SecretRedactor).
    const QByteArray redacted = SecretRedactor::redactHeaderValue(field.name, field.value);
    if (redacted == field.value)
        return DisplayText::fromBytes(field.value);
    return DisplayText::fromBytes(redacted).replace(SecretRedactor::marker(), UiFormat::secretMask());
}

QString HeaderListModel::sourceLabel(HeaderField::Source source)
{
    switch (source) {
    case HeaderField::Source::User: return tr("you");
    case HeaderField::Source::Default: return tr("AuthScope default");
    case HeaderField::Source::Body: return tr("from the body");
    case HeaderField::Source::Transport: return tr("added by Qt");
    case HeaderField::Source::CookieJar: return tr("cookie jar");
    case HeaderField::Source::Authentication: return tr("authentication");
    case HeaderField::Source::Server: return tr("server");
    }
    return QString();
}

int HeaderListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_headers.size();
}

int HeaderListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : (m_withSource ? 3 : 2);
}

QVariant HeaderListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_headers.size())
        return {};
    const HeaderField &field = m_headers.at(index.row());
    const bool transport = field.source == HeaderField::Source::Transport;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (index.column()) {
        case NameColumn: return DisplayText::fromBytes(field.name);
        case ValueColumn: return displayValue(field, m_reveal);
        case SourceColumn: return sourceLabel(field.source);
        }
        break;
    case Qt::ForegroundRole:
        if (transport)
            return UiFormat::secondaryTextColor();
        break;
    case Qt::FontRole:
        if (index.column() != SourceColumn) {
            QFont font = UiFormat::monospaceFont();
            font.setItalic(transport);
            return font;
        }
        break;
    case Qt::ToolTipRole:
        if (transport)
            return tr("Added by Qt's HTTP stack when the request left; AuthScope did not set it.");
        if (index.column() == ValueColumn) {
            const QString value = displayValue(field, m_reveal);
            if (m_masked.value(index.row()) && !m_reveal)
                return UiFormat::plainToolTip(tr("%1\n\nSecrets are hidden; press Show secrets to see them.").arg(value));
            return UiFormat::plainToolTip(value);
        }
        break;
    }
    return {};
}

QVariant HeaderListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn: return tr("Name");
    case ValueColumn: return tr("Value");
    case SourceColumn: return tr("Source");
    }
    return {};
}
