#include "schemeregistry.h"

#include "basicscheme.h"
#include "bearerscheme.h"
#include "digestscheme.h"

const QList<const AuthScheme *> &SchemeRegistry::schemes()
{
    static const BasicScheme basic;
    static const DigestScheme digest;
    static const BearerScheme bearer;
    static const QList<const AuthScheme *> all{&digest, &bearer, &basic};
    return all;
}

const AuthScheme *SchemeRegistry::find(const QByteArray &name)
{
    for (const AuthScheme *scheme : schemes()) {
        if (scheme->name().compare(name, Qt::CaseInsensitive) == 0)
            return scheme;
    }
    return nullptr;
}

SchemeRegistry::Choice SchemeRegistry::choose(const QList<Challenge> &challenges, Preference preference,
                                              bool haveToken, bool havePassword)
{
    Choice best;
    int bestRank = 0;
    for (const Challenge &challenge : challenges) {
        const AuthScheme *scheme = find(challenge.scheme);
        const QString label = QString::fromLatin1(challenge.scheme);
        if (!scheme) {
            best.skipped.append(QStringLiteral("%1: AuthScope does not answer this scheme").arg(label));
            continue;
        }
        if (preference != Preference::Any && scheme->name().compare(AuthPreferences::name(preference).toLatin1(), Qt::CaseInsensitive) != 0) {
            best.skipped.append(QStringLiteral("%1: you asked for %2").arg(label, AuthPreferences::name(preference)));
            continue;
        }
        const int strength = scheme->strength(challenge);
        if (strength == 0) {
            best.skipped.append(QStringLiteral("%1: %2").arg(label, scheme->unsupportedReason(challenge)));
            continue;
        }
        // A scheme whose kind of credential the user has beats a stronger one they cannot answer.
        const bool usable = scheme->credentialKind() == Credential::Kind::Token ? haveToken : havePassword;
        const int rank = strength + (usable ? 1000 : 0);
        if (rank > bestRank) {
            if (best.scheme)
                best.skipped.append(QStringLiteral("%1: a stronger or more fitting challenge was chosen")
                                            .arg(QString::fromLatin1(best.challenge.scheme)));
            best.scheme = scheme;
            best.challenge = challenge;
            bestRank = rank;
        } else {
            best.skipped.append(QStringLiteral("%1: a stronger or more fitting challenge was chosen").arg(label));
        }
    }
    return best;
}
