#include "oauthlistcommand.h"

#include "console.h"
#include "core/status.h"
#include "oauth/oauthprofilestore.h"
#include "texttable.h"
#include "timetext.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace {

QJsonValue orNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonValue orNull(const QUrl &url)
{
    return orNull(url.toString(QUrl::FullyEncoded));
}

} // namespace

OAuthListCommand::OAuthListCommand(const CliContext &context, bool json, QObject *parent)
    : OAuthSubcommand(context, parent)
    , m_json(json)
{
}

QJsonObject OAuthListCommand::toJson(const OAuthProfile &profile, const TokenSummary &tokens)
{
    return {
        {QStringLiteral("name"), profile.name},
        {QStringLiteral("issuer"), orNull(profile.issuer)},
        {QStringLiteral("tokenUrl"), orNull(profile.tokenUrl)},
        {QStringLiteral("authorizationUrl"), orNull(profile.authorizationUrl)},
        {QStringLiteral("deviceAuthorizationUrl"), orNull(profile.deviceAuthorizationUrl)},
        {QStringLiteral("revocationUrl"), orNull(profile.revocationUrl)},
        {QStringLiteral("clientId"), profile.clientId},
        {QStringLiteral("clientAuth"), OAuthProfile::clientAuthName(profile.clientAuth)},
        {QStringLiteral("grant"), OAuthProfile::grantName(profile.grant)},
        {QStringLiteral("scope"), orNull(profile.scope)},
        {QStringLiteral("resource"), orNull(profile.resource)},
        {QStringLiteral("audience"), orNull(profile.audience)},
        {QStringLiteral("redirectUri"), orNull(profile.redirectUri)},
        {QStringLiteral("state"), stateName(tokens.state)},
        {QStringLiteral("expiresAt"), tokens.expiresAt.isValid()
                 ? QJsonValue(tokens.expiresAt.toUTC().toString(Qt::ISODateWithMs))
                 : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("hasRefreshToken"), tokens.hasRefreshToken},
    };
}

void OAuthListCommand::start(const QStringList &arguments)
{
    if (!arguments.isEmpty()) {
        fail(invalid(QStringLiteral("list takes no arguments")));
        return;
    }
    QString error;
    if (!m_context.oauthProfiles->reload(&error))
        m_context.console->warning(error);
    m_profiles = m_context.oauthProfiles->profiles();
    readNext();
}

void OAuthListCommand::readNext()
{
    if (m_states.size() == m_profiles.size()) {
        print();
        return;
    }
    if (m_keychainFailed) {
        m_states.append(TokenSummary());
        readNext();
        return;
    }
    const QString name = m_profiles.at(m_states.size()).name;
    runStoreJob(m_context.oauthProfiles->loadSecrets(name), [this](OAuthStoreJob *job) {
        if (!job->status().isOk()) {
            m_keychainFailed = true;
            m_context.console->warning(QStringLiteral("%1 The token states are shown as unknown.")
                                               .arg(job->status().message()));
            m_states.append(TokenSummary());
        } else {
            TokenSet tokens = job->tokens();
            m_states.append(summarize(tokens, QDateTime::currentDateTimeUtc()));
            tokens.wipe();
        }
        readNext();
    });
}

void OAuthListCommand::print()
{
    Console *console = m_context.console;
    QByteArray output;
    if (m_json) {
        QJsonArray array;
        for (qsizetype i = 0; i < m_profiles.size(); ++i)
            array.append(toJson(m_profiles.at(i), m_states.at(i)));
        output = QJsonDocument(array).toJson(QJsonDocument::Indented);
    } else if (!m_profiles.isEmpty()) {
        QList<QStringList> rows{{QStringLiteral("NAME"), QStringLiteral("GRANT"), QStringLiteral("CLIENT"),
                                 QStringLiteral("ISSUER OR TOKEN URL"), QStringLiteral("STATE"),
                                 QStringLiteral("EXPIRES")}};
        for (qsizetype i = 0; i < m_profiles.size(); ++i) {
            const OAuthProfile &profile = m_profiles.at(i);
            const QDateTime expiresAt = m_states.at(i).expiresAt;
            rows.append({profile.name, OAuthProfile::grantName(profile.grant), orDash(profile.clientId),
                         orDash(profile.issuer.isEmpty() ? profile.tokenUrl : profile.issuer),
                         stateName(m_states.at(i).state),
                         expiresAt.isValid() ? TimeText::localAndRelative(expiresAt) : QStringLiteral("-")});
        }
        output = TextTable::format(rows).toUtf8();
    }
    if (!output.isEmpty() && !console->write(output)) {
        fail(Status(Status::Code::FileError,
                    QStringLiteral("cannot write to standard output: %1").arg(console->writeError())));
        return;
    }
    if (m_profiles.isEmpty())
        console->note(QStringLiteral("no OAuth profiles; add one with authscope-cli oauth add NAME ..."));
    finish(0);
}
