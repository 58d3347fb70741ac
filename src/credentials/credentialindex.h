#pragma once

#include "credentialrecord.h"

#include <QList>
#include <QString>

#include <memory>
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
    ~CredentialIndex();
    CredentialIndex(const CredentialIndex &) = delete;
    CredentialIndex &operator=(const CredentialIndex &) = delete;

    bool isPersistent() const { return m_location != nullptr; }
    // Re-reads the settings: another process (the CLI, a second window) may have changed them.
    // True when the list differs from what it was.
    bool reload();

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

    // Adds the record, or replaces the one with the same id. False when the record is invalid or
    // the settings file could not be written (disk full, no permission); the list is then as it was.
    bool put(const CredentialRecord &record);
    // False when there is no such id or the file could not be written (the record then stays).
    bool remove(const QString &id);
    bool clear();
    // The settings file, for messages; empty without settings.
    QString location() const;

private:
    void load();
    bool write(const CredentialRecord &record);
    bool synced();

    // Where the index lives (not owned); null in session-only mode.
    QSettings *m_location = nullptr;
    // Reads and writes go through a QSettings of our own on the same file: QSettings keeps its
    // first error for good, so after a failed write this one is replaced and the next write can
    // succeed once the disk has room again. Both share Qt's cache of the file's contents.
    mutable std::unique_ptr<QSettings> m_writer;
    QSettings *settings() const;
    QList<CredentialRecord> m_records;
};
