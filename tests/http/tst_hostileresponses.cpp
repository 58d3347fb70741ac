#include "notetesting.h"
#include "engine/legjob.h"
#include "exchangerunning.h"
#include "hostileserver.h"
#include "http/contentdecoder.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTest>

// Responses a hostile or broken server sends (tests/support/hostile/routes_body.py and
// routes_protocol.py): a broken body or head ends the leg with a coded error, never with an
// empty or partial success; well-formed responses next to them still pass.
class tst_HostileResponses : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void refusesABrokenResponse_data();
    void refusesABrokenResponse();
    void acceptsAWellFormedResponse_data();
    void acceptsAWellFormedResponse();
    void reportsTheRatioOfADecompressionBomb();
    void keepsTheBodyCodedWhenTheUserAskedForACoding();
    void capsWhatQtBuffersOfABody();
    void readsTheWholeBodyOfAChallenge_data();
    void readsTheWholeBodyOfAChallenge();

private:
    HostileServer m_server;
};

namespace {

// Remembers the read buffer size of each reply when its head arrives.
class RecordingManager : public QNetworkAccessManager
{
public:
    QList<qint64> readBufferSizes;

protected:
    QNetworkReply *createRequest(Operation op, const QNetworkRequest &request, QIODevice *data) override
    {
        QNetworkReply *reply = QNetworkAccessManager::createRequest(op, request, data);
        connect(reply, &QNetworkReply::metaDataChanged, this,
                [this, reply] { readBufferSizes.append(reply->readBufferSize()); });
        return reply;
    }
};

QByteArray patternBytes(qint64 size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (qint64 i = 0; i < size; ++i)
        bytes[i] = char(i % 251); // hostileserver.py's pattern_bytes
    return bytes;
}

} // namespace

static Exchange get(const QUrl &url, const HeaderList &headers = {})
{
    HttpRequest request;
    request.url = url;
    request.headers = headers;
    return ExchangeRunning::run(request);
}

void tst_HostileResponses::initTestCase()
{
    QString error;
    QVERIFY2(m_server.start(&error), qPrintable(error));
}

void tst_HostileResponses::refusesABrokenResponse_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<Status::Code>("code");
    QTest::addColumn<NoteCode>("reason");

    using C = Status::Code;
    // Bodies
    QTest::newRow("corrupt gzip") << "/body/corrupt" << C::ProtocolError << NoteCode::BodyCorrupt;
    QTest::newRow("corrupt gzip, connection kept open") << "/body/corrupt?keepalive=1" << C::ProtocolError
                                                        << NoteCode::BodyCorrupt;
    QTest::newRow("corrupt deflate") << "/body/corrupt?encoding=deflate" << C::ProtocolError << NoteCode::BodyCorrupt;
    QTest::newRow("gzip stream cut in half") << "/body/truncated" << C::ProtocolError << NoteCode::BodyCorrupt;
    QTest::newRow("deflate stream cut in half") << "/body/truncated?encoding=deflate" << C::ProtocolError
                                                << NoteCode::BodyCorrupt;
    QTest::newRow("gzip bomb") << "/body/bomb" << C::ProtocolError << NoteCode::DecompressionLimit;
    QTest::newRow("deflate bomb") << "/body/bomb?encoding=deflate" << C::ProtocolError
                                  << NoteCode::DecompressionLimit;
    QTest::newRow("Content-Length larger than the body") << "/body/short" << C::ConnectionFailed
                                                         << NoteCode::BodyIncomplete;
    // (A chunked body without its last chunk is not a row: Qt 6.4 reports it as cut short in some
    // runs and as complete in others, a race in QHttpNetworkConnectionChannel::_q_receiveReply.)
    QTest::newRow("chunk size not hexadecimal") << "/body/bad-chunk" << C::ProtocolError << NoteCode::BodyIncomplete;
    // Heads: Qt's limits (100 fields, 100 KiB per field line)
    QTest::newRow("101 fields") << "/protocol/flood?fields=99" << C::ProtocolError << NoteCode::HeaderLimit;
    QTest::newRow("101 fields, connection kept open") << "/protocol/flood?fields=99&keepalive=1"
                                                      << C::ProtocolError << NoteCode::HeaderLimit;
    QTest::newRow("300 fields, no Content-Length") << "/protocol/flood?fields=300&length=0" << C::ProtocolError
                                                   << NoteCode::HeaderLimit;
    QTest::newRow("a 100 KiB field, connection kept open") << "/protocol/huge-field?size=102400&keepalive=1"
                                                          << C::ProtocolError << NoteCode::HeaderLimit;
    QTest::newRow("a 1 MB field, no Content-Length") << "/protocol/huge-field?size=1000000&length=0"
                                                     << C::ProtocolError << NoteCode::HeaderLimit;
    // Heads: RFC 9112 §6.3 and RFC 9110 §15
    QTest::newRow("two Content-Length fields that differ") << "/protocol/lengths" << C::ProtocolError
                                                           << NoteCode::ContentLengthConflict;
    QTest::newRow("one Content-Length field with two values") << "/protocol/lengths?joined=1&a=8&b=3"
                                                              << C::ProtocolError << NoteCode::ContentLengthConflict;
    QTest::newRow("Content-Length not a number") << "/protocol/lengths?value=abc" << C::ProtocolError
                                                 << NoteCode::ContentLengthConflict;
    QTest::newRow("negative Content-Length") << "/protocol/lengths?value=-5" << C::ProtocolError
                                             << NoteCode::ContentLengthConflict;
    QTest::newRow("Content-Length with Transfer-Encoding") << "/protocol/length-and-chunked" << C::ProtocolError
                                                           << NoteCode::FramingConflict;
    QTest::newRow("status 600") << "/protocol/status?code=600" << C::ProtocolError << NoteCode::StatusOutOfRange;
    QTest::newRow("status 099") << "/protocol/status?code=099" << C::ProtocolError << NoteCode::StatusOutOfRange;
    QTest::newRow("status 1000, connection kept open") << "/protocol/status?code=1000&keepalive=1"
                                                       << C::ProtocolError << NoteCode::StatusOutOfRange;
}

void tst_HostileResponses::refusesABrokenResponse()
{
    QFETCH(QString, path);
    QFETCH(Status::Code, code);
    QFETCH(NoteCode, reason);

    const Exchange ex = get(m_server.url(path));
    QCOMPARE(ex.legs.size(), 1);
    const Leg &leg = ex.legs.at(0);
    if (QByteArray(QTest::currentDataTag()) == "chunk size not hexadecimal") {
        QEXPECT_FAIL("", "Qt 6.4 reads a chunk size that is not hexadecimal as 0, the last chunk, and ends the "
                         "body there; nothing in QNetworkReply tells it from a clean end", Abort);
    }
    QVERIFY2(!ex.status.isOk(), qPrintable(QStringLiteral("succeeded with a %1-byte body").arg(leg.responseBody->size())));
    QCOMPARE(ex.status.code(), code);
    QCOMPARE(leg.status.code(), code);
    QVERIFY2(leg.hasNote(reason), qPrintable(NoteTesting::describe(leg)));
    if (code == Status::Code::ProtocolError)
        QCOMPARE(ex.status.reason(), reason);
    QCOMPARE(ex.status.exitCode(), code == Status::Code::ProtocolError ? 8 : 4);
}

void tst_HostileResponses::acceptsAWellFormedResponse_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("fields");

    QTest::newRow("gzip") << "/body/gzip?size=100000" << patternBytes(100000) << 3;
    QTest::newRow("deflate") << "/body/gzip?size=100000&encoding=deflate" << patternBytes(100000) << 3;
    QTest::newRow("raw deflate") << "/body/gzip?size=100000&encoding=deflate&raw=1" << patternBytes(100000) << 3;
    QTest::newRow("empty gzip") << "/body/gzip?size=0" << QByteArray() << 3;
    QTest::newRow("100 fields, Qt's most") << "/protocol/flood?fields=98" << QByteArray("ok\n") << 100;
    QTest::newRow("a field line just under 100 KiB") << "/protocol/huge-field?size=102390" << QByteArray("ok\n") << 3;
    QTest::newRow("the same Content-Length twice") << "/protocol/lengths?a=8&b=8" << QByteArray("xxxxxxxx") << 2;
    QTest::newRow("status 599") << "/protocol/status?code=599" << QByteArray("ok\n") << 2;
    QTest::newRow("status 200") << "/protocol/status?code=200" << QByteArray("ok\n") << 2;
}

void tst_HostileResponses::acceptsAWellFormedResponse()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(int, fields);

    const Exchange ex = get(m_server.url(path));
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    const Leg &leg = ex.legs.at(0);
    QCOMPARE(leg.responseHeaders.size(), fields);
    QCOMPARE(leg.responseBody->size(), qint64(body.size()));
    QVERIFY(leg.responseBody->read() == body);
    QVERIFY2(leg.notes.isEmpty(), qPrintable(NoteTesting::describe(leg)));
}

void tst_HostileResponses::reportsTheRatioOfADecompressionBomb()
{
    const Exchange ex = get(m_server.url(QStringLiteral("/body/bomb?size=%1").arg(256 * 1024 * 1024)));
    QCOMPARE(ex.status.reason(), NoteCode::DecompressionLimit);
    const Leg &leg = ex.legs.at(0);
    // Decoded up to the threshold, then stopped: not 256 MiB.
    QVERIFY(leg.responseBody->size() > ContentDecoder::SafetyThreshold / 2);
    QVERIFY(leg.responseBody->size() <= ContentDecoder::SafetyThreshold);
    // The ratio is the number the message gives before "times"; zeros compress about 1000:1.
    const QRegularExpressionMatch ratio = QRegularExpression(QStringLiteral("(\\d+) times"))
                                                  .match(ex.status.message());
    QVERIFY2(ratio.hasMatch(), qPrintable(ex.status.message()));
    QVERIFY2(ratio.captured(1).toLongLong() > ContentDecoder::MaxRatio, qPrintable(ex.status.message()));
}

void tst_HostileResponses::keepsTheBodyCodedWhenTheUserAskedForACoding()
{
    HeaderList headers;
    headers.append("Accept-Encoding", "gzip");
    const Exchange ex = get(m_server.url(QStringLiteral("/body/gzip?size=1000")), headers);
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    const QByteArray body = ex.legs.at(0).responseBody->read();
    QVERIFY2(body.startsWith("\x1f\x8b"), body.left(16).toHex().constData()); // gzip's magic (RFC 1952)
    QVERIFY(body.size() < 1000);
}

void tst_HostileResponses::capsWhatQtBuffersOfABody()
{
    RecordingManager manager;
    HttpRequest request;
    const qint64 size = 3 * BodyBuffer::DefaultSpillThreshold;
    request.url = m_server.url(QStringLiteral("/bytes?size=%1").arg(size));
    const Exchange ex = ExchangeRunning::run(&manager, request);
    QVERIFY2(ex.status.isOk(), qPrintable(ex.status.message()));
    QCOMPARE(manager.readBufferSizes, QList<qint64>{LegJob::ReadBufferSize});
    const Leg &leg = ex.legs.at(0);
    QCOMPARE(leg.responseBody->size(), size);
    QVERIFY(leg.responseBody->isSpilled());
}

void tst_HostileResponses::readsTheWholeBodyOfAChallenge_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("plain") << "/body/challenge";
    QTest::newRow("gzip") << "/body/challenge?encoding=gzip";
}

// A 401's body (a login page) reaches the leg whole: the checks on a body's end hold for
// statuses Qt treats as errors too.
void tst_HostileResponses::readsTheWholeBodyOfAChallenge()
{
    QFETCH(QString, path);
    const Exchange ex = get(m_server.url(path));
    QCOMPARE(ex.status.code(), Status::Code::AuthenticationFailed);
    const Leg &leg = ex.legs.at(0);
    QCOMPARE(leg.statusCode, 401);
    QVERIFY(leg.status.isOk());
    QVERIFY(leg.responseBody->read() == patternBytes(2000));
}

QTEST_GUILESS_MAIN(tst_HostileResponses)
#include "tst_hostileresponses.moc"
