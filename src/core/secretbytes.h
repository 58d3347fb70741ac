#pragma once

#include <QByteArray>

// Secrets are QByteArrays, overwritten when dropped (passwords, tokens, codes, verifiers).
namespace SecretBytes {

// Overwrites the bytes where this array is their last owner, then empties it. On shared bytes
// fill() would only detach and wipe a fresh copy: the other owner wipes its own when it drops them.
inline void wipe(QByteArray &bytes)
{
    if (!bytes.isEmpty() && bytes.isDetached())
        bytes.fill('\0');
    bytes = QByteArray();
}

} // namespace SecretBytes
