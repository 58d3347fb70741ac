#pragma once

#include <QWidget>

struct Diagnosis;
struct Exchange;
class QLabel;

// The one-line summary above a response: a chip with the status code and reason coloured by
// class, then the diagnosis of a refusal (Diagnoser: title and summary), total time, size and protocol. Also shows "sending",
// transport failures and why authentication failed.
class StatusLine : public QWidget
{
    Q_OBJECT
public:
    explicit StatusLine(QWidget *parent = nullptr);

    void showIdle();
    void showRunning(int legCount);
    // The exchange stopped at a challenge until the user answers the credential dialog.
    void showWaitingForCredentials(const QString &what);
    // The request was not sent: it failed to parse or to validate.
    void showInvalidRequest(const QString &message);
    // Shows the final leg's status, or the exchange's error when no response arrived.
    void showExchange(const Exchange &exchange);

    // "credentials rejected: the server refused alice's Basic credentials …".
    static QString diagnosisText(const Diagnosis &diagnosis);

    QString statusText() const;
    QString detailsText() const;
    QColor statusColor() const { return m_color; }

private:
    void setChip(const QString &text, const QColor &color);
    // Shown in at most three lines (LabelLineLimit); the whole text stays in the tooltip (and on
    // the response's outcome page).
    void setDetails(const QString &text);

    QLabel *m_chip;
    QLabel *m_details;
    QColor m_color;
};
