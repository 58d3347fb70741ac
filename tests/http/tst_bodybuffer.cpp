#include "http/bodybuffer.h"

#include <QBuffer>
#include <QTest>

class tst_BodyBuffer : public QObject
{
    Q_OBJECT
private slots:
    void keepsSmallBodiesInMemory();
    void spillsLargeBodiesToDiskAndReadsThemBack();
    void writeToCopiesEveryByte();
};

void tst_BodyBuffer::keepsSmallBodiesInMemory()
{
    BodyBuffer buffer(1024);
    QVERIFY(buffer.append("hello "));
    QVERIFY(buffer.append("world"));
    QVERIFY(!buffer.isSpilled());
    QCOMPARE(buffer.size(), 11);
    QCOMPARE(buffer.read(), QByteArray("hello world"));
    QCOMPARE(buffer.read(5), QByteArray("hello"));
}

void tst_BodyBuffer::spillsLargeBodiesToDiskAndReadsThemBack()
{
    BodyBuffer buffer(1000);
    QByteArray expected;
    for (int i = 0; i < 50; ++i) {
        const QByteArray chunk = QByteArray::number(i).repeated(37);
        expected += chunk;
        QVERIFY(buffer.append(chunk));
    }
    QVERIFY(buffer.isSpilled());
    QCOMPARE(buffer.size(), expected.size());
    QCOMPARE(buffer.read(), expected);
    QCOMPARE(buffer.read(100), expected.left(100));
}

void tst_BodyBuffer::writeToCopiesEveryByte()
{
    for (qint64 threshold : {qint64(10), qint64(1 << 20)}) {
        BodyBuffer buffer(threshold);
        QVERIFY(buffer.append(QByteArray(5000, 'x')));
        QBuffer out;
        out.open(QIODevice::WriteOnly);
        QString error;
        QVERIFY2(buffer.writeTo(&out, &error), qPrintable(error));
        QCOMPARE(out.data(), QByteArray(5000, 'x'));
    }
}

QTEST_GUILESS_MAIN(tst_BodyBuffer)
#include "tst_bodybuffer.moc"
