#include "headerlistmodel.h"
#include "leglistmodel.h"
#include "screenshottesting.h"
#include "uiformat.h"

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>
#include <QTest>

// Every text colour UiFormat hands out keeps WCAG AA contrast (4.5:1) on the palette's Base (and
// Window, AlternateBase) in a light and a dark palette; so do the status chip's text on its fill
// and the models' foregrounds (transport-added headers were #BEBEBE on white, 1.9:1).
class tst_UiContrast : public QObject
{
    Q_OBJECT
private slots:
    void contrastRatioIsWcags();
    void textColoursKeepTheirContrast_data();
    void textColoursKeepTheirContrast();
};

namespace {
constexpr double Minimum = 4.5;

QList<int> statusCodes()
{
    return {-1, 0, 100, 200, 204, 301, 304, 400, 401, 403, 404, 407, 429, 500, 503};
}
} // namespace

void tst_UiContrast::contrastRatioIsWcags()
{
    QCOMPARE(qRound(UiFormat::contrastRatio(Qt::black, Qt::white) * 10), 210);
    QCOMPARE(UiFormat::contrastRatio(Qt::white, Qt::white), 1.0);
    // The grey the transport-added headers had: the measure sees it fail.
    QVERIFY(UiFormat::contrastRatio(QColor(0xbe, 0xbe, 0xbe), Qt::white) < 2.0);
    QCOMPARE(qRound(UiFormat::contrastRatio(QColor(0x76, 0x76, 0x76), Qt::white) * 100), 454);
}

void tst_UiContrast::textColoursKeepTheirContrast_data()
{
    QTest::addColumn<QPalette>("palette");
    const std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
    QTest::newRow("fusion-light") << fusion->standardPalette();
    QTest::newRow("dark") << ScreenshotTesting::darkPalette();
    QTest::newRow("platform") << QApplication::palette();
}

void tst_UiContrast::textColoursKeepTheirContrast()
{
    QFETCH(QPalette, palette);
    const QPalette before = QApplication::palette();
    QApplication::setPalette(palette);
    const QList<QPair<QString, QColor>> backgrounds = {
        {QStringLiteral("Base"), palette.color(QPalette::Base)},
        {QStringLiteral("Window"), palette.color(QPalette::Window)},
        {QStringLiteral("AlternateBase"), palette.color(QPalette::AlternateBase)}};

    QList<QPair<QString, QColor>> texts;
    for (int code : statusCodes())
        texts.append({QStringLiteral("statusColor(%1)").arg(code), UiFormat::statusColor(code)});
    texts.append({QStringLiteral("secondaryTextColor"), UiFormat::secondaryTextColor()});
    texts.append({QStringLiteral("dangerColor"), UiFormat::dangerColor()});
    texts.append({QStringLiteral("warningColor"), UiFormat::warningColor()});
    texts.append({QStringLiteral("PlaceholderText"),
                  UiFormat::readablePalette(palette).color(QPalette::PlaceholderText)});

    // The models hand the same out as foregrounds.
    HeaderListModel headers(true);
    HeaderList fields;
    fields.append(HeaderField{QByteArrayLiteral("Connection"), QByteArrayLiteral("Keep-Alive"), HeaderField::Source::Transport});
    headers.setHeaders(fields);
    texts.append({QStringLiteral("transport header"), headers.index(0, HeaderListModel::NameColumn).data(Qt::ForegroundRole).value<QColor>()});
    Leg refused;
    refused.statusCode = 401;
    refused.reasonPhrase = QByteArrayLiteral("Unauthorized");
    refused.responseHeaders.append(HeaderField{QByteArrayLiteral("Server"), QByteArrayLiteral("x"), HeaderField::Source::Server});
    LegListModel legs;
    legs.setLegs({refused});
    texts.append({QStringLiteral("leg status 401"), legs.index(0, LegListModel::StatusColumn).data(Qt::ForegroundRole).value<QColor>()});

    for (const auto &[name, text] : std::as_const(texts)) {
        QVERIFY2(text.isValid(), qPrintable(name));
        QCOMPARE(text.alpha(), 255);
        for (const auto &[where, background] : backgrounds) {
            const double ratio = UiFormat::contrastRatio(text, background);
            QVERIFY2(ratio >= Minimum, qPrintable(QStringLiteral("%1 %2 on %3 %4: %5:1")
                                                      .arg(name, text.name(), where, background.name())
                                                      .arg(ratio, 0, 'f', 2)));
        }
    }
    // The status chip writes on its colour as a fill.
    for (int code : statusCodes()) {
        const QColor fill = UiFormat::statusColor(code);
        QVERIFY2(UiFormat::contrastRatio(UiFormat::textOn(fill), fill) >= Minimum, qPrintable(fill.name()));
    }
    // The insecure banner's fill under white text.
    QVERIFY(UiFormat::contrastRatio(Qt::white, UiFormat::dangerFillColor()) >= Minimum);
    QApplication::setPalette(before);
}

QTEST_MAIN(tst_UiContrast)
#include "tst_uicontrast.moc"
