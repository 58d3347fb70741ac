#include "redactedexchange.h"

#include "http/exchange.h"
#include "secretmatcher.h"
#include "secretredactor.h"

Exchange RedactedExchange::forDiagram(const Exchange &exchange)
{
    const SecretMatcher matcher(SecretRedactor::knownSecrets(exchange));
    const auto url = [&matcher](const QUrl &url) {
        return QUrl(matcher.redact(SecretRedactor::redactUrl(url)), QUrl::TolerantMode);
    };
    Exchange out = exchange;
    out.request.url = url(exchange.request.url);
    out.status = Status(exchange.status.code(), exchange.status.reason(), matcher.redact(exchange.status.message()));
    for (Leg &leg : out.legs) {
        leg.url = url(leg.url);
        leg.reason = matcher.redact(leg.reason);
        leg.status = Status(leg.status.code(), leg.status.reason(), matcher.redact(leg.status.message()));
        for (LegNote &note : leg.notes)
            note.text = matcher.redact(note.text);
    }
    return out;
}
