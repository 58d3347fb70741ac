#pragma once

#include "http/exchange.h"

#include <QWidget>

class BodyView;
class HeaderListModel;
class InsecureBanner;
class QTabWidget;
class QTableView;
class QToolButton;
class StatusLine;

// The final response of an exchange: status line, body (pretty and raw) and headers in wire
// order with duplicates kept. Secrets (Set-Cookie values, credentials of the exchange that the
// body repeats) are masked until Show secrets.
class ResponseView : public QWidget
{
    Q_OBJECT
public:
    enum Tab { BodyTab, HeadersTab };

    explicit ResponseView(QWidget *parent = nullptr);

    void showRunning(const Exchange &exchange);
    void showExchange(const Exchange &exchange);
    void clear();

    StatusLine *statusLine() const { return m_status; }
    BodyView *bodyView() const { return m_body; }
    HeaderListModel *headersModel() const { return m_headers; }
    QTableView *headersView() const { return m_headersView; }
    InsecureBanner *insecureBanner() const { return m_banner; }
    QTabWidget *tabs() const { return m_tabs; }
    QToolButton *revealSecretsButton() const { return m_reveal; }

private:
    InsecureBanner *m_banner;
    StatusLine *m_status;
    QTabWidget *m_tabs;
    BodyView *m_body;
    HeaderListModel *m_headers;
    QTableView *m_headersView;
    QToolButton *m_reveal;
};
