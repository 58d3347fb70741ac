#include "diagnosis/diagnosiscode.h"

#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QTest>

// The diagnosis code table in src/diagnosis/diagnosiscode.cpp: names are stable identifiers for
// --json, -v, HAR, the lab and tests, so each must be distinct, well formed, round-trip, and the
// README's table must say what the code table says, row by row.
class tst_DiagnosisCode : public QObject
{
    Q_OBJECT
private slots:
    void everyCodeHasADistinctKebabCaseName();
    void everyCodeHasATitleMeaningAndAdvice();
    void namesRoundTripAndUnknownNamesAreNone();
    void readmeTableMatchesTheCodeTableRowByRow();
};

void tst_DiagnosisCode::everyCodeHasADistinctKebabCaseName()
{
    static const QRegularExpression kebab(QStringLiteral("^[a-z0-9]+(-[a-z0-9]+)*$"));
    const QList<DiagnosisCode> codes = DiagnosisCodes::all();
    QVERIFY(!codes.contains(DiagnosisCode::None));
    QVERIFY(codes.contains(DiagnosisCode::LastCode));
    QCOMPARE(codes.size(), 17); // the list; a new code adds a README row too
    QHash<QString, int> seen;
    for (const DiagnosisCode code : codes) {
        const QString name = DiagnosisCodes::name(code);
        QVERIFY2(kebab.match(name).hasMatch(), qPrintable(QString::number(int(code)) + u' ' + name));
        QVERIFY2(!seen.contains(name), qPrintable(name));
        seen.insert(name, int(code));
    }
    QVERIFY(DiagnosisCodes::name(DiagnosisCode::None).isEmpty());
}

void tst_DiagnosisCode::everyCodeHasATitleMeaningAndAdvice()
{
    for (const DiagnosisCode code : DiagnosisCodes::all()) {
        const QString name = DiagnosisCodes::name(code);
        QVERIFY2(!DiagnosisCodes::title(code).isEmpty(), qPrintable(name));
        QVERIFY2(!DiagnosisCodes::title(code).endsWith(u'.'), qPrintable(name)); // a few words, not a sentence
        QVERIFY2(DiagnosisCodes::meaning(code).endsWith(u'.'), qPrintable(name));
        QVERIFY2(DiagnosisCodes::advice(code).endsWith(u'.'), qPrintable(name));
        // A Markdown table cell cannot hold a pipe.
        QVERIFY2(!DiagnosisCodes::meaning(code).contains(u'|') && !DiagnosisCodes::advice(code).contains(u'|'), qPrintable(name));
    }
}

void tst_DiagnosisCode::namesRoundTripAndUnknownNamesAreNone()
{
    for (const DiagnosisCode code : DiagnosisCodes::all())
        QCOMPARE(DiagnosisCodes::fromName(DiagnosisCodes::name(code)), code);
    QCOMPARE(DiagnosisCodes::fromName(QStringLiteral("wrong-scheme")), DiagnosisCode::WrongScheme);
    QCOMPARE(DiagnosisCodes::fromName(QStringLiteral("credentials-stripped")), DiagnosisCode::CredentialsStripped);
    QCOMPARE(DiagnosisCodes::fromName(QStringLiteral("wrong_scheme")), DiagnosisCode::None);
    QCOMPARE(DiagnosisCodes::fromName(QStringLiteral("Wrong-Scheme")), DiagnosisCode::None);
    QCOMPARE(DiagnosisCodes::fromName(QString()), DiagnosisCode::None);
}

void tst_DiagnosisCode::readmeTableMatchesTheCodeTableRowByRow()
{
    QFile readme(QStringLiteral(AUTHSCOPE_SOURCE_DIR "/README.md"));
    QVERIFY2(readme.open(QIODevice::ReadOnly), qPrintable(readme.fileName()));
    const QString text = QString::fromUtf8(readme.readAll());

    const qsizetype header = text.indexOf(QStringLiteral("| code | meaning | what to try |"));
    QVERIFY2(header >= 0, "README.md has no diagnosis table (| code | meaning | what to try |)");
    static const QRegularExpression row(QStringLiteral("^\\| `([^`]*)` \\| (.*) \\| (.*) \\|$"));
    const QStringList lines = text.mid(header).split(u'\n');
    const QList<DiagnosisCode> codes = DiagnosisCodes::all();
    int r = 0;
    for (qsizetype i = 2; i < lines.size() && lines.at(i).startsWith(u'|'); ++i, ++r) { // past header and rule
        const QRegularExpressionMatch m = row.match(lines.at(i));
        QVERIFY2(m.hasMatch(), qPrintable(lines.at(i)));
        QVERIFY2(r < codes.size(), qPrintable(QStringLiteral("README.md row for an unknown code: ") + m.captured(1)));
        const DiagnosisCode code = codes.at(r);
        QCOMPARE(m.captured(1), DiagnosisCodes::name(code));
        QCOMPARE(m.captured(2), DiagnosisCodes::meaning(code));
        QCOMPARE(m.captured(3), DiagnosisCodes::advice(code));
    }
    QVERIFY2(r == codes.size(), qPrintable(QStringLiteral("README.md's diagnosis table has %1 rows for %2 codes; first missing: %3")
                                                   .arg(r).arg(codes.size())
                                                   .arg(r < codes.size() ? DiagnosisCodes::name(codes.at(r)) : QString())));
}

QTEST_GUILESS_MAIN(tst_DiagnosisCode)
#include "tst_diagnosiscode.moc"
