#pragma once

#include "credentials/credentialrecordvalidator.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

#include <utility>

// What a user gives "authscope-cli credentials add" or the Credentials window's Add dialog, and
// which CredentialRecordValidator rule it breaks (None for the rows both must accept). One table
// for the validator's own test, the dialog's and the CLI's, so the front ends are held to the
// same rows. Secrets are made at run time (see CredentialTesting::randomHex).
struct CredentialRuleRow
{
    QString url;             // --url; the dialog's Origin field
    Credential::Kind kind = Credential::Kind::Password;
    QByteArray scheme;       // --scheme; the dialog's Scheme
    QString user;            // --user; the dialog's User (an API key's name)
    QString realm;
    QString label;
    bool proxy = false;
    QByteArray secret;       // stdin for the CLI (it drops one trailing newline); the dialog's secret field
    CredentialRecordValidator::Problem problem = CredentialRecordValidator::Problem::None;
};
Q_DECLARE_METATYPE(CredentialRuleRow)

namespace CredentialRuleRows {

// One row per rule, named after it, then the "accepted: ..." rows; fresh secrets on each call.
QList<std::pair<QByteArray, CredentialRuleRow>> all();
// Adds the column "row" and the rows of all() to the current test's data table.
void addRows();
// The record both front ends build from the row: the URL's origin (empty when it is not an
// http(s) URL with a host), user and label trimmed.
CredentialRecord recordOf(const CredentialRuleRow &row);

} // namespace CredentialRuleRows
