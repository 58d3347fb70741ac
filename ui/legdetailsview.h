#pragma once

#include <QByteArray>
#include <QWidget>

#include <memory>

struct Leg;
class BodyBuffer;
class BodyView;
class HeaderListModel;
class QLabel;
class QListWidget;
class QTabWidget;
class QTableView;
class QTableWidget;
class QTreeWidget;

// Everything recorded for one leg: request headers as sent (each with its source; fields added
// by Qt greyed), request body, response headers and body, cookies sent and set, TLS, timing
// phases and the engine's annotations.
class LegDetailsView : public QWidget
{
    Q_OBJECT
public:
    enum Tab { RequestTab, ResponseTab, BodyTab, CookiesTab, TlsTab, TimingTab, NotesTab };

    explicit LegDetailsView(QWidget *parent = nullptr);

    // Shows a copy of leg; nullptr clears the view.
    void setLeg(const Leg *leg);

    QTabWidget *tabs() const { return m_tabs; }
    HeaderListModel *requestHeadersModel() const { return m_requestHeaders; }
    HeaderListModel *responseHeadersModel() const { return m_responseHeaders; }
    BodyView *requestBodyView() const { return m_requestBody; }
    BodyView *responseBodyView() const { return m_responseBody; }
    QTableWidget *cookiesTable() const { return m_cookies; }
    QTreeWidget *tlsTree() const { return m_tls; }
    QTreeWidget *timingTree() const { return m_timing; }
    QListWidget *notesList() const { return m_notes; }
    QString summary() const;

private:
    void showCookies(const Leg &leg);
    void showTls(const Leg &leg);
    void showTiming(const Leg &leg);
    void showNotes(const Leg &leg);
    void loadResponseBodyIfShown();

    QLabel *m_summary;
    QTabWidget *m_tabs;
    HeaderListModel *m_requestHeaders;
    HeaderListModel *m_responseHeaders;
    QTableView *m_requestHeadersView;
    QTableView *m_responseHeadersView;
    QLabel *m_requestBodyLabel;
    BodyView *m_requestBody;
    BodyView *m_responseBody;
    QTableWidget *m_cookies;
    QTreeWidget *m_tls;
    QTreeWidget *m_timing;
    QListWidget *m_notes;
    // The response body is formatted only when its tab is opened: most legs are redirects
    // nobody reads the body of, and a large body costs a noticeable moment.
    std::shared_ptr<BodyBuffer> m_pendingBody;
    QByteArray m_pendingContentType;
};
