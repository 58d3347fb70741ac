#include "labdigestserver.h"

#include "auth/challengeparser.h"
#include "auth/digestalgorithm.h"

#include <QDateTime>
#include <QJsonObject>
#include <QRandomGenerator>

#include <algorithm>

namespace {

using Verdict = LabDigestServer::Verdict;

constexpr int MaxNonces = 2000; // a lab answering a room of trainees; older nonces are forgotten

Verdict verdict(Verdict::Outcome outcome, const QString &why)
{
    Verdict v;
    v.outcome = outcome;
    v.why = why;
    return v;
}

QByteArray quoted(const QByteArray &value)
{
    QByteArray escaped = value;
    escaped.replace('\\', "\\\\").replace('"', "\\\"");
    return '"' + escaped + '"';
}

bool offersQop(const LabDigestServer::Offer &offer, const QByteArray &qop)
{
    for (const QByteArray &offered : offer.qop.split(',')) {
        if (offered.trimmed() == qop)
            return true;
    }
    return false;
}

} // namespace

QByteArray LabDigestServer::newNonce(const Offer &offer, bool stale)
{
    if (m_nonces.size() >= MaxNonces) {
        // Forget the oldest half: a client holding one of those gets a fresh challenge.
        QList<qint64> issued;
        for (const Nonce &n : std::as_const(m_nonces))
            issued.append(n.issuedMs);
        std::nth_element(issued.begin(), issued.begin() + issued.size() / 2, issued.end());
        const qint64 cut = issued.at(issued.size() / 2);
        m_nonces.removeIf([cut](const auto &it) { return it.value().issuedMs <= cut; });
    }
    QByteArray bytes(16, '\0');
    QRandomGenerator::system()->generate(bytes.begin(), bytes.end());
    const QByteArray nonce = bytes.toHex();
    Nonce state;
    state.issuedMs = QDateTime::currentMSecsSinceEpoch();
    state.expired = offer.nonces == Offer::Nonces::AlwaysExpired || (offer.nonces == Offer::Nonces::FirstExpired && !stale);
    state.lifetimeMs = offer.nonceLifetimeMs;
    state.maxUses = offer.nonceUses;
    m_nonces.insert(nonce, state);
    return nonce;
}

QByteArray LabDigestServer::challenge(const Offer &offer, const QByteArray &algorithm, bool stale)
{
    QByteArray field = "Digest realm=" + quoted(offer.realm);
    if (!offer.qop.isEmpty())
        field += ", qop=" + quoted(offer.qop);
    // RFC 2069 has no algorithm parameter either (it is MD5 only).
    if (!offer.qop.isEmpty())
        field += ", algorithm=" + algorithm;
    field += ", nonce=" + quoted(newNonce(offer, stale)) + ", opaque=" + quoted(QByteArray("lab-") + offer.realm.toHex().left(16));
    if (offer.userhash)
        field += ", userhash=true";
    if (stale)
        field += ", stale=true";
    return field;
}

LabResponse LabDigestServer::unauthorized(const Offer &offer, const QString &why, bool stale)
{
    LabResponse response = LabResponse::json(401, {{QStringLiteral("error"), QStringLiteral("unauthorized")},
                                                   {QStringLiteral("why"), why}});
    for (const QByteArray &algorithm : offer.algorithms)
        response.setHeader("WWW-Authenticate", challenge(offer, algorithm, stale));
    return response;
}

LabResponse LabDigestServer::refusal(const Offer &offer, const Verdict &verdict)
{
    if (verdict.outcome == Verdict::Outcome::Malformed)
        return LabResponse::json(400, {{QStringLiteral("error"), QStringLiteral("bad_request")}, {QStringLiteral("why"), verdict.why}});
    return unauthorized(offer, verdict.why, verdict.outcome == Verdict::Outcome::Stale);
}

LabDigestServer::Verdict LabDigestServer::verify(const LabRequest &request, const Offer &offer,
                                                 const QHash<QString, QString> &users)
{
    using O = Verdict::Outcome;
    const QByteArray field = request.header("Authorization").trimmed();
    if (field.left(7).compare("Digest ", Qt::CaseInsensitive) != 0)
        return verdict(O::None, QStringLiteral("no Digest credentials in the request"));
    const ChallengeParser::AuthParams parsed = ChallengeParser::parseCredentials(field);
    if (!parsed.errors.isEmpty())
        return verdict(O::Malformed, QStringLiteral("the Digest Authorization cannot be parsed: %1").arg(parsed.errors.constFirst().message));
    QHash<QByteArray, QByteArray> p;
    for (const auto &param : parsed.params)
        p.insert(param.name.toLower(), param.value);
    for (const char *required : {"username", "realm", "nonce", "uri", "response"}) {
        if (!p.contains(required))
            return verdict(O::Malformed, QStringLiteral("the Digest Authorization lacks %1").arg(QString::fromLatin1(required)));
    }
    const QByteArray qop = p.value("qop");
    if (offer.qop.isEmpty() != qop.isEmpty() || (!qop.isEmpty() && !offersQop(offer, qop)))
        return verdict(O::Malformed, QStringLiteral("qop \"%1\" was not offered").arg(QString::fromLatin1(qop)));
    if (!qop.isEmpty() && (!p.contains("nc") || !p.contains("cnonce")))
        return verdict(O::Malformed, QStringLiteral("qop without nc and cnonce (RFC 7616 §3.4)"));
    // RFC 7616 §3.4.6: the uri parameter must name the request-target (through a proxy the target
    // is absolute and clients still send the origin-form, as curl does).
    const QByteArray uri = p.value("uri");
    if (uri != request.target && uri != request.url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment))
        return verdict(O::Malformed, QStringLiteral("uri \"%1\" is not the request-target \"%2\"")
                                             .arg(QString::fromUtf8(p.value("uri")), QString::fromUtf8(request.target)));
    if (p.value("realm") != offer.realm)
        return verdict(O::Rejected, QStringLiteral("realm \"%1\" is not this server's (\"%2\")")
                                            .arg(QString::fromUtf8(p.value("realm")), QString::fromUtf8(offer.realm)));
    const QByteArray algorithmName = offer.qop.isEmpty() ? QByteArray("MD5") : p.value("algorithm", "MD5");
    bool offered = false;
    for (const QByteArray &a : offer.algorithms)
        offered = offered || a.compare(algorithmName, Qt::CaseInsensitive) == 0;
    const DigestAlgorithm algorithm = DigestAlgorithm::fromParameter(algorithmName);
    if (!offered || !algorithm.isValid())
        return verdict(O::Rejected, QStringLiteral("algorithm %1 was not offered").arg(QString::fromLatin1(algorithmName)));
    const auto nonce = m_nonces.find(p.value("nonce"));
    if (nonce == m_nonces.end())
        return verdict(O::Rejected, QStringLiteral("the nonce was not issued by this lab (or forgotten)"));

    // userhash=true: the username parameter is H(user:realm), never the name itself.
    QString user;
    const bool hashed = p.value("userhash").compare("true", Qt::CaseInsensitive) == 0;
    if (hashed != offer.userhash)
        return verdict(O::Rejected, offer.userhash ? QStringLiteral("this realm wants userhash=true") : QStringLiteral("userhash was not offered"));
    for (auto it = users.cbegin(); it != users.cend(); ++it) {
        const QByteArray name = it.key().toUtf8();
        if ((hashed ? algorithm.hex(name + ':' + offer.realm) : name) == p.value("username"))
            user = it.key();
    }
    if (user.isNull())
        return verdict(O::Rejected, QStringLiteral("no such user in realm \"%1\"").arg(QString::fromUtf8(offer.realm)));

    const QByteArray cnonce = p.value("cnonce");
    const QByteArray nc = p.value("nc");
    QByteArray ha1 = algorithm.hex(user.toUtf8() + ':' + offer.realm + ':' + users.value(user).toUtf8());
    if (algorithm.isSession())
        ha1 = algorithm.hex(ha1 + ':' + nonce.key() + ':' + cnonce);
    const QByteArray bodyHash = qop == "auth-int" ? ':' + algorithm.hex(request.body) : QByteArray();
    const QByteArray ha2 = algorithm.hex(request.method + ':' + uri + bodyHash);
    const QByteArray expected = qop.isEmpty() ? algorithm.hex(ha1 + ':' + nonce.key() + ':' + ha2)
                                              : algorithm.hex(ha1 + ':' + nonce.key() + ':' + nc + ':' + cnonce + ':' + qop + ':' + ha2);
    if (expected != p.value("response").toLower())
        return verdict(O::Rejected, QStringLiteral("the response does not match the password of %1").arg(user));
    const bool expired = nonce->expired || QDateTime::currentMSecsSinceEpoch() - nonce->issuedMs > nonce->lifetimeMs
            || (nonce->maxUses > 0 && nonce->uses >= nonce->maxUses);
    if (expired)
        return verdict(O::Stale, QStringLiteral("the nonce has expired; the response was right (stale=true)"));
    ++nonce->uses;

    Verdict accepted = verdict(O::Accepted, QString());
    accepted.user = user;
    if (qop == "auth") {
        // RFC 7616 §3.5: rspauth is the response computed with an empty method.
        const QByteArray rspauth = algorithm.hex(ha1 + ':' + nonce.key() + ':' + nc + ':' + cnonce + ':' + qop + ':'
                                                 + algorithm.hex(':' + uri));
        accepted.authenticationInfo = "rspauth=" + quoted(rspauth) + ", qop=auth, nc=" + nc + ", cnonce=" + quoted(cnonce);
    }
    return accepted;
}
