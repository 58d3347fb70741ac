#include "processarguments.h"

#include "sendoptions.h"

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
    for (const ParsedOption &option : parser.options()) {
        if (option.argumentIndex < 0 || option.value.startsWith(u'@'))
            continue;
        qsizetype start = -1; // in the value
        switch (SendOptions::Option(option.id)) {
        case SendOptions::User:
        case SendOptions::ProxyUser: {
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
            start = 0;
            break;
        default:
            break;
        }
        if (start < 0 || start >= option.value.size())
            continue;
        const QString &argument = sendArguments.at(option.argumentIndex);
        // Offsets in bytes of the UTF-8 argument, as argv holds it.
        const qsizetype offset = argument.left(option.valueOffset + start).toUtf8().size();
        const qsizetype length = argument.toUtf8().size() - offset;
        spans.append({option.argumentIndex + 2, offset, length});
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
