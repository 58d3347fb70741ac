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
};
