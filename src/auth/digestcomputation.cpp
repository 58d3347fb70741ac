#include "digestcomputation.h"

DigestComputation::DigestComputation(const DigestAlgorithm &algorithm)
    : m_algorithm(algorithm)
{
    m_computation.scheme = QStringLiteral("Digest");
}

QString DigestComputation::h(const QString &argument) const
{
    return QStringLiteral("%1(%2)").arg(QString::fromLatin1(m_algorithm.name()), argument);
}

QByteArray DigestComputation::record(const QString &name, const QString &formula, const QByteArray &input,
                                     const QByteArray &hashed, bool secret)
{
    ComputationStep step;
    step.name = name;
    step.formula = formula;
    step.input = input;
    step.value = m_algorithm.hex(hashed);
    step.secretValue = secret;
    m_computation.steps.append(step);
    return step.value;
}

QByteArray DigestComputation::userHash(const QByteArray &user, const QByteArray &realm)
{
    const QByteArray input = user + ':' + realm;
    return record(QStringLiteral("username (userhash)"), h(QStringLiteral("unq(username) \":\" unq(realm)")), input, input);
}

QByteArray DigestComputation::ha1(const QByteArray &user, const QByteArray &realm, const QByteArray &password)
{
    const QByteArray prefix = user + ':' + realm + ':';
    return record(QStringLiteral("HA1"), h(QStringLiteral("A1")) + QStringLiteral(", A1 = unq(username) \":\" unq(realm) \":\" passwd"),
                  prefix + AuthComputation::passwordPlaceholder(), prefix + password, true);
}

QByteArray DigestComputation::sessionHa1(const QByteArray &ha1, const QByteArray &nonce, const QByteArray &cnonce)
{
    const QByteArray input = ha1 + ':' + nonce + ':' + cnonce;
    return record(QStringLiteral("HA1 (-sess)"), h(QStringLiteral("H(unq(username) \":\" unq(realm) \":\" passwd) \":\" unq(nonce) \":\" unq(cnonce)")),
                  input, input, true);
}

QByteArray DigestComputation::bodyHash(const QByteArray &body)
{
    // A large body is hashed whole; only its hash is kept (the leg keeps a preview of the body).
    const bool kept = body.size() <= BodyInputLimit;
    QString formula = h(QStringLiteral("entity-body"));
    if (!kept)
        formula += QStringLiteral(" (a body of %1 bytes: hashed, not kept)").arg(body.size());
    return record(QStringLiteral("H(entity-body)"), formula, kept ? body : QByteArray(), body);
}

QByteArray DigestComputation::ha2(const QByteArray &method, const QByteArray &uri, const QByteArray &bodyHash)
{
    QByteArray input = method + ':' + uri;
    QString a2 = QStringLiteral("Method \":\" request-uri");
    if (!bodyHash.isEmpty()) {
        input += ':' + bodyHash;
        a2 += QStringLiteral(" \":\" H(entity-body)");
    }
    return record(QStringLiteral("HA2"), h(QStringLiteral("A2")) + QStringLiteral(", A2 = ") + a2,
                  input, input);
}

QByteArray DigestComputation::rspauthHa2(const QByteArray &uri)
{
    const QByteArray input = ':' + uri;
    return record(QStringLiteral("HA2 (rspauth)"), h(QStringLiteral("\":\" request-uri")), input, input);
}

QByteArray DigestComputation::response(const QString &name, const QByteArray &ha1, const QByteArray &nonce,
                                       const QByteArray &nc, const QByteArray &cnonce, const QByteArray &qop,
                                       const QByteArray &ha2)
{
    if (qop.isEmpty()) {
        const QByteArray input = ha1 + ':' + nonce + ':' + ha2;
        return record(name, h(QStringLiteral("H(A1) \":\" unq(nonce) \":\" H(A2)")) + QStringLiteral(" (RFC 2069, no qop)"),
                      input, input);
    }
    const QByteArray input = ha1 + ':' + nonce + ':' + nc + ':' + cnonce + ':' + qop + ':' + ha2;
    return record(name, h(QStringLiteral("H(A1) \":\" unq(nonce) \":\" nc \":\" unq(cnonce) \":\" unq(qop) \":\" H(A2)")),
                  input, input);
}

void DigestComputation::checkLastStep(const QByteArray &serverValue)
{
    if (m_computation.steps.isEmpty())
        return;
    ComputationStep &step = m_computation.steps.last();
    step.expected = serverValue;
    step.check = step.value == serverValue.toLower() ? ComputationStep::Check::Matched : ComputationStep::Check::Mismatched;
}
