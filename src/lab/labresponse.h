#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

// What the lab answers. Header fields are written exactly as given, in order, so a lesson can send
// a malformed challenge; the connection adds Date, Server, Content-Length (or chunked framing) and
// Connection unless the lesson set them.
struct LabResponse
{
    int status = 200;
    QByteArray reason;                              // empty: the standard phrase
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool chunked = false;                           // Transfer-Encoding: chunked instead of Content-Length
    bool closeConnection = false;                   // Connection: close, then close

    LabResponse &setHeader(const QByteArray &name, const QByteArray &value)
    {
        headers.append({name, value});
        return *this;
    }
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &field : headers) {
            if (field.first.compare(name, Qt::CaseInsensitive) == 0)
                return field.second;
        }
        return {};
    }

    static LabResponse text(int status, const QString &body)
    {
        LabResponse response;
        response.status = status;
        response.body = body.toUtf8();
        response.setHeader("Content-Type", "text/plain; charset=utf-8");
        return response;
    }
    static LabResponse json(int status, const QJsonObject &object)
    {
        LabResponse response;
        response.status = status;
        response.body = QJsonDocument(object).toJson(QJsonDocument::Indented);
        response.setHeader("Content-Type", "application/json");
        return response;
    }
    static LabResponse html(int status, const QString &body)
    {
        LabResponse response;
        response.status = status;
        response.body = body.toUtf8();
        response.setHeader("Content-Type", "text/html; charset=utf-8");
        return response;
    }
};
