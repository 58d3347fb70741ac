#pragma once

#include <QColor>
#include <QFrame>

class QLabel;
class QPushButton;
class QToolButton;

// The strip above the main window's work area that says the OS keychain cannot be used (which
// failure, what to do) and offers to go on with session-only memory. Once the user chose that, it
// stays as a quiet note that nothing will be kept after AuthScope quits. Hidden until
// showProblem() or showSessionOnly(); the close button hides it until the next call.
// Drawn in the same colours as the Credentials window's strips (pale amber for a problem, pale
// blue for the note, dark text), whatever the style's palette, so both read the same.
class KeychainBanner : public QFrame
{
    Q_OBJECT
public:
    explicit KeychainBanner(QWidget *parent = nullptr);

    // message: the store's text (it already names the failure and what to do).
    void showProblem(const QString &message);
    void showSessionOnly();
    // What the banner says, as plain text.
    QString text() const { return m_plainText; }
    bool isSessionOnlyNote() const { return m_sessionOnlyNote; }

    QPushButton *sessionOnlyButton() const { return m_sessionOnly; }
    QToolButton *dismissButton() const { return m_dismiss; }
    QColor backgroundColor() const { return m_background; }

signals:
    void sessionOnlyRequested();

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void setLook(const QColor &background, const QColor &border, int standardIcon);

    QLabel *m_icon;
    QLabel *m_text;
    QPushButton *m_sessionOnly;
    QToolButton *m_dismiss;
    QString m_plainText;
    QColor m_background;
    QColor m_border;
    bool m_sessionOnlyNote = false;
};
