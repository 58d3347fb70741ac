#pragma once

#include "http/exchange.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QList>
#include <QString>
#include <QStringList>

// Exchanges built by hand for the export tests: fixed start time, fixed timings, realistic
// httpbin/nginx-like fields. Each named case has a golden folder tests/export/golden/<name>/.
namespace ExportFixtures {

// The golden cases, in a fixed order.
QStringList caseNames();
Exchange exchange(const QString &name);

// Exchanges full of secrets for the leak tests: none of `secrets` may appear in a default
// export, in any encoding; with ExportOptions::includeSecrets every one of them must.
struct LeakCase
{
    QString name;
    Exchange exchange;
    QList<QByteArray> secrets;
    QList<QByteArray> users;   // not secrets, but base64("user:secret") is a form to look for
};
QList<LeakCase> leakCases();
// The encodings of secret a leak test looks for: as is, base64 (standard and URL-safe),
// percent-encoded (either hex case, '+' for spaces) and base64 of "user:secret" for each user.
QList<QByteArray> leakForms(const QByteArray &secret, const QList<QByteArray> &users);

// A leg with the usual request fields filled; the caller adds the rest.
Leg leg(int index, Leg::Kind kind, const QByteArray &method, const QString &url);
std::shared_ptr<BodyBuffer> body(const QByteArray &bytes);

// Golden comparison: parses both sides, normalizes volatile fields (log.creator.version), and
// on a mismatch writes the actual output under the build tree and returns false with a message
// that names both files. With AUTHSCOPE_UPDATE_GOLDEN=1 in the environment it rewrites the golden
// file instead (review the diff before committing).
bool matchesGolden(const QString &caseName, const QString &fileName, const QByteArray &actual, QString *message);
QJsonDocument normalized(const QByteArray &json);

} // namespace ExportFixtures
