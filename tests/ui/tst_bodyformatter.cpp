#include "bodyformatter.h"

#include <QTest>

// What the response body view shows for each kind of body: pure logic, no widgets.
class tst_BodyFormatter : public QObject
{
    Q_OBJECT
public:
    struct Expected
    {
        FormattedBody::Kind kind;
        QString pretty;           // exact pretty text; null to skip the comparison
        QString noteContains;     // empty: the note must be empty
        bool truncated = false;
    };

private slots:
    void formatsBodiesForDisplay_data();
    void formatsBodiesForDisplay();
    void rawViewKeepsTheBytesAsReceived();
    void neverShowsMoreThanTheDisplayLimit();
    void cutUtf8SequenceIsDroppedNotGarbled();
    void reindentKeepsKeyOrderNumbersAndStrings();
    void reindentGivesUpPastTheOutputLimit();
    void formatsSizes_data();
    void formatsSizes();
};

Q_DECLARE_METATYPE(tst_BodyFormatter::Expected)

using Kind = FormattedBody::Kind;

void tst_BodyFormatter::formatsBodiesForDisplay_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<Expected>("expected");

    QTest::newRow("empty") << QByteArray() << QByteArrayLiteral("application/json")
                           << Expected{Kind::Empty, QString(), QString()};
    QTest::newRow("json object keeps key order and strings with structure characters")
        << QByteArrayLiteral(R"({"b":1,"a":[1,2.50,{}],"c":"x,y:{z}\"]"})")
        << QByteArrayLiteral("application/json; charset=utf-8")
        << Expected{Kind::Json,
                    QStringLiteral("{\n  \"b\": 1,\n  \"a\": [\n    1,\n    2.50,\n    {}\n  ],\n"
                                   "  \"c\": \"x,y:{z}\\\"]\"\n}"),
                    QString()};
    QTest::newRow("json by +json suffix") << QByteArrayLiteral("[true,null]")
                                          << QByteArrayLiteral("application/problem+json")
                                          << Expected{Kind::Json, QStringLiteral("[\n  true,\n  null\n]"), QString()};
    QTest::newRow("json scalar at top level (RFC 8259)")
        << QByteArrayLiteral("42") << QByteArrayLiteral("application/json")
        << Expected{Kind::Json, QStringLiteral("42"), QString()};
    QTest::newRow("json sniffed without content type")
        << QByteArrayLiteral(" {\"a\" : [ ] , \"b\":{ }}") << QByteArray()
        << Expected{Kind::Json, QStringLiteral("{\n  \"a\": [],\n  \"b\": {}\n}"), QString()};
    QTest::newRow("broken json shown as received with the error")
        << QByteArrayLiteral(R"({"a":1,"b")") << QByteArrayLiteral("application/json")
        << Expected{Kind::Text, QStringLiteral(R"({"a":1,"b")"), QStringLiteral("Not valid JSON")};
    QTest::newRow("two json values are not one document")
        << QByteArrayLiteral(R"({"a":1} {"b":2})") << QByteArrayLiteral("application/json")
        << Expected{Kind::Text, QStringLiteral(R"({"a":1} {"b":2})"), QStringLiteral("Not valid JSON")};
    QTest::newRow("xml re-indented")
        << QByteArrayLiteral(R"(<?xml version="1.0"?><a><b x="1">t</b><c/><!-- hi --></a>)")
        << QByteArrayLiteral("application/xml")
        << Expected{Kind::Xml,
                    QStringLiteral("<?xml version=\"1.0\"?>\n<a>\n  <b x=\"1\">t</b>\n  <c/>\n  <!-- hi -->\n</a>"),
                    QString()};
    QTest::newRow("xml by +xml suffix, whitespace between elements replaced")
        << QByteArrayLiteral("<feed>\n      <entry>x</entry>\n</feed>") << QByteArrayLiteral("application/atom+xml")
        << Expected{Kind::Xml, QStringLiteral("<feed>\n  <entry>x</entry>\n</feed>"), QString()};
    QTest::newRow("broken xml shown as received with the position")
        << QByteArrayLiteral("<a><b>t</a>") << QByteArrayLiteral("text/xml")
        << Expected{Kind::Text, QStringLiteral("<a><b>t</a>"), QStringLiteral("line 1, column")};
    QTest::newRow("plain text") << QByteArrayLiteral("hello\nworld\n") << QByteArrayLiteral("text/plain")
                                << Expected{Kind::Text, QStringLiteral("hello\nworld\n"), QString()};
    QTest::newRow("html is text, not parsed as xml")
        << QByteArrayLiteral("<!DOCTYPE html><p>hi<br></p>") << QByteArrayLiteral("text/html")
        << Expected{Kind::Text, QStringLiteral("<!DOCTYPE html><p>hi<br></p>"), QString()};
    QTest::newRow("latin-1 charset decoded")
        << QByteArrayLiteral("caf\xe9") << QByteArrayLiteral("text/plain; charset=ISO-8859-1")
        << Expected{Kind::Text, QStringLiteral("caf\u00e9"), QString()};
    QTest::newRow("binary as hex dump")
        << QByteArrayLiteral("\x89PNG\r\n\x1a\n\0\0\0\rIHDR") << QByteArrayLiteral("image/png")
        << Expected{Kind::Binary,
                    QStringLiteral("00000000  89 50 4e 47 0d 0a 1a 0a  00 00 00 0d 49 48 44 52  |.PNG........IHDR|\n"),
                    QStringLiteral("Binary content, 16 B")};
    QTest::newRow("binary without content type")
        << QByteArrayLiteral("\x00\x01\x02") << QByteArray()
        << Expected{Kind::Binary, QString(), QStringLiteral("Binary content, 3 B")};
    QTest::newRow("text with an octet-stream type stays text")
        << QByteArrayLiteral("just words") << QByteArrayLiteral("application/octet-stream")
        << Expected{Kind::Text, QStringLiteral("just words"), QString()};
}

void tst_BodyFormatter::formatsBodiesForDisplay()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(Expected, expected);

    const FormattedBody result = BodyFormatter().format(body, body.size(), contentType);
    QCOMPARE(result.kind, expected.kind);
    if (!expected.pretty.isNull())
        QCOMPARE(result.pretty, expected.pretty);
    if (expected.noteContains.isEmpty())
        QCOMPARE(result.note, QString());
    else
        QVERIFY2(result.note.contains(expected.noteContains), qPrintable(result.note));
    QCOMPARE(result.truncated, expected.truncated);
}

void tst_BodyFormatter::rawViewKeepsTheBytesAsReceived()
{
    const QByteArray json = QByteArrayLiteral("{\"z\":1,   \"a\":2}");
    const FormattedBody result = BodyFormatter().format(json, -1, QByteArrayLiteral("application/json"));
    QCOMPARE(result.kind, Kind::Json);
    QCOMPARE(result.raw, QString::fromUtf8(json));
    QVERIFY(result.pretty != result.raw);
}

void tst_BodyFormatter::neverShowsMoreThanTheDisplayLimit()
{
    // A large JSON body: only the start is shown, as text, and the note says how much.
    QByteArray json = "[";
    for (int i = 0; i < 2000; ++i)
        json += "{\"n\":" + QByteArray::number(i) + "},";
    json += "{}]";
    const BodyFormatter formatter(1024);
    const FormattedBody result = formatter.format(json, json.size(), QByteArrayLiteral("application/json"));
    QCOMPARE(result.kind, Kind::Text);
    QVERIFY(result.truncated);
    QCOMPARE(result.raw.size(), 1024);
    QVERIFY2(result.note.contains(QStringLiteral("first 1.0 KiB of")), qPrintable(result.note));
    QVERIFY2(result.note.contains(QStringLiteral("Too large to pretty-print")), qPrintable(result.note));

    // The caller may hand in just the start with the full size: the same note.
    const FormattedBody partial = formatter.format(json.left(1024), 50LL * 1024 * 1024, QByteArrayLiteral("text/plain"));
    QVERIFY(partial.truncated);
    QVERIFY2(partial.note.contains(QStringLiteral("of 50.0 MiB")), qPrintable(partial.note));

    // Binary bodies are dumped up to 64 KiB whatever the display limit says.
    const QByteArray binary(200 * 1024, '\0');
    const FormattedBody dump = BodyFormatter().format(binary, binary.size(), QByteArrayLiteral("application/octet-stream"));
    QCOMPARE(dump.kind, Kind::Binary);
    QVERIFY(dump.truncated);
    QCOMPARE(dump.raw.count(QLatin1Char('\n')), 64 * 1024 / 16);
}

void tst_BodyFormatter::cutUtf8SequenceIsDroppedNotGarbled()
{
    // "é" is two bytes; cutting between them must not leave a replacement character.
    const QByteArray text = QByteArrayLiteral("abc\xc3\xa9");
    const FormattedBody result = BodyFormatter(4).format(text, text.size(), QByteArrayLiteral("text/plain"));
    QVERIFY(result.truncated);
    QCOMPARE(result.raw, QStringLiteral("abc"));
}

void tst_BodyFormatter::reindentKeepsKeyOrderNumbersAndStrings()
{
    // QJsonDocument would sort the keys and turn the big integer into a double.
    const QByteArray json = QByteArrayLiteral(R"({"zeta":12345678901234567890,"alpha":"\\","alpha":[]})");
    QCOMPARE(BodyFormatter::reindentJson(json, 1 << 20),
             QByteArrayLiteral("{\n  \"zeta\": 12345678901234567890,\n  \"alpha\": \"\\\\\",\n  \"alpha\": []\n}"));
}

void tst_BodyFormatter::reindentGivesUpPastTheOutputLimit()
{
    QVERIFY(BodyFormatter::reindentJson(QByteArrayLiteral("[[[[[[1]]]]]]"), 10).isNull());
    QVERIFY(!BodyFormatter::reindentJson(QByteArrayLiteral("[[[[[[1]]]]]]"), 1000).isNull());
}

void tst_BodyFormatter::formatsSizes_data()
{
    QTest::addColumn<qint64>("bytes");
    QTest::addColumn<QString>("text");
    QTest::newRow("bytes") << qint64(1023) << QStringLiteral("1023 B");
    QTest::newRow("kibibytes") << qint64(1536) << QStringLiteral("1.5 KiB");
    QTest::newRow("mebibytes") << qint64(3 * 1024 * 1024 + 200 * 1024) << QStringLiteral("3.2 MiB");
    QTest::newRow("gibibytes") << qint64(5) * 1024 * 1024 * 1024 << QStringLiteral("5.00 GiB");
}

void tst_BodyFormatter::formatsSizes()
{
    QFETCH(qint64, bytes);
    QFETCH(QString, text);
    QCOMPARE(BodyFormatter::formatSize(bytes), text);
}

QTEST_GUILESS_MAIN(tst_BodyFormatter)
#include "tst_bodyformatter.moc"
