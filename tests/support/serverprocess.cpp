#include "serverprocess.h"

#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <signal.h>
#include <sys/prctl.h>

ServerProcess::ServerProcess()
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    // A test killed by a timeout must not leave its servers behind: they follow their parent.
    m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
}

ServerProcess::~ServerProcess()
{
    stop();
}

QString ServerProcess::output() const
{
    return QString::fromLocal8Bit(const_cast<QProcess &>(m_process).readAll());
}

quint16 ServerProcess::freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

bool ServerProcess::waitForPort(quint16 port, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (socket.waitForConnected(500))
            return true;
        QThread::msleep(50);
    }
    return false;
}

bool ServerProcess::launch(const QString &program, const QStringList &arguments, quint16 port,
                           QString *error, int readyTimeoutMs)
{
    const QString path = program.startsWith(u'/') ? program : QStandardPaths::findExecutable(program);
    if (path.isEmpty() || !QFile::exists(path)) {
        *error = QStringLiteral("%1 is not installed; run the README's test command, which installs it").arg(program);
        return false;
    }
    m_port = port;
    m_process.setWorkingDirectory(m_dir.path());
    m_process.start(path, arguments);
    if (!m_process.waitForStarted(5000)) {
        *error = QStringLiteral("%1 did not start: %2").arg(program, m_process.errorString());
        return false;
    }
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < readyTimeoutMs) {
        if (m_process.state() != QProcess::Running) {
            *error = QStringLiteral("%1 exited at start: %2").arg(program, QString::fromLocal8Bit(m_process.readAll()));
            return false;
        }
        if (waitForPort(port, 200))
            return true;
    }
    *error = QStringLiteral("%1 did not accept connections on 127.0.0.1:%2 within %3 ms: %4")
                     .arg(program).arg(port).arg(readyTimeoutMs).arg(QString::fromLocal8Bit(m_process.readAll()));
    stop();
    return false;
}

void ServerProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished(2000);
    }
}
