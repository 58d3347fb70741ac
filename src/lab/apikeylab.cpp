#include "apikeylab.h"

#include "lablessonpath.h"

#include <QJsonObject>

namespace {

const QString Group = QStringLiteral("API keys");
// Demo keys, shown in the lessons: one live key, one for the test environment, one revoked.
const QByteArray LiveKey = "live_4f7a9c2e51b84d06";
const QByteArray TestKey = "test_2b8e4f1a9c3d7e65";
const QByteArray RevokedKey = "live_9d01e6b3a7c24f58";

QString keyLine()
{
    return QStringLiteral("live key %1; test key %2; revoked key %3")
            .arg(QString::fromLatin1(LiveKey), QString::fromLatin1(TestKey), QString::fromLatin1(RevokedKey));
}

QStringList headerKey(const QByteArray &key)
{
    return {QStringLiteral("--api-key"), QStringLiteral("X-API-Key=") + QString::fromLatin1(key)};
}

// APIs that take keys answer 401 without WWW-Authenticate (there is no standard API-key scheme)
// and say in the body what was wrong.
LabResponse apiError(int status, const char *error, const QString &message)
{
    return LabResponse::json(status, {{QStringLiteral("error"), QString::fromLatin1(error)}, {QStringLiteral("message"), message}});
}

} // namespace

ApiKeyLab::ApiKeyLab() = default;
ApiKeyLab::~ApiKeyLab() = default;

QList<LabScenario> ApiKeyLab::scenarios() const
{
    return {
        LabScenario{QStringLiteral("api-key-header"), QStringLiteral("/api-keys/header/"), Group,
                    QStringLiteral("API key in a header"),
                    QStringLiteral("The key goes in a header field of the API's choosing, here X-API-Key, with the "
                                   "first request: no challenge, no second leg. API keys are not an HTTP "
                                   "authentication scheme (RFC 9110 §11 knows none), so every API names its own "
                                   "field. Look at leg 1's request headers (the key is masked) and the 200."),
                    keyLine(), QString(), headerKey(LiveKey), 80},
        LabScenario{QStringLiteral("api-key-query"), QStringLiteral("/api-keys/query/"), Group,
                    QStringLiteral("API key in the query"),
                    QStringLiteral("The key goes as the query parameter api_key. It works, but a URL ends up in "
                                   "server logs, proxies and browser history (RFC 6750 §5.3 warns the same of "
                                   "tokens in URLs): prefer a header. Look at leg 1's URL (the key is masked)."),
                    keyLine(), QString(),
                    {QStringLiteral("--api-key"), QStringLiteral("api_key=") + QString::fromLatin1(LiveKey),
                     QStringLiteral("--api-key-in"), QStringLiteral("query")},
                    -1},
        LabScenario{QStringLiteral("api-key-revoked"), QStringLiteral("/api-keys/revoked/"), Group,
                    QStringLiteral("API key: revoked"),
                    QStringLiteral("The key was revoked. The API answers 401 with a JSON error body and no "
                                   "WWW-Authenticate, as most key-based APIs do; AuthScope therefore reads it as "
                                   "no-challenge (RFC 9110 §15.5.2 wants a challenge with every 401). Look at the "
                                   "response body: \"api_key_revoked\" is the real reason."),
                    keyLine(), QStringLiteral("no-challenge"), headerKey(RevokedKey), -1},
        LabScenario{QStringLiteral("api-key-wrong-environment"), QStringLiteral("/api-keys/wrong-environment/"), Group,
                    QStringLiteral("API key: wrong environment"),
                    QStringLiteral("A key of the test environment (prefix test_) sent to the live API: the key is "
                                   "valid, just not here. The API answers 403 with an error body naming the "
                                   "environment; the diagnosis is forbidden (RFC 9110 §15.5.4: the server knows the key and refuses). "
                                   "Look at the key's prefix in the request and the response body."),
                    keyLine(), QStringLiteral("forbidden"), headerKey(TestKey), -1},
    };
}

bool ApiKeyLab::respond(const LabRequest &request, LabResponse *response)
{
    const QString lesson = LabLessonPath::of(request, QLatin1String("/api-keys/"));
    const bool inQuery = lesson == QLatin1String("query");
    if (!inQuery && lesson != QLatin1String("header") && lesson != QLatin1String("revoked")
        && lesson != QLatin1String("wrong-environment"))
        return false;

    const QByteArray key = inQuery ? request.query().queryItemValue(QStringLiteral("api_key"), QUrl::FullyDecoded).toUtf8()
                                   : request.header("X-API-Key").trimmed();
    const QString where = inQuery ? QStringLiteral("the query parameter api_key") : QStringLiteral("the X-API-Key header");
    if (key.isEmpty()) {
        *response = apiError(401, "missing_api_key", QStringLiteral("Send your API key in %1.").arg(where));
    } else if (key == RevokedKey) {
        *response = apiError(401, "api_key_revoked",
                             QStringLiteral("This API key was revoked. Create a new key in the dashboard."));
    } else if (key.startsWith("test_")) {
        *response = apiError(403, "wrong_environment",
                             QStringLiteral("This is a test-environment key; the live API needs a live_ key."));
    } else if (key != LiveKey) {
        *response = apiError(401, "invalid_api_key", QStringLiteral("No such API key."));
    } else {
        *response = LabResponse::json(200, {{QStringLiteral("authenticated"), true},
                                            {QStringLiteral("environment"), QStringLiteral("live")},
                                            {QStringLiteral("lesson"), lesson}});
    }
    return true;
}
