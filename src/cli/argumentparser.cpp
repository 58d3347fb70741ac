#include "argumentparser.h"

QString OptionSpec::synopsis() const
{
    QString text;
    if (!shortName.isNull())
        text = u'-' + QString(shortName);
    if (!longName.isEmpty()) {
        if (!text.isEmpty())
            text += QStringLiteral(", ");
        else
            text = QStringLiteral("    "); // keeps long-only options aligned under "-X, --x"
        text += QStringLiteral("--") + longName;
    }
    if (takesValue())
        text += u' ' + valueName;
    return text;
}

ArgumentParser::ArgumentParser(QString program, QList<OptionSpec> specs)
    : m_program(std::move(program)), m_specs(std::move(specs))
{
}

const OptionSpec *ArgumentParser::findShort(QChar name) const
{
    for (const OptionSpec &spec : m_specs) {
        if (spec.shortName == name)
            return &spec;
    }
    return nullptr;
}

const OptionSpec *ArgumentParser::findLong(const QString &name) const
{
    for (const OptionSpec &spec : m_specs) {
        if (!spec.longName.isEmpty() && spec.longName == name)
            return &spec;
    }
    return nullptr;
}

bool ArgumentParser::isSet(int id) const
{
    for (const ParsedOption &option : m_options) {
        if (option.id == id)
            return true;
    }
    return false;
}

QString ArgumentParser::value(int id) const
{
    QString last;
    for (const ParsedOption &option : m_options) {
        if (option.id == id)
            last = option.value;
    }
    return last;
}

const ParsedOption *ArgumentParser::optionNotFor(const QString &action, const QHash<int, QStringList> &owners) const
{
    for (const ParsedOption &option : m_options) {
        const auto owner = owners.constFind(option.id);
        if (owner != owners.cend() && !owner->contains(action))
            return &option;
    }
    return nullptr;
}

bool ArgumentParser::parse(const QStringList &arguments, QString *error)
{
    QList<ParsedOption> options;
    QStringList positionals;
    QList<int> positionalIndexes;
    const QString hint = QStringLiteral(" (see %1 --help)").arg(m_program);

    auto missingValue = [&](const QString &spelling, const OptionSpec &spec) {
        *error = QStringLiteral("option %1 needs a value (%2)").arg(spelling, spec.valueName) + hint;
        return false;
    };

    bool optionsEnded = false;
    for (int i = 0; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        // A lone "-" is an argument, not an option (as in most tools).
        if (optionsEnded || !arg.startsWith(u'-') || arg.size() == 1) {
            positionals.append(arg);
            positionalIndexes.append(i);
            continue;
        }
        if (arg == QLatin1String("--")) {
            optionsEnded = true;
            continue;
        }
        if (arg.startsWith(QLatin1String("--"))) {
            const qsizetype equals = arg.indexOf(u'=');
            const QString name = arg.mid(2, equals < 0 ? -1 : equals - 2);
            const QString spelling = QStringLiteral("--") + name;
            const OptionSpec *spec = findLong(name);
            if (!spec) {
                *error = QStringLiteral("unknown option \"%1\"").arg(spelling) + hint;
                return false;
            }
            if (!spec->takesValue()) {
                if (equals >= 0) {
                    *error = QStringLiteral("option %1 takes no value").arg(spelling) + hint;
                    return false;
                }
                options.append({spec->id, spelling, QString()});
            } else if (equals >= 0) {
                options.append({spec->id, spelling, arg.mid(equals + 1), i, equals + 1});
            } else if (i + 1 < arguments.size()) {
                ++i;
                options.append({spec->id, spelling, arguments.at(i), i, 0});
            } else {
                return missingValue(spelling, *spec);
            }
            continue;
        }
        // One or more short options bundled: flags first, a value-taking option takes the rest.
        for (qsizetype pos = 1; pos < arg.size(); ++pos) {
            const QString spelling = u'-' + QString(arg.at(pos));
            const OptionSpec *spec = findShort(arg.at(pos));
            if (!spec) {
                *error = arg.size() == 2
                        ? QStringLiteral("unknown option \"%1\"").arg(spelling) + hint
                        : QStringLiteral("unknown option \"%1\" in \"%2\"").arg(spelling, arg) + hint;
                return false;
            }
            if (!spec->takesValue()) {
                options.append({spec->id, spelling, QString()});
                continue;
            }
            if (pos + 1 < arg.size()) {
                options.append({spec->id, spelling, arg.mid(pos + 1), i, pos + 1});
            } else if (i + 1 < arguments.size()) {
                ++i;
                options.append({spec->id, spelling, arguments.at(i), i, 0});
            } else {
                return missingValue(spelling, *spec);
            }
            break;
        }
    }
    m_options = options;
    m_positionals = positionals;
    m_positionalIndexes = positionalIndexes;
    return true;
}

QStringList ArgumentParser::wrap(const QString &text, int width)
{
    QStringList lines;
    QString line;
    const QStringList words = text.split(u' ', Qt::SkipEmptyParts);
    for (const QString &word : words) {
        if (!line.isEmpty() && line.size() + 1 + word.size() > width) {
            lines.append(line);
            line.clear();
        }
        line += (line.isEmpty() ? QString() : QStringLiteral(" ")) + word;
    }
    if (!line.isEmpty())
        lines.append(line);
    return lines;
}

QString ArgumentParser::optionsHelp(int width) const
{
    // Synopses in a left column; a description that does not fit goes below, indented.
    constexpr int indent = 2;
    constexpr int column = 30;
    QString text;
    for (const OptionSpec &spec : m_specs) {
        const QString synopsis = QString(indent, u' ') + spec.synopsis();
        QStringList lines = wrap(spec.description, width - column);
        const bool sameLine = !lines.isEmpty() && synopsis.size() + 2 <= column;
        if (sameLine)
            text += synopsis.leftJustified(column, u' ') + lines.takeFirst() + u'\n';
        else
            text += synopsis + u'\n';
        for (const QString &rest : std::as_const(lines))
            text += QString(column, u' ') + rest + u'\n';
    }
    return text;
}
