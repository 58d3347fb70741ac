#include "credentialrulerows.h"
#include "credentials/credentialrecordvalidator.h"

#include <QMetaEnum>
#include <QTest>

#include <set>

// CredentialRecordValidator alone: each row of the shared table (the rows the GUI and the CLI
// tests drive their front ends with) gets the rule it breaks, or None.
class tst_CredentialRecordValidator : public QObject
{
    Q_OBJECT
private slots:
    void eachRuleRefusesItsRow_data();
    void eachRuleRefusesItsRow();
    void everyRuleHasARowAndWords();
};

using Problem = CredentialRecordValidator::Problem;

void tst_CredentialRecordValidator::eachRuleRefusesItsRow_data()
{
    CredentialRuleRows::addRows();
}

void tst_CredentialRecordValidator::eachRuleRefusesItsRow()
{
    QFETCH(CredentialRuleRow, row);
    const CredentialRecord record = CredentialRuleRows::recordOf(row);
    const Problem problem = CredentialRecordValidator::check(record, row.secret);
    QCOMPARE(problem, row.problem);
    // The record's rules alone come first; the secret's only after them.
    const Problem recordOnly = CredentialRecordValidator::check(record);
    const bool secretRule = row.problem == Problem::SecretEmpty || row.problem == Problem::SecretHasLineBreak
            || row.problem == Problem::TokenNotB64Token;
    QCOMPARE(recordOnly, secretRule ? Problem::None : row.problem);
    QCOMPARE(CredentialRecordValidator::checkSecret(record.kind, row.secret),
             secretRule ? row.problem : Problem::None);
    // Without an origin only the origin's rule is skipped.
    QCOMPARE(CredentialRecordValidator::checkAllButOrigin(record),
             row.problem == Problem::OriginNotHttp || secretRule ? Problem::None : row.problem);
}

void tst_CredentialRecordValidator::everyRuleHasARowAndWords()
{
    // A rule added to the enum without a row would go untested by all three front ends' tests.
    std::set<Problem> covered;
    for (const auto &named : CredentialRuleRows::all())
        covered.insert(named.second.problem);
    const QMetaEnum problems = QMetaEnum::fromType<Problem>();
    QVERIFY(problems.keyCount() > 1);
    for (int i = 0; i < problems.keyCount(); ++i) {
        const auto problem = Problem(problems.value(i));
        QVERIFY2(covered.count(problem) == 1, problems.key(i));
        // Words are rendered from every code but None.
        QCOMPARE(CredentialRecordValidator::message(problem, CredentialRecord()).isEmpty(), problem == Problem::None);
    }
}

QTEST_GUILESS_MAIN(tst_CredentialRecordValidator)
#include "tst_credentialrecordvalidator.moc"
