#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

// Runs the layer check the build runs (cmake/LayerCheck.cmake with the rules the configure step
// wrote) on a copy of src/ with one include added, and proves it refuses what breaks the layers.
class tst_LayerCheck : public QObject
{
    Q_OBJECT
private slots:
    void acceptsTheTreeAsItIs();
    void refusesAnIncludeAgainstTheLayers_data();
    void refusesAnIncludeAgainstTheLayers();

private:
    // A copy of src/ in dir; false (with a failed QVERIFY message) when copying fails.
    static bool copySources(const QString &to);
    static int runCheck(const QString &sourceDir, QByteArray *output);
};

bool tst_LayerCheck::copySources(const QString &to)
{
    const QDir from(QStringLiteral(AUTHSCOPE_SOURCE_DIR "/src"));
    QDirIterator it(from.path(), QDir::Files, QDirIterator::Subdirectories);
    int copied = 0;
    while (it.hasNext()) {
        const QString file = it.next();
        const QString target = to + QLatin1Char('/') + from.relativeFilePath(file);
        if (!QDir().mkpath(QFileInfo(target).path()) || !QFile::copy(file, target))
            return false;
        ++copied;
    }
    return copied > 50;
}

int tst_LayerCheck::runCheck(const QString &sourceDir, QByteArray *output)
{
    QProcess cmake;
    cmake.setProcessChannelMode(QProcess::MergedChannels);
    cmake.start(QStringLiteral("cmake"),
                {QStringLiteral("-DSOURCE_DIR=") + sourceDir,
                 QStringLiteral("-DCONFIG=" AUTHSCOPE_BINARY_DIR "/src/layercheck-config.cmake"),
                 QStringLiteral("-P"), QStringLiteral(AUTHSCOPE_SOURCE_DIR "/cmake/LayerCheck.cmake")});
    if (!cmake.waitForFinished(60000)) {
        cmake.kill();
        return -1;
    }
    *output = cmake.readAll();
    return cmake.exitStatus() == QProcess::NormalExit ? cmake.exitCode() : -1;
}

void tst_LayerCheck::acceptsTheTreeAsItIs()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(copySources(dir.path()));
    QByteArray output;
    QCOMPARE(runCheck(dir.path(), &output), 0);
}

void tst_LayerCheck::refusesAnIncludeAgainstTheLayers_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("include");
    QTest::addColumn<QByteArray>("complaint");
    QTest::newRow("http includes engine") << QStringLiteral("http/leg.cpp")
            << QByteArray("#include \"engine/exchangejob.h\"") << QByteArray("http may not use engine");
    QTest::newRow("http includes auth") << QStringLiteral("http/httprequest.h")
            << QByteArray("#include \"auth/schemeregistry.h\"") << QByteArray("http may not use auth");
    QTest::newRow("auth includes engine") << QStringLiteral("auth/challengeresponder.cpp")
            << QByteArray("#include \"engine/httpsession.h\"") << QByteArray("auth may not use engine");
    QTest::newRow("engine includes credentials") << QStringLiteral("engine/exchangejob.cpp")
            << QByteArray("#include \"credentials/credentialstore.h\"") << QByteArray("engine may not use credentials");
    QTest::newRow("export includes credentials") << QStringLiteral("export/harwriter.cpp")
            << QByteArray("#include \"credentials/credentialrecord.h\"") << QByteArray("export may not use credentials");
    QTest::newRow("credentials includes cli") << QStringLiteral("credentials/credentialstore.cpp")
            << QByteArray("#include \"cli/console.h\"") << QByteArray("credentials may not use cli");
    QTest::newRow("core includes ui") << QStringLiteral("core/status.cpp")
            << QByteArray("#include \"ui/mainwindow.h\"") << QByteArray("not in src/");
    QTest::newRow("QtGui by module path") << QStringLiteral("auth/digestscheme.cpp")
            << QByteArray("#include <QtGui/QColor>") << QByteArray("from QtGui");
    QTest::newRow("QtGui by class name") << QStringLiteral("export/harwriter.cpp")
            << QByteArray("#include <QImage>") << QByteArray("<QImage> from QtGui");
    QTest::newRow("QtWidgets by class name") << QStringLiteral("core/status.h")
            << QByteArray("#  include <QWidget>") << QByteArray("<QWidget> from QtWidgets");
    QTest::newRow("QtWidgets in the cli") << QStringLiteral("cli/console.cpp")
            << QByteArray("#include <QApplication>") << QByteArray("<QApplication> from QtWidgets");
}

void tst_LayerCheck::refusesAnIncludeAgainstTheLayers()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, include);
    QFETCH(QByteArray, complaint);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(copySources(dir.path()));
    QFile source(dir.filePath(file));
    QVERIFY2(source.open(QIODevice::Append), qPrintable(source.fileName()));
    source.write('\n' + include + '\n');
    source.close();

    QByteArray output;
    const int exitCode = runCheck(dir.path(), &output);
    QVERIFY2(exitCode != 0, output.constData());
    QVERIFY2(output.contains(file.toUtf8()), output.constData());
    QVERIFY2(output.contains(complaint), output.constData());
}

QTEST_GUILESS_MAIN(tst_LayerCheck)
#include "tst_layercheck.moc"
