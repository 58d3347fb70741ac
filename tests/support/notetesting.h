#pragma once

#include "http/leg.h"

#include <QStringList>

// Tests assert the engine's decisions by code, never by wording.
namespace NoteTesting {

inline QStringList codes(const LegNotes &notes)
{
    return LegNoteList::names(notes);
}

inline QStringList codes(const Leg &leg)
{
    return codes(leg.notes);
}

// "code: text" per note, for a failure message.
inline QString describe(const LegNotes &notes)
{
    QStringList lines;
    for (const LegNote &note : notes)
        lines.append(note.codeName() + QStringLiteral(": ") + note.text);
    return lines.join(u'\n');
}

inline QString describe(const Leg &leg)
{
    return describe(leg.notes);
}

} // namespace NoteTesting
