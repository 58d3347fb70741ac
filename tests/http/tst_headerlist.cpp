#include "http/headerlist.h"
#include "http/httprequest.h"

#include <QTest>

class tst_HeaderList : public QObject
{
    Q_OBJECT
private slots:
    void keepsOrderAndDuplicates();
    void looksUpIgnoringCase();
    void appendLineParsesOrRejects_data();
    void appendLineParsesOrRejects();
    void validateRejectsBadRequests_data();
    void validateRejectsBadRequests();
    void validateRejectsCredentialsThatWouldBreakAField_data();
    void validateRejectsCredentialsThatWouldBreakAField();
};

void tst_HeaderList::keepsOrderAndDuplicates()
{
    HeaderList list;
    list.append("Set-Cookie", "a=1");
    list.append("X-One", "1");
    list.append("Set-Cookie", "b=2");
    QCOMPARE(list.size(), 3);
    QCOMPARE(list.at(0).name, QByteArray("Set-Cookie"));
    QCOMPARE(list.at(2).value, QByteArray("b=2"));
    QCOMPARE(list.values("set-cookie"), (QList<QByteArray>{"a=1", "b=2"}));
}

void tst_HeaderList::looksUpIgnoringCase()
{
    HeaderList list{{"Content-Type", "text/plain", HeaderField::Source::User}};
    QVERIFY(list.contains("content-type"));
    QCOMPARE(list.value("CONTENT-TYPE"), QByteArray("text/plain"));
    QVERIFY(list.value("Accept").isNull());
    QCOMPARE(list.removeAll("content-TYPE"), 1);
    QVERIFY(list.isEmpty());
}

void tst_HeaderList::appendLineParsesOrRejects_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("error");
    QTest::newRow("simple") << QByteArray("Accept: text/html") << true << QByteArray("Accept") << QByteArray("text/html") << QString();
    QTest::newRow("trimmed") << QByteArray("  X-A :  v  ") << true << QByteArray("X-A") << QByteArray("v") << QString();
    QTest::newRow("empty value") << QByteArray("X-Empty:") << true << QByteArray("X-Empty") << QByteArray("") << QString();
    QTest::newRow("colon in value") << QByteArray("Host: a:80") << true << QByteArray("Host") << QByteArray("a:80") << QString();
    QTest::newRow("no colon") << QByteArray("Foo") << false << QByteArray() << QByteArray()
                              << QStringLiteral("header \"Foo\" has no colon");
    QTest::newRow("space in name") << QByteArray("Bad Name: x") << false << QByteArray() << QByteArray()
                                   << QStringLiteral("header name \"Bad Name\" is not a valid token");
    QTest::newRow("empty name") << QByteArray(": x") << false << QByteArray() << QByteArray()
                                << QStringLiteral("header name \"\" is not a valid token");
    QTest::newRow("line break") << QByteArray("X: a\r\nInjected: 1") << false << QByteArray() << QByteArray()
                                << QStringLiteral("header \"X\" has a line break in its value");
}

void tst_HeaderList::appendLineParsesOrRejects()
{
    QFETCH(QByteArray, line);
    QFETCH(bool, ok);
    HeaderList list;
    QString error;
    QCOMPARE(list.appendLine(line, HeaderField::Source::User, &error), ok);
    if (ok) {
        QCOMPARE(list.size(), 1);
        QTEST(list.at(0).name, "name");
        QTEST(list.at(0).value, "value");
    } else {
        QVERIFY(list.isEmpty());
        QTEST(error, "error");
    }
}

void tst_HeaderList::validateRejectsBadRequests_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("error");
    QTest::newRow("valid") << QByteArray("GET") << QStringLiteral("http://127.0.0.1/") << QString() << QString();
    QTest::newRow("ftp") << QByteArray("GET") << QStringLiteral("ftp://127.0.0.1/") << QString()
                         << QStringLiteral("unsupported URL scheme \"ftp\" (use http or https)");
    QTest::newRow("relative") << QByteArray("GET") << QStringLiteral("/path") << QString()
                              << QStringLiteral("unsupported URL scheme \"\" (use http or https)");
    QTest::newRow("no host") << QByteArray("GET") << QStringLiteral("http:///x") << QString()
                             << QStringLiteral("URL has no host: http:///x");
    QTest::newRow("method with space") << QByteArray("GE T") << QStringLiteral("http://127.0.0.1/") << QString()
                                       << QStringLiteral("method \"GE T\" is not a valid token");
    QTest::newRow("colon in user") << QByteArray("GET") << QStringLiteral("http://127.0.0.1/") << QStringLiteral("a:b")
                                   << QStringLiteral("a user name for Basic authentication cannot contain ':' (RFC 7617)");
}

void tst_HeaderList::validateRejectsBadRequests()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, url);
    QFETCH(QString, user);
    QFETCH(QString, error);
    HttpRequest request;
    request.method = method;
    request.url = QUrl(url);
    request.credentials.user = user;
    QString actual;
    QCOMPARE(request.validate(&actual), error.isEmpty());
    QCOMPARE(actual, error);
}

void tst_HeaderList::validateRejectsCredentialsThatWouldBreakAField_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QByteArray>("keyName");
    QTest::addColumn<QByteArray>("keyValue");
    QTest::addColumn<bool>("inQuery");
    QTest::addColumn<QString>("error");
    QTest::newRow("valid token and key") << QByteArray("abc.DEF-_~+/=") << QByteArray("X-Api-Key") << QByteArray("k 1") << false << QString();
    QTest::newRow("token with CRLF") << QByteArray("abc\r\nX-Injected: 1") << QByteArray() << QByteArray() << false
                                     << QStringLiteral("the bearer token has a character RFC 6750 does not allow (space, quote or control)");
    QTest::newRow("token with padding inside") << QByteArray("ab=cd") << QByteArray() << QByteArray() << false
                                               << QStringLiteral("the bearer token has a character RFC 6750 does not allow (space, quote or control)");
    QTest::newRow("token with space") << QByteArray("two words") << QByteArray() << QByteArray() << false
                                      << QStringLiteral("the bearer token has a character RFC 6750 does not allow (space, quote or control)");
    QTest::newRow("key name not a token") << QByteArray() << QByteArray("X Key") << QByteArray("v") << false
                                          << QStringLiteral("the API key name \"X Key\" is not a valid header name");
    QTest::newRow("key name free in query") << QByteArray() << QByteArray("api key") << QByteArray("v") << true << QString();
    QTest::newRow("key value with LF") << QByteArray() << QByteArray("X-Key") << QByteArray("v\nX-Injected: 1") << false
                                       << QStringLiteral("the API key has a line break or NUL in it");
}

void tst_HeaderList::validateRejectsCredentialsThatWouldBreakAField()
{
    QFETCH(QByteArray, token);
    QFETCH(QByteArray, keyName);
    QFETCH(QByteArray, keyValue);
    QFETCH(bool, inQuery);
    QFETCH(QString, error);
    HttpRequest request;
    request.url = QUrl(QStringLiteral("http://127.0.0.1/"));
    request.credentials.token = token;
    request.credentials.apiKeyName = keyName;
    request.credentials.apiKeyValue = keyValue;
    request.credentials.apiKeyInQuery = inQuery;
    QString actual;
    QCOMPARE(request.validate(&actual), error.isEmpty());
    QCOMPARE(actual, error);
}

QTEST_GUILESS_MAIN(tst_HeaderList)
#include "tst_headerlist.moc"
