#pragma once

#include <QByteArrayView>

// RFC 9110 §5.6.2 token characters, shared by every parser and validator.
namespace HttpGrammar {

inline bool isTchar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

inline bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (char c : s) {
        if (!isTchar(c))
            return false;
    }
    return true;
}

} // namespace HttpGrammar
