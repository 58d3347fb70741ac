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

// One exchange that carries each of secrets() in many places: credentials, Basic and Bearer
// fields, cookies (header, jar, Set-Cookie), a query API key, bodies that echo them (JSON, text,
// binary), an error message and an annotation.
Exchange leakyExchange();
// The secrets of leakyExchange(), each of which must never appear in a default export.
QList<QByteArray> secrets();
// The user name of leakyExchange()'s credentials (not a secret).
QByteArray leakyUser();

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
