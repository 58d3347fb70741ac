// OAuth refresh benchmark (issue 11): COUNT GETs of the test authorization server's protected
// resource on one OAuth profile, all started at once through the engine and the TokenBroker:
//   valid     the profile's access token is valid: the baseline, no token-endpoint call;
//   expired   its access token has just expired (known from expires_in): exactly one
//             token-endpoint call (single flight), then every request with the new token;
//   rejected  the same, but the expiry is not known to the client, so the requests are refused
//             with 401 invalid_token first: one refresh, each request retried once (context).
// Each run takes a fresh profile and fresh tokens (password grant of tests/support/oidc, started
// here on 127.0.0.1). Prints one line per run and a summary; exits 1 when a request failed or a
// run called the token endpoint other than once per refresh, so a wrong fast answer never passes.
//
//   authscope-bench-oauth [COUNT (200)] [RUNS (5)]

#include "oidcserver.h"

#include "credentials/credentialstore.h"
#include "engine/exchangejob.h"
#include "engine/httpsession.h"
#include "http/httprequest.h"
#include "oauth/oauthprofilestore.h"
#include "oauth/tokenbroker.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTextStream>

#include <algorithm>

namespace {

enum class Scenario { Valid, Expired, Rejected };

struct RunResult
{
    double ms = 0;
    double firstMs = 0;       // until the first exchange finished (the refresh's cost shows here)
    int ok = 0;
    int tokenLegs = 0;        // token-endpoint legs in the exchanges
    int serverRefreshes = 0;  // refresh_token calls the server counted
    int serverTokenCalls = 0; // every token endpoint call the server counted
    int refused = 0;          // exchanges with a 401 leg
    // In the exchange that refreshed, ms from its start: the token leg queued, its answer, and
    // the next leg queued (where the refresh's time goes: before, on the wire, after).
    double tokenLegQueuedMs = -1;
    double tokenLegFinishedMs = -1;
    double nextLegQueuedMs = -1;
    QString firstFailure;
};

QString scenarioName(Scenario scenario)
{
    switch (scenario) {
    case Scenario::Valid: return QStringLiteral("valid");
    case Scenario::Expired: return QStringLiteral("expired");
    case Scenario::Rejected: return QStringLiteral("rejected");
    }
    return QString();
}

QJsonObject jwtClaims(const QByteArray &token)
{
    return QJsonDocument::fromJson(QByteArray::fromBase64(token.split('.').value(1), QByteArray::Base64UrlEncoding)).object();
}

class Bench
{
public:
    bool start(QString *error)
    {
        OidcServerOptions options;
        options.accessTokenTtlSeconds = LongTtl;
        if (!m_server.start(error, options))
            return false;
        m_settings = std::make_unique<QSettings>(m_dir.path() + u"/credentials.ini", QSettings::IniFormat);
        m_credentials = std::make_unique<CredentialStore>(m_settings.get());
        m_credentials->setSessionOnly(true); // the benchmark never touches a keychain
        m_profiles = std::make_unique<OAuthProfileStore>(m_credentials.get(), m_dir.path() + u"/oauth-profiles.json");
        m_broker = std::make_unique<TokenBroker>(m_profiles.get(), nullptr);
        m_broker->setLockDirectory(m_dir.path());
        m_session = std::make_unique<HttpSession>(&m_manager);
        m_session->setTokenProvider(m_broker.get());
        return true;
    }

    // One run of COUNT requests in the scenario, on a profile of its own.
    RunResult run(Scenario scenario, int count, const QString &profileName)
    {
        RunResult result;
        QString error;
        if (scenario != Scenario::Valid && !m_server.setAccessTokenTtl(1)) {
            result.firstFailure = QStringLiteral("cannot set the access token TTL");
            return result;
        }
        const QJsonObject response = m_server.passwordGrantTokens(QStringLiteral("openid api:read"), &error);
        if (response.isEmpty()) {
            result.firstFailure = error;
            return result;
        }
        TokenSet tokens = OidcServer::tokenSet(response, scenario != Scenario::Rejected);
        if (scenario != Scenario::Valid) {
            // "Just expired": wait until the server's exp has passed (and, for the known expiry, the
            // client's expiresAt too: it counts from receipt, the server's exp from a whole second),
            // then let the new tokens live long.
            const QDateTime exp = QDateTime::fromSecsSinceEpoch(jwtClaims(tokens.accessToken).value(u"exp").toInteger(), Qt::UTC);
            const QDateTime until = scenario == Scenario::Expired ? std::max(exp, tokens.expiresAt) : exp;
            while (QDateTime::currentDateTimeUtc() < until)
                QTest::qWait(20);
            m_server.setAccessTokenTtl(LongTtl);
        }

        OAuthProfile profile;
        profile.name = profileName;
        profile.tokenUrl = m_server.tokenUrl();
        profile.clientId = OidcServer::confidentialClientId();
        profile.clientAuth = OAuthProfile::ClientAuth::Basic;
        profile.grant = OAuthProfile::Grant::Password;
        profile.scope = tokens.scope;
        profile.adHoc = true;
        m_broker->addAdHocProfile(profile, OidcServer::confidentialClientSecret(), tokens, false);
        tokens.wipe();
        m_server.resetStats();

        HttpRequest request;
        request.url = m_server.resourceUrl(QStringLiteral("/api/bench"));
        request.credentials.oauthProfile = profileName;
        QList<Exchange> exchanges;
        // An event loop of its own, not QTest::qWaitFor: that one sleeps 10 ms between rounds of
        // events, which added 10 ms to every hop of the refresh (a single GET measured 31 ms).
        QEventLoop loop;
        QTimer limit;
        limit.setSingleShot(true);
        QObject::connect(&limit, &QTimer::timeout, &loop, &QEventLoop::quit);
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < count; ++i) {
            ExchangeJob *job = m_session->createExchange(request);
            QObject::connect(job, &ExchangeJob::finished, job, [&exchanges, &result, &clock, &loop, count, job] {
                if (exchanges.isEmpty())
                    result.firstMs = clock.nsecsElapsed() / 1e6;
                exchanges.append(job->exchange());
                job->deleteLater();
                if (exchanges.size() == count)
                    loop.quit();
            });
            job->start();
        }
        limit.start(60000);
        loop.exec();
        const bool done = exchanges.size() == count;
        result.ms = clock.nsecsElapsed() / 1e6;
        if (!done)
            result.firstFailure = QStringLiteral("%1 of %2 exchanges finished in 60 s").arg(exchanges.size()).arg(count);

        for (const Exchange &exchange : std::as_const(exchanges)) {
            bool refused = false;
            for (qsizetype i = 0; i < exchange.legs.size(); ++i) {
                const Leg &leg = exchange.legs.at(i);
                if (leg.kind == Leg::Kind::TokenEndpoint) {
                    result.tokenLegQueuedMs = leg.timing.queuedNs / 1e6;
                    result.tokenLegFinishedMs = leg.timing.finishedNs / 1e6;
                    if (i + 1 < exchange.legs.size())
                        result.nextLegQueuedMs = exchange.legs.at(i + 1).timing.queuedNs / 1e6;
                }
                result.tokenLegs += leg.kind == Leg::Kind::TokenEndpoint ? 1 : 0;
                refused = refused || (leg.kind != Leg::Kind::TokenEndpoint && leg.statusCode == 401);
            }
            result.refused += refused ? 1 : 0;
            if (exchange.status.isOk() && exchange.finalStatusCode() == 200)
                ++result.ok;
            else if (result.firstFailure.isEmpty())
                result.firstFailure = QStringLiteral("%1 %2 HTTP %3")
                                              .arg(exchange.status.codeName(), exchange.status.message())
                                              .arg(exchange.finalStatusCode());
        }
        result.serverRefreshes = m_server.tokenEndpointCalls(QStringLiteral("refresh_token"));
        result.serverTokenCalls = m_server.tokenEndpointCalls();
        return result;
    }

private:
    static constexpr int LongTtl = 600;
    QTemporaryDir m_dir;
    OidcServer m_server;
    QNetworkAccessManager m_manager;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<CredentialStore> m_credentials;
    std::unique_ptr<OAuthProfileStore> m_profiles;
    std::unique_ptr<TokenBroker> m_broker;
    std::unique_ptr<HttpSession> m_session;
};

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n == 0 ? 0 : (n % 2 ? values.at(n / 2) : (values.at(n / 2 - 1) + values.at(n / 2)) / 2);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int count = args.size() > 1 ? args.at(1).toInt() : 200;
    const int runs = args.size() > 2 ? args.at(2).toInt() : 5;
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (count <= 0 || runs <= 0 || args.size() > 3) {
        err << "usage: authscope-bench-oauth [COUNT] [RUNS]\n";
        return 2;
    }

    Bench bench;
    QString error;
    if (!bench.start(&error)) {
        err << "the test authorization server did not start: " << error << '\n';
        return 2;
    }

    bool failed = false;
    QMap<Scenario, QList<double>> times;
    const QList<Scenario> scenarios = {Scenario::Valid, Scenario::Expired, Scenario::Rejected};
    // Run 0 warms up (node's JIT, the connections); the scenarios alternate so load drifts hit all.
    for (int run = 0; run <= runs; ++run) {
        for (Scenario scenario : scenarios) {
            const QString name = QStringLiteral("bench-%1-%2").arg(scenarioName(scenario)).arg(run);
            const RunResult result = bench.run(scenario, count, name);
            const int expectedRefreshes = scenario == Scenario::Valid ? 0 : 1;
            const bool right = result.ok == count && result.serverTokenCalls == expectedRefreshes
                               && result.serverRefreshes == expectedRefreshes && result.tokenLegs == expectedRefreshes;
            out << (run == 0 ? "warm-up " : "run ") << (run == 0 ? QString() : QString::number(run) + u' ')
                << scenarioName(scenario) << ": " << QString::number(result.ms, 'f', 1) << " ms (first answer "
                << QString::number(result.firstMs, 'f', 1) << " ms), ok=" << result.ok
                << '/' << count << " token_endpoint_calls=" << result.serverTokenCalls
                << " refresh_calls=" << result.serverRefreshes << " token_legs=" << result.tokenLegs
                << " refused_401=" << result.refused << (right ? "" : "  WRONG") << '\n';
            if (result.tokenLegs > 0)
                out << "   refresh in its exchange: token leg queued at " << QString::number(result.tokenLegQueuedMs, 'f', 1)
                    << " ms, answered at " << QString::number(result.tokenLegFinishedMs, 'f', 1)
                    << " ms, next leg queued at " << QString::number(result.nextLegQueuedMs, 'f', 1) << " ms\n";
            if (!result.firstFailure.isEmpty())
                out << "   first failure: " << result.firstFailure << '\n';
            out.flush();
            failed = failed || !right;
            if (run > 0)
                times[scenario].append(result.ms);
        }
    }
    const double valid = median(times.value(Scenario::Valid));
    const double expired = median(times.value(Scenario::Expired));
    const double rejected = median(times.value(Scenario::Rejected));
    out << "oauth requests=" << count << " runs=" << runs << " valid_ms=" << QString::number(valid, 'f', 1)
        << " expired_ms=" << QString::number(expired, 'f', 1) << " rejected_ms=" << QString::number(rejected, 'f', 1)
        << " expired_ratio=" << QString::number(expired / valid, 'f', 3)
        << " rejected_ratio=" << QString::number(rejected / valid, 'f', 3) << " correct=" << (failed ? "no" : "yes")
        << '\n';
    return failed ? 1 : 0;
}
