#pragma once

#include <QString>

// The core's messages are shared by the GUI and the CLI; a few carry advice only the GUI can
// follow. The CLI's error, warning and note lines pass through here so the CLI speaks CLI.
namespace CliWording {

// message without the GUI's "continue with session-only memory" (a button in the GUI's keychain
// banner; the CLI goes on without the keychain by itself, or has --no-keychain).
QString forTerminal(const QString &message);

} // namespace CliWording
