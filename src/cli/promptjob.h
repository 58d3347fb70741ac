#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

// One line asked of the person at the terminal ("User [alice]: ", a password without echo).
// Job shape: start(), then exactly one finished(), never inside start(). Deleting a job that is
// still asking gives the terminal back as it was. The terminal implementation is
// TerminalPromptJob; tests script their own.
class PromptJob : public QObject
{
    Q_OBJECT
public:
    enum class Echo { Shown, Hidden };

    PromptJob(const QString &prompt, Echo echo, QObject *parent = nullptr);

    void start() { QMetaObject::invokeMethod(this, &PromptJob::run, Qt::QueuedConnection); }
    QString prompt() const { return m_prompt; }
    Echo echo() const { return m_echo; }

    // Valid after finished(): the line typed, without its line end. The caller takes it and
    // wipes it when it is a secret.
    bool hasAnswer() const { return m_hasAnswer; }
    QByteArray takeAnswer();
    // Why there is no answer ("the input ended", a read error).
    QString errorString() const { return m_error; }

signals:
    void finished();

protected:
    virtual void run() = 0;
    void finishWith(const QByteArray &line);
    void finishWithError(const QString &error);

private:
    QString m_prompt;
    Echo m_echo;
    QByteArray m_answer;
    bool m_hasAnswer = false;
    QString m_error;
};
