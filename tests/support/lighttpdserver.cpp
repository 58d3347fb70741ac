#include "lighttpdserver.h"

#include "auth/digestalgorithm.h"

#include <QDir>
#include <QFile>

void LighttpdServer::protect(const QString &path, const QString &algorithm, const QString &realm,
                             const QString &user, const QByteArray &password, bool userhash)
{
    const DigestAlgorithm alg = DigestAlgorithm::fromParameter(algorithm.toLatin1());
    // htdigest line: user:realm:H(user:realm:password)[:H(user:realm)] (the last field enables userhash)
    QByteArray line = user.toUtf8() + ':' + realm.toUtf8() + ':' + alg.hex(user.toUtf8() + ':' + realm.toUtf8() + ':' + password);
    if (userhash)
        line += ':' + alg.hex(user.toUtf8() + ':' + realm.toUtf8());
    m_htdigest += line + '\n';
    m_paths.append(path);
    m_rules.append(QStringLiteral("  \"%1\" => ( \"method\" => \"digest\", \"realm\" => \"%2\", \"require\" => \"valid-user\", "
                                  "\"algorithm\" => \"%3\"%4 )")
                           .arg(path, realm, algorithm, userhash ? QStringLiteral(", \"userhash\" => \"enable\"") : QString()));
}

bool LighttpdServer::start(QString *error)
{
    const QString dir = m_dir.path();
    QDir().mkpath(dir + u"/www");
    for (const QString &path : std::as_const(m_paths)) {
        QDir().mkpath(dir + u"/www" + path);
        QFile page(dir + u"/www" + path + u"index.html");
        if (!page.open(QIODevice::WriteOnly) || page.write("protected\n") < 0) {
            *error = QStringLiteral("cannot write the test pages");
            return false;
        }
    }
    QFile users(dir + u"/htdigest");
    if (!users.open(QIODevice::WriteOnly) || users.write(m_htdigest) != m_htdigest.size()) {
        *error = QStringLiteral("cannot write the htdigest file");
        return false;
    }
    users.close();
    const quint16 port = freePort();
    const QString config = QStringLiteral(
            "server.document-root = \"%1/www\"\n"
            "server.bind = \"127.0.0.1\"\n"
            "server.port = %2\n"
            "server.errorlog = \"%1/error.log\"\n"
            "server.modules += ( \"mod_auth\", \"mod_authn_file\" )\n"
            "auth.backend = \"htdigest\"\n"
            "auth.backend.htdigest.userfile = \"%1/htdigest\"\n"
            "auth.require = (\n%3\n)\n").arg(dir).arg(port).arg(m_rules.join(QStringLiteral(",\n")));
    QFile file(dir + u"/lighttpd.conf");
    if (!file.open(QIODevice::WriteOnly) || file.write(config.toUtf8()) < 0) {
        *error = QStringLiteral("cannot write lighttpd.conf");
        return false;
    }
    file.close();
    return launch(QStringLiteral("/usr/sbin/lighttpd"), {QStringLiteral("-D"), QStringLiteral("-f"), dir + u"/lighttpd.conf"},
                  port, error);
}

QUrl LighttpdServer::url(const QString &pathAndQuery) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(pathAndQuery));
}
