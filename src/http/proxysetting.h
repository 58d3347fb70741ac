#pragma once

#include <QNetworkProxy>
#include <QString>
#include <QUrl>

// Which proxy a request goes through, as the user chose it: the window's default (None, System or a
// URL) or a request's own choice (Default: whatever the window's default is). The proxy's password
// is never part of it: a 407 asks for it like any other challenge, or the keychain answers.
struct ProxySetting
{
    enum class Mode { Default, None, System, Url };
    Mode mode = Mode::Default;
    QUrl url;     // Url: "http://proxy.example:3128" (http or https proxy; user may be in it)

    // Default resolved against the window's default (which itself is never Default).
    ProxySetting resolved(const ProxySetting &windowDefault) const { return mode == Mode::Default ? windowDefault : *this; }
    // For HttpSession::setProxy. System: the proxy QNetworkProxyFactory::systemProxyForQuery finds
    // for target (NoProxy when none). The user in url is carried; never a password.
    QNetworkProxy toNetworkProxy(const QUrl &target) const;
    // "none", "system", "default" or the URL (for settings and the CLI); fromString reads it back,
    // false on an unusable value (a URL that is not http(s)://host[:port]).
    QString toString() const;
    static bool fromString(const QString &text, ProxySetting *setting, QString *error = nullptr);
    // The CLI's --proxy as the GUI's choice (a lab lesson's `try` loaded into the window): an HTTP
    // proxy becomes Url with its host and port only (the 407 asks for user and password), anything
    // else None (send uses no proxy without --proxy; the GUI has no SOCKS choice).
    static ProxySetting fromNetworkProxy(const QNetworkProxy &proxy);
};
