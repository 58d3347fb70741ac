#include "displaytext.h"

namespace {

const char hexDigits[] = "0123456789abcdef";

bool isControlByte(uchar b, DisplayText::LineBreaks lineBreaks)
{
    if (b == '\n')
        return lineBreaks == DisplayText::LineBreaks::Escape;
    return b < 0x20 || b == 0x7f;
}

// Characters that act on the display instead of showing: C1 controls (CSI, OSC... in their
// 8-bit form), Unicode's bidirectional controls and its line and paragraph separators.
bool isControlCharacter(char32_t c)
{
    return (c >= 0x80 && c < 0xa0) || c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e)
            || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
}

void appendByteEscape(QByteArray &out, uchar b)
{
    const char escape[] = {'\\', 'x', hexDigits[b >> 4], hexDigits[b & 0xf]};
    out.append(escape, sizeof escape);
}

void appendCharacterEscape(QByteArray &out, char32_t c)
{
    const char escape[] = {'\\', 'u', hexDigits[(c >> 12) & 0xf], hexDigits[(c >> 8) & 0xf], hexDigits[(c >> 4) & 0xf],
                           hexDigits[c & 0xf]};
    out.append(escape, sizeof escape);
}

// The length of the well-formed UTF-8 sequence at bytes[i] and its code point (RFC 3629 §4:
// no overlong forms, no surrogates, nothing above U+10FFFF); 0 when the byte starts none.
qsizetype decodeUtf8(const QByteArray &bytes, qsizetype i, char32_t *codePoint)
{
    const uchar lead = uchar(bytes[i]);
    struct Form { uchar first, last, valueBits; qsizetype length; char32_t lowest; };
    static constexpr Form forms[] = {{0xc2, 0xdf, 0x1f, 2, 0x80}, {0xe0, 0xef, 0x0f, 3, 0x800},
                                     {0xf0, 0xf4, 0x07, 4, 0x10000}};
    const Form *form = nullptr;
    for (const Form &f : forms) {
        if (lead >= f.first && lead <= f.last)
            form = &f;
    }
    if (!form)
        return 0;
    const qsizetype length = form->length;
    char32_t c = lead & form->valueBits;
    if (i + length > bytes.size())
        return 0;
    for (qsizetype k = 1; k < length; ++k) {
        const uchar next = uchar(bytes[i + k]);
        if ((next & 0xc0) != 0x80)
            return 0;
        c = (c << 6) | (next & 0x3f);
    }
    if (c < form->lowest || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *codePoint = c;
    return length;
}

} // namespace

QByteArray DisplayText::escaped(const QByteArray &bytes, LineBreaks lineBreaks)
{
    QByteArray out;
    out.reserve(bytes.size());
    for (qsizetype i = 0; i < bytes.size();) {
        const uchar b = uchar(bytes[i]);
        if (b < 0x80) {
            if (isControlByte(b, lineBreaks))
                appendByteEscape(out, b);
            else
                out.append(char(b));
            ++i;
            continue;
        }
        char32_t c = 0;
        const qsizetype length = decodeUtf8(bytes, i, &c);
        if (length == 0) {
            // Only this byte is shown as not UTF-8; what follows it gets its own chance.
            appendByteEscape(out, b);
            ++i;
        } else {
            if (isControlCharacter(c))
                appendCharacterEscape(out, c);
            else
                out.append(bytes.data() + i, length);
            i += length;
        }
    }
    return out;
}

QString DisplayText::escaped(const QString &text, LineBreaks lineBreaks)
{
    QString out;
    out.reserve(text.size());
    const qsizetype size = text.size();
    for (qsizetype i = 0; i < size; ++i) {
        const QChar ch = text.at(i);
        const char16_t u = ch.unicode();
        if (u < 0x80) {
            if (isControlByte(uchar(u), lineBreaks)) {
                QByteArray escape;
                appendByteEscape(escape, uchar(u));
                out += QLatin1String(escape);
            } else {
                out += ch;
            }
        } else if (ch.isHighSurrogate() && i + 1 < size && text.at(i + 1).isLowSurrogate()) {
            out += ch;
            out += text.at(++i);
        } else if (ch.isSurrogate() || isControlCharacter(u)) {
            QByteArray escape;
            appendCharacterEscape(escape, u);
            out += QLatin1String(escape);
        } else {
            out += ch;
        }
    }
    return out;
}

QString DisplayText::fromBytes(const QByteArray &bytes)
{
    return QString::fromUtf8(escaped(bytes));
}
