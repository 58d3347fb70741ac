#include "jsonbodyredactor.h"

#include "secretnames.h"
#include "secretparams.h"
#include "secretredactor.h"

namespace {

// How the value of a member is treated, decided by its key.
enum class KeyRule { None, Secret, HeaderField };

KeyRule ruleForKey(const QString &key)
{
    // A JSON echo of request headers (httpbin's /headers, /anything) keeps the header rules, so
    // "Authorization": "Basic [redacted]" still shows the scheme.
    switch (SecretNames::formOf(key.toUtf8())) {
    case SecretNames::Form::Public: return KeyRule::None;
    case SecretNames::Form::Whole: return KeyRule::Secret;
    default: return KeyRule::HeaderField;
    }
}

enum class Outcome { Ok, End, Error };

struct Replacement {
    qsizetype start;
    qsizetype end;
    QByteArray text;
};

class Scanner
{
public:
    Scanner(const QByteArray &in, bool truncated) : m_in(in), m_truncated(truncated) {}

    Outcome document()
    {
        if (m_in.startsWith("\xEF\xBB\xBF"))
            m_pos = 3;
        skipWhitespace();
        const Outcome outcome = value(0, KeyRule::None);
        if (outcome != Outcome::Ok)
            return outcome;
        skipWhitespace();
        if (m_pos < m_in.size())
            return fail(QStringLiteral("unexpected data after the end of the JSON value"));
        return Outcome::Ok;
    }

    QString error() const { return m_error; }
    const QList<Replacement> &replacements() const { return m_replacements; }
    const QList<QByteArray> &secrets() const { return m_secrets; }

private:
    bool atEnd() const { return m_pos >= m_in.size(); }
    char peek() const { return m_in.at(m_pos); }

    Outcome end()
    {
        if (m_truncated)
            return Outcome::End;
        m_error = QStringLiteral("unexpected end of the body at byte %1").arg(m_pos);
        return Outcome::Error;
    }

    Outcome fail(const QString &what)
    {
        m_error = QStringLiteral("%1 at byte %2").arg(what).arg(m_pos);
        return Outcome::Error;
    }

    void skipWhitespace()
    {
        while (!atEnd()) {
            const char c = peek();
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                return;
            ++m_pos;
        }
    }

    Outcome value(int depth, KeyRule rule)
    {
        if (depth > JsonBodyRedactor::MaxDepth)
            return fail(QStringLiteral("nested deeper than %1 levels").arg(JsonBodyRedactor::MaxDepth));
        if (atEnd())
            return end();
        switch (peek()) {
        case '{': return object(depth);
        case '[': return array(depth);
        case '"': {
            QString decoded;
            const Outcome outcome = string(&decoded);
            if (outcome == Outcome::Ok && m_collect > 0 && !decoded.isEmpty())
                m_secrets.append(decoded.toUtf8());
            return outcome;
        }
        case 't': return literal("true");
        case 'f': return literal("false");
        case 'n': return literal("null");
        default:
            if (peek() == '-' || (peek() >= '0' && peek() <= '9')) {
                const qsizetype start = m_pos;
                const Outcome outcome = number();
                if (outcome == Outcome::Ok && m_collect > 0)
                    m_secrets.append(m_in.mid(start, m_pos - start));
                return outcome;
            }
            return fail(QStringLiteral("unexpected character '%1'").arg(QChar::fromLatin1(peek())));
        }
    }

    Outcome literal(const char *word)
    {
        const QByteArray w(word);
        const QByteArray rest = m_in.mid(m_pos, w.size());
        if (rest == w) {
            m_pos += w.size();
            return Outcome::Ok;
        }
        if (w.startsWith(rest) && m_pos + rest.size() == m_in.size()) {
            m_pos = m_in.size();
            return end();
        }
        return fail(QStringLiteral("invalid literal"));
    }

    static bool isDigit(char c) { return c >= '0' && c <= '9'; }

    Outcome number()
    {
        // RFC 8259 §6: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
        auto digits = [this]() -> Outcome {
            if (atEnd())
                return end();
            if (!isDigit(peek()))
                return fail(QStringLiteral("a digit was expected"));
            while (!atEnd() && isDigit(peek()))
                ++m_pos;
            return Outcome::Ok;
        };
        if (peek() == '-')
            ++m_pos;
        if (!atEnd() && peek() == '0') {
            ++m_pos;
        } else if (const Outcome outcome = digits(); outcome != Outcome::Ok) {
            return outcome;
        }
        if (!atEnd() && peek() == '.') {
            ++m_pos;
            if (const Outcome outcome = digits(); outcome != Outcome::Ok)
                return outcome;
        }
        if (!atEnd() && (peek() == 'e' || peek() == 'E')) {
            ++m_pos;
            if (!atEnd() && (peek() == '+' || peek() == '-'))
                ++m_pos;
            if (const Outcome outcome = digits(); outcome != Outcome::Ok)
                return outcome;
        }
        // A number that runs to the end of a cut body may go on.
        return atEnd() && m_truncated ? Outcome::End : Outcome::Ok;
    }

    static int hexValue(char c)
    {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    }

    Outcome string(QString *decoded)
    {
        ++m_pos; // opening quote
        // Raw bytes are UTF-8; \u escapes are UTF-16 code units, so surrogate pairs join in the
        // QString by themselves.
        QString text;
        QByteArray run;
        auto flush = [&] {
            text.append(QString::fromUtf8(run));
            run.clear();
        };
        while (true) {
            if (atEnd())
                return end();
            const char c = peek();
            if (c == '"') {
                ++m_pos;
                flush();
                *decoded = text;
                return Outcome::Ok;
            }
            if (uchar(c) < 0x20)
                return fail(QStringLiteral("control character in a string"));
            ++m_pos;
            if (c != '\\') {
                run.append(c);
                continue;
            }
            if (atEnd())
                return end();
            const char e = peek();
            ++m_pos;
            switch (e) {
            case '"': run.append('"'); break;
            case '\\': run.append('\\'); break;
            case '/': run.append('/'); break;
            case 'b': run.append('\b'); break;
            case 'f': run.append('\f'); break;
            case 'n': run.append('\n'); break;
            case 'r': run.append('\r'); break;
            case 't': run.append('\t'); break;
            case 'u': {
                int code = 0;
                for (int i = 0; i < 4; ++i, ++m_pos) {
                    if (atEnd())
                        return end();
                    const int h = hexValue(peek());
                    if (h < 0)
                        return fail(QStringLiteral("invalid \\u escape"));
                    code = code * 16 + h;
                }
                flush();
                text.append(QChar(char16_t(code)));
                break;
            }
            default:
                --m_pos;
                return fail(QStringLiteral("invalid escape"));
            }
        }
    }

    Outcome object(int depth)
    {
        ++m_pos; // {
        skipWhitespace();
        if (atEnd())
            return end();
        if (peek() == '}') {
            ++m_pos;
            return Outcome::Ok;
        }
        while (true) {
            skipWhitespace();
            if (atEnd())
                return end();
            if (peek() != '"')
                return fail(QStringLiteral("a member name was expected"));
            QString key;
            Outcome outcome = string(&key);
            if (outcome != Outcome::Ok)
                return outcome;
            skipWhitespace();
            if (atEnd())
                return end();
            if (peek() != ':')
                return fail(QStringLiteral("':' was expected"));
            ++m_pos;
            skipWhitespace();
            if (atEnd())
                return end();
            outcome = member(depth, ruleForKey(key), key);
            if (outcome != Outcome::Ok)
                return outcome;
            skipWhitespace();
            if (atEnd())
                return end();
            if (peek() == '}') {
                ++m_pos;
                return Outcome::Ok;
            }
            if (peek() != ',')
                return fail(QStringLiteral("',' or '}' was expected"));
            ++m_pos;
        }
    }

    Outcome array(int depth)
    {
        ++m_pos; // [
        skipWhitespace();
        if (atEnd())
            return end();
        if (peek() == ']') {
            ++m_pos;
            return Outcome::Ok;
        }
        while (true) {
            skipWhitespace();
            const Outcome outcome = value(depth + 1, KeyRule::None);
            if (outcome != Outcome::Ok)
                return outcome;
            skipWhitespace();
            if (atEnd())
                return end();
            if (peek() == ']') {
                ++m_pos;
                return Outcome::Ok;
            }
            if (peek() != ',')
                return fail(QStringLiteral("',' or ']' was expected"));
            ++m_pos;
        }
    }

    // The value of one object member, redacted by the rule of its key.
    Outcome member(int depth, KeyRule rule, const QString &key)
    {
        const qsizetype start = m_pos;
        const char first = peek();
        const bool secret = rule == KeyRule::Secret;
        if (secret) {
            ++m_collect;
            ++m_suppress; // the whole value goes, so nothing inside needs its own replacement
        }
        QString decoded;
        Outcome outcome;
        if (first == '"') {
            outcome = string(&decoded);
            if (outcome == Outcome::Ok && m_collect > 0 && !decoded.isEmpty())
                m_secrets.append(decoded.toUtf8());
        } else {
            outcome = value(depth + 1, KeyRule::None);
        }
        if (secret) {
            --m_collect;
            --m_suppress;
        }
        if (m_suppress > 0 || rule == KeyRule::None || outcome == Outcome::Error)
            return outcome;

        const QByteArray markerLiteral = '"' + SecretRedactor::markerBytes() + '"';
        if (outcome == Outcome::End) {
            // cut inside the value: whatever of it is there goes
            if (rule != KeyRule::None && m_in.size() > start)
                m_replacements.append({start, m_in.size(), markerLiteral});
            return outcome;
        }
        if (secret) {
            if (first == '"') {
                if (decoded.isEmpty())
                    return outcome;
            } else if (first == 't' || first == 'f' || first == 'n') {
                return outcome; // true/false/null carry nothing
            } else if (first == '{' || first == '[') {
                QByteArray span = m_in.mid(start, m_pos - start);
                span.replace(' ', "").replace('\n', "").replace('\r', "").replace('\t', "");
                if (span.size() == 2)
                    return outcome; // {} or []
            }
            m_replacements.append({start, m_pos, markerLiteral});
            return outcome;
        }
        if (first != '"')
            return outcome;
        const QByteArray original = decoded.toUtf8();
        // A header field's form: what it hides is collected as a header's would be.
        const QByteArray name = key.toUtf8();
        const SecretNames::Form form = SecretNames::formOf(name);
        const SecretParams::Rewrite r = SecretParams::field(name, original);
        for (const QByteArray &hidden : r.hidden) {
            if (SecretNames::isCollected(form, hidden))
                m_secrets.append(hidden);
        }
        const QByteArray &redacted = r.text;
        if (redacted != original)
            m_replacements.append({start, m_pos, JsonBodyRedactor::quote(QString::fromUtf8(redacted))});
        return outcome;
    }

    const QByteArray &m_in;
    const bool m_truncated;
    qsizetype m_pos = 0;
    int m_collect = 0;
    int m_suppress = 0;
    QString m_error;
    QList<Replacement> m_replacements;
    QList<QByteArray> m_secrets;
};

} // namespace

JsonBodyRedactor::Result JsonBodyRedactor::redact(const QByteArray &json, bool allowTruncated)
{
    Result result;
    Scanner scanner(json, allowTruncated);
    const Outcome outcome = scanner.document();
    if (outcome == Outcome::Error) {
        result.data = json;
        result.ok = false;
        result.error = scanner.error();
        return result;
    }
    result.ok = true;
    result.secrets = scanner.secrets();
    const QList<Replacement> &replacements = scanner.replacements();
    if (replacements.isEmpty()) {
        result.data = json;
        return result;
    }
    qsizetype copied = 0;
    for (const Replacement &r : replacements) {
        result.data.append(json.mid(copied, r.start - copied));
        result.data.append(r.text);
        copied = r.end;
    }
    result.data.append(json.mid(copied));
    result.changed = true;
    return result;
}

QByteArray JsonBodyRedactor::quote(const QString &s)
{
    QByteArray out;
    out.reserve(s.size() + 2);
    out.append('"');
    const QByteArray utf8 = s.toUtf8();
    for (const char c : utf8) {
        switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        default:
            if (uchar(c) < 0x20)
                out.append("\\u00").append(QByteArray::number(uchar(c), 16).rightJustified(2, '0'));
            else
                out.append(c);
        }
    }
    out.append('"');
    return out;
}
