#pragma once

#include <QByteArrayView>

// RFC 9110 token and token68 characters, shared by every parser and validator.
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

// RFC 9110 §11.2 token68 characters before the "=" padding (RFC 6750 §2.1 b64token is the same).
inline bool isToken68Char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || QByteArrayView("-._~+/").contains(c);
}

// RFC 9110 §5.6.3 OWS/BWS/RWS characters: space and horizontal tab.
inline bool isWhitespace(char c)
{
    return c == ' ' || c == '\t';
}

// A CR, LF or NUL would end or break the line a value is sent in (a header field, a query).
inline bool hasLineBreak(QByteArrayView s)
{
    return s.contains('\r') || s.contains('\n') || s.contains('\0');
}

// RFC 9110 §5.5: a field value holds visible characters, obs-text, SP and HTAB; no other control
// byte (0x00-0x1F, 0x7F). The offset of the first one, or -1.
inline qsizetype firstControlByte(QByteArrayView s)
{
    for (qsizetype i = 0; i < s.size(); ++i) {
        const auto c = uchar(s.at(i));
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return i;
    }
    return -1;
}

// RFC 6750 §2.1 b64token: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
inline bool isB64Token(QByteArrayView s)
{
    qsizetype i = 0;
    while (i < s.size() && isToken68Char(s.at(i)))
        ++i;
    if (i == 0)
        return false;
    while (i < s.size() && s.at(i) == '=')
        ++i;
    return i == s.size();
}

} // namespace HttpGrammar
