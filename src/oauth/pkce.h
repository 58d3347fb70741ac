#pragma once

#include <QByteArray>

// RFC 7636 proof key for one authorization-code run: a random code_verifier (secret, sent only to
// the token endpoint) and its S256 code_challenge (sent in the authorization URL).
class Pkce
{
public:
    static constexpr int MinVerifierLength = 43;  // RFC 7636 §4.1
    static constexpr int MaxVerifierLength = 128;

    // A verifier of length characters (clamped to 43-128) from QRandomGenerator::system().
    static Pkce generate(int length = 64);
    // BASE64URL(SHA256(ASCII(verifier))) without padding (RFC 7636 §4.2).
    static QByteArray s256Challenge(const QByteArray &verifier);

    QByteArray verifier() const { return m_verifier; }
    QByteArray challenge() const { return m_challenge; }
    static QByteArray method() { return QByteArrayLiteral("S256"); }

    // Overwrites the verifier where this is its last copy.
    void wipe();

private:
    QByteArray m_verifier;
    QByteArray m_challenge;
};
