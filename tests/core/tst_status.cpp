#include "core/status.h"

#include <QTest>

class tst_Status : public QObject
{
    Q_OBJECT
private slots:
    void mapsTransportErrorsToCodesAndExitStatus_data();
    void mapsTransportErrorsToCodesAndExitStatus();
    void everyCodeHasADistinctName();
};

void tst_Status::mapsTransportErrorsToCodesAndExitStatus_data()
{
    QTest::addColumn<QNetworkReply::NetworkError>("error");
    QTest::addColumn<Status::Code>("code");
    QTest::addColumn<int>("exitCode");
    using E = QNetworkReply::NetworkError;
    using C = Status::Code;
    QTest::newRow("none") << E::NoError << C::Ok << 0;
    QTest::newRow("dns") << E::HostNotFoundError << C::HostNotFound << 3;
    QTest::newRow("refused") << E::ConnectionRefusedError << C::ConnectionRefused << 4;
    QTest::newRow("closed") << E::RemoteHostClosedError << C::ConnectionFailed << 4;
    QTest::newRow("tls") << E::SslHandshakeFailedError << C::TlsError << 5;
    QTest::newRow("timeout") << E::TimeoutError << C::Timeout << 6;
    QTest::newRow("redirects") << E::TooManyRedirectsError << C::TooManyRedirects << 7;
    QTest::newRow("proxy refused") << E::ProxyConnectionRefusedError << C::ProxyError << 8;
    QTest::newRow("protocol") << E::ProtocolFailure << C::ProtocolError << 8;
    QTest::newRow("cancelled") << E::OperationCanceledError << C::Cancelled << 130;
}

void tst_Status::mapsTransportErrorsToCodesAndExitStatus()
{
    QFETCH(QNetworkReply::NetworkError, error);
    const Status status = Status::fromNetworkError(error, QStringLiteral("detail"));
    QTEST(status.code(), "code");
    QTEST(status.exitCode(), "exitCode");
    QCOMPARE(status.isOk(), error == QNetworkReply::NoError);
    if (!status.isOk())
        QVERIFY(!status.message().isEmpty());
}

void tst_Status::everyCodeHasADistinctName()
{
    QSet<QString> names;
    for (int c = int(Status::Code::Ok); c <= int(Status::Code::LastCode); ++c) {
        const QString name = Status::codeName(Status::Code(c));
        QVERIFY(!name.isEmpty());
        QVERIFY(name != QStringLiteral("unknown"));
        names.insert(name);
    }
    QCOMPARE(names.size(), int(Status::Code::LastCode) + 1);
    QCOMPARE(Status(Status::Code::HttpError, QString()).exitCode(), 22);
    QCOMPARE(Status(Status::Code::InvalidInput, QString()).exitCode(), 2);
    QCOMPARE(Status(Status::Code::FileError, QString()).exitCode(), 9);
}

QTEST_GUILESS_MAIN(tst_Status)
#include "tst_status.moc"
