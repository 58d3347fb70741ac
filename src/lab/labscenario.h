#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

// One lesson of the built-in lab: a path on the lab server that behaves one particular way, what
// it teaches and how to reproduce it. `authscope-cli lab --list --json` prints these, the GUI's Lab
// menu and Tour show them.
struct LabScenario
{
    QString id;                // stable, kebab-case: "basic-wrong-password"
    QString path;              // on the lab's origin, may carry a query: "/basic/wrong-password"
    QString group;             // menu section: "Basic", "Digest", "Bearer", "OAuth 2.0", "API keys",
                               // "Sessions", "Proxies", "Troubleshooting"
    QString title;             // a few words: "Basic: wrong password"
    QString lesson;            // what happens, which RFC section, what to look at (a few sentences)
    QString credentials;       // the demo values the lesson uses ("alice / wonderland"); empty: none
    QString expectedDiagnosis; // DiagnosisCodes::name of the exchange `try` produces; empty: success
    // The argument list for `authscope-cli send` (URL excluded: the CLI appends it) that reproduces
    // the lesson against a fresh lab. "{origin}" stands for the lab's origin ("http://127.0.0.1:8642")
    // until LabCatalog::scenarios(origin) replaces it.
    QStringList tryArguments;
    int tourOrder = -1;        // position in the GUI's Tour (ascending); -1: not in the tour

    // {id, path, title, lesson, credentials, expectedDiagnosis, try} (the documented shape), plus
    // group, url (origin + path) and tourOrder.
    QJsonObject toJson(const QString &origin) const;
    // The same scenario with "{origin}" replaced in tryArguments.
    LabScenario forOrigin(const QString &origin) const;
};
