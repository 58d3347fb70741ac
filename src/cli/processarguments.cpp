#include "processarguments.h"

#include "sendoptions.h"

#include <QPair>
#include <QStringDecoder>

#include <cstring>

namespace {

// An argument for an error line: printable ASCII as is, every other byte as \xNN.
QString shownBytes(const char *bytes)
{
    QString text;
    for (const char *p = bytes; *p; ++p) {
        const auto byte = uchar(*p);
        if (byte >= 0x20 && byte < 0x7f)
            text += QLatin1Char(char(byte));
        else
            text += QStringLiteral("\\x%1").arg(byte, 2, 16, QChar(u'0'));
    }
    return text;
}

// The password of a URL's user information ("http://user:pass@host/"): its offset in text and
// length, or -1.
QPair<qsizetype, qsizetype> urlPassword(const QString &text)
{
    const qsizetype scheme = text.indexOf(QLatin1String("://"));
    const qsizetype start = scheme < 0 ? 0 : scheme + 3;
    qsizetype end = start;
    while (end < text.size() && text.at(end) != u'/' && text.at(end) != u'?' && text.at(end) != u'#')
        ++end;
    const qsizetype at = text.lastIndexOf(u'@', end - 1);
    if (at < start)
        return {-1, 0};
    const qsizetype colon = text.indexOf(u':', start);
    if (colon < 0 || colon > at || colon + 1 == at)
        return {-1, 0};
    return {colon + 1, at - colon - 1};
}

} // namespace

QString ProcessArguments::nonUtf8Problem(int argc, const char *const *argv)
{
    for (int i = 1; i < argc; ++i) {
        QStringDecoder decoder(QStringDecoder::Utf8, QStringConverter::Flag::Stateless);
        const QString decoded = decoder.decode(QByteArrayView(argv[i], qsizetype(std::strlen(argv[i]))));
        if (decoder.hasError()) {
            return QStringLiteral("argument %1 (\"%2\") is not valid UTF-8; it is refused rather than sent with "
                                  "its bytes replaced (use a UTF-8 locale, or percent-encode it in the URL)")
                    .arg(i)
                    .arg(shownBytes(argv[i]));
        }
    }
    return QString();
}

QList<ProcessArguments::Span> ProcessArguments::secretSpans(const QStringList &arguments)
{
    if (arguments.size() < 2 || arguments.at(1) != u"send")
        return {};
    const QStringList sendArguments = arguments.mid(2);
    ArgumentParser parser = SendOptions::parser();
    QString error;
    if (!parser.parse(sendArguments, &error))
        return {};
    QList<Span> spans;
    // Offsets in bytes of the UTF-8 argument, as argv holds it.
    auto add = [&](int index, qsizetype start, qsizetype length) {
        const QString &argument = sendArguments.at(index);
        const qsizetype offset = argument.left(start).toUtf8().size();
        spans.append({index + 2, offset, argument.mid(start, length).toUtf8().size()});
    };
    for (const ParsedOption &option : parser.options()) {
        if (option.id == SendOptions::Proxy && option.argumentIndex >= 0) {
            const auto [start, length] = urlPassword(option.value);
            if (start >= 0)
                add(option.argumentIndex, option.valueOffset + start, length);
            continue;
        }
        if (option.argumentIndex < 0 || option.value.startsWith(u'@'))
            continue;
        qsizetype start = -1; // in the value
        switch (SendOptions::Option(option.id)) {
        case SendOptions::User:
        case SendOptions::ProxyUser:
        case SendOptions::OAuth2Client: {
            const qsizetype colon = option.value.indexOf(u':');
            start = colon < 0 ? -1 : colon + 1;
            break;
        }
        case SendOptions::ApiKey: {
            const qsizetype equals = option.value.indexOf(u'=');
            start = equals < 0 ? -1 : equals + 1;
            break;
        }
        case SendOptions::OAuth2Bearer:
        case SendOptions::OAuth2RefreshToken:
            start = 0;
            break;
        default:
            break;
        }
        if (start < 0 || start >= option.value.size())
            continue;
        add(option.argumentIndex, option.valueOffset + start, option.value.size() - start);
    }
    // The URL's own password (credentials in the URL act like -u).
    for (qsizetype i = 0; i < parser.positionals().size(); ++i) {
        const auto [start, length] = urlPassword(parser.positionals().at(i));
        if (start >= 0)
            add(parser.positionalIndexes().at(i), start, length);
    }
    return spans;
}

void ProcessArguments::blankSecrets(const QStringList &arguments, int argc, char **argv)
{
    const QList<Span> spans = secretSpans(arguments);
    for (const Span &span : spans) {
        if (span.argument >= argc)
            continue;
        char *argument = argv[span.argument];
        const auto size = qsizetype(std::strlen(argument));
        if (span.offset + span.length <= size)
            std::memset(argument + span.offset, '*', size_t(span.length));
    }
}
