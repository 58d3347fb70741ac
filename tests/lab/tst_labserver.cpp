#include "http/httpdate.h"
#include "lab/labconnection.h"
#include "lab/labserver.h"
#include "labtesting.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSet>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <optional>

namespace {

// One response as a client reads it off the wire.
struct RawResponse
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &field : headers) {
            if (field.first.compare(name, Qt::CaseInsensitive) == 0)
                return field.second;
        }
        return {};
    }
    int count(const QByteArray &name) const
    {
        int n = 0;
        for (const auto &field : headers)
            n += field.first.compare(name, Qt::CaseInsensitive) == 0;
        return n;
    }
};

// Takes one complete response off buffer (headOnly: the answer to HEAD); nothing when incomplete.
std::optional<RawResponse> takeResponse(QByteArray *buffer, bool headOnly)
{
    const qsizetype headEnd = buffer->indexOf("\r\n\r\n");
    if (headEnd < 0)
        return std::nullopt;
    QList<QByteArray> lines = buffer->left(headEnd).split('\n');
    RawResponse response;
    const QByteArray statusLine = lines.takeFirst().trimmed();
    response.status = statusLine.mid(9, 3).toInt();
    for (const QByteArray &line : std::as_const(lines)) {
        const qsizetype colon = line.indexOf(':');
        response.headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
    }
    qsizetype at = headEnd + 4;
    const bool noBody = headOnly || response.status < 200 || response.status == 204 || response.status == 304;
    if (!noBody && response.header("Transfer-Encoding") == "chunked") {
        while (true) {
            const qsizetype lineEnd = buffer->indexOf("\r\n", at);
            if (lineEnd < 0)
                return std::nullopt;
            const qsizetype size = buffer->mid(at, lineEnd - at).toLongLong(nullptr, 16);
            if (buffer->size() < lineEnd + 2 + size + 2)
                return std::nullopt;
            response.body += buffer->mid(lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
            if (size == 0)
                break;
        }
    } else if (!noBody) {
        const qsizetype length = response.header("Content-Length").toLongLong();
        if (buffer->size() < at + length)
            return std::nullopt;
        response.body = buffer->mid(at, length);
        at += length;
    }
    buffer->remove(0, at);
    return response;
}

// A raw client: what it sends is exactly what the test wrote.
class RawClient
{
public:
    explicit RawClient(quint16 port)
    {
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        [&] { QTRY_VERIFY_WITH_TIMEOUT(m_socket.state() == QAbstractSocket::ConnectedState, 5000); }();
        QObject::connect(&m_socket, &QTcpSocket::readyRead, [this] { m_buffer += m_socket.readAll(); });
    }
    void send(const QByteArray &bytes) { m_socket.write(bytes); }
    // The next response; a failed QVERIFY (and an empty response) after 5 s without one.
    RawResponse next(bool headOnly = false)
    {
        // Not QTRY_VERIFY: it evaluates its expression once more at the end, which would take a
        // second response.
        QElapsedTimer waited;
        waited.start();
        std::optional<RawResponse> response = takeResponse(&m_buffer, headOnly);
        while (!response && waited.elapsed() < 5000) {
            QTest::qWait(2);
            response = takeResponse(&m_buffer, headOnly);
        }
        if (!response)
            QTest::qFail("no complete response within 5 s", __FILE__, __LINE__);
        return response.value_or(RawResponse());
    }
    // False (a failed QVERIFY) when the lab keeps it open for 5 s.
    bool waitForClose()
    {
        bool closed = false;
        [&] {
            QTRY_VERIFY_WITH_TIMEOUT(m_socket.state() == QAbstractSocket::UnconnectedState, 5000);
            closed = true;
        }();
        return closed;
    }
    bool isOpen() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    const QByteArray &unread() const { return m_buffer; }

private:
    QTcpSocket m_socket;
    QByteArray m_buffer;
};

// One LabConnection per accepted socket, answered by the test's own answerer: what the
// connection read is checked on the LabRequest it hands over.
class EchoServer : public QObject
{
public:
    EchoServer()
    {
        QVERIFY(m_server.listen(QHostAddress::LocalHost, 0));
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                auto *connection = new LabConnection(socket, QStringLiteral("http://127.0.0.1:%1").arg(port()),
                                                     [this](const LabRequest &request) {
                                                         requests.append(request);
                                                         return answer ? answer(request) : echo(request);
                                                     },
                                                     idleTimeoutMs, this);
                connect(connection, &LabConnection::served, this,
                        [this](const QByteArray &, const QByteArray &, int status) { served.append(status); });
            }
        });
    }
    quint16 port() const { return m_server.serverPort(); }
    static LabResponse echo(const LabRequest &request)
    {
        LabResponse response;
        response.body = request.body;
        response.setHeader("X-Path", request.path().toUtf8());
        return response;
    }

    QList<LabRequest> requests;
    QList<int> served;
    LabConnection::Answerer answer;
    int idleTimeoutMs = LabConnection::DefaultIdleTimeoutMs;

private:
    QTcpServer m_server;
};

QByteArray get(const QByteArray &path, const QByteArray &extra = {})
{
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "\r\n";
}

} // namespace

class TestLabServer : public QObject
{
    Q_OBJECT

private slots:
    void keepsTwoRequestsOnOneConnection()
    {
        EchoServer server;
        RawClient client(server.port());
        client.send(get("/first"));
        const RawResponse first = client.next();
        QCOMPARE(first.status, 200);
        QCOMPARE(first.header("X-Path"), QByteArray("/first"));
        QCOMPARE(first.count("Connection"), 0);
        client.send(get("/second"));
        QCOMPARE(client.next().header("X-Path"), QByteArray("/second"));
        QVERIFY(client.isOpen());
        QCOMPARE(server.requests.size(), 2);
    }

    void answersPipelinedRequestsInOrder()
    {
        EchoServer server;
        RawClient client(server.port());
        client.send(get("/a") + "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nxyz"
                    + "HEAD /c HTTP/1.1\r\nHost: x\r\n\r\n" + get("/d"));
        QCOMPARE(client.next().header("X-Path"), QByteArray("/a"));
        const RawResponse b = client.next();
        QCOMPARE(b.header("X-Path"), QByteArray("/b"));
        QCOMPARE(b.body, QByteArray("xyz"));
        const RawResponse head = client.next(true);
        QCOMPARE(head.header("X-Path"), QByteArray("/c"));
        QCOMPARE(client.next().header("X-Path"), QByteArray("/d"));
        QCOMPARE(server.served, QList<int>({200, 200, 200, 200}));
    }

    void readsContentLengthAndChunkedBodies_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("content-length") << QByteArray("POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world")
                                        << QByteArray("hello world");
        QTest::newRow("chunked") << QByteArray("POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                                               "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n")
                                 << QByteArray("hello world");
        QTest::newRow("chunked-bare-lf") << QByteArray("POST /p HTTP/1.1\nHost: x\nTransfer-Encoding: chunked\n\n"
                                                       "B\nhello world\n0\n\n")
                                         << QByteArray("hello world");
        QTest::newRow("no-body") << get("/p") << QByteArray();
        QTest::newRow("same-length-twice") << QByteArray("PUT /p HTTP/1.1\r\nHost: x\r\nContent-Length: 2, 2\r\n\r\nok")
                                           << QByteArray("ok");
    }
    void readsContentLengthAndChunkedBodies()
    {
        QFETCH(QByteArray, wire);
        QFETCH(QByteArray, body);
        EchoServer server;
        RawClient client(server.port());
        // Byte by byte in two halves, so the parser also meets every split point of the first.
        const qsizetype half = wire.size() / 2;
        for (qsizetype i = 0; i < half; ++i) {
            client.send(wire.mid(i, 1));
            QTest::qWait(0);
        }
        client.send(wire.mid(half));
        const RawResponse response = client.next();
        QCOMPARE(response.status, 200);
        QCOMPARE(response.body, body);
        QCOMPARE(server.requests.size(), 1);
        QCOMPARE(server.requests.first().body, body);
        QVERIFY(client.isOpen());
    }

    void sendsContinueBeforeTheBody()
    {
        EchoServer server;
        RawClient client(server.port());
        client.send("PUT /upload HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
        const RawResponse interim = client.next();
        QCOMPARE(interim.status, 100);
        QVERIFY(server.requests.isEmpty());
        client.send("data");
        const RawResponse final = client.next();
        QCOMPARE(final.status, 200);
        QCOMPARE(final.body, QByteArray("data"));
    }

    void writesChunkedResponses()
    {
        EchoServer server;
        const QByteArray big(20000, 'z');
        server.answer = [&](const LabRequest &) {
            LabResponse response = LabResponse::text(200, QString::fromLatin1(big));
            response.chunked = true;
            return response;
        };
        RawClient client(server.port());
        client.send(get("/chunked"));
        const RawResponse response = client.next();
        QCOMPARE(response.header("Transfer-Encoding"), QByteArray("chunked"));
        QCOMPARE(response.count("Content-Length"), 0);
        QCOMPARE(response.body, big);
        // HTTP/1.0 knows no chunks: Content-Length instead, then close.
        client.send("GET /chunked HTTP/1.0\r\n\r\n");
        const RawResponse old = client.next();
        QCOMPARE(old.count("Transfer-Encoding"), 0);
        QCOMPARE(old.header("Content-Length"), QByteArray::number(big.size()));
        QCOMPARE(old.body, big);
        QVERIFY(client.waitForClose());
    }

    void answersHeadAndBodilessStatusesWithoutBody()
    {
        EchoServer server;
        server.answer = [](const LabRequest &request) {
            LabResponse response = LabResponse::text(request.path().mid(1).toInt(), QStringLiteral("body text"));
            return response;
        };
        RawClient client(server.port());
        client.send("HEAD /200 HTTP/1.1\r\nHost: x\r\n\r\n" + get("/204") + get("/304") + get("/200"));
        const RawResponse head = client.next(true);
        QCOMPARE(head.status, 200);
        QCOMPARE(head.header("Content-Length"), QByteArray("9")); // as GET would say
        QCOMPARE(client.next().status, 204);
        QCOMPARE(client.next().status, 304);
        const RawResponse get200 = client.next();
        // Had a body followed HEAD, 204 or 304, it would have been read as this response's head.
        QCOMPARE(get200.status, 200);
        QCOMPARE(get200.body, QByteArray("body text"));
        QVERIFY(client.unread().isEmpty());
    }

    void addsDateServerAndKeepsTheModulesFieldsAsGiven()
    {
        EchoServer server;
        server.answer = [](const LabRequest &) {
            LabResponse response = LabResponse::text(401, QStringLiteral("no"));
            response.setHeader("WWW-Authenticate", "Basic realm=\"lab\"");
            response.setHeader("www-authenticate", "Digest realm=broken,,");
            response.setHeader("Server", "Lesson/1");
            return response;
        };
        RawClient client(server.port());
        client.send(get("/"));
        const RawResponse response = client.next();
        QCOMPARE(response.status, 401);
        QCOMPARE(response.count("WWW-Authenticate"), 2);
        QCOMPARE(response.headers.at(2), qMakePair(QByteArray("www-authenticate"), QByteArray("Digest realm=broken,,")));
        QCOMPARE(response.header("Server"), QByteArray("Lesson/1"));
        QCOMPARE(response.count("Server"), 1);
        const QDateTime date = HttpDate::parse(response.header("Date"));
        QVERIFY2(date.isValid(), response.header("Date").constData());
        QVERIFY(qAbs(date.secsTo(QDateTime::currentDateTimeUtc())) <= 2);
    }

    void refusesBrokenRequests_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<int>("status");
        QTest::newRow("garbage") << QByteArray("\x01\x02 hello\r\n\r\n") << 400;
        QTest::newRow("two-words") << QByteArray("GET /\r\nHost: x\r\n\r\n") << 400;
        QTest::newRow("double-space") << QByteArray("GET  / HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
        QTest::newRow("http-2") << QByteArray("GET / HTTP/2.0\r\nHost: x\r\n\r\n") << 505;
        QTest::newRow("no-host") << QByteArray("GET / HTTP/1.1\r\n\r\n") << 400;
        QTest::newRow("two-hosts") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") << 400;
        QTest::newRow("obs-fold") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n") << 400;
        QTest::newRow("space-before-colon") << QByteArray("GET / HTTP/1.1\r\nHost : x\r\n\r\n") << 400;
        QTest::newRow("no-colon") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nAuthorization Basic c2VjcmV0\r\n\r\n") << 400;
        QTest::newRow("bare-cr") << QByteArray("GET / HTTP/1.1\r\nHost: x\rY: z\r\n\r\n") << 400;
        QTest::newRow("target-not-a-path") << QByteArray("GET basic HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
        QTest::newRow("length-not-a-number") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1x\r\n\r\n") << 400;
        QTest::newRow("lengths-differ") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n") << 400;
        QTest::newRow("chunk-size-not-hex") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") << 400;
        QTest::newRow("chunk-too-long") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n") << 400;
        QTest::newRow("gzip-coding") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n") << 501;
        QTest::newRow("expect-other") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\n\r\n") << 417;
        QTest::newRow("connect") << QByteArray("CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: 127.0.0.1:443\r\n\r\n") << 501;
        QTest::newRow("101-fields") << get("/", QByteArray("X-F: v\r\n").repeated(100)) << 431;
        QTest::newRow("head-over-64k") << get("/", "X-Big: " + QByteArray(65 * 1024, 'a') + "\r\n") << 431;
        QTest::newRow("head-never-ends") << QByteArray("GET / HTTP/1.1\r\nX-Big: ") + QByteArray(70 * 1024, 'a') << 431;
        QTest::newRow("length-over-1m") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1048577\r\n\r\n") << 413;
        QTest::newRow("length-huge") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n") << 413;
        QTest::newRow("chunks-over-1m") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                                                       "80000\r\n") + QByteArray(0x80000, 'b') + "\r\n80001\r\n" << 413;
    }
    void refusesBrokenRequests()
    {
        QFETCH(QByteArray, wire);
        QFETCH(int, status);
        EchoServer server;
        RawClient client(server.port());
        client.send(wire);
        const RawResponse response = client.next();
        QCOMPARE(response.status, status);
        QCOMPARE(response.header("Connection"), QByteArray("close"));
        QVERIFY(server.requests.isEmpty());
        QVERIFY(!response.body.contains("c2VjcmV0")); // a malformed field is not echoed back
        QVERIFY(client.waitForClose());
        QCOMPARE(server.served, QList<int>{status});
    }

    // Mangled requests (bytes flipped, dropped, doubled, line breaks and colons put in) never
    // crash the lab or stop it answering the next client; each connection ends with an answer or
    // waits for more. The seed makes a failure repeatable.
    void survivesMangledRequests()
    {
        const std::unique_ptr<LabServer> lab = LabTesting::startLab();
        QVERIFY(lab);
        QSignalSpy served(lab.get(), &LabServer::served);
        const QByteArray valid = "POST /basic/no-credentials?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                 "Transfer-Encoding: chunked\r\nExpect: 100-continue\r\n"
                                 "Authorization: Basic YWxpY2U6d29uZGVybGFuZA==\r\n\r\n4\r\nbody\r\n0\r\n\r\n";
        const char inserts[] = {'\r', '\n', ':', ' ', '\t', ';', '\0', '\xff', '0', 'f'};
        std::vector<std::unique_ptr<QTcpSocket>> clients;
        quint32 seed = 1313;
        auto random = [&seed](quint32 below) {
            seed = seed * 1664525u + 1013904223u;
            return (seed >> 8) % below;
        };
        for (int round = 0; round < 300; ++round) {
            QByteArray wire = valid;
            for (int edits = 1 + int(random(6)); edits > 0; --edits) {
                const int at = int(random(quint32(wire.size())));
                switch (random(4)) {
                case 0: wire[at] = inserts[random(sizeof inserts)]; break;
                case 1: wire.remove(at, 1 + int(random(8))); break;
                case 2: wire.insert(at, wire.mid(at, 1 + int(random(16)))); break;
                default: wire.insert(at, inserts[random(sizeof inserts)]); break;
                }
            }
            auto client = std::make_unique<QTcpSocket>();
            client->connectToHost(QHostAddress::LocalHost, lab->port());
            client->write(wire);
            clients.push_back(std::move(client));
        }
        QTest::qWait(300);
        QVERIFY(served.size() > 0);
        clients.clear(); // every connection dropped at once, some in the middle of a request
        RawClient after(lab->port());
        after.send(get("/"));
        QCOMPARE(after.next().status, 200);
    }

    void toleratesBareLineFeedsAndLeadingEmptyLines()
    {
        EchoServer server;
        RawClient client(server.port());
        client.send("\r\n\nGET /lf HTTP/1.1\nHost: x\n\n");
        QCOMPARE(client.next().header("X-Path"), QByteArray("/lf"));
    }

    void readsAbsoluteFormAsAProxyRequest()
    {
        EchoServer server;
        RawClient client(server.port());
        client.send("GET http://lab.example:8642/basic/x?y=1 HTTP/1.1\r\nHost: lab.example:8642\r\n"
                    "Proxy-Authorization: Basic YTpi\r\n\r\n" + get("/plain?q=2"));
        client.next();
        client.next();
        QCOMPARE(server.requests.size(), 2);
        const LabRequest proxied = server.requests.at(0);
        QVERIFY(proxied.viaProxy);
        QCOMPARE(proxied.url, QUrl(QStringLiteral("http://lab.example:8642/basic/x?y=1")));
        QCOMPARE(proxied.target, QByteArray("http://lab.example:8642/basic/x?y=1"));
        QCOMPARE(proxied.header("proxy-authorization"), QByteArray("Basic YTpi"));
        const LabRequest direct = server.requests.at(1);
        QVERIFY(!direct.viaProxy);
        QCOMPARE(direct.url, QUrl(QStringLiteral("http://127.0.0.1:%1/plain?q=2").arg(server.port())));
        QCOMPARE(direct.query().queryItemValue(QStringLiteral("q")), QStringLiteral("2"));
        QCOMPARE(direct.peer, QHostAddress(QHostAddress::LocalHost));
    }

    void closesWhenAskedTo_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<bool>("stays");
        QTest::addColumn<QByteArray>("connectionField");
        QTest::newRow("1.1-close") << get("/", "Connection: close\r\n") << false << QByteArray("close");
        QTest::newRow("1.1-list-with-close") << get("/", "Connection: TE, Close\r\n") << false << QByteArray("close");
        QTest::newRow("1.0") << QByteArray("GET / HTTP/1.0\r\n\r\n") << false << QByteArray("close");
        QTest::newRow("1.0-keep-alive") << QByteArray("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << true
                                        << QByteArray("keep-alive");
        QTest::newRow("1.1") << get("/") << true << QByteArray();
        // RFC 9112 §6.1: chunked wins over Content-Length, and the connection ends after the answer.
        QTest::newRow("chunked-and-length") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                                                          "Transfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n")
                                            << false << QByteArray("close");
    }
    void closesWhenAskedTo()
    {
        QFETCH(QByteArray, wire);
        QFETCH(bool, stays);
        QFETCH(QByteArray, connectionField);
        EchoServer server;
        RawClient client(server.port());
        client.send(wire);
        QCOMPARE(client.next().header("Connection"), connectionField);
        if (!stays) {
            QVERIFY(client.waitForClose());
            return;
        }
        client.send(get("/again"));
        QCOMPARE(client.next().header("X-Path"), QByteArray("/again"));
        QVERIFY(client.isOpen());
    }

    void closesWhenTheModuleSaysSo()
    {
        EchoServer server;
        server.answer = [](const LabRequest &) {
            LabResponse response = LabResponse::text(200, QStringLiteral("bye"));
            response.closeConnection = true;
            return response;
        };
        RawClient client(server.port());
        client.send(get("/"));
        QCOMPARE(client.next().header("Connection"), QByteArray("close"));
        QVERIFY(client.waitForClose());
    }

    void closesAnIdleKeepAliveConnection()
    {
        EchoServer server;
        server.idleTimeoutMs = 200;
        RawClient client(server.port());
        client.send(get("/"));
        client.next();
        QVERIFY(client.isOpen());
        QVERIFY(client.waitForClose());
    }

    void servesTheIndexAndTheScenarioList()
    {
        const std::unique_ptr<LabServer> lab = LabTesting::startLab();
        QVERIFY(lab);
        QCOMPARE(lab->origin(), QStringLiteral("http://127.0.0.1:%1").arg(lab->port()));
        QCOMPARE(lab->urlFor(QStringLiteral("/basic")), QUrl(lab->origin() + QStringLiteral("/basic")));
        QSignalSpy served(lab.get(), &LabServer::served);
        RawClient client(lab->port());
        client.send(get("/") + get("/scenarios.json") + get("/no/such/lesson"));
        const RawResponse index = client.next();
        QCOMPARE(index.status, 200);
        QVERIFY(index.header("Content-Type").startsWith("text/html"));
        QVERIFY(index.body.contains("<h1>AuthScope lab</h1>"));
        const RawResponse list = client.next();
        QCOMPARE(list.header("Content-Type"), QByteArray("application/json"));
        QJsonParseError error;
        const QJsonDocument json = QJsonDocument::fromJson(list.body, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QVERIFY(json.isArray());
        QCOMPARE(json.array(), lab->catalog().scenariosJson(lab->origin()));
        const RawResponse missing = client.next();
        QCOMPARE(missing.status, 404);
        QVERIFY(missing.body.contains("/no/such/lesson"));
        QVERIFY(missing.body.contains(QByteArray(lab->origin().toUtf8() + "/")));
        QCOMPARE(served.size(), 3);
        QCOMPARE(served.at(0).at(1).toByteArray(), QByteArray("/"));
        QCOMPARE(served.at(2).at(2).toInt(), 404);

        // Every lesson is on the index, its text escaped.
        for (const LabScenario &scenario : lab->scenarios()) {
            QVERIFY2(index.body.contains(QByteArray("id=\"" + scenario.id.toUtf8() + '"')), qPrintable(scenario.id));
            QVERIFY2(index.body.contains(scenario.title.toHtmlEscaped().toUtf8()), qPrintable(scenario.id));
        }
    }

    void everyScenarioHasAUniqueIdAndAPathThatRoutes()
    {
        const std::unique_ptr<LabServer> lab = LabTesting::startLab();
        QVERIFY(lab);
        QSet<QString> ids;
        auto client = std::make_unique<RawClient>(lab->port());
        const QList<LabScenario> scenarios = lab->scenarios();
        for (const LabScenario &scenario : scenarios) {
            QVERIFY2(!scenario.id.isEmpty() && !ids.contains(scenario.id), qPrintable(scenario.id));
            ids.insert(scenario.id);
            QVERIFY2(scenario.path.startsWith(u'/'), qPrintable(scenario.id));
            QVERIFY2(!scenario.group.isEmpty() && !scenario.title.isEmpty() && !scenario.lesson.isEmpty(),
                     qPrintable(scenario.id));
            if (!scenario.expectedDiagnosis.isEmpty()) {
                QVERIFY2(DiagnosisCodes::all().contains(DiagnosisCodes::fromName(scenario.expectedDiagnosis)),
                         qPrintable(scenario.id + u' ' + scenario.expectedDiagnosis));
            }
            QVERIFY2(!scenario.toJson(lab->origin())[QStringLiteral("try")].toArray().contains(
                             QStringLiteral("{origin}")),
                     qPrintable(scenario.id));
            client->send(get(scenario.path.toUtf8()));
            const RawResponse response = client->next();
            QVERIFY2(response.status != 404 || !response.body.contains("the lessons are listed at"),
                     qPrintable(scenario.id + u' ' + scenario.path));
            if (!client->isOpen()) // a lesson may close the connection
                client = std::make_unique<RawClient>(lab->port());
        }
        qInfo("%d scenarios", int(scenarios.size()));
    }

    void originOfAnIPv6Lab()
    {
        LabServer lab;
        const Status listening = lab.listen(QHostAddress::LocalHostIPv6, 0);
        if (!listening.isOk())
            QSKIP("no IPv6 loopback on this machine");
        QCOMPARE(lab.origin(), QStringLiteral("http://[::1]:%1").arg(lab.port()));
    }

    void aTakenPortIsAClearError()
    {
        const std::unique_ptr<LabServer> first = LabTesting::startLab();
        QVERIFY(first);
        LabServer second;
        const Status status = second.listen(QHostAddress::LocalHost, first->port());
        QCOMPARE(status.code(), Status::Code::ConnectionFailed);
        QVERIFY2(status.message().contains(QString::number(first->port())), qPrintable(status.message()));
        QVERIFY(!second.isListening());
        QVERIFY(second.origin().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestLabServer)
#include "tst_labserver.moc"
