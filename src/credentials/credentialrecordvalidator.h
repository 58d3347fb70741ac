#pragma once

#include "credentialrecord.h"

#include <QByteArrayView>
#include <QObject>
#include <QString>

// Every rule a credential must meet to be stored: the GUI's Add/Edit dialog, the Auth tab's
// "Store in keychain" and "authscope-cli credentials add" all ask here, so none of them stores
// what another refuses or what the engine would then refuse or never send. Each check returns
// the first problem in the order of the enum; words are rendered from the code by message() or
// by a front end that names its own fields (the CLI names its options).
class CredentialRecordValidator
{
    Q_GADGET
public:
    enum class Problem {
        None,
        OriginNotHttp,          // the origin is not an http:// or https:// URL with a host
        UnknownScheme,          // neither a scheme AuthScope answers nor "apikey"
        SchemeTakesOtherKind,   // the scheme's challenges ask for another kind of secret
        UserHasLineBreak,       // CR, LF or NUL: it would end the header line it is sent in
        RealmHasLineBreak,
        LabelHasLineBreak,
        PasswordWithoutUser,    // a password belongs to a user
        ApiKeyWithoutName,      // the user of an API key is the header or query parameter it goes in
        BasicUserWithColon,     // RFC 7617 §2: the user-id ends at the first ':'
        ApiKeyForProxy,         // an API key is sent to the server, never to a proxy
        SecretEmpty,
        SecretHasLineBreak,
        TokenNotB64Token,       // RFC 6750 §2.1 b64token
    };
    Q_ENUM(Problem)

    // The record's own rules (origin, scheme, kind, user, realm, label); not its id or dates.
    static Problem check(const CredentialRecord &record);
    // The same without the origin, for a front end that does not know it yet (the Auth tab: the
    // origin is the request's URL, which MainWindow adds).
    static Problem checkAllButOrigin(const CredentialRecord &record);
    // The secret a record of this kind would hold.
    static Problem checkSecret(Credential::Kind kind, QByteArrayView secret);
    // The record, then its secret.
    static Problem check(const CredentialRecord &record, QByteArrayView secret);

    // One sentence a user can act on; record supplies the scheme and kind it names.
    static QString message(Problem problem, const CredentialRecord &record);
};
