#include "cli/argumentparser.h"

#include <QTest>

// The generic option parser under every subcommand: spellings, bundles, values and the help table.
class TestArgumentParser : public QObject
{
    Q_OBJECT
private slots:
    void parsesSpellings_data();
    void parsesSpellings();
    void failedParseKeepsNothing();
    void helpListsEveryOptionAndWraps();
};

namespace {

enum { Verbose, Location, Header, Output, LongOnly };

ArgumentParser makeParser()
{
    return ArgumentParser(QStringLiteral("tool"),
                          {{Verbose, u'v', QStringLiteral("verbose"), QString(), QStringLiteral("Talk more.")},
                           {Location, u'L', QStringLiteral("location"), QString(), QStringLiteral("Follow.")},
                           {Header, u'H', QStringLiteral("header"), QStringLiteral("LINE"), QStringLiteral("A field.")},
                           {Output, u'o', QString(), QStringLiteral("FILE"), QStringLiteral("Write there.")},
                           {LongOnly, QChar(), QStringLiteral("long-only"), QString(),
                            QStringLiteral("A long description that needs more than one line of the help to say it.")}});
}

QStringList split(const char *text)
{
    return QString::fromUtf8(text).split(u' ', Qt::SkipEmptyParts);
}

} // namespace

void TestArgumentParser::parsesSpellings_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("options");     // "id=value" in order
    QTest::addColumn<QStringList>("positionals");

    QTest::newRow("short flag") << split("-v url") << QStringLiteral("0=") << QStringList{QStringLiteral("url")};
    QTest::newRow("long flag") << split("--verbose url") << QStringLiteral("0=") << QStringList{QStringLiteral("url")};
    QTest::newRow("value in next argument") << split("-H a:b") << QStringLiteral("2=a:b") << QStringList();
    QTest::newRow("attached short value") << split("-Ha:b") << QStringLiteral("2=a:b") << QStringList();
    QTest::newRow("long with equals") << split("--header=a=b") << QStringLiteral("2=a=b") << QStringList();
    QTest::newRow("value starting with a dash") << split("-H -x") << QStringLiteral("2=-x") << QStringList();
    QTest::newRow("bundle of flags") << split("-vL") << QStringLiteral("0= 1=") << QStringList();
    QTest::newRow("bundle ending in a value") << split("-vLo f") << QStringLiteral("0= 1= 3=f") << QStringList();
    QTest::newRow("bundle with attached value") << split("-vHx:y") << QStringLiteral("0= 2=x:y") << QStringList();
    QTest::newRow("order kept for repeats") << split("-H a -v -H b") << QStringLiteral("2=a 0= 2=b") << QStringList();
    QTest::newRow("lone dash is positional") << split("- x") << QString() << split("- x");
    QTest::newRow("double dash ends options") << split("-v -- -L --header") << QStringLiteral("0=")
                                               << split("-L --header");
}

void TestArgumentParser::parsesSpellings()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, options);
    QFETCH(QStringList, positionals);

    ArgumentParser parser = makeParser();
    QString error;
    QVERIFY2(parser.parse(arguments, &error), qPrintable(error));
    QStringList seen;
    for (const ParsedOption &option : parser.options())
        seen.append(QString::number(option.id) + u'=' + option.value);
    QCOMPARE(seen.join(u' '), options);
    QCOMPARE(parser.positionals(), positionals);
}

void TestArgumentParser::failedParseKeepsNothing()
{
    ArgumentParser parser = makeParser();
    QString error;
    QVERIFY(parser.parse(split("-v first"), &error));
    QVERIFY(!parser.parse(split("-L second --nope"), &error));
    QCOMPARE(error, QStringLiteral("unknown option \"--nope\" (see tool --help)"));
    QCOMPARE(parser.positionals(), QStringList{QStringLiteral("first")});
    QCOMPARE(parser.options().size(), 1);
}

void TestArgumentParser::helpListsEveryOptionAndWraps()
{
    const QString help = makeParser().optionsHelp(80);
    QVERIFY(help.contains(QStringLiteral("  -v, --verbose")));
    QVERIFY(help.contains(QStringLiteral("  -H, --header LINE")));
    QVERIFY(help.contains(QStringLiteral("  -o FILE")));
    QVERIFY(help.contains(QStringLiteral("      --long-only")));
    const QStringList lines = help.split(u'\n', Qt::SkipEmptyParts);
    for (const QString &line : lines)
        QVERIFY2(line.size() <= 80, qPrintable(line));
    QCOMPARE(lines.size(), 6); // the long description takes two lines
}

QTEST_GUILESS_MAIN(TestArgumentParser)
#include "tst_argumentparser.moc"
