#pragma once

#include <QDateTime>
#include <QString>
#include <QUrl>

// What an interactive grant needs from the front end: the GUI shows a dialog and opens the
// browser (QDesktopServices, or $BROWSER when set); the CLI prints to stderr and runs $BROWSER.
// Not owned by the broker; calls come on the event loop, and return at once.
class SignInPrompter
{
public:
    virtual ~SignInPrompter() = default;

    // Authorization code: open url in the system browser. The redirect comes back to the
    // one-shot loopback listener; the front end may say "waiting for the browser".
    virtual void openAuthorizationUrl(const QString &profile, const QUrl &url) = 0;
    // Device grant (RFC 8628 §3.3): show the user code and where to enter it (and the complete URI
    // when the server gives one); expiresAt: when the code stops working.
    virtual void showDeviceCode(const QString &profile, const QString &userCode, const QUrl &verificationUri,
                                const QUrl &verificationUriComplete, const QDateTime &expiresAt) = 0;
    // Password grant (deprecated): the user and password to send. Empty user: cancelled.
    // Answer through the callback, possibly later (a dialog).
    virtual void askPassword(const QString &profile, std::function<void(const QString &user, const QByteArray &password)> answer) = 0;
    // The interactive part ended (success or failure): close what was shown.
    virtual void signInEnded(const QString &profile) = 0;
};
