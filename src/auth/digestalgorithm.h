#pragma once

#include <QByteArray>
#include <QString>

// The hash behind a Digest challenge's algorithm parameter (RFC 7616 §3.3 and §6.1).
// SHA-512-256 is SHA-512/256 of FIPS 180-4, with its own initial values (OpenSSL's libcrypto).
class DigestAlgorithm
{
public:
    enum class Hash { Invalid, Md5, Sha256, Sha512_256, Sha512 };

    // Parses "MD5", "sha-256-sess", ... (case-insensitive); an absent parameter means MD5.
    static DigestAlgorithm fromParameter(const QByteArray &value);

    bool isValid() const { return m_hash != Hash::Invalid; }
    bool isSession() const { return m_session; }
    Hash hash() const { return m_hash; }
    // SHA-512 (without /256) is not in RFC 7616 but python-httpbin offers it.
    bool isStandard() const { return m_hash != Hash::Sha512; }
    // "SHA-256-sess": the spelling the answer uses.
    QByteArray name() const;
    int strength() const;

    // Lower-case hex digest of data.
    QByteArray hex(const QByteArray &data) const;

private:
    Hash m_hash = Hash::Invalid;
    bool m_session = false;
};
