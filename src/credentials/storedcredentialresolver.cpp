#include "storedcredentialresolver.h"

#include "credentialstore.h"
#include "loadcredentialjob.h"

StoredCredentialResolver::StoredCredentialResolver(CredentialStore *store, const HttpRequest &request, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_request(request)
{
}

StoredCredentialResolver::~StoredCredentialResolver()
{
    m_request.credentials.wipeSecrets();
    m_credential.wipe();
}

Credential StoredCredentialResolver::takeCredential()
{
    return std::exchange(m_credential, Credential());
}

HttpRequest StoredCredentialResolver::takeRequest()
{
    HttpRequest request = m_request;
    m_request.credentials.wipeSecrets();
    return request;
}

void StoredCredentialResolver::start()
{
    if (m_started)
        return;
    m_started = true;
    const QString given = m_request.credentials.storedId;
    if (given.isEmpty()) {
        done(Status::ok());
        return;
    }
    if (!m_store) {
        done(Status(Status::Code::KeychainError, NoteCode::KeychainUnavailable, QStringLiteral("No credential store is open")));
        return;
    }
    m_store->reload();
    const QStringList ids = m_store->index().idsMatching(given);
    if (ids.size() > 1) {
        done(Status(Status::Code::InvalidInput, NoteCode::StoredCredentialAmbiguous, QStringLiteral("The id %1 is ambiguous: %2 stored credentials start with it")
                                                        .arg(given).arg(ids.size())));
        return;
    }
    const std::optional<CredentialRecord> record = ids.isEmpty() ? std::nullopt : m_store->index().find(ids.first());
    if (!record) {
        done(Status(Status::Code::NotFound, NoteCode::StoredCredentialNotFound, QStringLiteral("No stored credential has the id %1").arg(given)));
        return;
    }
    const QString id = record->id;
    m_request.credentials.storedId = id;
    const QString origin = ProtectionSpace::originOf(m_request.url);
    if (record->space.origin != origin) {
        done(Status(Status::Code::InvalidInput, NoteCode::StoredCredentialOtherOrigin,
                    QStringLiteral("The stored credential %1 (%2) belongs to %3, not to %4; credentials are only "
                                   "sent to the origin they were stored for")
                            .arg(id, record->user, record->space.origin, origin)));
        return;
    }
    LoadCredentialStoreJob *load = m_store->load(id);
    connect(load, &CredentialStoreJob::finished, this, [this](CredentialStoreJob *job) {
        if (job->error() != CredentialStoreJob::Error::NoError) {
            const Status failed = job->status();
            done(Status(failed.code(), job->isKeychainUnavailable() ? NoteCode::KeychainUnavailable
                                                                   : NoteCode::StoredCredentialNotFound, failed.message()));
            return;
        }
        auto *loaded = static_cast<LoadCredentialStoreJob *>(job);
        const CredentialRecord r = loaded->record();
        RequestCredentials &c = m_request.credentials;
        m_credential.kind = r.kind;
        m_credential.secret = loaded->secret();
        if (r.kind == Credential::Kind::ApiKey)
            m_credential.apiKeyName = r.user.toUtf8(); // an API key's record names it as its user
        else
            m_credential.user = r.user;
        m_credential.applyTo(&c);
        QString error;
        if (!m_request.validate(&error)) {
            c.wipeSecrets();
            m_credential.wipe();
            done(Status(Status::Code::InvalidInput, NoteCode::StoredCredentialUnusable,
                        QStringLiteral("The stored credential %1 cannot be sent: %2").arg(r.id, error)));
            return;
        }
        done(Status::ok());
    });
    load->start();
}

void StoredCredentialResolver::done(const Status &status)
{
    m_status = status;
    // Queued, so finished() never comes from inside start().
    QMetaObject::invokeMethod(this, &StoredCredentialResolver::finished, Qt::QueuedConnection);
}
