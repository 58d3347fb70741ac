#include "oauthprofilelistmodel.h"

#include "core/displaytext.h"
#include "oauth/oauthprofilestore.h"
#include "uiformat.h"

#include <QColor>

OAuthProfileListModel::OAuthProfileListModel(OAuthProfileStore *store, TokenBroker *broker, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store)
    , m_broker(broker)
    , m_now(QDateTime::currentDateTimeUtc())
{
    connect(store, &OAuthProfileStore::changed, this, &OAuthProfileListModel::reload);
    connect(broker, &TokenBroker::stateChanged, this, &OAuthProfileListModel::stateChanged);
    reload();
}

void OAuthProfileListModel::reload()
{
    beginResetModel();
    m_profiles = m_store ? m_store->profiles() : QList<OAuthProfile>();
    endResetModel();
    // The states come from the keychain, asynchronously: rows read "…" until they arrive.
    if (m_broker) {
        for (const OAuthProfile &profile : std::as_const(m_profiles)) {
            if (m_broker->state(profile.name).state == TokenBroker::State::Unknown)
                m_broker->refreshState(profile.name);
        }
    }
}

void OAuthProfileListModel::stateChanged(const QString &profile)
{
    const int row = rowOf(profile);
    if (row >= 0)
        emit dataChanged(index(row, StateColumn), index(row, StateColumn));
}

int OAuthProfileListModel::rowOf(const QString &name) const
{
    for (int row = 0; row < m_profiles.size(); ++row) {
        if (m_profiles.at(row).name == name)
            return row;
    }
    return -1;
}

void OAuthProfileListModel::setSigningIn(const QString &profile)
{
    const QString before = std::exchange(m_signingIn, profile);
    stateChanged(before);
    stateChanged(profile);
}

void OAuthProfileListModel::tick(const QDateTime &nowUtc)
{
    m_now = nowUtc;
    if (!m_profiles.isEmpty())
        emit dataChanged(index(0, StateColumn), index(int(m_profiles.size()) - 1, StateColumn));
}

int OAuthProfileListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_profiles.size());
}

int OAuthProfileListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString OAuthProfileListModel::grantTitle(OAuthProfile::Grant grant)
{
    switch (grant) {
    case OAuthProfile::Grant::ClientCredentials: return tr("Client credentials");
    case OAuthProfile::Grant::AuthorizationCode: return tr("Authorization code + PKCE");
    case OAuthProfile::Grant::DeviceCode: return tr("Device code");
    case OAuthProfile::Grant::Password: return tr("Password (deprecated)");
    }
    return QString();
}

QString OAuthProfileListModel::endpointText(const OAuthProfile &profile)
{
    if (!profile.issuer.isEmpty())
        return profile.issuer.toDisplayString();
    return UiFormat::displayUrl(profile.tokenUrl);
}

QString OAuthProfileListModel::stateText(const TokenBroker::ProfileState &state, const QDateTime &nowUtc, bool renewable)
{
    using State = TokenBroker::State;
    QString text;
    const bool pastExpiry = state.expiresAt.isValid() && state.expiresAt <= nowUtc;
    switch (state.state) {
    case State::Unknown:
        text = QStringLiteral("…");
        break;
    case State::NoTokens:
        text = tr("not signed in");
        break;
    case State::Valid:
    case State::Expired:
        if (state.state == State::Expired || pastExpiry) {
            text = state.expiresAt.isValid()
                ? tr("expired at %1 (%2)").arg(UiFormat::localTime(state.expiresAt),
                                               UiFormat::relativeTime(state.expiresAt, nowUtc))
                : tr("expired");
            if (state.hasRefreshToken || renewable)
                text += tr(" · renewed when used");
        } else {
            text = state.expiresAt.isValid()
                ? tr("valid until %1 · %2").arg(UiFormat::localTime(state.expiresAt),
                                                UiFormat::relativeTime(state.expiresAt, nowUtc))
                : tr("valid (expiry unknown)");
        }
        break;
    case State::Refreshing:
        text = tr("refreshing…");
        break;
    case State::Failed:
        text = state.lastError.isEmpty() ? tr("failed") : tr("failed: %1").arg(DisplayText::escaped(state.lastError));
        break;
    }
    if (state.inMemoryOnly)
        text += tr(" · in memory only (the keychain refused it)");
    return text;
}

QColor OAuthProfileListModel::stateColor(const TokenBroker::ProfileState &state, const QDateTime &nowUtc)
{
    using State = TokenBroker::State;
    const bool pastExpiry = state.expiresAt.isValid() && state.expiresAt <= nowUtc;
    switch (state.state) {
    case State::Valid:
        return pastExpiry ? UiFormat::warningColor() : UiFormat::statusColor(200);
    case State::Expired:
        return UiFormat::warningColor();
    case State::Failed:
        return UiFormat::dangerColor();
    case State::Refreshing:
        return UiFormat::statusColor(300);
    case State::Unknown:
    case State::NoTokens:
        break;
    }
    return QColor();
}

QVariant OAuthProfileListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_profiles.size())
        return {};
    const OAuthProfile &profile = m_profiles.at(index.row());
    if (role == NameRole)
        return profile.name;
    const TokenBroker::ProfileState state = m_broker ? m_broker->state(profile.name) : TokenBroker::ProfileState();
    const bool renewable = profile.grant == OAuthProfile::Grant::ClientCredentials;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn: return profile.name;
        case GrantColumn: return grantTitle(profile.grant);
        case EndpointColumn: return endpointText(profile);
        case StateColumn:
            if (state.state == TokenBroker::State::Refreshing && profile.name == m_signingIn)
                return tr("signing in…");
            return stateText(state, m_now, renewable);
        }
        break;
    case Qt::ToolTipRole:
        // Nothing secret is in a profile; the state's error is the server's text, escaped.
        if (index.column() == StateColumn)
            return UiFormat::plainToolTip(stateText(state, m_now, renewable));
        if (index.column() == EndpointColumn)
            return UiFormat::plainToolTip(profile.tokenUrl.isEmpty() ? endpointText(profile)
                                                                     : tr("Token endpoint: %1").arg(UiFormat::displayUrl(profile.tokenUrl)));
        break;
    case Qt::ForegroundRole:
        if (index.column() == StateColumn) {
            const QColor color = stateColor(state, m_now);
            if (color.isValid())
                return color;
        }
        if (index.column() == GrantColumn && profile.grant == OAuthProfile::Grant::Password)
            return UiFormat::warningColor();
        break;
    }
    return {};
}

QVariant OAuthProfileListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Name");
    case GrantColumn: return tr("Grant");
    case EndpointColumn: return tr("Issuer / token endpoint");
    case StateColumn: return tr("Token");
    }
    return {};
}
