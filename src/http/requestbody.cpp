#include "requestbody.h"

#include <QBuffer>
#include <QFile>
#include <QFileInfo>
#include <QUrlQuery>

RequestBody RequestBody::text(const QByteArray &data, const QByteArray &contentType)
{
    RequestBody body;
    body.m_kind = Kind::Text;
    body.m_data = data;
    body.m_contentType = contentType;
    return body;
}

RequestBody RequestBody::json(const QByteArray &data)
{
    RequestBody body = text(data, QByteArrayLiteral("application/json"));
    body.m_kind = Kind::Json;
    return body;
}

RequestBody RequestBody::form(const QList<QPair<QString, QString>> &fields)
{
    RequestBody body;
    body.m_kind = Kind::Form;
    body.m_formFields = fields;
    body.m_contentType = QByteArrayLiteral("application/x-www-form-urlencoded");
    // application/x-www-form-urlencoded encodes spaces as '+', and '+' itself must be escaped.
    QByteArray encoded;
    for (const auto &field : fields) {
        if (!encoded.isEmpty())
            encoded += '&';
        encoded += QUrl::toPercentEncoding(field.first, " ").replace(' ', '+');
        encoded += '=';
        encoded += QUrl::toPercentEncoding(field.second, " ").replace(' ', '+');
    }
    body.m_data = encoded;
    return body;
}

RequestBody RequestBody::file(const QString &path, const QByteArray &contentType)
{
    RequestBody body;
    body.m_kind = Kind::File;
    body.m_filePath = path;
    body.m_contentType = contentType;
    return body;
}

qint64 RequestBody::size() const
{
    if (m_kind == Kind::File) {
        const QFileInfo info(m_filePath);
        return info.isFile() && info.isReadable() ? info.size() : -1;
    }
    return m_data.size();
}

std::unique_ptr<QIODevice> RequestBody::open(QString *error) const
{
    if (m_kind == Kind::File) {
        auto file = std::make_unique<QFile>(m_filePath);
        if (!file->open(QIODevice::ReadOnly)) {
            if (error)
                *error = QStringLiteral("cannot read %1: %2").arg(m_filePath, file->errorString());
            return nullptr;
        }
        return file;
    }
    auto buffer = std::make_unique<QBuffer>();
    buffer->setData(m_data);
    buffer->open(QIODevice::ReadOnly);
    return buffer;
}

QByteArray RequestBody::preview(qint64 maxBytes) const
{
    if (m_kind != Kind::File)
        return m_data.left(maxBytes);
    QFile file(m_filePath);
    if (!file.open(QIODevice::ReadOnly))
        return QByteArray();
    return file.read(maxBytes);
}

QString RequestBody::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None: return QStringLiteral("none");
    case Kind::Text: return QStringLiteral("text");
    case Kind::Json: return QStringLiteral("json");
    case Kind::Form: return QStringLiteral("form");
    case Kind::File: return QStringLiteral("file");
    }
    return QString();
}
