#include "apacheserver.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QThread>

static const char *const modules[] = {
    "mpm_event", "authz_core", "authz_host", "authz_user", "authn_core", "authn_file",
    "auth_basic", "auth_digest", "proxy", "proxy_http", "proxy_connect", "mime", "alias", "headers", "rewrite",
    // Form login with a cookie session (mod_auth_form needs mod_request and mod_session).
    "request", "session", "session_cookie", "auth_form",
};

QString ApacheServer::documentRoot() const
{
    return m_dir.path() + u"/htdocs";
}

bool ApacheServer::writeFile(const QString &relativePath, const QByteArray &content)
{
    const QString path = documentRoot() + u'/' + relativePath;
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

bool ApacheServer::start(QString *error)
{
    const QString dir = m_dir.path();
    QDir().mkpath(documentRoot());
    // Apache's children run as nobody and must read the config and document root.
    QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                                       | QFileDevice::ReadOther | QFileDevice::ExeOther
                                       | QFileDevice::ReadGroup | QFileDevice::ExeGroup);
    const quint16 port = freePort();
    QString config = QStringLiteral("ServerRoot \"%1\"\nListen 127.0.0.1:%2\nServerName 127.0.0.1\n"
                                    "PidFile \"%1/httpd.pid\"\nErrorLog \"%1/error.log\"\nLogLevel warn\n"
                                    "User nobody\nGroup nogroup\nDefaultRuntimeDir \"%1\"\n")
                             .arg(dir).arg(port);
    for (const char *module : modules)
        config += QStringLiteral("LoadModule %1_module /usr/lib/apache2/modules/mod_%1.so\n").arg(QLatin1String(module));
    config += QStringLiteral("LogFormat \"%r %>s\" plain\nCustomLog \"%1/access.log\" plain\n"
                             "TypesConfig /etc/mime.types\nDocumentRoot \"%1/htdocs\"\n"
                             "<Directory \"%1/htdocs\">\n  Require all granted\n</Directory>\n"
                             "ProxyRequests On\nProxyVia On\n<Proxy \"*\">\n  Require ip 127.0.0.1\n</Proxy>\n")
                      .arg(dir);
    config += m_extra;
    QFile file(dir + u"/httpd.conf");
    if (!file.open(QIODevice::WriteOnly) || file.write(config.toUtf8()) < 0) {
        *error = QStringLiteral("cannot write httpd.conf");
        return false;
    }
    file.close();
    return launch(QStringLiteral("/usr/sbin/apache2"),
                  {QStringLiteral("-f"), dir + u"/httpd.conf", QStringLiteral("-DFOREGROUND")}, port, error);
}

QUrl ApacheServer::url(const QString &pathAndQuery) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(pathAndQuery));
}

QString ApacheServer::writeHtpasswd(const QString &name, const QString &user, const QByteArray &password)
{
    const QString path = m_dir.path() + u'/' + name;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QString();
    file.write(user.toUtf8() + ":{SHA}" + QCryptographicHash::hash(password, QCryptographicHash::Sha1).toBase64() + '\n');
    return path;
}

bool ApacheServer::protectBasic(const QString &path, const QString &realm, const QString &user, const QByteArray &password)
{
    const QString file = writeHtpasswd(QString(path).remove(u'/') + u".htpasswd", user, password);
    addDirectives(QStringLiteral("<Location \"%1\">\n AuthType Basic\n AuthName \"%2\"\n AuthBasicProvider file\n"
                                 " AuthUserFile \"%3\"\n Require valid-user\n</Location>").arg(path, realm, file));
    return !file.isEmpty() && writeFile(path.mid(1) + u"index.html", "basic ok\n");
}

bool ApacheServer::protectDigest(const QString &path, const QString &realm, const QString &user, const QByteArray &password)
{
    // htdigest format: user:realm:MD5(user:realm:password)
    const QString file = m_dir.path() + u'/' + QString(path).remove(u'/') + u".htdigest";
    QFile users(file);
    const QByteArray prefix = user.toUtf8() + ':' + realm.toUtf8();
    if (!users.open(QIODevice::WriteOnly)
        || users.write(prefix + ':' + QCryptographicHash::hash(QByteArray(prefix + ':' + password), QCryptographicHash::Md5).toHex() + '\n') < 0)
        return false;
    users.close();
    addDirectives(QStringLiteral("<Location \"%1\">\n AuthType Digest\n AuthName \"%2\"\n AuthDigestDomain %1\n"
                                 " AuthDigestProvider file\n AuthUserFile \"%3\"\n Require valid-user\n</Location>").arg(path, realm, file));
    return writeFile(path.mid(1) + u"index.html", "digest ok\n");
}

bool ApacheServer::deny(const QString &path)
{
    addDirectives(QStringLiteral("<Location \"%1\">\n Require all denied\n</Location>").arg(path));
    return writeFile(path.mid(1) + u"index.html", "never\n");
}

QStringList ApacheServer::accessLog() const
{
    // Apache writes the log line after the response; give it a moment.
    QThread::msleep(100);
    QFile file(m_dir.path() + u"/access.log");
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
}
