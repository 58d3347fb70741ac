#include "credentialrulerows.h"

#include "credentialtesting.h"
#include "http/httpurl.h"

#include <QTest>

namespace CredentialRuleRows {

QList<std::pair<QByteArray, CredentialRuleRow>> all()
{
    QList<std::pair<QByteArray, CredentialRuleRow>> rows;
    using Kind = Credential::Kind;
    using P = CredentialRecordValidator::Problem;
    const auto s = [](const char *text) { return QString::fromUtf8(text); };
    const QString url = s("http://127.0.0.1:8080/any/path");
    const auto row = [&](const char *name, CredentialRuleRow r) {
        if (r.url.isNull())
            r.url = url;
        if (r.secret.isNull())
            r.secret = CredentialTesting::randomSecret();
        rows.append({QByteArray(name), r});
    };
    const QByteArray hex = CredentialTesting::randomHex(8);

    row("origin: ftp", {s("ftp://127.0.0.1/"), Kind::Token, "bearer", {}, {}, {}, false, {}, P::OriginNotHttp});
    row("origin: no host", {s("http:///x"), Kind::Token, "bearer", {}, {}, {}, false, {}, P::OriginNotHttp});
    row("scheme: unknown", {{}, Kind::Password, "ntlm", s("alice"), {}, {}, false, {}, P::UnknownScheme});
    row("scheme: takes another kind", {{}, Kind::Token, "basic", {}, {}, {}, false, {}, P::SchemeTakesOtherKind});
    row("user: line break", {{}, Kind::Password, "digest", s("al\nice"), {}, {}, false, {}, P::UserHasLineBreak});
    row("realm: line break", {{}, Kind::Token, "bearer", {}, s("a\nb"), {}, false, {}, P::RealmHasLineBreak});
    row("label: line break", {{}, Kind::Token, "bearer", {}, {}, s("a\nb"), false, {}, P::LabelHasLineBreak});
    row("password without user", {{}, Kind::Password, "basic", {}, {}, {}, false, {}, P::PasswordWithoutUser});
    row("API key without name", {{}, Kind::ApiKey, "apikey", s(" "), {}, {}, false, {}, P::ApiKeyWithoutName});
    row("Basic user with ':'", {{}, Kind::Password, "basic", s("a:b"), {}, {}, false, {}, P::BasicUserWithColon});
    row("API key for a proxy", {{}, Kind::ApiKey, "apikey", s("X-Api-Key"), {}, {}, true, {}, P::ApiKeyForProxy});
    row("secret: empty", {{}, Kind::Token, "bearer", {}, {}, {}, false, QByteArray(""), P::SecretEmpty});
    row("secret: line break", {{}, Kind::Password, "basic", s("alice"), {}, {}, false, hex + '\n' + hex,
                               P::SecretHasLineBreak});
    row("token: not a b64token", {{}, Kind::Token, "bearer", {}, {}, {}, false, hex + ' ' + hex,
                                  P::TokenNotB64Token});

    row("accepted: Basic password", {{}, Kind::Password, "basic", s("alice"), s("Staff"), s("intranet"), false, {},
                                     P::None});
    // The ':' rule is Basic's (RFC 7617); a Digest user name is a quoted string.
    row("accepted: Digest user with ':'", {{}, Kind::Password, "digest", s("a:b"), {}, {}, false, {}, P::None});
    row("accepted: proxy password", {{}, Kind::Password, "basic", s("alice"), {}, {}, true, {}, P::None});
    row("accepted: token", {{}, Kind::Token, "bearer", {}, {}, {}, false, {}, P::None});
    row("accepted: API key", {{}, Kind::ApiKey, "apikey", s("X-Api-Key"), {}, {}, false, {}, P::None});
    return rows;
}

void addRows()
{
    QTest::addColumn<CredentialRuleRow>("row");
    for (const auto &[name, row] : all())
        QTest::newRow(name.constData()) << row;
}

CredentialRecord recordOf(const CredentialRuleRow &row)
{
    CredentialRecord record;
    const QUrl url(row.url.trimmed(), QUrl::StrictMode);
    if (HttpUrl::isHttpUrl(url))
        record.space.origin = ProtectionSpace::originOf(url);
    record.space.scheme = row.scheme;
    record.space.realm = row.realm;
    record.space.proxy = row.proxy;
    record.user = row.user.trimmed();
    record.kind = row.kind;
    record.label = row.label.trimmed();
    return record;
}

} // namespace CredentialRuleRows
