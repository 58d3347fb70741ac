#pragma once

#include "core/notecode.h"

#include <QList>
#include <QString>
#include <QStringList>

// One decision the engine made about a leg (or a question to the user), as a stable code with its
// severity and a sentence naming the particulars ("Rejected: ... (2 of 3)"). Tests and exports
// read the code; front ends show the text, or NoteCodes::meaning() for the general case.
struct LegNote
{
    NoteCode code = NoteCode::None;
    NoteSeverity severity = NoteSeverity::Info;
    QString text;

    LegNote() = default;
    // Severity from the code's row in the table.
    LegNote(NoteCode c, QString t) : code(c), severity(NoteCodes::severity(c)), text(std::move(t)) {}

    bool isWarning() const { return severity != NoteSeverity::Info; }
    QString codeName() const { return NoteCodes::name(code); }
};

using LegNotes = QList<LegNote>;

namespace LegNoteList {
inline bool contains(const LegNotes &notes, NoteCode code)
{
    for (const LegNote &n : notes) {
        if (n.code == code)
            return true;
    }
    return false;
}
// The notes' code names, in order: the HAR comment, test assertions.
inline QStringList names(const LegNotes &notes)
{
    QStringList out;
    for (const LegNote &n : notes)
        out.append(n.codeName());
    return out;
}
} // namespace LegNoteList
