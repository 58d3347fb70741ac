#include "digestalgorithm.h"

#include <QCryptographicHash>

#include <openssl/evp.h>

DigestAlgorithm DigestAlgorithm::fromParameter(const QByteArray &value)
{
    DigestAlgorithm a;
    QByteArray v = value.trimmed().toUpper();
    if (v.isEmpty())
        v = "MD5";
    if (v.endsWith("-SESS")) {
        a.m_session = true;
        v.chop(5);
    }
    if (v == "MD5")
        a.m_hash = Hash::Md5;
    else if (v == "SHA-256")
        a.m_hash = Hash::Sha256;
    else if (v == "SHA-512-256")
        a.m_hash = Hash::Sha512_256;
    else if (v == "SHA-512")
        a.m_hash = Hash::Sha512;
    return a;
}

QByteArray DigestAlgorithm::name() const
{
    QByteArray n;
    switch (m_hash) {
    case Hash::Md5: n = "MD5"; break;
    case Hash::Sha256: n = "SHA-256"; break;
    case Hash::Sha512_256: n = "SHA-512-256"; break;
    case Hash::Sha512: n = "SHA-512"; break;
    case Hash::Invalid: return QByteArray();
    }
    return m_session ? n + "-sess" : n;
}

int DigestAlgorithm::strength() const
{
    switch (m_hash) {
    case Hash::Md5: return 1;
    case Hash::Sha256: return 3;
    case Hash::Sha512: return 4;
    case Hash::Sha512_256: return 5;
    case Hash::Invalid: return 0;
    }
    return 0;
}

QByteArray DigestAlgorithm::hex(const QByteArray &data) const
{
    switch (m_hash) {
    case Hash::Md5:
        return QCryptographicHash::hash(data, QCryptographicHash::Md5).toHex();
    case Hash::Sha256:
        return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
    case Hash::Sha512:
        return QCryptographicHash::hash(data, QCryptographicHash::Sha512).toHex();
    case Hash::Sha512_256: {
        // QCryptographicHash has no SHA-512/256; a truncated SHA-512 would be wrong (other IVs).
        unsigned char out[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        if (EVP_Digest(data.constData(), size_t(data.size()), out, &length, EVP_sha512_256(), nullptr) != 1)
            return QByteArray();
        return QByteArray(reinterpret_cast<const char *>(out), int(length)).toHex();
    }
    case Hash::Invalid:
        break;
    }
    return QByteArray();
}
