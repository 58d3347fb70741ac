#include "appsettings.h"

#include <QSettings>

#include <array>

namespace {

struct Entry
{
    AppSettings::Key key;
    const char *name;
    QVariant defaultValue;
};

// The one table of keys: order must follow AppSettings::Key (checked in entry()).
const std::array<Entry, size_t(AppSettings::Key::Count)> &table()
{
    using K = AppSettings::Key;
    static const std::array<Entry, size_t(K::Count)> entries{{
        {K::MainWindowGeometry, "mainWindow/geometry", QVariant(QByteArray())},
        {K::MainWindowState, "mainWindow/state", QVariant(QByteArray())},
        {K::MainSplitterState, "mainWindow/mainSplitter", QVariant(QByteArray())},
        {K::WorkSplitterState, "mainWindow/workSplitter", QVariant(QByteArray())},
        {K::ExchangeSplitterState, "mainWindow/exchangeSplitter", QVariant(QByteArray())},
        {K::BodyViewPretty, "response/prettyBody", QVariant(true)},
        {K::ZoomPercent, "view/zoomPercent", QVariant(100)},
        {K::TourShown, "lab/tourShown", QVariant(false)},
        {K::DefaultProxy, "network/proxy", QVariant(QStringLiteral("none"))},
    }};
    return entries;
}

const Entry &entry(AppSettings::Key key)
{
    const Entry &e = table().at(size_t(key));
    Q_ASSERT(e.key == key);
    return e;
}

} // namespace

AppSettings::AppSettings(QObject *parent)
    : QObject(parent)
    , m_settings(std::make_unique<QSettings>())
{
}

AppSettings::AppSettings(const QString &iniPath, QObject *parent)
    : QObject(parent)
    , m_settings(std::make_unique<QSettings>(iniPath, QSettings::IniFormat))
{
}

AppSettings::~AppSettings() = default;

QVariant AppSettings::value(Key key) const
{
    const Entry &e = entry(key);
    return m_settings->value(QLatin1String(e.name), e.defaultValue);
}

void AppSettings::setValue(Key key, const QVariant &value)
{
    if (this->value(key) == value)
        return;
    m_settings->setValue(QLatin1String(entry(key).name), value);
    emit changed(key);
}

void AppSettings::reset(Key key)
{
    const QString name = keyName(key);
    if (!m_settings->contains(name))
        return;
    m_settings->remove(name);
    emit changed(key);
}

void AppSettings::sync()
{
    m_settings->sync();
}

QString AppSettings::keyName(Key key)
{
    return QLatin1String(entry(key).name);
}

QVariant AppSettings::defaultValue(Key key)
{
    return entry(key).defaultValue;
}

QString AppSettings::location() const
{
    return m_settings->fileName();
}
