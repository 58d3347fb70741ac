#pragma once

#include "bodyformatter.h"

#include <QWidget>

#include <memory>

class BodyBuffer;
class QButtonGroup;
class QLabel;
class QPlainTextEdit;
class QStackedWidget;
class QToolButton;

// Shows a body in a pretty view (re-indented JSON/XML) and a raw view, both read-only and
// monospaced. Only the first BodyFormatter::displayLimit() bytes are read from the buffer, so a
// large body costs the same as a small one; the note above the text says what was left out.
class BodyView : public QWidget
{
    Q_OBJECT
public:
    explicit BodyView(QWidget *parent = nullptr);

    void setBody(const std::shared_ptr<BodyBuffer> &body, const QByteArray &contentType);
    void setBytes(const QByteArray &bytes, qint64 totalSize, const QByteArray &contentType);
    void clear();

    bool isPretty() const;
    void setPretty(bool pretty);

    const FormattedBody &formatted() const { return m_formatted; }
    // The text in the view now shown.
    QString currentText() const;
    QString note() const;
    QPlainTextEdit *prettyEditor() const { return m_pretty; }
    QPlainTextEdit *rawEditor() const { return m_raw; }

signals:
    void prettyToggled(bool pretty);

private:
    void showFormatted();
    void fillRawIfNeeded();

    BodyFormatter m_formatter;
    FormattedBody m_formatted;
    QToolButton *m_prettyButton;
    QToolButton *m_rawButton;
    QButtonGroup *m_modes;
    QLabel *m_kind;
    QLabel *m_note;
    QStackedWidget *m_stack;
    QPlainTextEdit *m_pretty;
    QPlainTextEdit *m_raw;
    bool m_rawFilled = false;
};
