#include "nodedigestserver.h"

#include "auth/digestalgorithm.h"

#include <QFile>
#include <QProcessEnvironment>

bool NodeDigestServer::start(const QString &realm, const QString &user, const QByteArray &password, QString *error)
{
    const QString users = m_dir.path() + u"/htdigest";
    QFile file(users);
    const DigestAlgorithm md5 = DigestAlgorithm::fromParameter("MD5");
    if (!file.open(QIODevice::WriteOnly)
        || file.write(user.toUtf8() + ':' + realm.toUtf8() + ':' + md5.hex(user.toUtf8() + ':' + realm.toUtf8() + ':' + password) + '\n') < 0) {
        *error = QStringLiteral("cannot write the htdigest file");
        return false;
    }
    file.close();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("NODE_PATH"), QStringLiteral(AUTHSCOPE_NPM_DIR "/node_modules"));
    m_process.setProcessEnvironment(env);
    const quint16 port = freePort();
    return launch(QStringLiteral("node"),
                  {QStringLiteral(AUTHSCOPE_TEST_SOURCE_DIR "/support/digestsessserver.js"), QString::number(port), users, realm},
                  port, error);
}

QUrl NodeDigestServer::url(const QString &pathAndQuery) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(pathAndQuery));
}
