#pragma once

#include <QIODevice>

#include <functional>

// A write-only device in front of another (a file, stdout) for copying a body or an export.
//
// Each block is written whole: Qt reports a short write (a disk filling up in the middle of a
// block) as success for the part written and no error at all ("Unknown error"), so the rest is
// written again until the target takes it or fails with the system's reason ("No space left on
// device"). Before each block the stop check is asked; once it says stop (the process got a
// signal), every write fails with wasStopped() true, so a long copy ends between blocks.
// The target is not owned and must stay open while the sink is used.
class OutputSink : public QIODevice
{
    Q_OBJECT
public:
    using StopCheck = std::function<bool()>;

    explicit OutputSink(QIODevice *target, StopCheck stopCheck = {}, QObject *parent = nullptr);

    bool wasStopped() const { return m_stopped; }
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 size) override;

private:
    QIODevice *m_target;
    StopCheck m_stopCheck;
    bool m_stopped = false;
};
