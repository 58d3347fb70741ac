#include "storedcredentialjob.h"

#include "credentialstore.h"
#include "loadcredentialjob.h"
#include "storedcredentialprovider.h"
#include "storedcredentialresolver.h"

StoredCredentialJob::StoredCredentialJob(StoredCredentialProvider *provider, const CredentialRequest &request,
                                         QObject *parent)
    : CredentialJob(request, parent)
    , m_provider(provider)
{
}

StoredCredentialJob::~StoredCredentialJob() = default;

void StoredCredentialJob::run()
{
    if (!m_provider) {
        finishWithout(QString());
        return;
    }
    if (!request().storedId.isEmpty()) {
        resolveStoredId();
        return;
    }
    if (m_provider->m_store)
        m_provider->m_store->reload(); // the other front end may have saved one meanwhile
    m_candidates = m_provider->candidatesFor(request());
    tryNextCandidate();
}

void StoredCredentialJob::tryNextCandidate()
{
    if (!m_provider || !m_provider->m_store || m_candidates.isEmpty()) {
        askUser();
        return;
    }
    const CredentialRecord record = m_candidates.takeFirst();
    LoadCredentialStoreJob *load = m_provider->m_store->load(record.id);
    connect(load, &CredentialStoreJob::finished, this, [this, record](CredentialStoreJob *job) {
        if (!m_provider) {
            finishWithout(QString());
            return;
        }
        if (job->error() == CredentialStoreJob::Error::NoError) {
            auto *loaded = static_cast<LoadCredentialStoreJob *>(job);
            Credential credential;
            credential.kind = record.kind;
            credential.user = record.user;
            credential.secret = loaded->secret();
            m_provider->answeredFromStore(loaded->record());
            const QString where = m_provider->m_store->isSessionOnly() ? QStringLiteral("remembered for this session")
                                                                       : QStringLiteral("stored in the keychain");
            const QString user = record.user.isEmpty() ? QStringLiteral("(no user)") : record.user;
            finishWith(credential, QStringLiteral("the %1 %2 for %3 (id %4)")
                                           .arg(Credential::secretWord(record.kind), where, user, record.id.left(8)),
                       NoteCode::CredentialFromKeychain);
            credential.wipe();
            return;
        }
        if (job->isKeychainUnavailable()) {
            m_provider->reportStoreFailure(job, false);
            askUser();
            return;
        }
        if (job->error() == CredentialStoreJob::Error::NotFound)
            emit m_provider->problem(QStringLiteral("The keychain has no secret for the stored credential of %1 at %2 "
                                                    "(removed outside AuthScope?); delete the entry or save it again")
                                             .arg(record.user, record.space.toDisplayString()));
        tryNextCandidate();
    });
    load->start();
}

void StoredCredentialJob::askUser()
{
    if (!m_provider || !m_provider->m_asker) {
        finishWithout(QString());
        return;
    }
    m_asking = m_provider->m_asker->createJob(m_provider->decorate(request()), this);
    connect(m_asking.data(), &CredentialJob::finished, this, &StoredCredentialJob::onAskerFinished);
    m_asking->start();
}

void StoredCredentialJob::onAskerFinished()
{
    CredentialJob *asked = m_asking.data();
    m_asking.clear();
    asked->deleteLater();
    if (!asked->hasCredential()) {
        finishWithout(asked->reason(), asked->failure(), asked->failureStatus());
        return;
    }
    const bool remember = asked->rememberRequested();
    Credential credential = asked->takeCredential();
    if (m_provider)
        m_provider->answeredByUser(request(), credential, remember);
    setRememberRequested(remember);
    finishWith(credential, QString(), asked->origin() == NoteCode::None ? NoteCode::CredentialFromPrompt : asked->origin());
    credential.wipe();
}

void StoredCredentialJob::resolveStoredId()
{
    HttpRequest reference;
    reference.url = request().url;
    reference.credentials.storedId = request().storedId;
    auto *resolver = new StoredCredentialResolver(m_provider->m_store, reference, this);
    connect(resolver, &StoredCredentialResolver::finished, this, [this, resolver] {
        resolver->deleteLater();
        const Status status = resolver->status();
        if (!status.isOk()) {
            finishWithout(status.message(), status.reason() == NoteCode::None ? NoteCode::StoredCredentialNotFound
                                                                            : status.reason(),
                          status.code());
            return;
        }
        const QString id = resolver->request().credentials.storedId;
        Credential credential = resolver->takeCredential();
        if (m_provider && m_provider->m_store) {
            if (const std::optional<CredentialRecord> record = m_provider->m_store->index().find(id))
                m_provider->answeredFromStore(*record);
        }
        const QString where = m_provider && m_provider->m_store && m_provider->m_store->isSessionOnly()
                ? QStringLiteral("remembered for this session") : QStringLiteral("stored in the keychain");
        finishWith(credential, QStringLiteral("the %1 %2 (id %3)")
                                       .arg(Credential::secretWord(credential.kind), where, id.left(8)),
                   NoteCode::CredentialFromKeychain);
        credential.wipe();
    });
    resolver->start();
}
