#pragma once

#include "diagnosiscode.h"

#include <QString>
#include <QStringList>

// The explanation of one refused leg (or of a failed exchange), drawn from the evidence the
// exchange recorded. Plain value; Diagnoser makes it. Words are made here once so the GUI, -v,
// --json and Markdown say the same; none of them ever holds a secret (a token or password is
// named, never quoted).
struct Diagnosis
{
    DiagnosisCode code = DiagnosisCode::None;
    int leg = -1;           // the leg it explains; -1 for an exchange that failed before any answer
    bool likely = false;    // an inference ("likely"): the server did not say so in as many words
    QString summary;        // one sentence with the particulars; says "likely" when likely is set
    // What it rests on, one line each, naming the header, claim or note:
    //   "WWW-Authenticate: Bearer error=\"invalid_token\", error_description=\"jwt expired\""
    //   "JWT exp 2026-12-05 13:00:02Z, 41 s before the response's Date"
    //   "leg 1 sent Authorization: Basic (user alice)"
    QStringList evidence;
    QString next;           // what to try next, particular to this case

    bool isNull() const { return code == DiagnosisCode::None; }
    QString codeName() const { return DiagnosisCodes::name(code); }
};
