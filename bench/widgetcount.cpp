// Prints how many QWidgets AuthScope's main window holds (the window included), counted the same
// way as `authscope-bench-startup-baseline --widget-count`, so run.sh can show that the start-up
// baseline is a window of comparable size. Runs on any platform (run.sh uses offscreen).

#include "appsettings.h"
#include "mainwindow.h"

#include <QApplication>
#include <QTemporaryDir>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    // A throw-away settings file: counting must not touch the user's settings.
    QTemporaryDir dir;
    AppSettings settings(dir.filePath(QStringLiteral("settings.ini")));
    MainWindow window(&settings);
    QTextStream(stdout) << window.findChildren<QWidget *>().size() + 1 << '\n';
    return 0;
}
