#pragma once

#include "bodyformatter.h"

#include <QWidget>

#include <memory>

class BodyBuffer;
class SecretMatcher;
class QButtonGroup;
class QLabel;
class QPlainTextEdit;
class QStackedWidget;
class QToolButton;

// Shows a body in a pretty view (re-indented JSON/XML) and a raw view, both read-only and
// monospaced. Only the first BodyFormatter::displayLimit() bytes are read from the buffer, so a
// large body costs the same as a small one; the note above the text says what was left out.
// Secrets of the exchange that a server echoes (httpbin's /headers shows the Authorization sent)
// are masked until setRevealSecrets(true).
class BodyView : public QWidget
{
    Q_OBJECT
public:
    explicit BodyView(QWidget *parent = nullptr);

    void setBody(const std::shared_ptr<BodyBuffer> &body, const QByteArray &contentType);
    void setBytes(const QByteArray &bytes, qint64 totalSize, const QByteArray &contentType);
    void clear();

    // The secrets to mask (SecretRedactor::knownSecrets of the exchange shown); applies to the
    // next setBody/setBytes. Null or empty: nothing to mask.
    void setSecretMatcher(const std::shared_ptr<const SecretMatcher> &matcher);
    void setRevealSecrets(bool reveal);
    bool revealSecrets() const { return m_reveal; }
    // Whether the text shown has something masked.
    bool hidesSecrets() const { return m_hidesSecrets; }

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
    void format();
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
    // The bytes as received, so revealing or hiding secrets formats them again.
    QByteArray m_bytes;
    qint64 m_totalSize = 0;
    QByteArray m_contentType;
    std::shared_ptr<const SecretMatcher> m_matcher;
    bool m_reveal = false;
    bool m_hidesSecrets = false;
};
