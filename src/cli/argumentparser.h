#pragma once

#include <QChar>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

// One option a subcommand understands. The same table drives parsing and --help.
struct OptionSpec
{
    int id = 0;
    QChar shortName;        // 'X' for -X; null when the option has only a long name
    QString longName;       // "request" for --request; empty when it has only a short name
    QString valueName;      // "METHOD"; empty for a flag
    QString description;

    bool takesValue() const { return !valueName.isEmpty(); }
    // "-X, --request METHOD", as the help shows it.
    QString synopsis() const;
};

// An option as it occurred on the command line, in order, so repeated options keep their order.
struct ParsedOption
{
    int id = 0;
    QString spelling;       // as the user wrote it ("-X" or "--request"), for error messages
    QString value;
    // Where the value stands in the parsed list: the argument's index and the value's offset in
    // it ("--user=a:b" is offset 7); -1 for a flag. Lets main() blank a secret in the process's
    // own argument list.
    int argumentIndex = -1;
    qsizetype valueOffset = 0;
};

// A curl-like command-line parser over an OptionSpec table. It knows "-X VALUE", "-XVALUE",
// "--request VALUE", "--request=VALUE", bundled flags ("-Lkv", "-LX POST") and "--" ending the
// options. A value is always taken from the next argument, even when it starts with a dash, so
// "-H -x" and "--max-redirs -1" reach the option (which then judges the value).
class ArgumentParser
{
public:
    // program is the prefix of "see ... --help" hints, e.g. "authscope-cli send".
    ArgumentParser(QString program, QList<OptionSpec> specs);

    // False with *error set (one line naming the problem, no program prefix) on an unknown option
    // or a missing value. Nothing is kept from a failed parse.
    bool parse(const QStringList &arguments, QString *error);

    const QList<ParsedOption> &options() const { return m_options; }
    const QStringList &positionals() const { return m_positionals; }
    // Where each positional stands in the parsed list (its argument index), in the same order.
    const QList<int> &positionalIndexes() const { return m_positionalIndexes; }
    bool isSet(int id) const;
    // The last value given for the option (a repeated option: the last counts, as with curl);
    // empty when it was not given.
    QString value(int id) const;
    // For commands with actions ("credentials add"): the first option given that serves other
    // actions only (owners: option id -> the actions it serves; an option not listed serves all),
    // or null when every option belongs to action.
    const ParsedOption *optionNotFor(const QString &action, const QHash<int, QStringList> &owners) const;

    const QList<OptionSpec> &specs() const { return m_specs; }
    // The option table, one option per entry, descriptions wrapped to width columns.
    QString optionsHelp(int width = 80) const;
    // text split into lines of at most width characters at spaces (a longer word stays whole).
    static QStringList wrap(const QString &text, int width);

private:
    const OptionSpec *findShort(QChar name) const;
    const OptionSpec *findLong(const QString &name) const;

    QString m_program;
    QList<OptionSpec> m_specs;
    QList<ParsedOption> m_options;
    QStringList m_positionals;
    QList<int> m_positionalIndexes;
};
