#include "core/notecode.h"

#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

// The code table in src/core/notecode.cpp: names are stable identifiers for --json, HAR and
// tests, so each must be distinct, well formed, round-trip, and be documented in the README.
class tst_NoteCode : public QObject
{
    Q_OBJECT
private slots:
    void everyCodeHasADistinctKebabCaseName();
    void everyCodeHasAMeaningSentence();
    void namesRoundTripAndUnknownNamesAreNone();
    void readmeTableListsEveryCode();
};

void tst_NoteCode::everyCodeHasADistinctKebabCaseName()
{
    static const QRegularExpression kebab(QStringLiteral("^[a-z0-9]+(-[a-z0-9]+)*$"));
    const QList<NoteCode> codes = NoteCodes::all();
    QVERIFY(!codes.isEmpty());
    QVERIFY(!codes.contains(NoteCode::None));
    QVERIFY(codes.contains(NoteCode::LastCode));
    QHash<QString, int> seen; // name -> the code that has it
    for (const NoteCode code : codes) {
        const QString name = NoteCodes::name(code);
        QVERIFY2(!name.isEmpty(), qPrintable(QString::number(int(code))));
        QVERIFY2(kebab.match(name).hasMatch(), qPrintable(name));
        QVERIFY2(!seen.contains(name), qPrintable(QStringLiteral("%1 is the name of codes %2 and %3")
                                                          .arg(name).arg(seen.value(name)).arg(int(code))));
        seen.insert(name, int(code));
    }
    QVERIFY(NoteCodes::name(NoteCode::None).isEmpty());
}

void tst_NoteCode::everyCodeHasAMeaningSentence()
{
    for (const NoteCode code : NoteCodes::all()) {
        const QString meaning = NoteCodes::meaning(code);
        QVERIFY2(!meaning.trimmed().isEmpty(), qPrintable(NoteCodes::name(code)));
        QVERIFY2(meaning.endsWith(u'.'), qPrintable(NoteCodes::name(code) + QStringLiteral(": ") + meaning));
    }
}

void tst_NoteCode::namesRoundTripAndUnknownNamesAreNone()
{
    // A table row out of the enum's order gives one code another's name: the round trip catches it.
    for (const NoteCode code : NoteCodes::all())
        QCOMPARE(NoteCodes::fromName(NoteCodes::name(code)), code);
    QCOMPARE(NoteCodes::fromName(QStringLiteral("plain-http-warning")), NoteCode::PlainHttpWarning);
    QCOMPARE(NoteCodes::fromName(QStringLiteral("no-such-code")), NoteCode::None);
    QCOMPARE(NoteCodes::fromName(QStringLiteral("plain_http_warning")), NoteCode::None);
    QCOMPARE(NoteCodes::fromName(QStringLiteral("Plain-Http-Warning")), NoteCode::None);
    QCOMPARE(NoteCodes::fromName(QString()), NoteCode::None);
}

void tst_NoteCode::readmeTableListsEveryCode()
{
    QFile readme(QStringLiteral(AUTHSCOPE_SOURCE_DIR "/README.md"));
    QVERIFY2(readme.open(QIODevice::ReadOnly), qPrintable(readme.fileName()));
    const QString text = QString::fromUtf8(readme.readAll());

    // The rows of the table under the "| code | severity | meaning |" header: "| `name` | ... |".
    const qsizetype header = text.indexOf(QStringLiteral("| code | severity | meaning |"));
    QVERIFY2(header >= 0, "README.md has no note-code table (| code | severity | meaning |)");
    static const QRegularExpression row(QStringLiteral("^\\| `([^`]*)` \\| (\\w+) \\|"));
    QSet<QString> listed;
    QStringList wrongSeverity;
    const QStringList lines = text.mid(header).split(u'\n');
    for (qsizetype i = 2; i < lines.size() && lines.at(i).startsWith(u'|'); ++i) { // past header and rule
        const QRegularExpressionMatch m = row.match(lines.at(i));
        QVERIFY2(m.hasMatch(), qPrintable(lines.at(i)));
        listed.insert(m.captured(1));
        const NoteCode code = NoteCodes::fromName(m.captured(1));
        if (code != NoteCode::None && NoteCodes::severityName(NoteCodes::severity(code)) != m.captured(2))
            wrongSeverity.append(m.captured(1));
    }
    QVERIFY(!listed.isEmpty());
    QVERIFY2(wrongSeverity.isEmpty(), qPrintable(QStringLiteral("severity differs in README.md: ") + wrongSeverity.join(u' ')));

    QStringList missing;
    for (const NoteCode code : NoteCodes::all()) {
        if (!listed.contains(NoteCodes::name(code)))
            missing.append(NoteCodes::name(code));
    }
    QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("not in README.md's table: ") + missing.join(u' ')));
    // The other way: a row naming a code that no longer exists is stale.
    for (const QString &name : std::as_const(listed))
        QVERIFY2(NoteCodes::fromName(name) != NoteCode::None, qPrintable(QStringLiteral("unknown code in README.md: ") + name));
}

QTEST_GUILESS_MAIN(tst_NoteCode)
#include "tst_notecode.moc"
