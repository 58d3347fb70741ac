#include "storedcredentialjob.h"

#include "credentialstore.h"
#include "loadcredentialjob.h"
#include "storedcredentialprovider.h"

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
                                           .arg(Credential::secretWord(record.kind), where, user, record.id.left(8)));
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
        finishWithout(asked->reason());
        return;
    }
    const bool remember = asked->rememberRequested();
    Credential credential = asked->takeCredential();
    if (m_provider)
        m_provider->answeredByUser(request(), credential, remember);
    setRememberRequested(remember);
    finishWith(credential);
    credential.wipe();
}
