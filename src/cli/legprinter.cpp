#include "legprinter.h"

#include "core/displaytext.h"
#include "export/secretredactor.h"
#include "http/exchange.h"

#include <QNetworkCookie>
#include <QSslCipher>

namespace {

QByteArray httpVersionOf(const Leg &leg)
{
    return leg.httpVersion.isEmpty() ? QByteArrayLiteral("HTTP/1.1") : leg.httpVersion;
}

// origin-form (RFC 9112 §3.2.1), as the request line carries it.
QByteArray requestTarget(const QUrl &url, bool includeSecrets)
{
    QByteArray target = url.path(QUrl::FullyEncoded).toUtf8();
    if (target.isEmpty())
        target = "/";
    if (url.hasQuery()) {
        const QString query = url.query(QUrl::FullyEncoded);
        target += '?' + (includeSecrets ? query : SecretRedactor::redactQuery(query)).toUtf8();
    }
    return target;
}

// A server's value on one line of its own: Console::print() escapes control bytes but keeps line
// breaks, so a value must not carry one (a certificate name or realm could forge a "* ..." line).
QByteArray oneValue(const QByteArray &value)
{
    return DisplayText::escaped(value);
}

QByteArray certificateName(const QStringList &names)
{
    return oneValue(names.join(QStringLiteral(", ")).toUtf8());
}

} // namespace

QByteArray LegPrinter::milliseconds(qint64 ns)
{
    return QByteArray::number(double(ns) / 1e6, 'f', 1);
}

QByteArray LegPrinter::sourceMarker(const HeaderField &field)
{
    using S = HeaderField::Source;
    switch (field.source) {
    case S::User: return QByteArray();
    case S::Default: return QByteArrayLiteral("[default]");
    case S::Body: return QByteArrayLiteral("[from body]");
    case S::Transport: return QByteArrayLiteral("[added by Qt]");
    case S::CookieJar: return QByteArrayLiteral("[cookie jar]");
    case S::Authentication: return QByteArrayLiteral("[authentication]");
    case S::Server: return QByteArray();
    }
    return QByteArray();
}

QByteArray LegPrinter::statusLine(const Leg &leg)
{
    QByteArray line = httpVersionOf(leg) + ' ' + QByteArray::number(leg.statusCode);
    if (!leg.reasonPhrase.isEmpty())
        line += ' ' + leg.reasonPhrase;
    return line;
}

QByteArray LegPrinter::responseHead(const Leg &leg)
{
    QByteArray head = statusLine(leg) + "\r\n";
    for (const HeaderField &field : leg.responseHeaders)
        head += field.name + ": " + field.value + "\r\n";
    return head + "\r\n";
}

void LegPrinter::setKnownSecrets(const QList<QByteArray> &secrets)
{
    m_matcher = SecretMatcher(secrets);
}

LegNotes LegPrinter::warnings(const Leg &leg)
{
    return warnings(leg.notes);
}

LegNotes LegPrinter::warnings(const LegNotes &notes)
{
    LegNotes found;
    // Errors are not repeated here: the exchange's outcome reports the one that decided it.
    for (const LegNote &note : notes) {
        if (note.severity == NoteSeverity::Warning)
            found.append(note);
    }
    return found;
}

QByteArray LegPrinter::redactKnown(const QByteArray &text) const
{
    return m_includeSecrets || m_matcher.isEmpty() ? text : m_matcher.redact(text);
}

QByteArray LegPrinter::fieldValue(const HeaderField &field) const
{
    if (m_includeSecrets)
        return oneValue(field.value);
    const bool authorization = field.name.compare("Authorization", Qt::CaseInsensitive) == 0
            || field.name.compare("Proxy-Authorization", Qt::CaseInsensitive) == 0;
    // Whatever AuthScope added as credentials is a secret, whatever the field is called (an API
    // key under a name SecretRedactor does not know).
    if (field.source == HeaderField::Source::Authentication && !authorization)
        return SecretRedactor::markerBytes();
    return oneValue(redactKnown(SecretRedactor::redactHeaderValue(field.name, field.value)));
}

QByteArray LegPrinter::cookieText(const QNetworkCookie &cookie, bool withAttributes) const
{
    const QNetworkCookie shown = m_includeSecrets ? cookie : SecretRedactor::redactCookie(cookie);
    return oneValue(shown.toRawForm(withAttributes ? QNetworkCookie::Full : QNetworkCookie::NameAndValueOnly));
}

QByteArray LegPrinter::freeText(const QString &text) const
{
    if (m_includeSecrets || m_matcher.isEmpty())
        return oneValue(text.toUtf8());
    return oneValue(m_matcher.redact(text).toUtf8());
}

QByteArray LegPrinter::timing(const Leg &leg) const
{
    // Each phase is named by the event that ends it; Qt reports no separate "TCP connected"
    // moment, so a new plain-http connection shows as one "connect+send" phase.
    const LegTiming &t = leg.timing;
    if (t.queuedNs < 0)
        return QByteArray();
    QList<QByteArray> phases;
    qint64 previous = t.queuedNs;
    bool previousWasConnecting = false;
    auto add = [&](const char *name, qint64 at) {
        phases.append(QByteArray(name) + ' ' + milliseconds(at - previous) + " ms");
        previous = at;
    };
    if (t.connectingNs >= 0) {
        add("queue", t.connectingNs);
        previousWasConnecting = true;
    }
    if (t.encryptedNs >= 0) {
        add(previousWasConnecting ? "connect+TLS" : "TLS", t.encryptedNs);
        previousWasConnecting = false;
    }
    if (t.requestSentNs >= 0)
        add(previousWasConnecting ? "connect+send" : "send", t.requestSentNs);
    if (t.firstByteNs >= 0)
        add("wait", t.firstByteNs);
    if (t.finishedNs >= 0 && t.firstByteNs >= 0)
        add("receive", t.finishedNs);
    QByteArray line = "* Timing: " + phases.join(", ");
    if (t.totalNs() >= 0)
        line += (phases.isEmpty() ? "" : ", ") + QByteArray("total ") + milliseconds(t.totalNs()) + " ms";
    if (t.connectionReused())
        line += " (connection reused)";
    return line + '\n';
}

QByteArray LegPrinter::print(const Leg &leg) const
{
    return printRequest(leg) + printResponse(leg);
}

QByteArray LegPrinter::printRequest(const Leg &leg) const
{
    QByteArray text = "* Leg " + QByteArray::number(leg.index + 1) + " (" + Leg::kindName(leg.kind).toUtf8()
            + "): " + oneValue(leg.reason.toUtf8()) + '\n';
    const QUrl url = leg.url.adjusted(QUrl::RemoveUserInfo);
    text += "* " + leg.method + ' '
            + redactKnown((m_includeSecrets ? url.toString(QUrl::FullyEncoded) : SecretRedactor::redactUrl(url)).toUtf8())
            + '\n';

    text += "> " + leg.method + ' ' + redactKnown(requestTarget(leg.url, m_includeSecrets)) + ' ' + httpVersionOf(leg)
            + '\n';
    for (const HeaderField &field : leg.requestHeaders) {
        text += "> " + oneValue(field.name) + ": " + fieldValue(field);
        const QByteArray marker = sourceMarker(field);
        if (!marker.isEmpty())
            text += "   " + marker;
        text += '\n';
    }
    text += ">\n";
    if (!leg.requestBodySource.isEmpty() || leg.requestBodySize > 0) {
        text += "* Request body: " + QByteArray::number(leg.requestBodySize) + " bytes";
        if (!leg.requestBodySource.isEmpty())
            text += " (" + leg.requestBodySource.toUtf8() + ')';
        text += '\n';
    }
    for (const QNetworkCookie &cookie : leg.cookiesSent)
        text += "* Cookie sent: " + cookieText(cookie, false) + '\n';
    // Says what the credentials answered ("Digest SHA-256, qop=auth, nc=00000001 as alice"),
    // never the secret itself.
    if (!leg.authentication.isEmpty())
        text += "* Authentication: " + freeText(leg.authentication) + '\n';
    return text;
}

QByteArray LegPrinter::printResponse(const Leg &leg, const Diagnosis &diagnosis) const
{
    QByteArray text;
    if (leg.tls.encrypted) {
        text += "* TLS: " + leg.tls.protocol.toUtf8();
        if (!leg.tls.cipher.isEmpty())
            text += ", " + leg.tls.cipher.toUtf8();
        if (!leg.tls.peerChain.isEmpty()) {
            const QSslCertificate &peer = leg.tls.peerChain.constFirst();
            text += ", certificate \"" + certificateName(peer.subjectInfo(QSslCertificate::CommonName)) + "\" issued by \""
                    + certificateName(peer.issuerInfo(QSslCertificate::CommonName))
                    + "\", valid until " + peer.expiryDate().toUTC().toString(Qt::ISODate).toUtf8();
        }
        text += '\n';
    }
    if (leg.tls.verificationDisabled && leg.url.scheme() == u"https")
        text += "* TLS certificate verification is OFF (--insecure)\n";
    for (const QSslError &error : leg.tls.errors) {
        text += "* TLS error: " + oneValue(error.errorString().toUtf8());
        if (leg.tls.verificationDisabled)
            text += " (ignored: --insecure)";
        text += '\n';
    }

    if (leg.hasResponse()) {
        text += "< " + oneValue(statusLine(leg)) + '\n';
        for (const HeaderField &field : leg.responseHeaders)
            text += "< " + oneValue(field.name) + ": " + fieldValue(field) + '\n';
        text += "<\n";
        if (leg.responseBody)
            text += "* Response body: " + QByteArray::number(leg.responseBody->size()) + " bytes\n";
        for (const Challenge &challenge : leg.challenges)
            text += "* Challenge: " + freeText(challenge.toDisplayString()) + '\n';
        for (const QString &problem : leg.challengeProblems)
            text += "* Challenge problem: " + freeText(problem) + '\n';
    } else {
        text += "* No response\n";
    }
    for (const QNetworkCookie &cookie : leg.cookiesSet)
        text += "* Cookie set: " + cookieText(cookie, true) + '\n';
    for (const LegNote &note : leg.notes) {
        if (note.severity != NoteSeverity::Warning)
            text += "* Note [" + note.codeName().toUtf8() + "]: " + freeText(note.text) + '\n';
    }
    text += printDiagnosis(diagnosis);
    if (!leg.status.isOk())
        text += "* Failed (" + leg.status.codeName().toUtf8() + "): " + freeText(leg.status.message()) + '\n';
    text += timing(leg);
    return text + '\n';
}

QByteArray LegPrinter::printDiagnosis(const Diagnosis &diagnosis) const
{
    if (diagnosis.isNull())
        return QByteArray();
    QByteArray text = "* Diagnosis: " + diagnosis.codeName().toUtf8() + ": " + freeText(diagnosis.summary) + '\n';
    for (const QString &line : diagnosis.evidence)
        text += "*   evidence: " + freeText(line) + '\n';
    if (!diagnosis.next.isEmpty())
        text += "*   next: " + freeText(diagnosis.next) + '\n';
    return text;
}

QByteArray LegPrinter::printStep(const ExchangeStep &step) const
{
    if (step.kind != ExchangeStep::Kind::AcquireCredential)
        return QByteArray();
    const NoteCode code = step.succeeded() ? step.source : step.outcome;
    QByteArray line = "* Step [" + NoteCodes::name(code).toUtf8() + "]: ";
    line += step.succeeded() ? "credential" : "no credential";
    line += step.forLeg < 0 ? QByteArray(" for the request")
                            : " for the challenge of leg " + QByteArray::number(step.forLeg + 1);
    if (!step.detail.isEmpty())
        line += " (" + freeText(step.detail) + ')';
    if (step.startedNs >= 0 && step.finishedNs >= step.startedNs)
        line += ", " + milliseconds(step.finishedNs - step.startedNs) + " ms";
    line += '\n';
    for (const LegNote &note : step.notes) {
        if (note.severity != NoteSeverity::Warning)
            line += "* Note [" + note.codeName().toUtf8() + "]: " + freeText(note.text) + '\n';
    }
    return line;
}

QByteArray LegPrinter::summary(const Exchange &exchange) const
{
    QByteArray line = "* Exchange ";
    if (exchange.status.isOk())
        line += "done";
    else
        line += "failed (" + exchange.status.codeName().toUtf8()
                + (exchange.status.reason() == NoteCode::None ? QByteArray() : ", " + NoteCodes::name(exchange.status.reason()).toUtf8())
                + "): " + freeText(exchange.status.message());
    const qsizetype legs = exchange.legs.size();
    line += ", " + QByteArray::number(legs) + (legs == 1 ? " leg" : " legs");
    if (exchange.durationNs >= 0)
        line += ", " + milliseconds(exchange.durationNs) + " ms";
    return line + '\n';
}
