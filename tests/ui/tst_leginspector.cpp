#include "apacheserver.h"
#include "auth/challengeparser.h"
#include "challengeview.h"
#include "computationview.h"
#include "copyactions.h"
#include "exchangerunning.h"
#include "export/secretmatcher.h"
#include "export/secretredactor.h"
#include "headerlistmodel.h"
#include "http/bodybuffer.h"
#include "legdetailsview.h"
#include "lighttpdserver.h"
#include "rawmessageview.h"
#include "screenshottesting.h"
#include "timingwaterfall.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTextEdit>
#include <QToolButton>

// The leg inspector on legs recorded against real servers: a Digest SHA-256 leg (lighttpd:
// Apache's mod_auth_digest offers MD5 only) shows its parameters and steps, an Apache MD5 leg the
// rspauth check, a Basic leg the user with the password masked; the Raw tab highlights the
// authentication fields; copying a header row puts its line on the clipboard; the timing
// waterfall holds the exchange's legs; a refused leg shows its diagnosis; no secret (password,
// HA1, response, rspauth) is in any text on screen until secrets are revealed. Leaves
// build/screenshots/leginspector-{digest,request,raw,timing,dark}.png.
class tst_LegInspector : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void showsDigestSha256StepsByStep();
    void showsApachesRspauthCheck();
    void rawTabHighlightsAuthenticationFields();
    void copiesTheHeaderLineMasked();
    void waterfallHoldsTheExchangesLegs();
    void refusedLegShowsItsDiagnosis();
    void basicShowsUserAndMaskedPassword();
    void noSecretVisibleUntilRevealed();
    void screenshots();

private:
    Exchange run(const QUrl &url, const QString &user, const QByteArray &password);
    // A 1280x720 inspector showing leg index of exchange, as ExchangeView would.
    std::unique_ptr<LegDetailsView> inspectorFor(const Exchange &exchange, int index);

    ApacheServer m_apache;
    LighttpdServer m_lighttpd;
    Exchange m_sha256;
};

namespace {

const QByteArray Password = "inspector-pw-7f3a";

// Every text a widget tree shows: labels, buttons, text views, item views' cells.
QString visibleText(QWidget *root)
{
    QStringList texts;
    for (QLabel *label : root->findChildren<QLabel *>())
        texts << label->text();
    for (QToolButton *button : root->findChildren<QToolButton *>())
        texts << button->text();
    for (QTextEdit *edit : root->findChildren<QTextEdit *>())
        texts << edit->toPlainText();
    for (QAbstractItemView *view : root->findChildren<QAbstractItemView *>()) {
        const QAbstractItemModel *model = view->model();
        if (!model)
            continue;
        std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
            for (int r = 0; r < model->rowCount(parent); ++r) {
                for (int c = 0; c < model->columnCount(parent); ++c) {
                    const QModelIndex index = model->index(r, c, parent);
                    texts << index.data(Qt::DisplayRole).toString() << index.data(Qt::ToolTipRole).toString();
                    if (c == 0)
                        walk(index);
                }
            }
        };
        walk(QModelIndex());
    }
    return texts.join(u'\n');
}

QByteArray paramOf(const QByteArray &field, const QByteArray &name)
{
    return ChallengeParser::parse(field).challenges.value(0).param(name);
}

int rowOf(const HeaderListModel *model, const QByteArray &name)
{
    for (int r = 0; r < model->headers().size(); ++r) {
        if (model->headers().at(r).name.compare(name, Qt::CaseInsensitive) == 0)
            return r;
    }
    return -1;
}

} // namespace

Exchange tst_LegInspector::run(const QUrl &url, const QString &user, const QByteArray &password)
{
    HttpRequest request;
    request.url = url;
    request.credentials.user = user;
    request.credentials.password = password;
    return ExchangeRunning::run(request);
}

std::unique_ptr<LegDetailsView> tst_LegInspector::inspectorFor(const Exchange &exchange, int index)
{
    auto view = std::make_unique<LegDetailsView>();
    view->resize(1280, 720);
    view->setSecretMatcher(std::make_shared<const SecretMatcher>(SecretRedactor::knownSecrets(exchange)));
    view->setExchangeContext(exchange);
    view->setLeg(&exchange.legs.at(index));
    view->show();
    return view;
}

void tst_LegInspector::initTestCase()
{
    QString error;
    QVERIFY(m_apache.protectDigest(QStringLiteral("/digest/"), QStringLiteral("digest realm"), QStringLiteral("alice"), Password));
    QVERIFY(m_apache.protectBasic(QStringLiteral("/basic/"), QStringLiteral("basic realm"), QStringLiteral("alice"), Password));
    QVERIFY2(m_apache.start(&error), qPrintable(error));
    m_lighttpd.protect(QStringLiteral("/sha256/"), QStringLiteral("SHA-256"), QStringLiteral("sha256 realm"), QStringLiteral("carol"), Password);
    QVERIFY2(m_lighttpd.start(&error), qPrintable(error));
    m_sha256 = run(m_lighttpd.url(QStringLiteral("/sha256/index.html")), QStringLiteral("carol"), Password);
    QCOMPARE(m_sha256.legs.size(), 2);
    QCOMPARE(m_sha256.legs.at(1).statusCode, 200);
}

void tst_LegInspector::showsDigestSha256StepsByStep()
{
    auto view = inspectorFor(m_sha256, 1);
    view->tabs()->setCurrentIndex(LegDetailsView::AuthTab);
    const ComputationView *steps = view->challengeView()->computationView();
    QVERIFY(steps->isVisible());
    const QStringList texts = steps->stepTexts();
    QCOMPARE(texts.size(), 3);
    QVERIFY2(texts.at(0).startsWith(QStringLiteral("HA1 | SHA-256(A1), A1 = unq(username)")), qPrintable(texts.at(0)));
    QVERIFY(texts.at(0).contains(QStringLiteral("carol:sha256 realm:<password>")));
    QVERIFY(texts.at(1).startsWith(QStringLiteral("HA2 | SHA-256(A2), A2 = Method \":\" request-uri | GET:/sha256/index.html")));
    const QByteArray response = paramOf(m_sha256.legs.at(1).requestHeaders.value("Authorization"), "response");
    // The response is masked (with the nonce it allows guessing the password) until revealed.
    QVERIFY2(texts.at(2).startsWith(QStringLiteral("response | ")) && !texts.at(2).contains(QString::fromLatin1(response)),
             qPrintable(texts.at(2)));
    view->setRevealSecrets(true);
    QVERIFY(steps->stepTexts().at(2).endsWith(QString::fromLatin1(response)));
    const QString shown = steps->toPlainText();
    QVERIFY(shown.contains(QStringLiteral("Digest SHA-256, qop=auth")));
    QVERIFY(shown.contains(QStringLiteral("nonce=")));
    QVERIFY(view->tabs()->tabText(LegDetailsView::AuthTab).startsWith(QStringLiteral("Auth")));
}

void tst_LegInspector::showsApachesRspauthCheck()
{
    const Exchange ex = run(m_apache.url(QStringLiteral("/digest/index.html")), QStringLiteral("alice"), Password);
    QCOMPARE(ex.legs.size(), 2);
    auto view = inspectorFor(ex, 1);
    view->tabs()->setCurrentIndex(LegDetailsView::AuthTab);
    const ComputationView *steps = view->challengeView()->computationView();
    const QStringList texts = steps->stepTexts();
    QVERIFY2(texts.size() == 6, qPrintable(texts.join(u'\n'))); // HA1, HA2, response; HA1, HA2 (rspauth), rspauth
    QVERIFY(texts.at(4).startsWith(QStringLiteral("HA2 (rspauth) | MD5(\":\" request-uri) | :/digest/index.html")));
    QVERIFY(steps->toPlainText().contains(QStringLiteral("= the server's value: matched")));
    QVERIFY(!steps->toPlainText().contains(QStringLiteral("MISMATCH")));
}

void tst_LegInspector::rawTabHighlightsAuthenticationFields()
{
    auto challenged = inspectorFor(m_sha256, 0);
    challenged->tabs()->setCurrentIndex(LegDetailsView::RawTab);
    QCOMPARE(challenged->rawView()->highlightedFields(), QStringList{QStringLiteral("WWW-Authenticate")});
    const QString first = challenged->rawView()->toPlainText();
    QVERIFY2(first.startsWith(QStringLiteral("GET /sha256/index.html HTTP/1.1\n")), qPrintable(first.left(200)));
    QVERIFY(first.contains(QStringLiteral("HTTP/1.1 401 Unauthorized")));
    QVERIFY(first.contains(QStringLiteral("WWW-Authenticate: Digest realm=\"sha256 realm\"")));

    auto answered = inspectorFor(m_sha256, 1);
    QVERIFY(answered->rawView()->highlightedFields().contains(QStringLiteral("Authorization")));
    const QString raw = answered->rawView()->toPlainText();
    // Headers in the order sent: the request line, then the fields as the table lists them.
    const HeaderList &sent = m_sha256.legs.at(1).requestHeaders;
    int at = 0;
    for (const HeaderField &field : sent) {
        const int found = int(raw.indexOf(QString::fromLatin1(field.name) + QStringLiteral(": "), at));
        QVERIFY2(found > at || (at == 0 && found > 0), field.name.constData());
        at = found;
    }
    QVERIFY(raw.contains(QStringLiteral("HTTP/1.1 200 OK")));
    const auto &body = m_sha256.legs.at(1).responseBody;
    if (body && body->size() > 0)
        QVERIFY(raw.contains(QString::fromUtf8(body->read(16)).trimmed()));
}

void tst_LegInspector::copiesTheHeaderLineMasked()
{
    auto view = inspectorFor(m_sha256, 1);
    QTableView *table = view->requestHeadersView();
    const int row = rowOf(view->requestHeadersModel(), "Authorization");
    QVERIFY(row >= 0);
    QApplication::clipboard()->clear();
    table->setFocus();
    table->setCurrentIndex(view->requestHeadersModel()->index(row, HeaderListModel::ValueColumn));
    QTest::keyClick(table, Qt::Key_C, Qt::ControlModifier);
    const QString line = QApplication::clipboard()->text();
    const QByteArray sent = m_sha256.legs.at(1).requestHeaders.value("Authorization");
    QVERIFY2(line.startsWith(QStringLiteral("Authorization: Digest username=\"carol\"")), qPrintable(line));
    QVERIFY2(!line.contains(QString::fromLatin1(paramOf(sent, "response"))), "the response digest was copied unmasked");
    QTest::keyClick(table, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(QStringLiteral("Authorization: ") + QApplication::clipboard()->text(), line);

    // Revealed, the line is the one that went over the wire.
    view->setRevealSecrets(true);
    QTest::keyClick(table, Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("Authorization: ") + QString::fromLatin1(sent));
}

void tst_LegInspector::waterfallHoldsTheExchangesLegs()
{
    auto view = inspectorFor(m_sha256, 1);
    view->tabs()->setCurrentIndex(LegDetailsView::TimingTab);
    QCOMPARE(view->timingWaterfall()->legCount(), 2);
    QCOMPARE(view->timingWaterfall()->selectedLeg(), 1);
    const QList<TimingWaterfall::Segment> segments = TimingWaterfall::segments(m_sha256.legs.at(1).timing);
    QVERIFY(!segments.isEmpty());
    for (int i = 1; i < segments.size(); ++i)
        QVERIFY(segments.at(i).start >= segments.at(i - 1).end);
    QSignalSpy requested(view.get(), &LegDetailsView::legRequested);
    const int rowHeight = view->timingWaterfall()->fontMetrics().height() + 10;
    QTest::mouseClick(view->timingWaterfall(), Qt::LeftButton, {}, QPoint(40, 8 + rowHeight / 2));
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.at(0).at(0).toInt(), 0);

    // A leg of another exchange is shown on its own; the context's legs come back with its own.
    Leg elsewhere = m_sha256.legs.at(1);
    elsewhere.url = QUrl(QStringLiteral("http://127.0.0.1:1/other"));
    view->setLeg(&elsewhere);
    QCOMPARE(view->timingWaterfall()->legCount(), 1);
    QCOMPARE(view->timingWaterfall()->selectedLeg(), 0);
    view->setLeg(&m_sha256.legs.at(0));
    QCOMPARE(view->timingWaterfall()->legCount(), 2);
    QCOMPARE(view->timingWaterfall()->selectedLeg(), 0);
}

void tst_LegInspector::refusedLegShowsItsDiagnosis()
{
    const Exchange ex = run(m_lighttpd.url(QStringLiteral("/sha256/index.html")), QStringLiteral("carol"), "wrong-password");
    QVERIFY(ex.legs.size() >= 2);
    auto view = inspectorFor(ex, int(ex.legs.size()) - 1);
    QCOMPARE(view->diagnosisCode(), QStringLiteral("credentials-rejected"));
    QVERIFY(view->diagnosisLabel()->isVisible());
    QVERIFY(view->diagnosisLabel()->text().contains(QStringLiteral("credentials-rejected")));
    const QString brief = view->diagnosisLabel()->text();
    view->diagnosisDetailsButton()->click();
    QVERIFY(view->diagnosisLabel()->text().size() > brief.size());
    QVERIFY(view->diagnosisLabel()->text().contains(QStringLiteral("Evidence:")));

    auto fine = inspectorFor(m_sha256, 1);
    QVERIFY(fine->diagnosisCode().isEmpty());
    QVERIFY(!fine->diagnosisLabel()->isVisible());
}

void tst_LegInspector::basicShowsUserAndMaskedPassword()
{
    const Exchange ex = run(m_apache.url(QStringLiteral("/basic/index.html")), QStringLiteral("alice"), Password);
    QCOMPARE(ex.legs.size(), 2);
    auto view = inspectorFor(ex, 1);
    const QString decoded = view->challengeView()->decodedText();
    QVERIFY2(decoded.startsWith(QStringLiteral("Basic: user alice, password ")), qPrintable(decoded));
    QVERIFY(!decoded.contains(QString::fromLatin1(Password)));
    QVERIFY(!view->challengeView()->computationView()->isVisibleTo(view.get()));
    view->setRevealSecrets(true);
    QCOMPARE(view->challengeView()->decodedText(), QStringLiteral("Basic: user alice, password ") + QString::fromLatin1(Password));
}

void tst_LegInspector::noSecretVisibleUntilRevealed()
{
    const Leg &leg = m_sha256.legs.at(1);
    const QByteArray ha1 = leg.computation.steps.at(0).value;
    const QByteArray response = leg.computation.steps.last().value;
    QCOMPARE(leg.computation.steps.at(0).name, QStringLiteral("HA1"));
    auto view = inspectorFor(m_sha256, 1);
    for (int tab = 0; tab < view->tabs()->count(); ++tab) {
        view->tabs()->setCurrentIndex(tab);
        const QString text = visibleText(view.get());
        QVERIFY2(!text.contains(QString::fromLatin1(Password)), qPrintable(view->tabs()->tabText(tab)));
        QVERIFY2(!text.contains(QString::fromLatin1(ha1)), qPrintable(view->tabs()->tabText(tab)));
        QVERIFY2(!text.contains(QString::fromLatin1(response)), qPrintable(view->tabs()->tabText(tab)));
    }
    view->setRevealSecrets(true);
    QVERIFY(view->challengeView()->computationView()->toPlainText().contains(QString::fromLatin1(ha1)));
    QVERIFY(view->rawView()->toPlainText().contains(QString::fromLatin1(response)));
    QVERIFY(!visibleText(view.get()).contains(QString::fromLatin1(Password)));
}

void tst_LegInspector::screenshots()
{
    auto view = inspectorFor(m_sha256, 1);
    view->tabs()->setCurrentIndex(LegDetailsView::AuthTab);
    QVERIFY(QTest::qWaitForWindowExposed(view.get()));
    QString path;
    const auto shoot = [&](const QString &name) {
        QTest::qWait(50);
        const QImage image = view->grab().toImage();
        QVERIFY2(ScreenshotTesting::distinctColours(image) > 8, qPrintable(name));
        QVERIFY(ScreenshotTesting::save(image, name, &path));
        qInfo("saved %s", qPrintable(path));
    };
    shoot(QStringLiteral("leginspector-digest.png"));
    view->tabs()->setCurrentIndex(LegDetailsView::RequestTab);
    shoot(QStringLiteral("leginspector-request.png"));
    view->tabs()->setCurrentIndex(LegDetailsView::RawTab);
    shoot(QStringLiteral("leginspector-raw.png"));
    view->tabs()->setCurrentIndex(LegDetailsView::TimingTab);
    shoot(QStringLiteral("leginspector-timing.png"));
    view->setPalette(ScreenshotTesting::darkPalette());
    view->tabs()->setCurrentIndex(LegDetailsView::RawTab);
    shoot(QStringLiteral("leginspector-dark.png"));
}

QTEST_MAIN(tst_LegInspector)
#include "tst_leginspector.moc"
