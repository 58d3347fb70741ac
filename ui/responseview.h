#pragma once

#include "revealbutton.h"
#include "http/exchange.h"

#include <QWidget>

class BodyView;
class HeaderListModel;
class InsecureBanner;
class QAction;
class QLabel;
class QStackedWidget;
class QTabWidget;
class QTableView;
class QToolButton;
class StatusLine;

// The final response of an exchange: status line, body (pretty and raw) and headers in wire
// order with duplicates kept. Secrets (Set-Cookie values, credentials of the exchange that the
// body repeats) are masked until Show secrets. Where no response is to be shown (an exchange in
// flight, a failure, a request that could not be sent) the outcome page says so in its place,
// so an earlier exchange's response never stands for the current one.
class ResponseView : public QWidget
{
    Q_OBJECT
public:
    enum Tab { BodyTab, HeadersTab };

    explicit ResponseView(QWidget *parent = nullptr);

    // The exchange in flight: the previous response goes; the page says what is being sent.
    void showRunning(const Exchange &exchange);
    // The exchange stopped at a challenge until the user answers the credential dialog.
    void showWaitingForCredentials(const Exchange &exchange, const QString &what);
    void showExchange(const Exchange &exchange);
    // The request was not sent (a URL that does not parse, a header Qt would refuse).
    void showInvalidRequest(const QString &message);
    void clear();

    // True while the outcome page stands where the response would be.
    bool isShowingOutcome() const;
    QString outcomeTitle() const;
    QString outcomeText() const;

    StatusLine *statusLine() const { return m_status; }
    BodyView *bodyView() const { return m_body; }
    HeaderListModel *headersModel() const { return m_headers; }
    QTableView *headersView() const { return m_headersView; }
    InsecureBanner *insecureBanner() const { return m_banner; }
    QTabWidget *tabs() const { return m_tabs; }
    QWidget *outcomePage() const { return m_outcome; }
    // On the headers table (context menu; Ctrl+C copies the line), as shown: secrets masked
    // unless Show secrets is on.
    QAction *copyHeaderValueAction() const { return m_copyValue; }
    QAction *copyHeaderLineAction() const { return m_copyLine; }
    QAction *copyAllHeadersAction() const { return m_copyAll; }
    // Drives the window's RevealPolicy once MainWindow gives it one (revealSecretsButton()->setRevealPolicy).
    RevealButton *revealSecretsButton() const { return m_reveal; }

private:
    void clearResponse();
    void showOutcome(const QString &title, const QString &text);
    void setUpHeaderCopying();

    InsecureBanner *m_banner;
    StatusLine *m_status;
    QStackedWidget *m_pages;
    QTabWidget *m_tabs;
    QWidget *m_outcome;
    QLabel *m_outcomeTitle;
    QLabel *m_outcomeText;
    BodyView *m_body;
    HeaderListModel *m_headers;
    QTableView *m_headersView;
    RevealButton *m_reveal;
    QAction *m_copyValue = nullptr;
    QAction *m_copyLine = nullptr;
    QAction *m_copyAll = nullptr;
};
