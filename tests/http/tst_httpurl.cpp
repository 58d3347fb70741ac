#include "http/httpurl.h"

#include <QTest>

// HttpUrl::check, the one rule for a URL AuthScope sends to: requests, redirect targets, the
// URL options of send and "credentials add", and the Add dialog's origin.
class tst_HttpUrl : public QObject
{
    Q_OBJECT
private slots:
    void namesTheFirstProblem_data();
    void namesTheFirstProblem();
};

using Problem = HttpUrl::Problem;

void tst_HttpUrl::namesTheFirstProblem_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<Problem>("problem");

    QTest::newRow("http") << "http://127.0.0.1:8080/path?q=1" << Problem::None;
    QTest::newRow("https") << "https://api.example.com" << Problem::None;
    QTest::newRow("scheme in capitals") << "HTTPS://api.example.com/" << Problem::None;
    QTest::newRow("IPv6 host") << "http://[::1]:8080/" << Problem::None;
    QTest::newRow("empty") << "" << Problem::Malformed;
    QTest::newRow("port out of range") << "http://example.com:99999/" << Problem::Malformed;
    QTest::newRow("space in host") << "http://exa mple.com/" << Problem::Malformed;
    QTest::newRow("ftp") << "ftp://files.example.com/" << Problem::UnsupportedScheme;
    QTest::newRow("no scheme") << "/just/a/path" << Problem::UnsupportedScheme;
    QTest::newRow("mailto") << "mailto:someone@example.com" << Problem::UnsupportedScheme;
    QTest::newRow("http without a host") << "http:///x" << Problem::NoHost;
    QTest::newRow("https, path only") << "https:/x" << Problem::NoHost;
}

void tst_HttpUrl::namesTheFirstProblem()
{
    QFETCH(QString, text);
    QFETCH(Problem, problem);
    const QUrl url(text, QUrl::StrictMode);
    QCOMPARE(HttpUrl::check(url), problem);
    QCOMPARE(HttpUrl::isHttpUrl(url), problem == Problem::None);
}

QTEST_GUILESS_MAIN(tst_HttpUrl)
#include "tst_httpurl.moc"
