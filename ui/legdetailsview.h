#pragma once

#include "revealbutton.h"

#include <QByteArray>
#include <QWidget>

#include <memory>

struct Exchange;
struct Leg;
class BodyBuffer;
class BodyView;
class ChallengeView;
class CopyActions;
class HeaderListModel;
class RawMessageView;
class TimingWaterfall;
class SecretMatcher;
class QLabel;
class QListWidget;
class QTabWidget;
class QTableView;
class QToolButton;
class QTableWidget;
class QTreeWidget;

// Everything recorded for one leg: its diagnosis (why a 401/403/407 happened) at the top, request
// headers as sent (each with its source; fields added by Qt greyed; long values wrapped), request
// body, response headers and body, the raw request and response as on the wire with the
// authentication fields highlighted, the credentials sent decoded (Digest step by step) and the
// challenges received, cookies sent and set, TLS, the exchange's timing waterfall and the
// engine's annotations. Secrets (credentials in Authorization, cookie values, API keys, Digest's
// HA1) are masked until Show secrets is on. The header tables copy a value, a header line or the
// leg as curl (context menu, Ctrl+C for the line).
class LegDetailsView : public QWidget
{
    Q_OBJECT
public:
    enum Tab { RequestTab, ResponseTab, RawTab, BodyTab, AuthTab, CookiesTab, TlsTab, TimingTab, NotesTab };

    explicit LegDetailsView(QWidget *parent = nullptr);
    ~LegDetailsView() override;

    // The exchange the next legs belong to (call before setLeg): its legs fill the timing
    // waterfall and the diagnosis is drawn from it. Without one a leg is shown on its own.
    void setExchangeContext(const Exchange &exchange);
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
    // Drives the window's RevealPolicy once MainWindow gives it one (revealSecretsButton()->setRevealPolicy).
    RevealButton *revealSecretsButton() const { return m_reveal; }
    // Shown when the leg sent a Bearer token: opens it in the token inspector.
    QToolButton *inspectTokenButton() const { return m_inspectToken; }
    QString summary() const;
    // "credentials-rejected", or empty when the leg has no diagnosis.
    QString diagnosisCode() const { return m_diagnosisCode; }
    QLabel *diagnosisLabel() const { return m_diagnosis; }
    QToolButton *diagnosisDetailsButton() const { return m_diagnosisDetails; }
    RawMessageView *rawView() const { return m_raw; }
    TimingWaterfall *timingWaterfall() const { return m_waterfall; }
    QTableView *requestHeadersView() const { return m_requestHeadersView; }
    QTableView *responseHeadersView() const { return m_responseHeadersView; }
    CopyActions *requestCopyActions() const { return m_requestCopy; }
    CopyActions *responseCopyActions() const { return m_responseCopy; }

    // The token of the leg's "Authorization: Bearer" field; empty when it sent none.
    static QByteArray sentBearerToken(const Leg &leg);

    bool revealSecrets() const;
    void setRevealSecrets(bool reveal);
    // The exchange's known secrets, masked in the bodies shown (set before setLeg).
    void setSecretMatcher(const std::shared_ptr<const SecretMatcher> &matcher);

signals:
    void inspectTokenRequested();
    // A leg's row in the timing waterfall was clicked (index into the exchange's legs).
    void legRequested(int index);

protected:
    void changeEvent(QEvent *event) override;

private:
    void showSummary(const Leg &leg);
    void showDiagnosis(const Leg &leg);
    bool isInContext(const Leg &leg) const;
    void showRaw();
    CopyActions *installCopyActions(QTableView *view, HeaderListModel *model);
    void showCookies(const Leg &leg);
    void showTls(const Leg &leg);
    void showTiming(const Leg &leg);
    void showNotes(const Leg &leg);
    void loadResponseBodyIfShown();

    QLabel *m_summary;
    QLabel *m_diagnosis;
    QToolButton *m_diagnosisDetails;
    QString m_diagnosisCode;
    RawMessageView *m_raw;
    TimingWaterfall *m_waterfall;
    CopyActions *m_requestCopy = nullptr;
    CopyActions *m_responseCopy = nullptr;
    std::unique_ptr<Exchange> m_exchange; // the context set by setExchangeContext
    std::shared_ptr<const SecretMatcher> m_matcher;
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
    RevealButton *m_reveal;
    QToolButton *m_inspectToken;
    std::unique_ptr<Leg> m_leg; // the leg shown, redrawn when secrets are revealed or hidden
    // The response body is formatted only when its tab is opened: most legs are redirects
    // nobody reads the body of, and a large body costs a noticeable moment.
    std::shared_ptr<BodyBuffer> m_pendingBody;
    QByteArray m_pendingContentType;
};
