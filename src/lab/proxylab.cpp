#include "proxylab.h"

#include "bearerlab.h"
#include "labcatalog.h"

#include <QHostAddress>

namespace {

const QString kHello = QStringLiteral("/proxy/hello");
const QString kGateway = QStringLiteral("/gateway");
const QByteArray kProxyVia = QByteArrayLiteral("1.1 authscope-lab-proxy");
const QByteArray kGatewayVia = QByteArrayLiteral("1.1 authscope-lab-gateway");

// The lab's own origin as a proxy client names it: a loopback host (or localhost) on the port the
// request came in on. Anything else is another host, which the lab never connects to.
bool isOwnOrigin(const LabRequest &request)
{
    const QUrl &url = request.url;
    if (url.scheme() != QLatin1String("http") || url.port(80) != request.localPort)
        return false;
    return url.host() == QLatin1String("localhost") || QHostAddress(url.host()).isLoopback();
}

} // namespace

ProxyLab::ProxyLab(LabCatalog *catalog) : m_catalog(catalog) {}
ProxyLab::~ProxyLab() = default;

QString ProxyLab::proxyUser() { return QStringLiteral("proxy-user"); }
QByteArray ProxyLab::proxyPassword() { return QByteArrayLiteral("proxy-pass"); }

QList<LabScenario> ProxyLab::scenarios() const
{
    const QString group = QStringLiteral("Proxies");
    const QString credentials = QStringLiteral("proxy: proxy-user / proxy-pass");
    auto text = [](const char *s) { return QString::fromUtf8(s); };
    QList<LabScenario> list;
    list.append({QStringLiteral("proxy-auth-required"), kHello, group, text("Proxies: the proxy demands 407"),
                 text("The lab acts as your HTTP proxy (--proxy, or the window's proxy setting): requests reach it in "
                      "absolute form (RFC 9112 §3.2.2) and it answers 407 Proxy Authentication Required with "
                      "Proxy-Authenticate: Basic realm=\"lab-proxy\" (RFC 9110 §11.7.1, §15.5.8). The refusal comes from "
                      "the proxy's lane in the diagram, not the server's. Give the proxy's user to get through."),
                 credentials, QStringLiteral("proxy-auth-required"), {QStringLiteral("--proxy"), QStringLiteral("{origin}")}, 500});
    list.append({QStringLiteral("proxy-authenticated"), kHello, group, text("Proxies: through the proxy with credentials"),
                 text("With Proxy-Authorization (RFC 9110 §11.7.2) the proxy forwards the request to the lab's own lesson "
                      "and adds Via: 1.1 authscope-lab-proxy to the answer. It forwards only to the lab itself: a request "
                      "for any other host gets 502 and is never sent on. The proxy's password is masked like any other."),
                 credentials, QString(),
                 {QStringLiteral("--proxy"), QStringLiteral("{origin}"), QStringLiteral("--proxy-user"),
                  proxyUser() + QLatin1Char(':') + QString::fromLatin1(proxyPassword())},
                 510});
    list.append({QStringLiteral("proxy-strips-authorization"), kGateway + QStringLiteral("/bearer/api"), group,
                 text("Proxies: a gateway strips Authorization"),
                 text("A gateway in front of /bearer/api drops the Authorization field, as misconfigured proxies and "
                      "load balancers do. The token was sent (look at the request headers), yet the resource answers "
                      "with a Bearer challenge without an error, which RFC 6750 §3.1 reserves for requests with no token: "
                      "credentials-stripped. The Via: 1.1 authscope-lab-gateway field names the intermediary."),
                 QStringLiteral("the token of bearer-valid"), QStringLiteral("credentials-stripped"),
                 {QStringLiteral("--oauth2-bearer"), QString::fromLatin1(BearerLab::validToken())}, 520});
    return list;
}

bool ProxyLab::respond(const LabRequest &request, LabResponse *response)
{
    if (request.viaProxy) {
        *response = forward(request);
        return true;
    }
    const QString path = request.path();
    if (path == kHello) {
        const QByteArray via = request.header("Via");
        *response = LabResponse::text(200, via.isEmpty() ? QStringLiteral("Hello from the lab, reached directly (no proxy).\n")
                                                         : QStringLiteral("Hello from the lab, reached through %1.\n")
                                                               .arg(QString::fromLatin1(via)));
        return true;
    }
    if (path.startsWith(kGateway + QLatin1Char('/'))) {
        *response = throughGateway(request);
        return true;
    }
    return false;
}

LabResponse ProxyLab::forward(const LabRequest &request)
{
    const QByteArray authorization = request.header("Proxy-Authorization");
    const QByteArray expected = "Basic " + QByteArray(proxyUser().toUtf8() + ':' + proxyPassword()).toBase64();
    if (authorization != expected) {
        LabResponse challenge = LabResponse::text(407, authorization.isEmpty()
                                                           ? QStringLiteral("The lab's proxy needs credentials (proxy-user / proxy-pass).\n")
                                                           : QStringLiteral("The lab's proxy refused these proxy credentials.\n"));
        challenge.setHeader("Proxy-Authenticate", "Basic realm=\"lab-proxy\"");
        return challenge;
    }
    if (!isOwnOrigin(request))
        return LabResponse::text(502, QStringLiteral("The lab's proxy forwards only to the lab itself (http://127.0.0.1:%1); "
                                                     "it does not connect to %2.\n")
                                          .arg(request.localPort)
                                          .arg(request.origin()));
    const QString path = request.url.path(QUrl::FullyEncoded);
    LabResponse answer = m_catalog->dispatch(inner(request, path, kProxyVia, {"Proxy-Authorization", "Proxy-Connection"}),
                                             request.origin());
    answer.setHeader("Via", kProxyVia);
    return answer;
}

LabResponse ProxyLab::throughGateway(const LabRequest &request)
{
    const QString path = request.url.path(QUrl::FullyEncoded).mid(kGateway.size());
    LabResponse answer = m_catalog->dispatch(inner(request, path, kGatewayVia, {"Authorization"}), request.origin());
    answer.setHeader("Via", kGatewayVia);
    return answer;
}

LabRequest ProxyLab::inner(const LabRequest &request, const QString &path, const QByteArray &via, const QList<QByteArray> &dropped)
{
    LabRequest passed = request;
    passed.viaProxy = false;
    QUrl url = request.url;
    url.setPath(path, QUrl::StrictMode);
    passed.url = url;
    passed.target = url.path(QUrl::FullyEncoded).toUtf8() + (url.hasQuery() ? '?' + url.query(QUrl::FullyEncoded).toUtf8() : QByteArray());
    for (const QByteArray &name : dropped)
        passed.headers.removeAll(name);
    passed.headers.append("Via", via, HeaderField::Source::User);
    return passed;
}
