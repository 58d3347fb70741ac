#pragma once

#include "http/challenge.h"

// Parses WWW-Authenticate / Proxy-Authenticate field values per RFC 9110 §11.6.1: several
// challenges in one field and across fields, token68 and auth-param forms, quoted strings with
// escapes and commas, case-insensitive names. Never fails as a whole: broken parts are skipped
// up to the next comma and reported with their position, the rest is kept.
class ChallengeParser
{
public:
    struct Result
    {
        QList<Challenge> challenges;
        QList<ChallengeParseError> errors; // position is relative to the field it came from
        int fieldIndexOfError(int i) const { return errorFields.value(i); }
        QList<int> errorFields;            // which field each error belongs to
    };

    static Result parse(const QByteArray &fieldValue);
    static Result parse(const QList<QByteArray> &fieldValues);

    // One auth-param as written, with where its value stands in the parsed field so a caller can
    // rewrite the value in place (the redactor does).
    struct ParamSpan
    {
        QByteArray name;      // as written
        QByteArray value;     // unquoted and unescaped
        int valueStart = 0;   // byte offset of the value as written (its opening quote, if quoted)
        int valueLength = 0;  // length as written, quotes included
        bool quoted = false;
    };
    // One field parsed with positions. Valid only when errors is empty; otherwise what was read
    // before and after the broken parts (skipped up to the next comma) is kept.
    struct AuthParams
    {
        QByteArray scheme;              // empty for a bare parameter list
        QByteArray token68;             // empty when there are parameters
        int token68Start = -1;
        QList<ParamSpan> params;        // in order, repeated names included (a repeat is an error)
        QList<ChallengeParseError> errors;
    };
    // RFC 9110 §11.4 credentials (Authorization, Proxy-Authorization): the grammar of a single
    // challenge, "Digest username=\"a\", response=\"...\"" or "Bearer <token68>". A second scheme
    // is an error.
    static AuthParams parseCredentials(const QByteArray &fieldValue);
    // A bare #auth-param list without a scheme: Authentication-Info (RFC 7615 §3). No token68.
    static AuthParams parseParamList(const QByteArray &fieldValue);
};
