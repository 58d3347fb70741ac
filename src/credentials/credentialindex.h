#pragma once

#include "credentialrecord.h"

#include <QList>
#include <QString>

#include <optional>

class QSettings;

// The non-secret list of stored credentials (ownCloud's answer to keychains that cannot list
// their entries): it lets the user see and wipe what was saved without unlocking the keychain.
// With a QSettings every change is written through at once; without one (session-only mode) the
// list lives in memory only. The settings object is not owned and must outlive the index.
class CredentialIndex
{
public:
    explicit CredentialIndex(QSettings *settings = nullptr);

    bool isPersistent() const { return m_settings != nullptr; }
    // Re-reads the settings: another process (the CLI, a second window) may have changed them.
    void reload();

    // Sorted by origin, realm, user so listings are stable.
    QList<CredentialRecord> list() const;
    QList<CredentialRecord> search(const QString &text) const;
    std::optional<CredentialRecord> find(const QString &id) const;
    std::optional<CredentialRecord> find(const ProtectionSpace &space, const QString &user) const;
    // A shorter prefix is too easy to mistype into another credential's id.
    static constexpr int MinimumPrefix = 4;
    // The ids equal to text, or else starting with it when it has at least MinimumPrefix
    // characters (so users can type a short prefix, as with git).
    QStringList idsMatching(const QString &text) const;
    // Every record for the space, most recently used first.
    QList<CredentialRecord> forSpace(const ProtectionSpace &space) const;
    bool contains(const QString &id) const { return find(id).has_value(); }
    int size() const { return int(m_records.size()); }

    // Adds the record, or replaces the one with the same id. Invalid records are refused.
    bool put(const CredentialRecord &record);
    bool remove(const QString &id);
    void clear();

private:
    void load();
    void write(const CredentialRecord &record);

    QSettings *m_settings = nullptr;
    QList<CredentialRecord> m_records;
};
