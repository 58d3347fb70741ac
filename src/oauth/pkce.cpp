#include "pkce.h"

#include "core/secretbytes.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

#include <algorithm>

namespace {
// RFC 7636 §4.1: unreserved characters [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~".
constexpr char Unreserved[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
constexpr int UnreservedCount = sizeof(Unreserved) - 1;
} // namespace

Pkce Pkce::generate(int length)
{
    length = std::clamp(length, MinVerifierLength, MaxVerifierLength);
    Pkce pkce;
    pkce.m_verifier.resize(length);
    QRandomGenerator *random = QRandomGenerator::system();
    for (int i = 0; i < length; ++i)
        pkce.m_verifier[i] = Unreserved[random->bounded(UnreservedCount)];
    pkce.m_challenge = s256Challenge(pkce.m_verifier);
    return pkce;
}

QByteArray Pkce::s256Challenge(const QByteArray &verifier)
{
    return QCryptographicHash::hash(verifier, QCryptographicHash::Sha256)
        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

void Pkce::wipe()
{
    SecretBytes::wipe(m_verifier);
    m_challenge.clear();
}
