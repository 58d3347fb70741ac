#include "http/bodybuffer.h"

#include <QBuffer>
#include <QTest>
#include <QThread>

#include <memory>

class tst_BodyBuffer : public QObject
{
    Q_OBJECT
private slots:
    void keepsSmallBodiesInMemory();
    void spillsLargeBodiesToDiskAndReadsThemBack();
    void writeToCopiesEveryByte();
    void readsAPageFromAnyOffset();
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

// A page of a large body (the body view's pages, its pretty-printer's pieces), in memory and
// spilled, and read on another thread while the owner keeps the buffer.
void tst_BodyBuffer::readsAPageFromAnyOffset()
{
    QByteArray expected;
    for (int i = 0; i < 500; ++i)
        expected += QByteArray::number(i) + ',';
    for (qint64 threshold : {qint64(100), qint64(1 << 20)}) {
        BodyBuffer buffer(threshold);
        for (qsizetype at = 0; at < expected.size(); at += 333)
            QVERIFY(buffer.append(expected.mid(at, 333)));
        QCOMPARE(buffer.isSpilled(), threshold == 100);
        QCOMPARE(buffer.readAt(0, 10), expected.left(10));
        QCOMPARE(buffer.readAt(1000, 77), expected.mid(1000, 77));
        QCOMPARE(buffer.readAt(expected.size() - 5, 100), expected.right(5));
        QVERIFY(buffer.readAt(expected.size(), 10).isEmpty());
        QVERIFY(buffer.readAt(-1, 10).isEmpty());
        QVERIFY(buffer.readAt(10, 0).isEmpty());
        QByteArray fromThread;
        std::unique_ptr<QThread> reader(QThread::create([&] {
            for (qint64 at = 0; at < buffer.size(); at += 100)
                fromThread += buffer.readAt(at, 100);
        }));
        reader->start();
        QVERIFY(reader->wait(10000));
        QCOMPARE(fromThread, expected);
    }
}

QTEST_GUILESS_MAIN(tst_BodyBuffer)
#include "tst_bodybuffer.moc"
