#include "digestscheme.h"

#include "challengeparser.h"
#include "digestalgorithm.h"
#include "digestcomputation.h"

#include <QFile>
#include <QRandomGenerator>

namespace {

constexpr qint64 AuthIntBodyLimit = 64 * 1024 * 1024;

QByteArray quoted(const QByteArray &value)
{
    QByteArray escaped = value;
    escaped.replace('\\', "\\\\").replace('"', "\\\"");
    return '"' + escaped + '"';
}

QByteArray requestUri(const QUrl &url)
{
    // RFC 7616 §3.4: the request-target, path and query as sent.
    QByteArray uri = url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
    return uri.isEmpty() ? QByteArrayLiteral("/") : uri;
}

bool plainUserName(const QByteArray &user)
{
    for (char c : user) {
        if (uchar(c) < 0x20 || uchar(c) > 0x7e || c == '"' || c == '\\')
            return false;
    }
    return true;
}

QByteArray randomCnonce()
{
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    return QByteArray(reinterpret_cast<const char *>(words), sizeof(words)).toHex();
}

// The entity-body qop=auth-int hashes; false when it cannot be read or is too large.
bool bodyBytes(const RequestBody &body, QByteArray *bytes, QString *error)
{
    *bytes = body.data();
    if (body.kind() == RequestBody::Kind::File) {
        if (body.size() > AuthIntBodyLimit) {
            *error = QStringLiteral("qop=auth-int needs the body's hash; bodies over 64 MiB are not hashed");
            return false;
        }
        QFile file(body.filePath());
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read %1 to hash it for auth-int").arg(body.filePath());
            return false;
        }
        *bytes = file.readAll();
    }
    return true;
}

QString computationTitle(const DigestAlgorithm &alg, const QByteArray &qop, bool userhash)
{
    return QStringLiteral("Digest %1, %2%3")
            .arg(QString::fromLatin1(alg.name()),
                 qop.isEmpty() ? QStringLiteral("no qop (RFC 2069)") : QStringLiteral("qop=%1").arg(QString::fromLatin1(qop)),
                 userhash ? QStringLiteral(", userhash") : QString());
}

} // namespace

QByteArray DigestScheme::chooseQop(const Challenge &challenge)
{
    // RFC 2069 compatibility: no qop (some servers send an empty one to mean the same).
    if (!challenge.hasParam("qop") || challenge.param("qop").trimmed().isEmpty())
        return QByteArrayLiteral("");
    bool auth = false, authInt = false;
    for (const QByteArray &part : challenge.param("qop").split(',')) {
        const QByteArray q = part.trimmed().toLower();
        auth |= q == "auth";
        authInt |= q == "auth-int";
    }
    // auth is what every server accepts; auth-int only when it is all that is offered.
    if (auth)
        return QByteArrayLiteral("auth");
    if (authInt)
        return QByteArrayLiteral("auth-int");
    return QByteArray(); // null: nothing we can use
}

int DigestScheme::strength(const Challenge &challenge) const
{
    if (!matches(challenge) || !unsupportedReason(challenge).isEmpty())
        return 0;
    return 100 + 10 * DigestAlgorithm::fromParameter(challenge.param("algorithm")).strength();
}

QString DigestScheme::unsupportedReason(const Challenge &challenge) const
{
    if (!matches(challenge))
        return QStringLiteral("not a Digest challenge");
    if (!DigestAlgorithm::fromParameter(challenge.param("algorithm")).isValid())
        return QStringLiteral("algorithm \"%1\" is not supported (MD5, SHA-256, SHA-512-256 and their -sess variants are)")
                .arg(QString::fromLatin1(challenge.param("algorithm")));
    if (chooseQop(challenge).isNull())
        return QStringLiteral("qop \"%1\" offers neither auth nor auth-int").arg(QString::fromLatin1(challenge.param("qop")));
    if (challenge.param("nonce").isEmpty())
        return QStringLiteral("the challenge has no nonce");
    return QString();
}

AuthAnswer DigestScheme::answer(const Challenge &challenge, const Credential &credential,
                                const AuthRequest &request, AuthState *state) const
{
    return answerWithCnonce(challenge, credential, request, state, QByteArray());
}

AuthAnswer DigestScheme::answerWithCnonce(const Challenge &challenge, const Credential &credential,
                                          const AuthRequest &request, AuthState *state, const QByteArray &fixedCnonce)
{
    AuthAnswer result;
    const QString unsupported = DigestScheme().unsupportedReason(challenge);
    if (!unsupported.isEmpty()) {
        result.error = unsupported;
        return result;
    }
    AuthState scratch;
    AuthState &s = state ? *state : scratch;
    const DigestAlgorithm alg = DigestAlgorithm::fromParameter(challenge.param("algorithm"));
    const QByteArray realm = challenge.param("realm");
    const QByteArray nonce = challenge.param("nonce");
    const QByteArray qop = chooseQop(challenge);
    const QByteArray uri = requestUri(request.url);
    const QByteArray user = credential.user.toUtf8();

    // RFC 7616 §3.4: nc counts the requests made with one nonce; a new nonce starts again at 1.
    const bool sameNonce = s.challenge.param("nonce") == nonce && s.nonceCount > 0;
    const quint32 nc = sameNonce ? s.nonceCount + 1 : 1;
    QByteArray cnonce = fixedCnonce;
    if (cnonce.isEmpty())
        cnonce = sameNonce && !s.cnonce.isEmpty() ? s.cnonce : randomCnonce();
    const QByteArray ncHex = QByteArray::number(nc, 16).rightJustified(8, '0');

    const bool userhash = challenge.param("userhash").compare("true", Qt::CaseInsensitive) == 0;
    DigestComputation steps(alg);
    AuthComputation &computation = steps.computation();
    computation.title = computationTitle(alg, qop, userhash);
    computation.parameters = {{"username", user}, {"realm", realm}, {"algorithm", alg.name()}, {"nonce", nonce}};
    if (!qop.isEmpty())
        computation.parameters += {{"cnonce", cnonce}, {"nc", ncHex}, {"qop", qop}};
    computation.parameters += {{"method", request.method}, {"uri", uri}};
    if (userhash)
        computation.parameters.append(qMakePair(QByteArrayLiteral("userhash"), QByteArrayLiteral("true")));

    const QByteArray hashedUser = userhash ? steps.userHash(user, realm) : QByteArray();
    QByteArray ha1 = steps.ha1(user, realm, credential.secret);
    if (alg.isSession()) {
        // §3.4.2: the session key is computed once per nonce/cnonce pair (the same bytes each time).
        ha1 = steps.sessionHa1(ha1, nonce, cnonce);
        s.sessionHa1 = ha1;
    }
    QByteArray entityHash;
    if (qop == "auth-int") {
        QByteArray body;
        if (!bodyBytes(request.body, &body, &result.error))
            return result;
        entityHash = steps.bodyHash(body);
    }
    const QByteArray ha2 = steps.ha2(request.method, uri, entityHash);
    const QByteArray response = steps.response(QStringLiteral("response"), ha1, nonce, ncHex, cnonce, qop, ha2);

    QByteArray value = "Digest ";
    if (userhash)
        value += "username=" + quoted(hashedUser);
    else if (plainUserName(user))
        value += "username=" + quoted(user);
    else // RFC 7616 §3.4.4 with RFC 8187 encoding
        value += "username*=UTF-8''" + QUrl::toPercentEncoding(credential.user);
    value += ", realm=" + quoted(realm) + ", uri=" + quoted(uri);
    if (challenge.hasParam("algorithm"))
        value += ", algorithm=" + alg.name();
    value += ", nonce=" + quoted(nonce);
    if (!qop.isEmpty())
        value += ", nc=" + ncHex + ", cnonce=" + quoted(cnonce) + ", qop=" + qop;
    value += ", response=" + quoted(response);
    if (challenge.hasParam("opaque"))
        value += ", opaque=" + quoted(challenge.param("opaque"));
    if (userhash)
        value += ", userhash=true";

    s.challenge = challenge;
    s.nonceCount = nc;
    s.cnonce = cnonce;
    s.qop = qop;
    result.value = value;
    result.computation = computation;
    result.summary = QStringLiteral("Digest %1%2%3 as %4%5")
                             .arg(QString::fromLatin1(alg.name()),
                                  qop.isEmpty() ? QStringLiteral(", no qop (RFC 2069)") : QStringLiteral(", qop=%1").arg(QString::fromLatin1(qop)),
                                  qop.isEmpty() ? QString() : QStringLiteral(", nc=%1").arg(QString::fromLatin1(ncHex)),
                                  credential.user,
                                  userhash ? QStringLiteral(" (user name hashed)") : QString());
    if (!alg.isStandard())
        result.summary += QStringLiteral("; note: %1 is not an RFC 7616 algorithm").arg(QString::fromLatin1(alg.name()));
    return result;
}

LegNote DigestScheme::verifyAuthenticationInfo(const QByteArray &fieldValue, const Credential &credential,
                                               const AuthRequest &request, const AuthState &state,
                                               AuthComputation *verification) const
{
    // Authentication-Info is a bare auth-param list; parse it as the parameters of a dummy scheme.
    const ChallengeParser::Result parsed = ChallengeParser::parse("Info " + fieldValue);
    if (parsed.challenges.isEmpty())
        return LegNote(NoteCode::RspauthNotChecked, QStringLiteral("Authentication-Info could not be parsed"));
    const Challenge &info = parsed.challenges.at(0);
    const QByteArray rspauth = info.param("rspauth");
    if (rspauth.isEmpty())
        return LegNote();
    const QByteArray qop = info.hasParam("qop") ? info.param("qop") : state.qop;
    if (qop == "auth-int")
        return LegNote(NoteCode::RspauthNotChecked, QStringLiteral("Authentication-Info not checked: rspauth with auth-int covers the response body"));
    const DigestAlgorithm alg = DigestAlgorithm::fromParameter(state.challenge.param("algorithm"));
    const QByteArray realm = state.challenge.param("realm");
    const QByteArray nonce = state.challenge.param("nonce");
    const QByteArray cnonce = info.hasParam("cnonce") ? info.param("cnonce") : state.cnonce;
    const QByteArray nc = info.hasParam("nc") ? info.param("nc")
                                              : QByteArray::number(state.nonceCount, 16).rightJustified(8, '0');
    DigestComputation steps(alg);
    const QByteArray uri = requestUri(request.url);
    if (verification) {
        AuthComputation &check = steps.computation();
        check.title = QStringLiteral("rspauth of Authentication-Info, ") + computationTitle(alg, qop, false).mid(7);
        check.parameters = {{"rspauth", rspauth}, {"realm", realm}, {"nonce", nonce}};
        if (!qop.isEmpty())
            check.parameters += {{"cnonce", cnonce}, {"nc", nc}, {"qop", qop}};
        check.parameters.append(qMakePair(QByteArrayLiteral("uri"), uri));
    }
    QByteArray ha1 = steps.ha1(credential.user.toUtf8(), realm, credential.secret);
    if (alg.isSession())
        ha1 = steps.sessionHa1(ha1, nonce, state.cnonce);
    // RFC 7616 §3.5: A2 for rspauth has an empty method.
    const QByteArray ha2 = steps.rspauthHa2(uri);
    const QByteArray expected = steps.response(QStringLiteral("rspauth"), ha1, nonce, nc, cnonce, qop, ha2);
    steps.checkLastStep(rspauth);
    if (verification)
        *verification = steps.computation();
    if (expected == rspauth.toLower())
        return LegNote(NoteCode::RspauthVerified, QStringLiteral("Authentication-Info verified: rspauth proves the server knows the password"));
    return LegNote(NoteCode::RspauthMismatch, QStringLiteral("Authentication-Info MISMATCH: rspauth does not match; this response may not come from a server that knows the password"));
}
