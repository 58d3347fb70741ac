#pragma once

#include <QByteArray>
#include <QString>

// Text that came from a server or a user's URL (realms, reason phrases, header fields, challenge
// parameters, error descriptions, Locations, TLS errors) made safe to show on a terminal or in a
// widget: nothing in it can move the cursor, set a title, clear the screen, reorder the line or
// pass for a line of its own. Printable UTF-8 stays as it is; everything else becomes an escape
// made of printable ASCII:
//   \xHH    a C0 control byte (0x00-0x1f: ESC, BEL, NUL, CR, LF, TAB...), DEL (0x7f), or a byte
//           that is not part of valid UTF-8 (an 8-bit C1 such as 0x9b, a cut or overlong sequence)
//   \uHHHH  a well-formed character that controls rather than shows: a C1 control
//           (U+0080-U+009F), a bidirectional control (U+061C, U+200E/F, U+202A-E, U+2066-9:
//           "Trojan Source" reordering) or a line/paragraph separator (U+2028/9)
// Hex digits are lower case. A backslash stands for itself, so the escaped form reads the same
// everywhere (CLI stderr, prompts, GUI labels and views); --json, HAR and response bodies carry
// the raw value instead.
class DisplayText
{
public:
    // Whether a line break (LF) in the text is one: KeepLineBreaks for whole blocks of lines the
    // program composed (the -v block), EscapeLineBreaks for one value (a realm cannot start a line).
    enum class LineBreaks { Escape, Keep };

    // Bytes as received (UTF-8 expected, anything accepted) -> UTF-8 safe to show.
    static QByteArray escaped(const QByteArray &bytes, LineBreaks lineBreaks = LineBreaks::Escape);
    // Decoded text -> text safe to show (a lone surrogate is shown as \uHHHH).
    static QString escaped(const QString &text, LineBreaks lineBreaks = LineBreaks::Escape);
    // Bytes as received -> text safe to show, for widgets (the same escapes as the CLI's).
    static QString fromBytes(const QByteArray &bytes);
};
