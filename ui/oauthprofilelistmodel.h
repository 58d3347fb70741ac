#pragma once

#include "oauth/oauthprofile.h"
#include "oauth/tokenbroker.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>
#include <QPointer>

class OAuthProfileStore;

// The OAuth profiles of a store as rows: name, grant, where tokens come from (issuer or token
// URL) and the token's state from the broker ("valid until 14:02:09 · in 4 min 5 s", "expired",
// "refreshing…", "failed: invalid_grant …", "in memory only"). Holds nothing secret. tick()
// redraws the state column so the countdown moves; the owner calls it every second.
class OAuthProfileListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, GrantColumn, EndpointColumn, StateColumn, ColumnCount };
    // The profile's name, for any column.
    static constexpr int NameRole = Qt::UserRole + 1;

    // Neither is owned; both must outlive the model.
    OAuthProfileListModel(OAuthProfileStore *store, TokenBroker *broker, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const QList<OAuthProfile> &profiles() const { return m_profiles; }
    int rowOf(const QString &name) const;
    // The profile the window is signing in (its Refreshing state reads "signing in…"); empty: none.
    void setSigningIn(const QString &profile);
    // Redraws the states as of now (the countdown); now is injectable for tests.
    void tick(const QDateTime &nowUtc = QDateTime::currentDateTimeUtc());

    // The words for a state: what the State column and the inspector show.
    // renewable: an expired token is replaced when used (a refresh token, or client_credentials).
    static QString stateText(const TokenBroker::ProfileState &state, const QDateTime &nowUtc, bool renewable = false);
    static QColor stateColor(const TokenBroker::ProfileState &state, const QDateTime &nowUtc);
    static QString grantTitle(OAuthProfile::Grant grant);
    // The issuer when metadata is discovered, else the token URL.
    static QString endpointText(const OAuthProfile &profile);

private:
    void reload();
    void stateChanged(const QString &profile);

    QPointer<OAuthProfileStore> m_store;
    QPointer<TokenBroker> m_broker;
    QList<OAuthProfile> m_profiles;
    QDateTime m_now;
    QString m_signingIn;
};
