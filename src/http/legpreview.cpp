#include "legpreview.h"

namespace {
LegPreview::Because becauseOf(const Leg &leg, const Leg *followed)
{
    using B = LegPreview::Because;
    switch (leg.kind) {
    case Leg::Kind::Initial:
        return B::ComposedRequest;
    case Leg::Kind::Redirect:
        return B::Redirect;
    case Leg::Kind::TokenEndpoint:
        return B::TokenRequest;
    case Leg::Kind::Acquisition:
        return B::Acquisition;
    case Leg::Kind::AuthRetry:
    case Leg::Kind::Retry:
        break;
    }
    if (leg.hasNote(NoteCode::StaleNonceRetry))
        return B::StaleNonce;
    if (leg.kind == Leg::Kind::AuthRetry && followed)
        return followed->statusCode == 407 ? B::ProxyChallengeAnswer : B::ChallengeAnswer;
    return B::Resend;
}
} // namespace

LegPreview LegPreview::of(const Exchange &exchange, int index)
{
    LegPreview preview;
    if (index < 0 || index >= exchange.legs.size())
        return preview;
    const Leg &leg = exchange.legs.at(index);
    const Leg *followed = leg.follows >= 0 && leg.follows < exchange.legs.size() ? &exchange.legs.at(leg.follows) : nullptr;
    preview.leg = index;
    preview.kind = leg.kind;
    preview.because = becauseOf(leg, followed);
    preview.method = leg.method;
    preview.url = leg.url;
    preview.proxy = leg.proxy;
    preview.follows = leg.follows;
    if (followed)
        preview.followsStatus = followed->statusCode;
    // A 407's answer goes to the proxy; otherwise the origin's field is the one that matters.
    const bool toProxy = preview.because == Because::ProxyChallengeAnswer
            || (!leg.requestHeaders.contains("Authorization") && leg.requestHeaders.contains("Proxy-Authorization"));
    preview.credentialField = toProxy ? QByteArrayLiteral("Proxy-Authorization") : QByteArrayLiteral("Authorization");
    const QByteArray value = leg.requestHeaders.value(preview.credentialField).trimmed();
    if (value.isEmpty())
        preview.credentialField.clear();
    else
        preview.credentialScheme = value.left(value.indexOf(' ') < 0 ? value.size() : value.indexOf(' '));
    preview.computation = leg.computation.title;
    for (const auto &parameter : leg.computation.parameters) {
        if (parameter.first == "algorithm")
            preview.algorithm = parameter.second;
    }
    if (followed && !preview.credentialScheme.isEmpty()) {
        for (const Challenge &challenge : followed->challenges) {
            if (challenge.isScheme(preview.credentialScheme.constData())) {
                preview.realm = QString::fromUtf8(challenge.param("realm"));
                break;
            }
        }
    }
    for (const LegNote &note : leg.notes)
        preview.notes.append(note.code);
    return preview;
}

QString LegPreview::becauseName(Because because)
{
    switch (because) {
    case Because::ComposedRequest: return QStringLiteral("composed-request");
    case Because::Redirect: return QStringLiteral("redirect");
    case Because::ChallengeAnswer: return QStringLiteral("challenge-answer");
    case Because::ProxyChallengeAnswer: return QStringLiteral("proxy-challenge-answer");
    case Because::StaleNonce: return QStringLiteral("stale-nonce");
    case Because::TokenRequest: return QStringLiteral("token-request");
    case Because::Acquisition: return QStringLiteral("acquisition");
    case Because::Resend: return QStringLiteral("resend");
    }
    return {};
}
