#pragma once

#include <QString>

// Which challenge to answer when a server offers several (--auth, the GUI's selector). A plain
// value of the request, so the wire types need nothing from the authentication layer.
enum class AuthPreference { Any, Basic, Digest, Bearer };

namespace AuthPreferences {
// "any", "Basic", "Digest", "Bearer": the spelling --auth accepts and --json shows.
QString name(AuthPreference preference);
// Case-insensitive; false for anything else.
bool parse(const QString &text, AuthPreference *preference);
} // namespace AuthPreferences
