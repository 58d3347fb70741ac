#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

class QSocketNotifier;

// Reads all of standard input (a pipe or a file) up to its end, for a secret handed in with
// "credentials add --secret-stdin". Job shape: start(), then exactly one finished(), never inside
// start(). The bytes are read as the event loop reports them readable, so Ctrl-C keeps working
// while a slow writer (a password manager asking for its own passphrase) has not finished. The
// buffer is reserved once and never grows, so no stray copy of the secret is left in freed
// memory; more than MaxSize bytes is an error. POSIX only; elsewhere it finishes with an error.
class StdinReadJob : public QObject
{
    Q_OBJECT
public:
    // Far above any password, token or API key (a large JWT is a few kilobytes).
    static constexpr qsizetype MaxSize = 64 * 1024;

    explicit StdinReadJob(QObject *parent = nullptr);
    // Wipes whatever was read and not taken.
    ~StdinReadJob() override;

    void start() { QMetaObject::invokeMethod(this, &StdinReadJob::run, Qt::QueuedConnection); }

    // Valid after finished(): everything read, as is. The caller takes it and wipes it.
    bool hasData() const { return m_hasData; }
    QByteArray takeData();
    // Drops the one line break that echo and most password managers end their output with (LF or
    // CRLF): it is not part of the secret. Used for secrets read from files too.
    static void dropFinalLineBreak(QByteArray *bytes);
    // Why there is no data (a read error, too long).
    QString errorString() const { return m_error; }

signals:
    void finished();

private:
    void run();
    void onReadable();
    void stopReading();
    void finishWithError(const QString &error);

    QSocketNotifier *m_notifier = nullptr;
    QByteArray m_data;
    bool m_hasData = false;
    QString m_error;
};
