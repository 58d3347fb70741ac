#pragma once

#include <QByteArray>
#include <QWidget>

#include <memory>

struct Leg;
class BodyBuffer;
class BodyView;
class ChallengeView;
class HeaderListModel;
class SecretMatcher;
class QLabel;
class QListWidget;
class QTabWidget;
class QTableView;
class QToolButton;
class QTableWidget;
class QTreeWidget;

// Everything recorded for one leg: request headers as sent (each with its source; fields added
// by Qt greyed), request body, response headers and body, the credentials sent and challenges
// received, cookies sent and set, TLS, timing phases and the engine's annotations. Secrets
// (credentials in Authorization, cookie values, API keys) are masked until Show secrets is on.
class LegDetailsView : public QWidget
{
    Q_OBJECT
public:
    enum Tab { RequestTab, ResponseTab, BodyTab, AuthTab, CookiesTab, TlsTab, TimingTab, NotesTab };

    explicit LegDetailsView(QWidget *parent = nullptr);
    ~LegDetailsView() override;

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
    ChallengeView *challengeView() const { return m_challenges; }
    QToolButton *revealSecretsButton() const { return m_reveal; }
    // Shown when the leg sent a Bearer token: opens it in the token inspector.
    QToolButton *inspectTokenButton() const { return m_inspectToken; }
    QString summary() const;

    // The token of the leg's "Authorization: Bearer" field; empty when it sent none.
    static QByteArray sentBearerToken(const Leg &leg);

    bool revealSecrets() const;
    void setRevealSecrets(bool reveal);
    // The exchange's known secrets, masked in the bodies shown (set before setLeg).
    void setSecretMatcher(const std::shared_ptr<const SecretMatcher> &matcher);

signals:
    void inspectTokenRequested();

private:
    void showSummary(const Leg &leg);
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
    ChallengeView *m_challenges;
    QToolButton *m_reveal;
    QToolButton *m_inspectToken;
    std::unique_ptr<Leg> m_leg; // the leg shown, redrawn when secrets are revealed or hidden
    // The response body is formatted only when its tab is opened: most legs are redirects
    // nobody reads the body of, and a large body costs a noticeable moment.
    std::shared_ptr<BodyBuffer> m_pendingBody;
    QByteArray m_pendingContentType;
};
