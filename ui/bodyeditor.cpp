#include "bodyeditor.h"

#include "bodyformatter.h"
#include "keyvaluetable.h"
#include "uiformat.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace {
enum Page { NonePage, TextPage, FormPage, FilePage };

Page pageFor(RequestBody::Kind kind)
{
    switch (kind) {
    case RequestBody::Kind::None: return NonePage;
    case RequestBody::Kind::Text:
    case RequestBody::Kind::Json: return TextPage;
    case RequestBody::Kind::Form: return FormPage;
    case RequestBody::Kind::File: return FilePage;
    }
    return NonePage;
}
} // namespace

BodyEditor::BodyEditor(QWidget *parent)
    : QWidget(parent)
    , m_kind(new QComboBox(this))
    , m_contentType(new QLineEdit(this))
    , m_pages(new QStackedWidget(this))
    , m_text(new QPlainTextEdit(this))
    , m_jsonBar(new QWidget(this))
    , m_jsonStatus(new QLabel(this))
    , m_formatJson(new QPushButton(tr("Format"), this))
    , m_form(new KeyValueTable(tr("Field"), tr("Value"), this))
    , m_filePath(new QLineEdit(this))
    , m_fileInfo(new QLabel(this))
    , m_jsonCheck(new QTimer(this))
{
    m_kind->setObjectName(QStringLiteral("bodyKind"));
    m_kind->addItem(tr("None"), int(RequestBody::Kind::None));
    m_kind->addItem(tr("Text"), int(RequestBody::Kind::Text));
    m_kind->addItem(tr("JSON"), int(RequestBody::Kind::Json));
    m_kind->addItem(tr("Form (URL-encoded)"), int(RequestBody::Kind::Form));
    m_kind->addItem(tr("File"), int(RequestBody::Kind::File));
    m_contentType->setObjectName(QStringLiteral("bodyContentType"));
    m_contentType->setFont(UiFormat::monospaceFont());
    m_contentType->setClearButtonEnabled(true);
    m_contentType->setToolTip(tr("Leave empty to send the default Content-Type for this kind of body."));

    auto *top = new QHBoxLayout;
    top->setSpacing(8);
    top->addWidget(new QLabel(tr("Body:"), this));
    top->addWidget(m_kind);
    top->addSpacing(12);
    auto *ctLabel = new QLabel(tr("Content-Type:"), this);
    ctLabel->setBuddy(m_contentType);
    top->addWidget(ctLabel);
    top->addWidget(m_contentType, 1);

    // Page: none.
    auto *nonePage = new QLabel(tr("This request has no body."), this);
    nonePage->setAlignment(Qt::AlignCenter);
    nonePage->setEnabled(false);

    // Page: text and JSON share the editor.
    auto *textPage = new QWidget(this);
    m_text->setObjectName(QStringLiteral("bodyText"));
    m_text->setFont(UiFormat::monospaceFont());
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setTabChangesFocus(true);
    m_jsonStatus->setObjectName(QStringLiteral("jsonStatus"));
    auto *jsonLayout = new QHBoxLayout(m_jsonBar);
    jsonLayout->setContentsMargins(0, 0, 0, 0);
    jsonLayout->addWidget(m_jsonStatus, 1);
    jsonLayout->addWidget(m_formatJson);
    m_formatJson->setToolTip(tr("Re-indent the JSON text"));
    auto *textLayout = new QVBoxLayout(textPage);
    textLayout->setContentsMargins(0, 0, 0, 0);
    textLayout->setSpacing(4);
    textLayout->addWidget(m_text, 1);
    textLayout->addWidget(m_jsonBar);

    // Page: file.
    auto *filePage = new QWidget(this);
    m_filePath->setObjectName(QStringLiteral("bodyFilePath"));
    m_filePath->setPlaceholderText(tr("Path of the file to send"));
    auto *choose = new QPushButton(tr("Choose…"), filePage);
    choose->setObjectName(QStringLiteral("chooseBodyFile"));
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_filePath, 1);
    fileRow->addWidget(choose);
    m_fileInfo->setWordWrap(true);
    auto *fileLayout = new QVBoxLayout(filePage);
    fileLayout->setContentsMargins(0, 0, 0, 0);
    fileLayout->addLayout(fileRow);
    fileLayout->addWidget(m_fileInfo);
    fileLayout->addWidget(new QLabel(tr("The file is streamed from disk for every leg that sends it."), filePage));
    fileLayout->addStretch(1);

    m_pages->insertWidget(NonePage, nonePage);
    m_pages->insertWidget(TextPage, textPage);
    m_pages->insertWidget(FormPage, m_form);
    m_pages->insertWidget(FilePage, filePage);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addLayout(top);
    layout->addWidget(m_pages, 1);

    m_jsonCheck->setSingleShot(true);
    m_jsonCheck->setInterval(250);
    connect(m_jsonCheck, &QTimer::timeout, this, &BodyEditor::validateJson);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &BodyEditor::onKindChanged);
    connect(m_text, &QPlainTextEdit::textChanged, this, [this] {
        if (kind() == RequestBody::Kind::Json)
            m_jsonCheck->start();
        emit changed();
    });
    connect(m_formatJson, &QPushButton::clicked, this, &BodyEditor::formatJson);
    connect(m_form, &KeyValueTable::changed, this, &BodyEditor::changed);
    connect(m_contentType, &QLineEdit::textChanged, this, &BodyEditor::changed);
    connect(m_filePath, &QLineEdit::textChanged, this, [this] {
        updateFileInfo();
        emit changed();
    });
    connect(choose, &QPushButton::clicked, this, &BodyEditor::chooseFile);
    onKindChanged();
}

RequestBody BodyEditor::body() const
{
    const QByteArray custom = m_contentType->text().trimmed().toUtf8();
    RequestBody body;
    switch (kind()) {
    case RequestBody::Kind::None:
        return body;
    case RequestBody::Kind::Text:
        body = RequestBody::text(m_text->toPlainText().toUtf8());
        break;
    case RequestBody::Kind::Json:
        body = RequestBody::json(m_text->toPlainText().toUtf8());
        break;
    case RequestBody::Kind::Form: {
        QList<QPair<QString, QString>> fields;
        const QList<KeyValueTable::Row> rows = m_form->enabledRows();
        for (const KeyValueTable::Row &row : rows)
            fields.append({row.name, row.value});
        body = RequestBody::form(fields);
        break;
    }
    case RequestBody::Kind::File:
        body = RequestBody::file(m_filePath->text().trimmed());
        break;
    }
    if (!custom.isEmpty())
        body.setContentType(custom);
    return body;
}

void BodyEditor::setBody(const RequestBody &body)
{
    switch (body.kind()) {
    case RequestBody::Kind::None:
        break;
    case RequestBody::Kind::Text:
    case RequestBody::Kind::Json:
        m_text->setPlainText(QString::fromUtf8(body.data()));
        break;
    case RequestBody::Kind::Form: {
        QList<KeyValueTable::Row> rows;
        const auto fields = body.formFields();
        for (const auto &field : fields)
            rows.append({true, field.first, field.second});
        m_form->setRows(rows);
        break;
    }
    case RequestBody::Kind::File:
        m_filePath->setText(body.filePath());
        break;
    }
    const bool isDefault = body.kind() == RequestBody::Kind::None
        || body.contentType() == defaultContentType(body.kind());
    m_contentType->setText(isDefault ? QString() : QString::fromUtf8(body.contentType()));
    setKind(body.kind());
}

RequestBody::Kind BodyEditor::kind() const
{
    return RequestBody::Kind(m_kind->currentData().toInt());
}

void BodyEditor::setKind(RequestBody::Kind kind)
{
    m_kind->setCurrentIndex(m_kind->findData(int(kind)));
}

void BodyEditor::setText(const QString &text)
{
    m_text->setPlainText(text);
}

void BodyEditor::setFilePath(const QString &path)
{
    m_filePath->setText(path);
}

void BodyEditor::setContentType(const QString &contentType)
{
    m_contentType->setText(contentType);
}

QString BodyEditor::jsonStatus() const
{
    return m_jsonStatus->text();
}

QByteArray BodyEditor::defaultContentType(RequestBody::Kind kind)
{
    switch (kind) {
    case RequestBody::Kind::None: return {};
    case RequestBody::Kind::Text: return RequestBody::text({}).contentType();
    case RequestBody::Kind::Json: return RequestBody::json({}).contentType();
    case RequestBody::Kind::Form: return RequestBody::form({}).contentType();
    case RequestBody::Kind::File: return RequestBody::file({}).contentType();
    }
    return {};
}

void BodyEditor::onKindChanged()
{
    const RequestBody::Kind k = kind();
    m_pages->setCurrentIndex(pageFor(k));
    m_contentType->setEnabled(k != RequestBody::Kind::None);
    m_contentType->setPlaceholderText(QString::fromUtf8(defaultContentType(k)));
    m_jsonBar->setVisible(k == RequestBody::Kind::Json);
    if (k == RequestBody::Kind::Json)
        validateJson();
    emit changed();
}

void BodyEditor::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Choose the file to send"), m_filePath->text());
    if (!path.isEmpty())
        m_filePath->setText(path);
}

void BodyEditor::updateFileInfo()
{
    const QString path = m_filePath->text().trimmed();
    if (path.isEmpty()) {
        m_fileInfo->clear();
        return;
    }
    const QFileInfo info(path);
    if (!info.exists())
        m_fileInfo->setText(tr("No such file."));
    else if (!info.isFile() || !info.isReadable())
        m_fileInfo->setText(tr("Not a readable file."));
    else
        m_fileInfo->setText(tr("%1, %2").arg(info.fileName(), BodyFormatter::formatSize(info.size())));
}

void BodyEditor::validateJson()
{
    const QByteArray text = m_text->toPlainText().toUtf8();
    if (text.trimmed().isEmpty()) {
        m_jsonStatus->setText(tr("Empty body."));
        m_jsonStatus->setStyleSheet(QString());
        m_formatJson->setEnabled(false);
        return;
    }
    QJsonParseError error;
    QJsonDocument::fromJson(text, &error);
    const bool valid = error.error == QJsonParseError::NoError;
    m_jsonStatus->setText(valid ? tr("Valid JSON.")
                                : tr("Invalid JSON: %1 at offset %2.").arg(error.errorString()).arg(error.offset));
    m_jsonStatus->setStyleSheet(valid ? QString()
                                      : QStringLiteral("color: %1;").arg(UiFormat::dangerColor().name()));
    m_formatJson->setEnabled(valid);
}

void BodyEditor::formatJson()
{
    const QByteArray text = m_text->toPlainText().toUtf8();
    QJsonParseError error;
    QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError)
        return; // re-indenting assumes valid JSON
    const QByteArray indented = BodyFormatter::reindentJson(text, qMax<qint64>(text.size() * 8, 1 << 20));
    if (!indented.isNull())
        m_text->setPlainText(QString::fromUtf8(indented));
}
