#pragma once

#include "http/authcomputation.h"

#include <QStringList>
#include <QTextBrowser>

// What a scheme computed for one leg, step by step so a trainee can recompute it: the
// parameters used, then each step (name, the RFC's formula, the exact bytes hashed, the result),
// then the check of the server's answer (Digest's rspauth) with its verdict. Values that stand
// for the password (Digest's HA1) are masked, also where they went into a later step's input,
// until reveal is on; the password itself is never recorded.
class ComputationView : public QTextBrowser
{
    Q_OBJECT
public:
    explicit ComputationView(QWidget *parent = nullptr);

    // Colours come from the palette at this call.
    void showComputation(const AuthComputation &sent, const AuthComputation &check, bool reveal);

    // "name | formula | input | value" per step shown, sent first (for tests).
    QStringList stepTexts() const { return m_stepTexts; }

private:
    QString computationHtml(const AuthComputation &computation, bool reveal);

    QStringList m_stepTexts;
};
