#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <memory>

class QIODevice;

// What a request carries. Files are streamed from disk for every leg that sends them, so a
// large upload is never held in memory.
class RequestBody
{
public:
    enum class Kind { None, Text, Json, Form, File };

    RequestBody() = default;
    static RequestBody text(const QByteArray &data,
                            const QByteArray &contentType = QByteArrayLiteral("text/plain; charset=utf-8"));
    static RequestBody json(const QByteArray &data);
    // application/x-www-form-urlencoded, fields in order.
    static RequestBody form(const QList<QPair<QString, QString>> &fields);
    static RequestBody file(const QString &path,
                            const QByteArray &contentType = QByteArrayLiteral("application/octet-stream"));

    Kind kind() const { return m_kind; }
    bool isEmpty() const { return m_kind == Kind::None; }
    QByteArray contentType() const { return m_contentType; }
    void setContentType(const QByteArray &type) { m_contentType = type; }
    QString filePath() const { return m_filePath; }
    QList<QPair<QString, QString>> formFields() const { return m_formFields; }
    // In-memory bytes for Text, Json and Form; empty for File.
    QByteArray data() const { return m_data; }

    // Size in bytes, -1 if a file cannot be read.
    qint64 size() const;
    // A fresh device positioned at the start, owned by the caller; null with *error set when a
    // file cannot be opened.
    std::unique_ptr<QIODevice> open(QString *error) const;
    // At most maxBytes of the body, for recording and display.
    QByteArray preview(qint64 maxBytes) const;

    static QString kindName(Kind kind);

private:
    Kind m_kind = Kind::None;
    QByteArray m_data;
    QByteArray m_contentType;
    QString m_filePath;
    QList<QPair<QString, QString>> m_formFields;
};
