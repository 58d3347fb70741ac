#include "jsonreindenter.h"

namespace {

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r'; // RFC 8259 §2 whitespace
}

} // namespace

void JsonReindenter::newline(QByteArray *out) const
{
    out->append('\n');
    out->append(qsizetype(m_closers.size()) * 2, ' ');
}

void JsonReindenter::open(char bracket, QByteArray *out)
{
    out->append(bracket);
    m_closers.push_back(bracket == '{' ? '}' : ']');
    newline(out);
}

void JsonReindenter::breakAt(const char *what)
{
    if (m_error.isEmpty())
        m_error = QByteArray(what).append(" at offset ").append(QByteArray::number(m_offset));
}

bool JsonReindenter::feed(const QByteArray &piece, QByteArray *out, qint64 maxOutput)
{
    const char *data = piece.constData();
    const qsizetype n = piece.size();
    for (qsizetype i = 0; i < n; ++i, ++m_offset) {
        const char c = data[i];
        if (m_inString) {
            // Copy the run up to the next quote or backslash in one append.
            qsizetype end = i;
            if (m_escaped) {
                m_escaped = false;
                ++end;
            }
            while (end < n && data[end] != '"' && data[end] != '\\')
                ++end;
            if (end < n && data[end] == '\\') {
                out->append(data + i, end - i + 1);
                m_escaped = true;
            } else if (end < n) {
                out->append(data + i, end - i + 1);
                m_inString = false;
            } else {
                out->append(data + i, end - i);
            }
            m_offset += qMin(end, n - 1) - i;
            i = qMin(end, n - 1);
            continue;
        }
        if (isJsonSpace(c))
            continue;
        if (m_heldOpen) {
            const char held = m_heldOpen;
            m_heldOpen = 0;
            if ((held == '{' && c == '}') || (held == '[' && c == ']')) {
                out->append(held);
                out->append(c);
                if (m_closers.empty())
                    m_valueEnded = true;
                continue;
            }
            open(held, out);
        }
        if (m_valueEnded && m_closers.empty())
            breakAt("more than one top-level value");
        switch (c) {
        case '"':
            out->append(c);
            m_inString = true;
            break;
        case '{': case '[':
            m_heldOpen = c;
            break;
        case '}': case ']':
            if (m_closers.empty() || m_closers.back() != c)
                breakAt("a bracket that closes nothing opened");
            else
                m_closers.pop_back();
            newline(out);
            out->append(c);
            if (m_closers.empty())
                m_valueEnded = true;
            break;
        case ',':
            out->append(c);
            newline(out);
            break;
        case ':':
            out->append(": ");
            break;
        default:
            out->append(c);
            // A scalar at the top level ends with the input; the check above needs a bracket.
        }
        if (maxOutput >= 0 && out->size() > maxOutput)
            return false;
    }
    return true;
}

void JsonReindenter::finish(QByteArray *out)
{
    if (m_heldOpen) {
        open(m_heldOpen, out);
        m_heldOpen = 0;
    }
    if (m_inString)
        breakAt("a string that does not end");
    else if (!m_closers.empty())
        breakAt("a bracket left open");
}
