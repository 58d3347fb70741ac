#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

// The amber strip that says the OS keychain cannot be used (which failure, what to do) and
// offers to go on with session-only memory. Once the user chose that, it stays as a quiet note
// that nothing will be kept after AuthScope quits. Hidden until showProblem() or showSessionOnly().
class KeychainBanner : public QFrame
{
    Q_OBJECT
public:
    explicit KeychainBanner(QWidget *parent = nullptr);

    // message: the store's text (it already names the failure and what to do).
    void showProblem(const QString &message);
    void showSessionOnly();
    QString text() const;
    bool isSessionOnlyNote() const { return m_sessionOnlyNote; }

    QPushButton *sessionOnlyButton() const { return m_sessionOnly; }
    QPushButton *dismissButton() const { return m_dismiss; }

signals:
    void sessionOnlyRequested();

private:
    void setColors(const QColor &background, const QColor &text);

    QLabel *m_icon;
    QLabel *m_text;
    QPushButton *m_sessionOnly;
    QPushButton *m_dismiss;
    bool m_sessionOnlyNote = false;
};
