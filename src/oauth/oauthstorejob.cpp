#include "oauthstorejob.h"

#include "oauthprofilestore.h"

#include "core/secretbytes.h"
#include "credentials/credentialstore.h"

#include <qt6keychain/keychain.h>

namespace {
const QString kClientSecret = QStringLiteral("client-secret");
const QString kTokens = QStringLiteral("tokens");
} // namespace

OAuthStoreJob::OAuthStoreJob(OAuthProfileStore *profiles, CredentialStore *credentials, Operation operation,
                             const QString &name)
    : CredentialStoreJob(credentials), m_profiles(profiles), m_operation(operation), m_name(name)
{
}

OAuthStoreJob::~OAuthStoreJob()
{
    SecretBytes::wipe(m_clientSecret);
    m_tokens.wipe();
}

Status OAuthStoreJob::status() const
{
    const Status status = CredentialStoreJob::status();
    if (m_profileMissing)
        return Status(Status::Code::NotFound, NoteCode::OAuthProfileNotFound, status.message());
    if (isKeychainUnavailable())
        return Status(status.code(), NoteCode::KeychainUnavailable, status.message());
    return status;
}

void OAuthStoreJob::run()
{
    if (!m_profiles) {
        finish(Error::KeychainFailed, QStringLiteral("The OAuth profile store was closed before the job ran."));
        return;
    }
    switch (m_operation) {
    case Operation::SaveProfile: saveProfile(); return;
    case Operation::LoadSecrets: loadSecrets(); return;
    case Operation::StoreTokens: storeTokens(); return;
    case Operation::ClearTokens: clearTokens(); return;
    case Operation::RemoveProfile: removeProfile(); return;
    }
}

bool OAuthStoreJob::requireProfile()
{
    if (m_profiles->profile(m_name))
        return true;
    m_profileMissing = true;
    finish(Error::NotFound, QStringLiteral("No OAuth profile is named \"%1\".").arg(m_name));
    return false;
}

void OAuthStoreJob::saveProfile()
{
    QString error;
    if (!m_profile.validate(&error)) {
        finish(Error::InvalidInput, error);
        return;
    }
    m_profiles->reload(); // another process may have changed the index: merge, do not overwrite
    if (!m_profiles->indexReadable(&error)) {
        finish(Error::IndexNotWritten, error);
        return;
    }
    const bool isNew = !m_profiles->profile(m_name).has_value();
    if (isNew && m_profile.clientAuth != OAuthProfile::ClientAuth::None && m_clientSecret.isEmpty()) {
        finish(Error::InvalidInput, QStringLiteral("The client authentication %1 needs a client secret; a public "
                                                   "client uses none.")
                                        .arg(OAuthProfile::clientAuthName(m_profile.clientAuth)));
        return;
    }
    if (m_clientSecret.isEmpty()) {
        writeIndex(false);
        return;
    }
    writeEntry(kClientSecret, m_clientSecret, [this, isNew] {
        SecretBytes::wipe(m_clientSecret);
        writeIndex(isNew);
    });
}

void OAuthStoreJob::writeIndex(bool newSecretWritten)
{
    QString error;
    if (m_profiles && m_profiles->putProfile(m_profile, &error)) {
        finish(Error::NoError);
        return;
    }
    if (!newSecretWritten) {
        finish(Error::IndexNotWritten, error);
        return;
    }
    // A secret no index names could never be seen or deleted: take it out again.
    deleteEntry(kClientSecret, [this, error] {
        finish(Error::IndexNotWritten, error + QStringLiteral(" Nothing was stored."));
    });
}

void OAuthStoreJob::loadSecrets()
{
    if (!requireProfile())
        return;
    readEntry(kClientSecret, [this](const QByteArray &secret, bool) {
        m_clientSecret = secret;
        readEntry(kTokens, [this](const QByteArray &data, bool found) {
            if (!found) {
                finish(Error::NoError);
                return;
            }
            QString error;
            std::optional<TokenSet> tokens = TokenSet::deserialize(data, &error);
            if (!tokens) {
                finish(Error::KeychainFailed,
                       QStringLiteral("The stored tokens of \"%1\" cannot be read (%2). Sign in again to replace them.")
                           .arg(m_name, error));
                return;
            }
            m_tokens = *tokens;
            tokens->wipe();
            finish(Error::NoError);
        });
    });
}

void OAuthStoreJob::storeTokens()
{
    if (!requireProfile())
        return;
    QByteArray data = m_tokens.serialize();
    m_tokens.wipe();
    // QtKeychain replaces the entry in one call: a refused write leaves the previous pair.
    writeEntry(kTokens, data, [this] { finish(Error::NoError); });
    SecretBytes::wipe(data);
}

void OAuthStoreJob::clearTokens()
{
    if (!requireProfile())
        return;
    deleteEntry(kTokens, [this] { finish(Error::NoError); });
}

void OAuthStoreJob::removeProfile()
{
    m_profiles->reload();
    if (!requireProfile())
        return;
    deleteEntry(kTokens, [this] {
        deleteEntry(kClientSecret, [this] {
            QString error;
            if (m_profiles && m_profiles->dropProfile(m_name, &error))
                finish(Error::NoError);
            else
                finish(Error::IndexNotWritten, error + QStringLiteral(" Its secrets were removed from the keychain."));
        });
    });
}

void OAuthStoreJob::writeEntry(const QString &part, const QByteArray &data, std::function<void()> done)
{
    const QString key = OAuthProfileStore::keychainKey(m_name, part);
    if (m_store->isSessionOnly()) {
        m_profiles->setSessionSecret(key, data);
        done();
        return;
    }
    auto *write = new QKeychain::WritePasswordJob(CredentialStore::serviceName());
    write->setKey(key);
    write->setBinaryData(data);
    runKeychain(write, [this, done](QKeychain::Job *, Error error) {
        if (error == Error::NotFound) { // cannot happen for a write; never report a secret stored that is not
            finish(Error::KeychainFailed);
            return;
        }
        done();
    });
}

void OAuthStoreJob::readEntry(const QString &part, std::function<void(const QByteArray &, bool)> done)
{
    const QString key = OAuthProfileStore::keychainKey(m_name, part);
    if (m_store->isSessionOnly()) {
        const std::optional<QByteArray> secret = m_profiles->sessionSecret(key);
        done(secret.value_or(QByteArray()), secret.has_value());
        return;
    }
    auto *read = new QKeychain::ReadPasswordJob(CredentialStore::serviceName());
    read->setKey(key);
    runKeychain(read, [done](QKeychain::Job *job, Error error) {
        if (error == Error::NotFound)
            done(QByteArray(), false);
        else
            done(static_cast<QKeychain::ReadPasswordJob *>(job)->binaryData(), true);
    });
}

void OAuthStoreJob::deleteEntry(const QString &part, std::function<void()> done)
{
    const QString key = OAuthProfileStore::keychainKey(m_name, part);
    if (m_store->isSessionOnly()) {
        m_profiles->removeSessionSecret(key);
        done();
        return;
    }
    auto *remove = new QKeychain::DeletePasswordJob(CredentialStore::serviceName());
    remove->setKey(key);
    runKeychain(remove, [done](QKeychain::Job *, Error) { done(); }); // NotFound: already gone
}
