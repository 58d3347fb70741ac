#pragma once

#include "http/requestbody.h"

#include <QWidget>

class KeyValueTable;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTimer;

// Composes a RequestBody: a kind selector matching RequestBody::Kind, a text editor shared by
// the Text and JSON kinds (so switching kind keeps what was typed), a key/value table for forms,
// a file chooser, and a Content-Type override.
class BodyEditor : public QWidget
{
    Q_OBJECT
public:
    explicit BodyEditor(QWidget *parent = nullptr);

    RequestBody body() const;
    void setBody(const RequestBody &body);

    RequestBody::Kind kind() const;
    void setKind(RequestBody::Kind kind);
    void setText(const QString &text);
    void setFilePath(const QString &path);
    void setContentType(const QString &contentType);

    QComboBox *kindSelector() const { return m_kind; }
    QPlainTextEdit *textEditor() const { return m_text; }
    KeyValueTable *formTable() const { return m_form; }
    QLineEdit *contentTypeField() const { return m_contentType; }
    QLineEdit *filePathField() const { return m_filePath; }
    // "Valid JSON" or the parse error, for the JSON kind.
    QString jsonStatus() const;

    // The Content-Type the engine uses for kind unless the user types another.
    static QByteArray defaultContentType(RequestBody::Kind kind);

signals:
    void changed();

private:
    void onKindChanged();
    void chooseFile();
    void updateFileInfo();
    void validateJson();
    void formatJson();

    QComboBox *m_kind;
    QLineEdit *m_contentType;
    QStackedWidget *m_pages;
    QPlainTextEdit *m_text;
    QWidget *m_jsonBar;
    QLabel *m_jsonStatus;
    QPushButton *m_formatJson;
    KeyValueTable *m_form;
    QLineEdit *m_filePath;
    QLabel *m_fileInfo;
    QTimer *m_jsonCheck;
};
