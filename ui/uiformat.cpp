#include "uiformat.h"

#include <QFontDatabase>
#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

QString UiFormat::duration(qint64 ns)
{
    if (ns < 0)
        return QStringLiteral("—");
    const QLocale c = QLocale::c();
    if (ns < 1000000)
        return QStringLiteral("%1 µs").arg(ns / 1000);
    if (ns < 10LL * 1000000000)
        return QStringLiteral("%1 ms").arg(c.toString(double(ns) / 1e6, 'f', ns < 100000000 ? 1 : 0));
    return QStringLiteral("%1 s").arg(c.toString(double(ns) / 1e9, 'f', 2));
}

QColor UiFormat::statusColor(int statusCode)
{
    if (statusCode >= 500 || statusCode < 0)
        return QColor(0xc6, 0x28, 0x28);
    if (statusCode >= 400)
        return QColor(0xc5, 0x6a, 0x00);
    if (statusCode >= 300)
        return QColor(0x15, 0x65, 0xc0);
    if (statusCode >= 200)
        return QColor(0x2e, 0x7d, 0x32);
    return QColor(0x61, 0x61, 0x61);
}

QString UiFormat::statusTitle(Status::Code code)
{
    using C = Status::Code;
    switch (code) {
    case C::Ok: return QStringLiteral("OK");
    case C::InvalidInput: return QStringLiteral("Invalid request");
    case C::FileError: return QStringLiteral("File error");
    case C::HostNotFound: return QStringLiteral("Host not found");
    case C::ConnectionRefused: return QStringLiteral("Connection refused");
    case C::ConnectionFailed: return QStringLiteral("Connection failed");
    case C::TlsError: return QStringLiteral("TLS error");
    case C::Timeout: return QStringLiteral("Timed out");
    case C::Cancelled: return QStringLiteral("Cancelled");
    case C::TooManyRedirects: return QStringLiteral("Too many redirects");
    case C::ProtocolError: return QStringLiteral("Protocol error");
    case C::ProxyError: return QStringLiteral("Proxy error");
    case C::HttpError: return QStringLiteral("HTTP error");
    }
    return QString();
}

QFont UiFormat::monospaceFont()
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setStyleHint(QFont::Monospace);
    return font;
}

QColor UiFormat::secondaryTextColor()
{
    return QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text);
}

QColor UiFormat::dangerColor()
{
    return QColor(0xc6, 0x28, 0x28);
}
