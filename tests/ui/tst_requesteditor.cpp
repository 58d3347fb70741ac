#include "autheditor.h"
#include "bodyeditor.h"
#include "insecurebanner.h"
#include "keyvaluetable.h"
#include "requesteditor.h"
#include "secretlineedit.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

// Composing a request with the real widgets fills HttpRequest as the engine expects.
class tst_RequestEditor : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void composesMethodUrlAndOptions_data();
    void composesMethodUrlAndOptions();
    void sendsEnabledHeadersInOrderAndSkipsDisabledOnes();
    void typedHeaderRowIsSent();
    void removeDeletesTheSelectedHeaderRow();
    void composesEachBodyKind_data();
    void composesEachBodyKind();
    void switchingBetweenTextAndJsonKeepsTheText();
    void jsonKindReportsSyntaxErrors();
    void insecureBannerFollowsTheSwitch();
    void bodyRoundTripsThroughSetBody();
    void authTabFillsCredentialsAndOptions_data();
    void authTabFillsCredentialsAndOptions();
    void authTabRefusesWhatTheEngineWouldSendMalformed_data();
    void authTabRefusesWhatTheEngineWouldSendMalformed();
    void authTabSecretsAreMaskedAndTheTitleSaysWhatIsSet();

private:
    std::unique_ptr<RequestEditor> m_editor;
};

void tst_RequestEditor::init()
{
    m_editor = std::make_unique<RequestEditor>();
    m_editor->resize(900, 500);
    m_editor->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_editor.get()));
}

void tst_RequestEditor::cleanup()
{
    m_editor.reset();
}

void tst_RequestEditor::composesMethodUrlAndOptions_data()
{
    QTest::addColumn<QString>("method");      // chosen from the list when standard, typed otherwise
    QTest::addColumn<QString>("typedUrl");
    QTest::addColumn<bool>("follow");
    QTest::addColumn<int>("maxRedirects");
    QTest::addColumn<double>("maxTime");
    QTest::addColumn<bool>("insecure");
    QTest::addColumn<QUrl>("expectedUrl");

    QTest::newRow("plain GET") << QStringLiteral("GET") << QStringLiteral("http://127.0.0.1:8080/get")
                               << false << 20 << 0.0 << false << QUrl(QStringLiteral("http://127.0.0.1:8080/get"));
    QTest::newRow("DELETE following redirects with limits")
        << QStringLiteral("DELETE") << QStringLiteral("https://127.0.0.1/a?b=c") << true << 3 << 2.5 << false
        << QUrl(QStringLiteral("https://127.0.0.1/a?b=c"));
    QTest::newRow("typed extension method kept as typed")
        << QStringLiteral("PROPFIND") << QStringLiteral("http://[::1]:81/dav/") << false << 20 << 0.0 << false
        << QUrl(QStringLiteral("http://[::1]:81/dav/"));
    QTest::newRow("URL without scheme gets http, like curl")
        << QStringLiteral("HEAD") << QStringLiteral("127.0.0.1:9/x") << false << 20 << 0.0 << false
        << QUrl(QStringLiteral("http://127.0.0.1:9/x"));
    QTest::newRow("insecure switch") << QStringLiteral("OPTIONS") << QStringLiteral("https://127.0.0.1:8443/")
                                     << false << 20 << 10.0 << true << QUrl(QStringLiteral("https://127.0.0.1:8443/"));
}

void tst_RequestEditor::composesMethodUrlAndOptions()
{
    QFETCH(QString, method);
    QFETCH(QString, typedUrl);
    QFETCH(bool, follow);
    QFETCH(int, maxRedirects);
    QFETCH(double, maxTime);
    QFETCH(bool, insecure);
    QFETCH(QUrl, expectedUrl);

    QComboBox *methods = m_editor->methodSelector();
    QCOMPARE(methods->count(), 7);
    const int listed = methods->findText(method);
    if (listed >= 0) {
        methods->setCurrentIndex(listed);
    } else {
        methods->lineEdit()->selectAll();
        QTest::keyClicks(methods->lineEdit(), method);
    }
    QTest::keyClicks(m_editor->urlField(), typedUrl);
    if (follow)
        QTest::mouseClick(m_editor->followRedirectsSwitch(), Qt::LeftButton);
    QCOMPARE(m_editor->maxRedirectsField()->isEnabled(), follow);
    m_editor->maxRedirectsField()->setValue(maxRedirects);
    m_editor->maxTimeField()->setValue(maxTime);
    if (insecure)
        QTest::mouseClick(m_editor->insecureSwitch(), Qt::LeftButton);

    const HttpRequest request = m_editor->request();
    QCOMPARE(request.method, method.toLatin1());
    QCOMPARE(request.url, expectedUrl);
    QCOMPARE(request.options.followRedirects, follow);
    QCOMPARE(request.options.maxRedirects, maxRedirects);
    QCOMPARE(request.options.timeoutMs, int(maxTime * 1000));
    QCOMPARE(request.options.insecureTls, insecure);
    QVERIFY(request.headers.isEmpty());
    QCOMPARE(request.body.kind(), RequestBody::Kind::None);
    QString error;
    QVERIFY2(request.validate(&error), qPrintable(error));
}

void tst_RequestEditor::sendsEnabledHeadersInOrderAndSkipsDisabledOnes()
{
    KeyValueTable *headers = m_editor->headersTable();
    headers->appendRow({true, QStringLiteral("X-Trace"), QStringLiteral("1")});
    headers->appendRow({true, QStringLiteral("X-Off"), QStringLiteral("2")});
    headers->appendRow({true, QStringLiteral("X-Trace"), QStringLiteral("3")});
    headers->appendRow({true, QString(), QStringLiteral("nameless rows are ignored")});

    // Untick the second row's checkbox with the mouse.
    QTableWidget *table = headers->table();
    const QRect cell = table->visualItemRect(table->item(1, KeyValueTable::EnabledColumn));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    if (table->item(1, KeyValueTable::EnabledColumn)->checkState() == Qt::Checked) // style puts the box off-centre
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, QPoint(cell.left() + 10, cell.center().y()));
    QCOMPARE(table->item(1, KeyValueTable::EnabledColumn)->checkState(), Qt::Unchecked);

    const HttpRequest request = m_editor->request();
    QCOMPARE(request.headers.size(), 2);
    QCOMPARE(request.headers.at(0).name, QByteArrayLiteral("X-Trace"));
    QCOMPARE(request.headers.at(0).value, QByteArrayLiteral("1"));
    QCOMPARE(request.headers.at(1).value, QByteArrayLiteral("3"));
    QCOMPARE(request.headers.at(0).source, HeaderField::Source::User);
    QVERIFY(!request.headers.contains(QByteArrayLiteral("X-Off")));
    QCOMPARE(headers->rows().size(), 3);
}

void tst_RequestEditor::typedHeaderRowIsSent()
{
    KeyValueTable *headers = m_editor->headersTable();
    QTest::mouseClick(headers->addButton(), Qt::LeftButton);
    QCOMPARE(headers->rowCount(), 1);
    // Add opens the name cell for editing; Tab moves on to the value cell.
    QWidget *nameEditor = QApplication::focusWidget();
    QVERIFY(qobject_cast<QLineEdit *>(nameEditor));
    QTest::keyClicks(nameEditor, QStringLiteral("Accept"));
    QTest::keyClick(nameEditor, Qt::Key_Tab);
    QTableWidget *table = headers->table();
    QWidget *valueEditor = table->indexWidget(table->currentIndex());
    QVERIFY(qobject_cast<QLineEdit *>(valueEditor));
    QTest::keyClicks(valueEditor, QStringLiteral("application/json"));
    QTest::keyClick(valueEditor, Qt::Key_Return);
    // The delegate commits a Return from the event loop.
    QTRY_COMPARE(table->item(0, KeyValueTable::ValueColumn)->text(), QStringLiteral("application/json"));

    const HttpRequest request = m_editor->request();
    QCOMPARE(request.headers.size(), 1);
    QCOMPARE(request.headers.value(QByteArrayLiteral("accept")), QByteArrayLiteral("application/json"));
}

void tst_RequestEditor::removeDeletesTheSelectedHeaderRow()
{
    KeyValueTable *headers = m_editor->headersTable();
    headers->appendRow({true, QStringLiteral("A"), QStringLiteral("1")});
    headers->appendRow({true, QStringLiteral("B"), QStringLiteral("2")});
    headers->appendRow({true, QStringLiteral("C"), QStringLiteral("3")});
    headers->table()->selectRow(1);
    QTest::mouseClick(headers->removeButton(), Qt::LeftButton);
    const HttpRequest request = m_editor->request();
    QCOMPARE(request.headers.size(), 2);
    QCOMPARE(request.headers.at(0).name, QByteArrayLiteral("A"));
    QCOMPARE(request.headers.at(1).name, QByteArrayLiteral("C"));
}

void tst_RequestEditor::composesEachBodyKind_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("contentTypeTyped");
    QTest::addColumn<QByteArray>("expectedContentType");
    QTest::addColumn<QByteArray>("expectedData");

    QTest::newRow("none") << int(RequestBody::Kind::None) << QString() << QByteArray() << QByteArray();
    QTest::newRow("text with default type") << int(RequestBody::Kind::Text) << QString()
                                            << RequestBody::text({}).contentType()
                                            << QByteArrayLiteral("caf\xc3\xa9 = 1");
    QTest::newRow("text with typed type") << int(RequestBody::Kind::Text) << QStringLiteral("text/csv")
                                          << QByteArrayLiteral("text/csv") << QByteArrayLiteral("caf\xc3\xa9 = 1");
    QTest::newRow("json") << int(RequestBody::Kind::Json) << QString() << QByteArrayLiteral("application/json")
                          << QByteArrayLiteral("{\"a\": [1, 2]}");
    QTest::newRow("json with vendor type") << int(RequestBody::Kind::Json)
                                           << QStringLiteral("application/vnd.api+json")
                                           << QByteArrayLiteral("application/vnd.api+json")
                                           << QByteArrayLiteral("{\"a\": [1, 2]}");
    QTest::newRow("form, disabled field left out")
        << int(RequestBody::Kind::Form) << QString() << QByteArrayLiteral("application/x-www-form-urlencoded")
        << RequestBody::form({{QStringLiteral("user"), QStringLiteral("a b")}, {QStringLiteral("x"), QStringLiteral("&=")}}).data();
    QTest::newRow("file") << int(RequestBody::Kind::File) << QString()
                          << QByteArrayLiteral("application/octet-stream") << QByteArray();
    QTest::newRow("file with typed type") << int(RequestBody::Kind::File) << QStringLiteral("image/png")
                                          << QByteArrayLiteral("image/png") << QByteArray();
}

void tst_RequestEditor::composesEachBodyKind()
{
    QFETCH(int, kind);
    QFETCH(QString, contentTypeTyped);
    QFETCH(QByteArray, expectedContentType);
    QFETCH(QByteArray, expectedData);

    const auto bodyKind = RequestBody::Kind(kind);
    BodyEditor *editor = m_editor->bodyEditor();
    m_editor->tabs()->setCurrentWidget(editor);
    QComboBox *kinds = editor->kindSelector();
    kinds->setCurrentIndex(kinds->findData(kind));
    QCOMPARE(editor->kind(), bodyKind);
    QCOMPARE(editor->contentTypeField()->isEnabled(), bodyKind != RequestBody::Kind::None);

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("upload.bin"));
    switch (bodyKind) {
    case RequestBody::Kind::None:
        break;
    case RequestBody::Kind::Text:
    case RequestBody::Kind::Json: {
        QVERIFY(editor->textEditor()->isVisible());
        // QTest types ASCII only; from the first other character on, the text arrives as an
        // input method would deliver it.
        const QString text = QString::fromUtf8(expectedData);
        qsizetype ascii = 0;
        while (ascii < text.size() && text.at(ascii).unicode() < 0x80)
            ++ascii;
        QTest::keyClicks(editor->textEditor(), text.left(ascii));
        editor->textEditor()->insertPlainText(text.mid(ascii));
        break;
    }
    case RequestBody::Kind::Form:
        QVERIFY(editor->formTable()->isVisible());
        editor->formTable()->appendRow({true, QStringLiteral("user"), QStringLiteral("a b")});
        editor->formTable()->appendRow({false, QStringLiteral("skipped"), QStringLiteral("1")});
        editor->formTable()->appendRow({true, QStringLiteral("x"), QStringLiteral("&=")});
        break;
    case RequestBody::Kind::File: {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("0123456789");
        file.close();
        QVERIFY(editor->filePathField()->isVisible());
        QTest::keyClicks(editor->filePathField(), path);
        break;
    }
    }
    if (!contentTypeTyped.isEmpty())
        QTest::keyClicks(editor->contentTypeField(), contentTypeTyped);

    const HttpRequest request = m_editor->request();
    QCOMPARE(request.body.kind(), bodyKind);
    QCOMPARE(request.body.contentType(), expectedContentType);
    if (bodyKind == RequestBody::Kind::File) {
        QCOMPARE(request.body.filePath(), path);
        QCOMPARE(request.body.size(), qint64(10));
    } else {
        QCOMPARE(request.body.data(), expectedData);
    }
}

void tst_RequestEditor::switchingBetweenTextAndJsonKeepsTheText()
{
    BodyEditor *editor = m_editor->bodyEditor();
    editor->setKind(RequestBody::Kind::Text);
    QTest::keyClicks(editor->textEditor(), QStringLiteral("[1]"));
    editor->setKind(RequestBody::Kind::Json);
    const HttpRequest request = m_editor->request();
    QCOMPARE(request.body.kind(), RequestBody::Kind::Json);
    QCOMPARE(request.body.data(), QByteArrayLiteral("[1]"));
}

void tst_RequestEditor::jsonKindReportsSyntaxErrors()
{
    BodyEditor *editor = m_editor->bodyEditor();
    editor->setKind(RequestBody::Kind::Json);
    QTest::keyClicks(editor->textEditor(), QStringLiteral("{\"a\": }"));
    QTRY_VERIFY2(editor->jsonStatus().startsWith(QStringLiteral("Invalid JSON")), qPrintable(editor->jsonStatus()));
    editor->textEditor()->setPlainText(QStringLiteral("{\"a\":1}"));
    QTRY_COMPARE(editor->jsonStatus(), QStringLiteral("Valid JSON."));
}

void tst_RequestEditor::insecureBannerFollowsTheSwitch()
{
    InsecureBanner *banner = m_editor->insecureBanner();
    QVERIFY(!banner->isVisible());
    QTest::mouseClick(m_editor->insecureSwitch(), Qt::LeftButton);
    QVERIFY(m_editor->insecureSwitch()->isChecked());
    QVERIFY(banner->isVisible());
    QCOMPARE(banner->text(), QStringLiteral("TLS verification is OFF for this request"));
    QVERIFY(m_editor->request().options.insecureTls);
    QTest::mouseClick(m_editor->insecureSwitch(), Qt::LeftButton);
    QVERIFY(!banner->isVisible());
    QVERIFY(!m_editor->request().options.insecureTls);
}

void tst_RequestEditor::bodyRoundTripsThroughSetBody()
{
    BodyEditor *editor = m_editor->bodyEditor();
    const RequestBody form = RequestBody::form({{QStringLiteral("a"), QStringLiteral("1")}});
    editor->setBody(form);
    QCOMPARE(editor->body().data(), form.data());
    QCOMPARE(editor->contentTypeField()->text(), QString()); // the default is not typed in

    RequestBody custom = RequestBody::text(QByteArrayLiteral("x"), QByteArrayLiteral("text/csv"));
    editor->setBody(custom);
    QCOMPARE(editor->body().kind(), RequestBody::Kind::Text);
    QCOMPARE(editor->body().contentType(), QByteArrayLiteral("text/csv"));
    QCOMPARE(editor->body().data(), QByteArrayLiteral("x"));
}

struct AuthInput
{
    int scheme = 0;          // index in the selector: Any, Basic, Digest, Bearer
    QString user, password, token, keyName, keyValue;
    bool keyInQuery = false;
    int maxAttempts = 3;
};
Q_DECLARE_METATYPE(AuthInput)

void tst_RequestEditor::authTabFillsCredentialsAndOptions_data()
{
    QTest::addColumn<AuthInput>("input");
    QTest::addColumn<int>("preference");    // AuthPreference
    QTest::addColumn<bool>("sendsPassword");
    QTest::addColumn<bool>("sendsToken");

    using P = AuthPreference;
    QTest::newRow("nothing filled") << AuthInput{} << int(P::Any) << true << true;
    QTest::newRow("any: user, password and token")
        << AuthInput{0, QStringLiteral("alice"), QStringLiteral("pw ü"), QStringLiteral("tok"), {}, {}, false, 3}
        << int(P::Any) << true << true;
    QTest::newRow("basic: token left out")
        << AuthInput{1, QStringLiteral("alice"), QStringLiteral("pw"), QStringLiteral("tok"), {}, {}, false, 3}
        << int(P::Basic) << true << false;
    QTest::newRow("digest with 5 attempts")
        << AuthInput{2, QStringLiteral("bob"), QStringLiteral("pw"), {}, {}, {}, false, 5} << int(P::Digest) << true << false;
    QTest::newRow("bearer: user and password left out, token trimmed")
        << AuthInput{3, QStringLiteral("alice"), QStringLiteral("pw"), QStringLiteral(" tok "), {}, {}, false, 3}
        << int(P::Bearer) << false << true;
    QTest::newRow("API key in a header")
        << AuthInput{0, {}, {}, {}, QStringLiteral("X-Api-Key"), QStringLiteral("k-1"), false, 3} << int(P::Any) << true << true;
    QTest::newRow("API key in the query")
        << AuthInput{0, {}, {}, {}, QStringLiteral("api_key"), QStringLiteral("k-2"), true, 1} << int(P::Any) << true << true;
}

void tst_RequestEditor::authTabFillsCredentialsAndOptions()
{
    QFETCH(AuthInput, input);
    QFETCH(int, preference);
    QFETCH(bool, sendsPassword);
    QFETCH(bool, sendsToken);
    m_editor->setUrl(QStringLiteral("http://127.0.0.1:8080/"));
    m_editor->tabs()->setCurrentIndex(RequestEditor::AuthTab);
    AuthEditor *auth = m_editor->authEditor();
    QCOMPARE(m_editor->tabs()->currentWidget(), auth);
    auth->schemeSelector()->setCurrentIndex(input.scheme);
    // Typed where the field is enabled; set directly where the scheme disabled it.
    const auto fill = [](QLineEdit *field, const QString &text) {
        if (field->isEnabled())
            QTest::keyClicks(field, text.toLatin1() == text.toUtf8() ? text : QString());
        if (field->text() != text)
            field->setText(text);
    };
    fill(auth->userField(), input.user);
    fill(auth->passwordField(), input.password);
    fill(auth->tokenField(), input.token);
    fill(auth->apiKeyNameField(), input.keyName);
    fill(auth->apiKeyValueField(), input.keyValue);
    auth->apiKeyPlacementSelector()->setCurrentIndex(input.keyInQuery ? 1 : 0);
    auth->maxAttemptsField()->setValue(input.maxAttempts);

    QString error;
    QVERIFY2(m_editor->check(&error), qPrintable(error));
    const HttpRequest request = m_editor->request();
    QVERIFY2(request.validate(&error), qPrintable(error));
    QCOMPARE(int(request.options.authScheme), preference);
    QCOMPARE(request.options.maxAuthAttempts, input.maxAttempts);
    const RequestCredentials &c = request.credentials;
    QCOMPARE(c.user, sendsPassword ? input.user : QString());
    QCOMPARE(c.password, sendsPassword ? input.password.toUtf8() : QByteArray());
    QCOMPARE(c.token, sendsToken ? input.token.trimmed().toUtf8() : QByteArray());
    QCOMPARE(c.apiKeyName, input.keyName.toLatin1());
    QCOMPARE(c.apiKeyValue, input.keyValue.toUtf8());
    QCOMPARE(c.apiKeyInQuery, input.keyInQuery && !input.keyName.isEmpty());
    // The fields the scheme does not use are greyed out.
    QCOMPARE(auth->passwordField()->isEnabled(), sendsPassword);
    QCOMPARE(auth->tokenField()->isEnabled(), sendsToken);
}

void tst_RequestEditor::authTabRefusesWhatTheEngineWouldSendMalformed_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("keyName");
    QTest::addColumn<QString>("keyValue");
    QTest::addColumn<bool>("inQuery");
    QTest::addColumn<QString>("error");

    QTest::newRow("token with a line break") << "a\nb" << QString() << QString() << false << "RFC 6750 does not allow";
    QTest::newRow("token with a space") << "a b" << QString() << QString() << false << "RFC 6750 does not allow";
    QTest::newRow("header name with a space") << QString() << "X Api Key" << "k" << false << "not a valid header name";
    QTest::newRow("key value with a line break") << QString() << "X-Key" << "k\r\nX-Evil: 1" << false << "line break";
    QTest::newRow("key value without a name") << QString() << QString() << "k" << false << "no name";
    QTest::newRow("query parameter name may have spaces") << QString() << "api key" << "k" << true << QString();
}

void tst_RequestEditor::authTabRefusesWhatTheEngineWouldSendMalformed()
{
    QFETCH(QString, token);
    QFETCH(QString, keyName);
    QFETCH(QString, keyValue);
    QFETCH(bool, inQuery);
    QFETCH(QString, error);
    AuthEditor *auth = m_editor->authEditor();
    auth->tokenField()->setText(token);
    auth->apiKeyNameField()->setText(keyName);
    auth->apiKeyValueField()->setText(keyValue);
    auth->apiKeyPlacementSelector()->setCurrentIndex(inQuery ? 1 : 0);
    m_editor->setUrl(QStringLiteral("http://127.0.0.1:8080/"));
    // The form's own check first, then the engine's, as MainWindow::send does.
    QString message;
    const bool accepted = m_editor->check(&message) && m_editor->request().validate(&message);
    QCOMPARE(accepted, error.isEmpty());
    QVERIFY2(message.contains(error), qPrintable(message));
}

void tst_RequestEditor::authTabSecretsAreMaskedAndTheTitleSaysWhatIsSet()
{
    AuthEditor *auth = m_editor->authEditor();
    QTabWidget *tabs = m_editor->tabs();
    QCOMPARE(tabs->tabText(RequestEditor::AuthTab), QStringLiteral("Auth"));
    for (SecretLineEdit *field : {auth->passwordField(), auth->tokenField(), auth->apiKeyValueField()})
        QCOMPARE(field->echoMode(), QLineEdit::Password);
    auth->userField()->setText(QStringLiteral("alice"));
    QCOMPARE(tabs->tabText(RequestEditor::AuthTab), QStringLiteral("Auth (user)"));
    auth->tokenField()->setText(QStringLiteral("t"));
    auth->apiKeyNameField()->setText(QStringLiteral("X-Key"));
    QCOMPARE(tabs->tabText(RequestEditor::AuthTab), QStringLiteral("Auth (user, token, API key)"));
    auth->setPreference(AuthPreference::Digest);
    QCOMPARE(tabs->tabText(RequestEditor::AuthTab), QStringLiteral("Auth (Digest, user, API key)"));

    // Revealed while looking, masked again once the tab is left.
    tabs->setCurrentIndex(RequestEditor::AuthTab);
    auth->passwordField()->revealAction()->trigger();
    QCOMPARE(auth->passwordField()->echoMode(), QLineEdit::Normal);
    tabs->setCurrentIndex(RequestEditor::HeadersTab);
    QCOMPARE(auth->passwordField()->echoMode(), QLineEdit::Password);
    auth->clearSecrets();
    QVERIFY(auth->passwordField()->text().isEmpty());
    QVERIFY(auth->tokenField()->text().isEmpty());
}

QTEST_MAIN(tst_RequestEditor)
#include "tst_requesteditor.moc"
