#include "challengeparser.h"

#include "core/httpgrammar.h"

namespace {

using HttpGrammar::isTchar;
using HttpGrammar::isToken68Char;
using HttpGrammar::isWhitespace;

// A cursor over one field value. Every read checks the end: input is untrusted.
class Cursor
{
public:
    explicit Cursor(const QByteArray &s) : m_s(s) {}

    bool atEnd() const { return m_pos >= m_s.size(); }
    char peek(int ahead = 0) const { return m_pos + ahead < m_s.size() ? m_s.at(m_pos + ahead) : '\0'; }
    int pos() const { return m_pos; }
    void setPos(int p) { m_pos = p; }
    void advance() { ++m_pos; }

    void skipSpace()
    {
        while (!atEnd() && isWhitespace(peek()))
            ++m_pos;
    }
    QByteArray token()
    {
        const int start = m_pos;
        while (!atEnd() && isTchar(peek()))
            ++m_pos;
        return m_s.mid(start, m_pos - start);
    }
    // After the opening quote; false at an unterminated string.
    bool quotedString(QByteArray *out)
    {
        advance();
        while (!atEnd()) {
            const char c = peek();
            if (c == '"') {
                advance();
                return true;
            }
            if (c == '\\') { // RFC 9110 §5.6.4 quoted-pair
                advance();
                if (atEnd())
                    return false;
            }
            out->append(peek());
            advance();
        }
        return false;
    }
    // Moves past the next comma outside quotes (or to the end); used to recover from errors.
    void skipElement()
    {
        bool quoted = false;
        while (!atEnd()) {
            const char c = peek();
            if (quoted && c == '\\') {
                advance();
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                return;
            }
            advance();
        }
    }
    // True when what follows is "token BWS =". Right after a scheme, "abc=" or "abc==" ending the
    // element is token68 padding instead (token68Possible).
    bool looksLikeAuthParam(bool token68Possible) const
    {
        int p = m_pos;
        while (p < m_s.size() && isTchar(m_s.at(p)))
            ++p;
        if (p == m_pos)
            return false;
        while (p < m_s.size() && isWhitespace(m_s.at(p)))
            ++p;
        if (p >= m_s.size() || m_s.at(p) != '=')
            return false;
        if (!token68Possible)
            return true;
        int q = p;
        while (q < m_s.size() && m_s.at(q) == '=')
            ++q;
        while (q < m_s.size() && isWhitespace(m_s.at(q)))
            ++q;
        const bool endsElement = q >= m_s.size() || m_s.at(q) == ',';
        return !(endsElement && (q - p >= 1));
    }

private:
    const QByteArray &m_s;
    int m_pos = 0;
};

// What one call parses: WWW-Authenticate challenges, one credentials value (RFC 9110 §11.4, the
// same grammar as one challenge) or a bare auth-param list (Authentication-Info, RFC 7615 §3).
enum class Form { Challenges, Credentials, ParamList };

void parseField(const QByteArray &value, int fieldIndex, Form form, ChallengeParser::Result *result,
                ChallengeParser::AuthParams *spans = nullptr)
{
    Cursor c(value);
    auto fail = [&](const QString &message) {
        result->errors.append({c.pos(), message});
        result->errorFields.append(fieldIndex);
        c.skipElement();
    };
    Challenge paramList; // the scheme-less holder of a bare auth-param list
    Challenge *current = form == Form::ParamList ? &paramList : nullptr;

    while (true) {
        // Leading empty list elements are allowed: RFC 9110 §5.6.1.2.
        c.skipSpace();
        while (c.peek() == ',') {
            c.advance();
            c.skipSpace();
        }
        if (c.atEnd())
            break;

        const bool token68Possible = form != Form::ParamList && current && current->params.isEmpty();
        if (current && current->token68.isEmpty() && c.looksLikeAuthParam(token68Possible)) {
            const int nameStart = c.pos();
            const QByteArray name = c.token();
            c.skipSpace();
            c.advance(); // '='
            c.skipSpace();
            const int valueStart = c.pos();
            const bool quoted = c.peek() == '"';
            QByteArray v;
            if (quoted) {
                if (!c.quotedString(&v)) {
                    c.setPos(valueStart);
                    fail(QStringLiteral("unterminated quoted string in parameter \"%1\"").arg(QString::fromLatin1(name)));
                    continue;
                }
            } else {
                v = c.token();
                if (v.isEmpty()) {
                    fail(QStringLiteral("parameter \"%1\" has no value").arg(QString::fromLatin1(name)));
                    continue;
                }
            }
            if (spans)
                spans->params.append({name, v, valueStart, c.pos() - valueStart, quoted});
            if (current->hasParam(name)) {
                // RFC 9110 §11.2: each parameter name must occur only once per challenge.
                result->errors.append({nameStart, QStringLiteral("parameter \"%1\" repeated; the first is used").arg(QString::fromLatin1(name))});
                result->errorFields.append(fieldIndex);
            } else {
                current->params.append({name, v});
            }
            c.skipSpace();
            if (!c.atEnd() && c.peek() != ',')
                fail(QStringLiteral("expected ',' after parameter \"%1\"").arg(QString::fromLatin1(name)));
            continue;
        }
        if (form == Form::ParamList) {
            fail(QStringLiteral("expected a parameter (name=value), found '%1'").arg(QChar::fromLatin1(c.peek())));
            continue;
        }
        if (form == Form::Credentials && !result->challenges.isEmpty()) {
            fail(QStringLiteral("credentials hold one scheme; unexpected '%1'").arg(QChar::fromLatin1(c.peek())));
            continue;
        }

        // A new challenge: auth-scheme [ 1*SP ( token68 / #auth-param ) ]
        const int schemeStart = c.pos();
        const QByteArray scheme = c.token();
        if (scheme.isEmpty()) {
            fail(QStringLiteral("expected an authentication scheme, found '%1'").arg(QChar::fromLatin1(c.peek())));
            current = nullptr;
            continue;
        }
        result->challenges.append(Challenge{scheme, {}, {}});
        current = &result->challenges.last();
        const bool spaced = isWhitespace(c.peek());
        c.skipSpace();
        if (c.atEnd() || c.peek() == ',')
            continue;
        if (!spaced) {
            fail(QStringLiteral("scheme \"%1\" must be followed by a space").arg(QString::fromLatin1(scheme)));
            continue;
        }
        if (c.looksLikeAuthParam(true))
            continue; // the loop reads the parameters
        // token68
        const int start = c.pos();
        while (!c.atEnd() && isToken68Char(c.peek()))
            c.advance();
        while (!c.atEnd() && c.peek() == '=')
            c.advance();
        current->token68 = value.mid(start, c.pos() - start);
        c.skipSpace();
        if (current->token68.isEmpty() || (!c.atEnd() && c.peek() != ',')) {
            current->token68.clear();
            c.setPos(start);
            fail(QStringLiteral("malformed credentials after scheme \"%1\" (at offset %2)")
                         .arg(QString::fromLatin1(scheme)).arg(schemeStart));
        } else if (spans) {
            spans->token68Start = start;
        }
    }
}

ChallengeParser::AuthParams parseSpans(const QByteArray &value, Form form)
{
    ChallengeParser::AuthParams out;
    ChallengeParser::Result result;
    parseField(value, 0, form, &result, &out);
    if (!result.challenges.isEmpty()) {
        out.scheme = result.challenges.first().scheme;
        out.token68 = result.challenges.first().token68;
    }
    out.errors = result.errors;
    return out;
}

} // namespace

ChallengeParser::Result ChallengeParser::parse(const QByteArray &fieldValue)
{
    return parse(QList<QByteArray>{fieldValue});
}

ChallengeParser::Result ChallengeParser::parse(const QList<QByteArray> &fieldValues)
{
    Result result;
    for (int i = 0; i < fieldValues.size(); ++i)
        parseField(fieldValues.at(i), i, Form::Challenges, &result);
    return result;
}

ChallengeParser::AuthParams ChallengeParser::parseCredentials(const QByteArray &fieldValue)
{
    return parseSpans(fieldValue, Form::Credentials);
}

ChallengeParser::AuthParams ChallengeParser::parseParamList(const QByteArray &fieldValue)
{
    return parseSpans(fieldValue, Form::ParamList);
}
