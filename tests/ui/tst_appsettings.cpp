#include "appsettings.h"
#include "bodyview.h"
#include "exchangeview.h"
#include "mainwindow.h"
#include "responseview.h"

#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QTemporaryDir>
#include <QTest>

// Settings are one table of keys; the window keeps its geometry and splitters between runs.
class tst_AppSettings : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void everyKeyHasAUniqueStoredName();
    void defaultsUntilSetAndChangedOnlyOnChange();
    void resetReturnsToTheDefault();
    void storesUnderTheTableName();
    void windowGeometryAndSplittersPersistAcrossInstances();
    void bodyViewModePersists();

private:
    QString iniPath() const { return m_dir->filePath(QStringLiteral("authscope.ini")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_AppSettings::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_AppSettings::everyKeyHasAUniqueStoredName()
{
    QSet<QString> names;
    for (int k = 0; k < int(AppSettings::Key::Count); ++k) {
        const QString name = AppSettings::keyName(AppSettings::Key(k));
        QVERIFY2(!name.isEmpty(), qPrintable(QString::number(k)));
        QVERIFY2(!names.contains(name), qPrintable(name));
        names.insert(name);
    }
}

void tst_AppSettings::defaultsUntilSetAndChangedOnlyOnChange()
{
    AppSettings settings(iniPath());
    QCOMPARE(settings.value(AppSettings::Key::BodyViewPretty), QVariant(true));
    QCOMPARE(settings.value(AppSettings::Key::MainWindowGeometry).toByteArray(), QByteArray());
    QSignalSpy changed(&settings, &AppSettings::changed);
    settings.setValue(AppSettings::Key::BodyViewPretty, true); // same as the default: no change
    QCOMPARE(changed.size(), 0);
    settings.setValue(AppSettings::Key::BodyViewPretty, false);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().first().value<AppSettings::Key>(), AppSettings::Key::BodyViewPretty);
    QCOMPARE(settings.value(AppSettings::Key::BodyViewPretty), QVariant(false));
}

void tst_AppSettings::resetReturnsToTheDefault()
{
    AppSettings settings(iniPath());
    settings.setValue(AppSettings::Key::BodyViewPretty, false);
    QSignalSpy changed(&settings, &AppSettings::changed);
    settings.reset(AppSettings::Key::BodyViewPretty);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(settings.value(AppSettings::Key::BodyViewPretty), QVariant(true));
    settings.reset(AppSettings::Key::BodyViewPretty);
    QCOMPARE(changed.size(), 1);
}

void tst_AppSettings::storesUnderTheTableName()
{
    {
        AppSettings settings(iniPath());
        QCOMPARE(settings.location(), iniPath());
        settings.setValue(AppSettings::Key::BodyViewPretty, false);
        settings.sync();
    }
    QSettings raw(iniPath(), QSettings::IniFormat);
    QCOMPARE(raw.value(QStringLiteral("response/prettyBody")).toBool(), false);
}

void tst_AppSettings::windowGeometryAndSplittersPersistAcrossInstances()
{
    // The offscreen screen is 800x600: stay inside it so nothing is clamped.
    const QSize size(740, 580);
    QList<int> mainSizes;
    QList<int> workSizes;
    QList<int> exchangeSizes;
    {
        AppSettings settings(iniPath());
        MainWindow window(&settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.resize(size);
        QTRY_COMPARE(window.size(), size);
        window.mainSplitter()->setSizes({150, 300});
        window.workSplitter()->setSizes({420, 250});
        window.exchangeView()->splitter()->setSizes({200, 470});
        mainSizes = window.mainSplitter()->sizes();
        workSizes = window.workSplitter()->sizes();
        exchangeSizes = window.exchangeView()->splitter()->sizes();
        QVERIFY(window.close());
    }
    QVERIFY(!AppSettings(iniPath()).value(AppSettings::Key::MainSplitterState).toByteArray().isEmpty());

    AppSettings settings(iniPath());
    MainWindow window(&settings);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.size(), size);
    QCOMPARE(window.mainSplitter()->sizes(), mainSizes);
    QCOMPARE(window.workSplitter()->sizes(), workSizes);
    QCOMPARE(window.exchangeView()->splitter()->sizes(), exchangeSizes);

    // And a window without stored settings opens at its default size, within the screen.
    QTemporaryDir other;
    AppSettings fresh(other.filePath(QStringLiteral("fresh.ini")));
    MainWindow freshWindow(&fresh);
    QVERIFY(freshWindow.size() != size);
    QVERIFY(freshWindow.width() >= 600);
}

void tst_AppSettings::bodyViewModePersists()
{
    {
        AppSettings settings(iniPath());
        MainWindow window(&settings);
        QVERIFY(window.responseView()->bodyView()->isPretty());
        window.responseView()->bodyView()->setPretty(false);
        QCOMPARE(settings.value(AppSettings::Key::BodyViewPretty), QVariant(false));
        window.close();
    }
    AppSettings settings(iniPath());
    MainWindow window(&settings);
    QVERIFY(!window.responseView()->bodyView()->isPretty());
}

QTEST_MAIN(tst_AppSettings)
#include "tst_appsettings.moc"
