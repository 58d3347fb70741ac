#include "core/displaytext.h"

#include <QTest>

// DisplayText's one escaped form: printable UTF-8 unchanged, C0/DEL/bytes that are not UTF-8 as
// \xHH, C1, bidirectional controls and line separators as \uHHHH.
class tst_DisplayText : public QObject
{
    Q_OBJECT
private slots:
    void escapesBytes_data();
    void escapesBytes();
    void keepsLineBreaksOnlyWhenAsked();
    void escapesDecodedTextTheSameWay_data();
    void escapesDecodedTextTheSameWay();
    void escapesALoneSurrogate();
    void escapedTextIsLeftAsItIs();
};

void tst_DisplayText::escapesBytes_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("shown");
    QTest::newRow("plain ASCII") << QByteArray("Basic realm=\"x\" \\ ~") << QByteArray("Basic realm=\"x\" \\ ~");
    QTest::newRow("UTF-8 text and emoji") << QByteArray("Zoë 日本 \xf0\x9f\x94\x91") << QByteArray("Zoë 日本 \xf0\x9f\x94\x91");
    QTest::newRow("OSC title with BEL") << QByteArray("\x1b]0;pwned\x07!") << QByteArray("\\x1b]0;pwned\\x07!");
    QTest::newRow("CSI clear screen") << QByteArray("\x1b[2J") << QByteArray("\\x1b[2J");
    QTest::newRow("NUL") << QByteArray("a\0b", 3) << QByteArray("a\\x00b");
    QTest::newRow("CR, LF, TAB") << QByteArray("a\rb\nc\td") << QByteArray("a\\x0db\\x0ac\\x09d");
    QTest::newRow("DEL") << QByteArray("\x7f") << QByteArray("\\x7f");
    QTest::newRow("8-bit CSI, not UTF-8") << QByteArray("\x9b" "31m") << QByteArray("\\x9b31m");
    QTest::newRow("C1 as UTF-8 (U+009D)") << QByteArray("\xc2\x9d") << QByteArray("\\u009d");
    QTest::newRow("NBSP is printable (U+00A0)") << QByteArray("\xc2\xa0") << QByteArray("\xc2\xa0");
    QTest::newRow("right-to-left override") << QByteArray("a\xe2\x80\xae" "b") << QByteArray("a\\u202eb");
    QTest::newRow("right-to-left isolate") << QByteArray("\xe2\x81\xa7") << QByteArray("\\u2067");
    QTest::newRow("line separator") << QByteArray("\xe2\x80\xa8") << QByteArray("\\u2028");
    QTest::newRow("invalid bytes") << QByteArray("\xff\xfe") << QByteArray("\\xff\\xfe");
    QTest::newRow("cut sequence at the end") << QByteArray("ok\xc3") << QByteArray("ok\\xc3");
    QTest::newRow("cut sequence before ASCII") << QByteArray("\xe6\x97" "a") << QByteArray("\\xe6\\x97a");
    QTest::newRow("overlong slash") << QByteArray("\xc0\xaf") << QByteArray("\\xc0\\xaf");
    QTest::newRow("overlong NUL in three bytes") << QByteArray("\xe0\x80\x80") << QByteArray("\\xe0\\x80\\x80");
    QTest::newRow("encoded surrogate") << QByteArray("\xed\xa0\x80") << QByteArray("\\xed\\xa0\\x80");
    QTest::newRow("above U+10FFFF") << QByteArray("\xf4\x90\x80\x80") << QByteArray("\\xf4\\x90\\x80\\x80");
    QTest::newRow("lone continuation byte") << QByteArray("\x80") << QByteArray("\\x80");
    QTest::newRow("empty") << QByteArray() << QByteArray();
}

void tst_DisplayText::escapesBytes()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, shown);
    QCOMPARE(DisplayText::escaped(input), shown);
    QCOMPARE(DisplayText::fromBytes(input), QString::fromUtf8(shown));
}

void tst_DisplayText::keepsLineBreaksOnlyWhenAsked()
{
    const QByteArray lines("* one\x1b[2J\n* two\r\n");
    QCOMPARE(DisplayText::escaped(lines, DisplayText::LineBreaks::Keep), QByteArray("* one\\x1b[2J\n* two\\x0d\n"));
    QCOMPARE(DisplayText::escaped(lines), QByteArray("* one\\x1b[2J\\x0a* two\\x0d\\x0a"));
    QCOMPARE(DisplayText::escaped(QString::fromUtf8(lines), DisplayText::LineBreaks::Keep),
             QStringLiteral("* one\\x1b[2J\n* two\\x0d\n"));
}

void tst_DisplayText::escapesDecodedTextTheSameWay_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("shown");
    QTest::newRow("plain") << QStringLiteral("Zoë 日本 🔑") << QStringLiteral("Zoë 日本 🔑");
    QTest::newRow("ESC and BEL") << QStringLiteral("\x1b]0;t\x07") << QStringLiteral("\\x1b]0;t\\x07");
    QTest::newRow("NUL") << QString(QChar(0)) << QStringLiteral("\\x00");
    QTest::newRow("DEL and C1") << QString(QChar(0x7f)) + QChar(0x9b) << QStringLiteral("\\x7f\\u009b");
    QTest::newRow("bidi") << QString(QChar(0x202e)) + QChar(0x200f) + QChar(0x061c) << QStringLiteral("\\u202e\\u200f\\u061c");
    QTest::newRow("replacement character stays") << QString(QChar(0xfffd)) << QString(QChar(0xfffd));
}

void tst_DisplayText::escapesDecodedTextTheSameWay()
{
    QFETCH(QString, input);
    QFETCH(QString, shown);
    QCOMPARE(DisplayText::escaped(input), shown);
    // The same form from the text's UTF-8 bytes.
    QCOMPARE(DisplayText::fromBytes(input.toUtf8()), shown);
}

void tst_DisplayText::escapesALoneSurrogate()
{
    QString text = QStringLiteral("a");
    text += QChar(0xd800);
    text += u'b';
    QCOMPARE(DisplayText::escaped(text), QStringLiteral("a\\ud800b"));
}

void tst_DisplayText::escapedTextIsLeftAsItIs()
{
    // Escaping twice changes nothing: the escaped form is printable ASCII (print() escapes again).
    const QByteArray once = DisplayText::escaped(QByteArray("\x1b[2J\xff\xc2\x9d\n"));
    QCOMPARE(DisplayText::escaped(once), once);
}

QTEST_GUILESS_MAIN(tst_DisplayText)
#include "tst_displaytext.moc"
