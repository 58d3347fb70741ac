#pragma once

#include <QObject>
#include <QVariant>

#include <memory>

class QSettings;

// The GUI's persistent settings as a table (one enum of keys, one table of stored names and
// defaults), so a key is never spelled twice and a test can point the whole thing at a
// temporary file.
class AppSettings : public QObject
{
    Q_OBJECT
public:
    enum class Key {
        MainWindowGeometry,
        MainWindowState,
        MainSplitterState,      // request/response above, exchange legs below
        WorkSplitterState,      // request editor | response view
        ExchangeSplitterState,  // leg list | leg details
        BodyViewPretty,         // response body opens in the pretty view
        ZoomPercent,            // View > Zoom: the window's text size, 100 = the system's
        TourShown,              // the first start's Tour was opened (it opens once by itself)
        DefaultProxy,           // Session > Proxy…: none, system or http://host:port (never a password)
        Count
    };
    Q_ENUM(Key)

    // The user's settings in the platform's place, named after the application's organisation and
    // name (set them on the QCoreApplication before constructing).
    explicit AppSettings(QObject *parent = nullptr);
    // Settings stored in an INI file at iniPath (tests use a temporary directory).
    explicit AppSettings(const QString &iniPath, QObject *parent = nullptr);
    ~AppSettings() override;

    QVariant value(Key key) const;
    // Emits changed(key) when the stored value differs from the new one.
    void setValue(Key key, const QVariant &value);
    void reset(Key key);
    void sync();

    // The name under which key is stored ("mainWindow/geometry").
    static QString keyName(Key key);
    static QVariant defaultValue(Key key);
    // Where the settings are stored (a file path or a registry path).
    QString location() const;

signals:
    void changed(AppSettings::Key key);

private:
    std::unique_ptr<QSettings> m_settings;
};
