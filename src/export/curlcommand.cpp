#include "curlcommand.h"

#include "core/displaytext.h"
#include "http/leg.h"
#include "secretredactor.h"

#include <QSet>
#include <QStringDecoder>

namespace {

// POSIX single quotes: nothing inside is special except the quote itself, which closes, is
// escaped and reopens. Newlines, $, ` and \ stay literal, so a server's text runs nothing.
QString quoted(const QString &text)
{
    QString out = text;
    out.replace(u'\'', QStringLiteral("'\\''"));
    return QStringLiteral("'") + out + u'\'';
}

// A comment line may hold only printable text: a line break would end the comment.
QString commentText(const QString &text)
{
    return DisplayText::escaped(text, DisplayText::LineBreaks::Escape);
}

// Bytes that a shell argument can carry and a QString round-trips: UTF-8 without NUL.
bool isShellText(const QByteArray &bytes)
{
    if (bytes.contains('\0'))
        return false;
    QStringDecoder decoder(QStringDecoder::Utf8);
    (void)decoder.decode(bytes);
    return !decoder.hasError();
}

// The command's pieces: literal text single-quoted, secrets as "$VARIABLE" beside it.
class ShellWord
{
public:
    void literal(const QString &text) { m_text += quoted(text); m_empty = false; }
    void variable(const QString &name) { m_text += QStringLiteral("\"$") + name + u'"'; m_empty = false; }
    QString text() const { return m_empty ? QStringLiteral("''") : m_text; }

private:
    QString m_text;
    bool m_empty = true;
};

class Builder
{
public:
    Builder(const Leg &leg, bool revealSecrets) : m_leg(leg), m_reveal(revealSecrets) {}

    QString build()
    {
        addMethodAndVersion();
        if (m_leg.tls.verificationDisabled)
            m_arguments.append(QStringLiteral("-k"));
        addFields();
        addBody();
        addUrl();

        QStringList lines = m_comments;
        if (!m_variables.isEmpty()) {
            lines.append(QStringLiteral("# Secrets are read from shell variables; set them before running:"));
            lines.append(m_variables);
        }
        QString command = QStringLiteral("curl");
        for (const QString &argument : std::as_const(m_arguments))
            command += QStringLiteral(" \\\n  ") + argument;
        lines.append(command);
        return lines.join(u'\n') + u'\n';
    }

private:
    bool hasBody() const { return m_leg.requestBodySize > 0 || !m_leg.requestBody.isEmpty(); }

    void addMethodAndVersion()
    {
        const QByteArray &method = m_leg.method;
        // curl says GET by itself, POST once it has data; HEAD needs --head to not wait for a body.
        if (method == "HEAD" && !hasBody())
            m_arguments.append(QStringLiteral("--head"));
        else if (!(method == "GET" && !hasBody()) && !(method == "POST" && hasBody()))
            m_arguments.append(QStringLiteral("-X ") + quoted(QString::fromLatin1(method)));
        if (m_leg.httpVersion == "HTTP/2")
            m_arguments.append(QStringLiteral("--http2"));
        else if (m_leg.httpVersion == "HTTP/1.1")
            m_arguments.append(QStringLiteral("--http1.1"));
        else if (m_leg.httpVersion == "HTTP/1.0")
            m_arguments.append(QStringLiteral("--http1.0"));
    }

    void addUrl()
    {
        QUrl url = m_leg.url;
        // The request line never holds userinfo: what credentials went, went as Authorization.
        url.setUserInfo(QString());
        const QString query = url.query(QUrl::FullyEncoded);
        url.setQuery(QString());
        ShellWord word;
        word.literal(url.toString(QUrl::FullyEncoded | QUrl::RemoveFragment));
        if (m_leg.url.hasQuery()) {
            word.literal(QStringLiteral("?"));
            const QStringList pairs = query.split(u'&');
            for (qsizetype i = 0; i < pairs.size(); ++i) {
                if (i > 0)
                    word.literal(QStringLiteral("&"));
                appendPair(&word, pairs.at(i), QStringLiteral("QUERY_"),
                           QStringLiteral("the query parameter"));
            }
        }
        m_arguments.append(word.text());
    }

    // "name=value" of a query or form: a secret name's value becomes a variable (percent-encoded
    // as it went, since it is pasted back in the same place).
    void appendPair(ShellWord *word, const QString &pair, const QString &prefix, const QString &what)
    {
        const qsizetype equals = pair.indexOf(u'=');
        const QString name = QUrl::fromPercentEncoding(pair.left(equals < 0 ? pair.size() : equals).toUtf8());
        const QString value = equals < 0 ? QString() : pair.mid(equals + 1);
        if (m_reveal || equals < 0 || value.isEmpty() || !SecretRedactor::isSecretName(name)) {
            word->literal(pair);
            return;
        }
        word->literal(pair.left(equals + 1));
        word->variable(declare(prefix + name, QStringLiteral("%1 %2 (percent-encoded)").arg(what, name)));
    }

    void addFields()
    {
        for (const HeaderField &field : m_leg.requestHeaders) {
            // Qt's stack added these itself; curl adds its own Host, Content-Length, ...
            if (field.source == HeaderField::Source::Transport)
                continue;
            const QString name = QString::fromLatin1(field.name);
            ShellWord word;
            const bool secret = !m_reveal
                    && SecretRedactor::redactHeaderValue(field.name, field.value) != field.value;
            if (secret) {
                word.literal(name + QStringLiteral(": "));
                const QString shown = QString::fromUtf8(SecretRedactor::redactHeaderValue(field.name, field.value));
                word.variable(declare(name, QStringLiteral("the %1 field's value, %2").arg(name, shown)));
            } else if (field.value.isEmpty()) {
                // "Name:" would make curl drop the field; "Name;" sends it empty.
                word.literal(name + u';');
            } else {
                word.literal(name + QStringLiteral(": ") + QString::fromUtf8(field.value));
            }
            m_arguments.append(QStringLiteral("-H ") + word.text());
        }
        // Fields curl would add that this leg did not send at all (those Qt added, curl adds its way).
        const QList<QByteArray> curlDefaults = {QByteArrayLiteral("User-Agent"), QByteArrayLiteral("Accept")};
        for (const QByteArray &name : curlDefaults) {
            if (!m_leg.requestHeaders.contains(name))
                m_arguments.append(QStringLiteral("-H ") + quoted(QString::fromLatin1(name) + u':'));
        }
        if (hasBody() && !m_leg.requestHeaders.contains("Content-Type"))
            m_arguments.append(QStringLiteral("-H ") + quoted(QStringLiteral("Content-Type:")));
    }

    void addBody()
    {
        if (!hasBody())
            return;
        const QByteArray &body = m_leg.requestBody;
        const bool cut = m_leg.requestBodySize > body.size();
        const bool fromFile = m_leg.requestBodySource.startsWith(QStringLiteral("file "));
        if (cut || fromFile || !isShellText(body)) {
            QString file = QStringLiteral("body.bin");
            if (fromFile) {
                file = m_leg.requestBodySource.mid(5);
                m_comments.append(QStringLiteral("# The body (%1 bytes) was read from %2.")
                                          .arg(m_leg.requestBodySize).arg(commentText(file)));
            } else if (cut) {
                m_comments.append(QStringLiteral("# The body was %1 bytes; only the first %2 were recorded. "
                                                 "Put the whole body in %3.")
                                          .arg(m_leg.requestBodySize).arg(body.size()).arg(file));
            } else {
                m_comments.append(QStringLiteral("# The body (%1 bytes) is binary; put it in %2.")
                                          .arg(m_leg.requestBodySize).arg(file));
            }
            m_arguments.append(QStringLiteral("--data-binary ") + quoted(u'@' + file));
            return;
        }
        const QByteArray contentType = m_leg.requestHeaders.value("Content-Type");
        if (!m_reveal && SecretRedactor::redactBody(body, contentType).changed) {
            if (SecretRedactor::isFormType(contentType)) {
                ShellWord word;
                const QStringList pairs = QString::fromUtf8(body).split(u'&');
                for (qsizetype i = 0; i < pairs.size(); ++i) {
                    if (i > 0)
                        word.literal(QStringLiteral("&"));
                    appendPair(&word, pairs.at(i), QStringLiteral("FORM_"), QStringLiteral("the form field"));
                }
                m_arguments.append(dataOption(body) + word.text());
            } else {
                const QString name = declare(QStringLiteral("BODY"),
                                             QStringLiteral("the whole request body (%1 bytes; it holds secrets)")
                                                     .arg(body.size()));
                m_arguments.append(dataOption(body) + QStringLiteral("\"$") + name + u'"');
            }
            return;
        }
        m_arguments.append(dataOption(body) + quoted(QString::fromUtf8(body)));
    }

    // --data-binary reads a file when the data starts with '@'; --data-raw takes it as it is.
    static QString dataOption(const QByteArray &body)
    {
        return body.startsWith('@') ? QStringLiteral("--data-raw ") : QStringLiteral("--data-binary ");
    }

    // A variable for a secret named by what it holds: AUTHSCOPE_AUTHORIZATION, AUTHSCOPE_QUERY_API_KEY.
    QString declare(const QString &what, const QString &description)
    {
        QString base = QStringLiteral("AUTHSCOPE_");
        for (const QChar c : what)
            base += c.isLetterOrNumber() && c.unicode() < 0x80 ? c.toUpper() : QChar(u'_');
        QString name = base;
        for (int n = 2; m_names.contains(name); ++n)
            name = base + u'_' + QString::number(n);
        m_names.insert(name);
        m_variables.append(QStringLiteral("# export %1='...'   # %2").arg(name, commentText(description)));
        return name;
    }

    const Leg &m_leg;
    const bool m_reveal;
    QStringList m_arguments;
    QStringList m_comments;
    QStringList m_variables;
    QSet<QString> m_names;
};

} // namespace

QString CurlCommand::forLeg(const Leg &leg, bool revealSecrets)
{
    return Builder(leg, revealSecrets).build();
}
