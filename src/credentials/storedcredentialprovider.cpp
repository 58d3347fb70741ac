#include "storedcredentialprovider.h"

#include "credentialstore.h"
#include "savecredentialjob.h"
#include "storedcredentialjob.h"

StoredCredentialProvider::StoredCredentialProvider(CredentialStore *store, CredentialProvider *asker, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_asker(asker)
{
    if (store)
        connect(store, &CredentialStore::changed, this, &StoredCredentialProvider::revokeDeleted);
}

void StoredCredentialProvider::revokeDeleted()
{
    if (!m_store)
        return;
    for (auto it = m_sessionCopies.begin(); it != m_sessionCopies.end();) {
        if (!m_store->index().find(it.key())) {
            revoke(it->first, it->second);
            it = m_sessionCopies.erase(it);
        } else {
            ++it;
        }
    }
}

StoredCredentialProvider::~StoredCredentialProvider() = default;

CredentialJob *StoredCredentialProvider::createJob(const CredentialRequest &request, QObject *parent)
{
    return new StoredCredentialJob(this, request, parent);
}

QList<CredentialRecord> StoredCredentialProvider::candidatesFor(const CredentialRequest &request) const
{
    QList<CredentialRecord> found;
    if (!m_store || request.kind == Credential::Kind::ApiKey)
        return found;
    // Session-only memory never waits on the keychain; the keychain itself is rested after a failure.
    if (!m_store->isSessionOnly() && !m_keychainDownUntil.hasExpired())
        return found;
    if (request.askUser)
        return found;
    const QString path = CredentialRecord::pathOf(request.url);
    const QList<CredentialRecord> records = m_store->index().forSpace(request.space);
    for (const CredentialRecord &r : records) {
        if (r.kind != request.kind || m_refusedIds.contains({r.id, path}) || r.isRefusedAt(request.url))
            continue;
        if (!m_preferredUser.isEmpty() && r.user != m_preferredUser)
            continue;
        found.append(r);
    }
    return found;
}

CredentialRequest StoredCredentialProvider::decorate(CredentialRequest request) const
{
    if (!m_store)
        return request;
    request.canRemember = request.kind != Credential::Kind::ApiKey;
    request.rememberSessionOnly = m_store->isSessionOnly();
    const QString path = CredentialRecord::pathOf(request.url);
    request.storedRejectedUser = m_refusedUser.value({request.space, path});
    QDateTime refusedAt;
    if (request.storedRejectedUser.isEmpty()) {
        // Refused here in an earlier run: the user is asked instead, and offered to replace it.
        const QList<CredentialRecord> records = m_store->index().forSpace(request.space);
        for (const CredentialRecord &r : records) {
            if (r.kind == request.kind && r.isRefusedAt(request.url) && (m_preferredUser.isEmpty() || r.user == m_preferredUser)) {
                request.storedRejectedUser = r.user;
                refusedAt = r.lastRefused;
                break;
            }
        }
    }
    request.defaultUser = !m_preferredUser.isEmpty() ? m_preferredUser
                        : !request.storedRejectedUser.isEmpty() ? request.storedRejectedUser
                        : request.rejectedUser;
    if (!request.storedRejectedUser.isEmpty()) {
        const QString when = refusedAt.isValid()
                ? QStringLiteral(" on %1").arg(refusedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")))
                : QString();
        request.notes.append(LegNote(NoteCode::StoredCredentialRefused,
                                     QStringLiteral("The %1 stored for %2 was refused at %3%4. A server may refuse a valid "
                                                    "user at one URL and admit it at another: if the %1 is wrong, enter "
                                                    "the current one to replace it")
                                             .arg(Credential::secretWord(request.kind), request.storedRejectedUser, path, when)));
    }
    return request;
}

void StoredCredentialProvider::answeredFromStore(const CredentialRecord &record)
{
    m_fromStore.insert({record.space, record.user}, record.id);
    m_sessionCopies.insert(record.id, {record.space, record.user});
    emit used(record);
}

void StoredCredentialProvider::answeredByUser(const CredentialRequest &request, const Credential &credential,
                                              bool remember)
{
    const Key key{request.space, credential.user};
    m_fromStore.remove(key);
    m_savedThisRun.remove(key); // a new answer: if it is to be kept, it replaces what was saved
    if (remember)
        m_toRemember.insert(key);
    else
        m_toRemember.remove(key);
}

void StoredCredentialProvider::onVerdict(const CredentialVerdict &verdict)
{
    const Key key{verdict.space, verdict.credential.user};
    const auto stored = m_fromStore.constFind(key);
    const QString path = CredentialRecord::pathOf(verdict.url);
    if (!verdict.accepted) {
        if (stored != m_fromStore.constEnd()) {
            // Not sent to this URL again, in this run or the next, until replaced or accepted here.
            if (m_store)
                m_store->markRefused(*stored, verdict.url);
            m_refusedIds.insert({*stored, path});
            m_refusedUser.insert({verdict.space, path}, verdict.credential.user);
            m_fromStore.remove(key);
        }
        return;
    }
    if (stored != m_fromStore.constEnd()) {
        // It came from the store: nothing new to keep; accepted where it was refused, the mark goes.
        if (m_store) {
            const std::optional<CredentialRecord> record = m_store->index().find(*stored);
            if (record && record->lastRefused.isValid() && record->refusedPath == path)
                m_store->clearRefused(*stored);
        }
        return;
    }
    if (verdict.credential.kind == Credential::Kind::ApiKey || verdict.credential.secret.isEmpty())
        return;
    if (!(m_toRemember.contains(key) || m_saveAccepted) || m_savedThisRun.contains(key))
        return;
    m_toRemember.remove(key);
    m_savedThisRun.insert(key);
    save(verdict.space, verdict.credential);
}

void StoredCredentialProvider::save(const ProtectionSpace &space, const Credential &credential)
{
    if (!m_store)
        return;
    const std::optional<CredentialRecord> existing = m_store->index().find(space, credential.user);
    CredentialRecord record = existing.value_or(CredentialRecord());
    record.space = space;
    record.user = credential.user;
    record.kind = credential.kind;
    record.lastUsed = QDateTime::currentDateTimeUtc();
    record.lastRefused = QDateTime(); // the server has just accepted this secret
    record.refusedPath.clear();
    SaveCredentialStoreJob *job = m_store->save(record, credential.secret);
    ++m_runningSaves;
    const bool updated = existing.has_value();
    connect(job, &CredentialStoreJob::finished, this, [this, updated](CredentialStoreJob *finished) {
        --m_runningSaves;
        if (finished->error() == CredentialStoreJob::Error::NoError) {
            const CredentialRecord stored = static_cast<SaveCredentialStoreJob *>(finished)->record();
            m_sessionCopies.insert(stored.id, {stored.space, stored.user});
            // The record holds the accepted secret now: it may answer again in this run.
            for (auto it = m_refusedIds.begin(); it != m_refusedIds.end();)
                it = it->first == stored.id ? m_refusedIds.erase(it) : std::next(it);
            for (auto it = m_refusedUser.begin(); it != m_refusedUser.end();)
                it = it.key().first == stored.space && *it == stored.user ? m_refusedUser.erase(it) : std::next(it);
            emit saved(stored, updated);
        } else if (finished->isKeychainUnavailable()) {
            reportStoreFailure(finished, true);
        } else {
            emit saveFailed(finished->status());
        }
        if (m_runningSaves == 0)
            emit savesFinished();
    });
    job->start();
}

void StoredCredentialProvider::reportStoreFailure(const CredentialStoreJob *job, bool saving)
{
    if (!saving)
        m_keychainDownUntil = QDeadlineTimer(m_retryIntervalMs);
    emit keychainUnavailable(job->errorString(), saving);
}
