#pragma once

#include "engine/tokenprovider.h"
#include "http/exchange.h"
#include "oauth/oauthprofile.h"

#include <QDialog>
#include <QPointer>

#include <functional>
#include <optional>

class ExchangeJob;
class ExchangeView;
class GuiSignInPrompter;
class HttpSession;
class OAuthProfileDialog;
class OAuthProfileListModel;
class OAuthProfileStore;
class OAuthStoreJob;
class QFrame;
class QLabel;
class QPushButton;
class QTableView;
class QTimer;
class TokenBroker;
class TokenInspector;

// The OAuth profiles: each profile's name, grant, issuer or token URL and its token's state with
// a live countdown (valid until ..., expired, refreshing, failed with the token endpoint's error,
// in memory only). Add/Edit open an OAuthProfileDialog; Delete asks first; Sign in, Refresh and
// Revoke run a token-only exchange through the session (so the grant's calls are legs, shown
// below like any exchange's). A failed refresh offers Sign in. Inspect token opens the access
// token in a TokenInspector (masked until revealed).
//
// Non-modal and never blocking: store calls are jobs, one token exchange at a time. None of the
// objects given is owned; all must outlive the window.
class OAuthProfilesWindow : public QDialog
{
    Q_OBJECT
public:
    using Confirmer = std::function<void(const QString &question, std::function<void()> proceed)>;

    OAuthProfilesWindow(OAuthProfileStore *store, TokenBroker *broker, HttpSession *session,
                        GuiSignInPrompter *prompter, QWidget *parent = nullptr);
    ~OAuthProfilesWindow() override;

    void setConfirmer(Confirmer confirmer) { m_confirm = std::move(confirmer); }

    OAuthProfileListModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    ExchangeView *exchangeView() const { return m_exchangeView; }
    QLabel *exchangeTitle() const { return m_exchangeTitle; }
    QLabel *messageLabel() const { return m_messageText; }
    QPushButton *messageSignInButton() const { return m_messageSignIn; }
    QPushButton *addButton() const { return m_add; }
    QPushButton *editButton() const { return m_edit; }
    QPushButton *deleteButton() const { return m_delete; }
    QPushButton *signInButton() const { return m_signIn; }
    QPushButton *refreshButton() const { return m_refresh; }
    QPushButton *revokeButton() const { return m_revoke; }
    QPushButton *inspectButton() const { return m_inspect; }
    OAuthProfileDialog *profileDialog() const;
    TokenInspector *inspector() const;

    bool isBusy() const { return !m_tokenJob.isNull() || !m_storeJob.isNull(); }
    // The last token exchange, complete once tokenExchangeFinished() came.
    const Exchange &lastExchange() const { return m_lastExchange; }
    QString selectedProfile() const;
    bool selectProfile(const QString &name);

public slots:
    void addProfile();
    void editSelected();
    void deleteSelected();
    void signInSelected();
    void refreshSelected();
    void revokeSelected();
    void inspectSelected();
    // Runs the profile's grant (the main window's "Sign in" after a failed refresh lands here).
    void signIn(const QString &profile);

signals:
    void tokenExchangeFinished();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void openEditor(OAuthProfileDialog *dialog);
    void save(OAuthProfileDialog *dialog);
    void runToken(const QString &profile, TokenQuestion::Purpose purpose);
    void tokenExchangeDone();
    void runStore(OAuthStoreJob *job, std::function<void(OAuthStoreJob *)> done);
    void showMessage(const QString &text, const QString &signInProfile = QString());
    void clearMessage();
    void updateActions();
    void updateExchange();

    OAuthProfileStore *m_store;
    TokenBroker *m_broker;
    HttpSession *m_session;
    OAuthProfileListModel *m_model;
    Confirmer m_confirm;
    QPointer<ExchangeJob> m_tokenJob;
    QPointer<OAuthStoreJob> m_storeJob;
    QPointer<OAuthProfileDialog> m_editor;
    QPointer<TokenInspector> m_inspector;
    QString m_tokenProfile;
    Exchange m_lastExchange;
    TokenQuestion::Purpose m_tokenPurpose = TokenQuestion::Purpose::SignIn;
    QString m_signInProfile;
    QString m_selectedBeforeReset;
    QTimer *m_tick;

    QFrame *m_message;
    QLabel *m_messageText;
    QPushButton *m_messageSignIn;
    QTableView *m_table;
    QLabel *m_emptyNote;
    QLabel *m_exchangeTitle;
    ExchangeView *m_exchangeView;
    QPushButton *m_add;
    QPushButton *m_edit;
    QPushButton *m_delete;
    QPushButton *m_signIn;
    QPushButton *m_refresh;
    QPushButton *m_revoke;
    QPushButton *m_inspect;
};
