// A second process for tst_tokenbroker: its own TokenBroker over the same keychain, profile index
// and lock directory asks one question of a profile and prints the outcome as one JSON line
// ({"origin", "reason", "ok", "calls"}; never a token). --delay-token-leg MS holds each
// token-endpoint leg back that long, so the parent can ask while this process holds the lock.
#include "credentials/credentialstore.h"
#include "engine/legchannel.h"
#include "legjobchannel.h"
#include "oauth/oauthprofilestore.h"
#include "oauth/tokenbroker.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <cstdio>

namespace {

// Forwards to a LegJobChannel, the token-endpoint legs after a delay.
class DelayingChannel : public LegChannel
{
public:
    DelayingChannel(LegJobChannel *channel, int delayMs) : m_channel(channel), m_delayMs(delayMs) {}
    void sendLeg(const HttpRequest &request, Leg::Kind kind, const QString &reason, LegDone done) override
    {
        const int delay = kind == Leg::Kind::TokenEndpoint ? m_delayMs : 0;
        QTimer::singleShot(delay, m_channel, [this, request, kind, reason, done] {
            m_channel->sendLeg(request, kind, reason, done);
        });
    }
    void noteLeg(int legIndex, const LegNote &note) override { m_channel->noteLeg(legIndex, note); }

private:
    LegJobChannel *m_channel;
    int m_delayMs;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption index(QStringLiteral("index"), QStringLiteral("profile index"), QStringLiteral("path"));
    const QCommandLineOption locks(QStringLiteral("locks"), QStringLiteral("lock directory"), QStringLiteral("path"));
    const QCommandLineOption profile(QStringLiteral("profile"), QStringLiteral("profile"), QStringLiteral("name"));
    const QCommandLineOption delay(QStringLiteral("delay-token-leg"), QStringLiteral("ms"), QStringLiteral("ms"),
                                   QStringLiteral("0"));
    parser.addOptions({index, locks, profile, delay});
    parser.process(app);

    QTemporaryDir settingsDir;
    QSettings settings(settingsDir.filePath(QStringLiteral("credentials.ini")), QSettings::IniFormat);
    CredentialStore credentials(&settings);
    OAuthProfileStore store(&credentials, parser.value(index));
    TokenBroker broker(&store, nullptr);
    broker.setLockDirectory(parser.value(locks));
    LegJobChannel legs;
    DelayingChannel channel(&legs, parser.value(delay).toInt());

    TokenQuestion question;
    question.profile = parser.value(profile);
    question.purpose = TokenQuestion::Purpose::Send;
    TokenJob *job = broker.createJob(question, &channel, &app);
    QObject::connect(job, &TokenJob::finished, &app, [&] {
        QJsonObject out;
        out.insert(QStringLiteral("ok"), job->hasToken());
        out.insert(QStringLiteral("origin"), NoteCodes::name(job->origin()));
        out.insert(QStringLiteral("reason"), NoteCodes::name(job->status().reason()));
        out.insert(QStringLiteral("calls"), broker.tokenEndpointCalls());
        QByteArray token = job->takeToken();
        token.fill('\0');
        std::fputs(QJsonDocument(out).toJson(QJsonDocument::Compact).append('\n').constData(), stdout);
        std::fflush(stdout);
        app.exit(0);
    });
    job->start();
    QTimer::singleShot(30000, &app, [&] { app.exit(2); });
    return app.exec();
}
