#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

// $BROWSER as sensible-browser and Python's webbrowser read it: a ':'-separated list of commands,
// "%s" in an argument standing for the URL (else the URL is appended); the first command that
// starts wins. The GUI's and the terminal's SignInPrompter both open the authorization URL
// through it when BROWSER is set, so tests and scripts can drive the code flow.
class BrowserLauncher
{
public:
    static QList<QStringList> commands(const QString &browserVariable, const QUrl &url);
    // Starts the first command that can be started, detached (the browser outlives the sign-in
    // and nothing waits for it), with stdin, stdout and stderr on the null device. Returns its
    // program, or empty when none started.
    static QString start(const QList<QStringList> &commands);
};
