#include "legevidence.h"

#include "auth/challengeparser.h"
#include "auth/jwt.h"
#include "auth/schemeregistry.h"
#include "core/displaytext.h"
#include "core/httpgrammar.h"
#include "http/httpdate.h"
#include "http/leg.h"

namespace {

// RFC 4648 §4 base64 with its padding: what RFC 7617 §2 asks of Basic credentials. Unpadded input
// is accepted too (many clients send it and servers read it); a stray character is not.
bool isBase64(const QByteArray &text)
{
    if (text.isEmpty())
        return false;
    qsizetype end = text.size();
    while (end > 0 && text.at(end - 1) == '=')
        --end;
    const qsizetype padding = text.size() - end;
    if (padding > 2 || (padding > 0 && text.size() % 4 != 0) || end % 4 == 1)
        return false;
    for (qsizetype i = 0; i < end; ++i) {
        const char c = text.at(i);
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'))
            return false;
    }
    return true;
}

} // namespace

LegEvidence::LegEvidence(const Leg &leg)
    : m_leg(leg), m_proxy(leg.statusCode == 407)
{
    const QByteArray name = authorizationField();
    for (const HeaderField &f : leg.requestHeaders) {
        if (f.name.compare(name, Qt::CaseInsensitive) != 0)
            continue;
        m_sent = true;
        m_typed = f.source == HeaderField::Source::User;
        const QByteArray value = f.value.trimmed();
        const qsizetype space = value.indexOf(' ');
        if (space < 0) {
            // One word: a scheme without credentials, or credentials without a scheme.
            if (SchemeRegistry::find(value))
                m_scheme = value;
            else
                m_credentials = value;
        } else {
            m_scheme = value.left(space);
            m_credentials = value.mid(space + 1).trimmed();
        }
    }
    const QList<QByteArray> fields = leg.responseHeaders.values(challengeField());
    m_hasChallengeField = !fields.isEmpty();
    m_challenges = leg.challenges.isEmpty() ? ChallengeParser::parse(fields).challenges : leg.challenges;
    m_date = HttpDate::parse(leg.responseHeaders.value("Date"));
}

QByteArray LegEvidence::challengeField() const
{
    return m_proxy ? QByteArrayLiteral("Proxy-Authenticate") : QByteArrayLiteral("WWW-Authenticate");
}

QByteArray LegEvidence::authorizationField() const
{
    return m_proxy ? QByteArrayLiteral("Proxy-Authorization") : QByteArrayLiteral("Authorization");
}

QByteArray LegEvidence::sentParam(const QByteArray &name) const
{
    if (!sentSchemeIs("Digest"))
        return QByteArray();
    const ChallengeParser::Result parsed = ChallengeParser::parse(m_scheme + ' ' + m_credentials);
    return parsed.challenges.isEmpty() ? QByteArray() : parsed.challenges.constFirst().param(name);
}

QString LegEvidence::described() const
{
    QString what;
    if (!m_sent) {
        what = QStringLiteral("no %1").arg(QString::fromLatin1(authorizationField()));
    } else {
        QString detail;
        if (m_scheme.isEmpty()) {
            detail = QStringLiteral("a value of %1 characters without a scheme").arg(m_credentials.size());
        } else if (sentSchemeIs("Basic")) {
            const QByteArray decoded = QByteArray::fromBase64(m_credentials);
            const qsizetype colon = decoded.indexOf(':');
            detail = isBase64(m_credentials) && colon >= 0
                    ? QStringLiteral("user %1").arg(DisplayText::fromBytes(decoded.left(colon)))
                    : QStringLiteral("%1 characters").arg(m_credentials.size());
        } else if (sentSchemeIs("Digest")) {
            detail = QStringLiteral("user %1, realm \"%2\"")
                             .arg(DisplayText::fromBytes(sentParam("username")), DisplayText::fromBytes(sentParam("realm")));
        } else if (sentSchemeIs("Bearer")) {
            detail = Jwt::decode(m_credentials).isSigned() ? QStringLiteral("a JWT of %1 characters").arg(m_credentials.size())
                                                           : QStringLiteral("a token of %1 characters").arg(m_credentials.size());
        } else {
            detail = QStringLiteral("credentials of %1 characters").arg(m_credentials.size());
        }
        what = QStringLiteral("%1: %2 (%3)%4")
                       .arg(QString::fromLatin1(authorizationField()),
                            m_scheme.isEmpty() ? QStringLiteral("(no scheme)") : DisplayText::fromBytes(m_scheme), detail,
                            m_typed ? QStringLiteral(", as typed with the request") : QString());
    }
    return QStringLiteral("leg %1 sent %2").arg(m_leg.index + 1).arg(what);
}

QString LegEvidence::malformation() const
{
    if (!m_sent)
        return QString();
    if (m_scheme.isEmpty())
        return QStringLiteral("it has no scheme (a bare value where \"SCHEME credentials\" belongs)");
    if (!HttpGrammar::isToken(m_scheme))
        return QStringLiteral("its scheme is not an HTTP token");
    if (sentSchemeIs("Basic")) {
        if (m_credentials.isEmpty())
            return QStringLiteral("Basic without credentials");
        if (!isBase64(m_credentials))
            return QStringLiteral("the Basic credentials are not base64 (RFC 7617 §2)");
        if (!QByteArray::fromBase64(m_credentials).contains(':'))
            return QStringLiteral("the Basic credentials decode to no user:password pair (no ':')");
    }
    if (sentSchemeIs("Bearer")) {
        if (m_credentials.isEmpty())
            return QStringLiteral("Bearer without a token");
        if (!HttpGrammar::isB64Token(m_credentials))
            return QStringLiteral("the Bearer token has characters a token may not have (RFC 6750 §2.1 b64token)");
    }
    return QString();
}

const Challenge *LegEvidence::challenge(const char *scheme) const
{
    for (const Challenge &c : m_challenges) {
        if (c.isScheme(scheme))
            return &c;
    }
    return nullptr;
}

bool LegEvidence::challenged(const QByteArray &scheme) const
{
    for (const Challenge &c : m_challenges) {
        if (c.scheme.compare(scheme, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QString LegEvidence::challengeLine(const Challenge &challenge) const
{
    return QStringLiteral("%1: %2").arg(QString::fromLatin1(challengeField()), DisplayText::escaped(challenge.toDisplayString()));
}

QString LegEvidence::challengeLines() const
{
    QStringList lines;
    for (const Challenge &c : m_challenges)
        lines.append(DisplayText::escaped(c.toDisplayString()));
    return QStringLiteral("%1: %2").arg(QString::fromLatin1(challengeField()), lines.join(QStringLiteral(", ")));
}

QByteArray LegEvidence::responseField(const QByteArray &name) const
{
    return m_leg.responseHeaders.value(name);
}

QList<QPair<QByteArray, QByteArray>> LegEvidence::cookiesSent() const
{
    QList<QPair<QByteArray, QByteArray>> pairs;
    for (const QByteArray &field : m_leg.requestHeaders.values("Cookie")) {
        for (const QByteArray &part : field.split(';')) {
            const QByteArray pair = part.trimmed();
            const qsizetype eq = pair.indexOf('=');
            if (eq > 0)
                pairs.append({pair.left(eq).trimmed(), pair.mid(eq + 1).trimmed()});
        }
    }
    return pairs;
}
