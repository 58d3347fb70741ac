#include "browserlauncher.h"

#include <QProcess>

QList<QStringList> BrowserLauncher::commands(const QString &browserVariable, const QUrl &url)
{
    const QString target = url.toString(QUrl::FullyEncoded);
    QList<QStringList> commands;
    for (const QString &command : browserVariable.split(u':', Qt::SkipEmptyParts)) {
        QStringList words = QProcess::splitCommand(command);
        if (words.isEmpty())
            continue;
        bool placed = false;
        for (qsizetype i = 1; i < words.size(); ++i) {
            if (words.at(i).contains(QLatin1String("%s"))) {
                words[i].replace(QLatin1String("%s"), target);
                placed = true;
            }
        }
        if (!placed)
            words.append(target);
        commands.append(words);
    }
    return commands;
}

QString BrowserLauncher::start(const QList<QStringList> &commands)
{
    for (const QStringList &command : commands) {
        QProcess browser;
        browser.setProgram(command.first());
        browser.setArguments(command.mid(1));
        // Nothing of the browser's may reach our stdout (the CLI's data) or read our stdin.
        browser.setStandardInputFile(QProcess::nullDevice());
        browser.setStandardOutputFile(QProcess::nullDevice());
        browser.setStandardErrorFile(QProcess::nullDevice());
        if (browser.startDetached())
            return command.first();
    }
    return QString();
}
