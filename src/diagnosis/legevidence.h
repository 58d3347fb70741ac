#pragma once

#include "http/challenge.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>

struct Leg;

// What one leg carried about authentication, read once for the Diagnoser: the Authorization (or
// Proxy-Authorization) it sent, split into scheme and credentials, the challenges of its response
// and the response's Date. The credentials are kept only to check their form and read a JWT's
// claims; described() names them without quoting a secret ("Basic (user alice)").
class LegEvidence
{
public:
    explicit LegEvidence(const Leg &leg);

    const Leg &leg() const { return m_leg; }
    bool forProxy() const { return m_proxy; }
    // "WWW-Authenticate" or "Proxy-Authenticate" (407)
    QByteArray challengeField() const;
    QByteArray authorizationField() const;

    bool sentAuthorization() const { return m_sent; }
    bool authorizationTyped() const { return m_typed; } // given by the user (-H), not composed by AuthScope
    QByteArray sentScheme() const { return m_scheme; }  // as sent; empty when the value has no scheme
    bool sentSchemeIs(const char *scheme) const { return m_scheme.compare(scheme, Qt::CaseInsensitive) == 0; }
    QByteArray sentCredentials() const { return m_credentials; } // the secret part: never show it
    // A parameter of a Digest Authorization (realm, username); empty when absent.
    QByteArray sentParam(const QByteArray &name) const;
    // "leg 2 sent Authorization: Basic (user alice)"
    QString described() const;
    // Why the Authorization cannot be read, or empty: "no scheme", "Basic credentials are not base64".
    QString malformation() const;

    // Parsed from the response's field (or the engine's parse when it has one).
    const QList<Challenge> &challenges() const { return m_challenges; }
    bool hasChallengeField() const { return m_hasChallengeField; }
    const Challenge *challenge(const char *scheme) const;
    bool challenged(const QByteArray &scheme) const;
    // "WWW-Authenticate: Bearer error=\"invalid_token\"", escaped for display.
    QString challengeLine(const Challenge &challenge) const;
    QString challengeLines() const;

    QDateTime responseDate() const { return m_date; } // invalid when absent or unreadable
    QByteArray responseField(const QByteArray &name) const;

    // The Cookie pairs sent, name and value (values are secrets: compare, never show).
    QList<QPair<QByteArray, QByteArray>> cookiesSent() const;

private:
    const Leg &m_leg;
    bool m_proxy = false;
    bool m_sent = false;
    bool m_typed = false;
    QByteArray m_scheme;
    QByteArray m_credentials;
    QList<Challenge> m_challenges;
    bool m_hasChallengeField = false;
    QDateTime m_date;
};
