#pragma once

#include <QByteArray>

#include <vector>

// Re-indents JSON text fed in pieces of any size, without re-serialising it: key order, duplicate
// keys and the spelling of numbers stay exactly as the server sent them. Strings are copied as they
// are, escapes included, even when a piece ends inside one. Used whole by BodyFormatter and piece
// by piece by PrettyPrintJob, so a large body is never held twice.
//
// It checks what it meets on the way (brackets that close what they opened, strings that end,
// one value at the top); it is not a full grammar check: an input it accepts may still be
// invalid JSON (a bare word, a missing comma). BodyFormatter validates small bodies in full first.
class JsonReindenter
{
public:
    // Appends the re-indented form of the next piece of input to *out. Stops and returns false as
    // soon as *out grows past maxOutput bytes (deep nesting multiplies the size), when not negative.
    bool feed(const QByteArray &piece, QByteArray *out, qint64 maxOutput = -1);
    // Ends the input: appends what is still held back (an opened bracket) to *out.
    void finish(QByteArray *out);

    // After finish(): false when the structure was broken; error() says where.
    bool isWellFormed() const { return m_error.isEmpty(); }
    QByteArray error() const { return m_error; }
    qint64 consumed() const { return m_offset; }

private:
    void newline(QByteArray *out) const;
    void open(char bracket, QByteArray *out);
    void breakAt(const char *what);

    std::vector<char> m_closers;    // the brackets still open, as the character that closes each
    qint64 m_offset = 0;            // input bytes consumed
    char m_heldOpen = 0;            // '{' or '[' waiting to see whether its container is empty
    bool m_inString = false;
    bool m_escaped = false;
    bool m_valueEnded = false;      // a top-level value has been completed
    QByteArray m_error;
};
