#include "status.h"

Status Status::fromNetworkError(QNetworkReply::NetworkError error, const QString &detail)
{
    using E = QNetworkReply::NetworkError;
    switch (error) {
    case E::NoError:
        return {};
    case E::HostNotFoundError:
        // Qt's text already names the host ("Host x not found").
        return {Code::HostNotFound, QStringLiteral("%1. Check the host name and your DNS.").arg(detail)};
    case E::ConnectionRefusedError:
        return {Code::ConnectionRefused,
                QStringLiteral("Connection refused. Is a server listening on that host and port?")};
    case E::TimeoutError:
        return {Code::Timeout, QStringLiteral("Timed out: %1").arg(detail)};
    case E::OperationCanceledError:
        return {Code::Cancelled, QStringLiteral("Cancelled")};
    case E::SslHandshakeFailedError:
        return {Code::TlsError, QStringLiteral("TLS handshake failed: %1").arg(detail)};
    case E::TooManyRedirectsError:
        return {Code::TooManyRedirects, detail};
    case E::ProxyConnectionRefusedError:
    case E::ProxyConnectionClosedError:
    case E::ProxyNotFoundError:
    case E::ProxyTimeoutError:
    case E::UnknownProxyError:
        // Qt's own words ("Connection to proxy refused"); the engine adds which proxy it was.
        return {Code::ProxyError, detail};
    case E::ProtocolUnknownError:
    case E::ProtocolInvalidOperationError:
    case E::ProtocolFailure:
        return {Code::ProtocolError, QStringLiteral("Protocol error: %1").arg(detail)};
    default:
        // Qt's HTTP stack reports a proxy's socket errors (refused, closed, not found) as an unknown
        // network error; only its words say it was the proxy.
        if (detail.contains(QLatin1String("proxy"), Qt::CaseInsensitive))
            return {Code::ProxyError, detail};
        return {Code::ConnectionFailed, QStringLiteral("Connection failed: %1").arg(detail)};
    }
}

QString Status::codeName() const
{
    return codeName(m_code);
}

QString Status::codeName(Code code)
{
    switch (code) {
    case Code::Ok: return QStringLiteral("ok");
    case Code::InvalidInput: return QStringLiteral("invalid-input");
    case Code::FileError: return QStringLiteral("file-error");
    case Code::HostNotFound: return QStringLiteral("host-not-found");
    case Code::ConnectionRefused: return QStringLiteral("connection-refused");
    case Code::ConnectionFailed: return QStringLiteral("connection-failed");
    case Code::TlsError: return QStringLiteral("tls-error");
    case Code::Timeout: return QStringLiteral("timeout");
    case Code::Cancelled: return QStringLiteral("cancelled");
    case Code::TooManyRedirects: return QStringLiteral("too-many-redirects");
    case Code::ProtocolError: return QStringLiteral("protocol-error");
    case Code::ProxyError: return QStringLiteral("proxy-error");
    case Code::HttpError: return QStringLiteral("http-error");
    case Code::AuthenticationFailed: return QStringLiteral("authentication-failed");
    case Code::KeychainError: return QStringLiteral("keychain-error");
    case Code::NotFound: return QStringLiteral("not-found");
    }
    return QStringLiteral("unknown");
}

int Status::exitCode() const
{
    switch (m_code) {
    case Code::Ok: return 0;
    case Code::InvalidInput: return 2;
    case Code::HostNotFound: return 3;
    case Code::ConnectionRefused:
    case Code::ConnectionFailed: return 4;
    case Code::TlsError: return 5;
    case Code::Timeout: return 6;
    case Code::TooManyRedirects: return 7;
    case Code::ProtocolError:
    case Code::ProxyError: return 8;
    case Code::FileError: return 9;
    case Code::HttpError: return 22;
    case Code::AuthenticationFailed: return 10;
    case Code::KeychainError: return 11;
    case Code::NotFound: return 12;
    case Code::Cancelled: return 130;
    }
    return 1;
}
