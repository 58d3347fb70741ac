#include "exportactions.h"

#include "copyactions.h"
#include "core/displaytext.h"
#include "export/curlcommand.h"
#include "export/exportoptions.h"
#include "export/harwriter.h"
#include "export/markdownwriter.h"
#include "export/redactedexchange.h"
#include "http/exchange.h"
#include "render/diagramimage.h"

#include <QAction>
#include <QCheckBox>
#include <QDateTime>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QMessageBox>

namespace {

bool offersSecrets(ExportActions::Kind kind)
{
    return kind != ExportActions::Kind::Diagram;
}

QString defaultSuffix(ExportActions::Kind kind)
{
    switch (kind) {
    case ExportActions::Kind::Har: return QStringLiteral("har");
    case ExportActions::Kind::Markdown: return QStringLiteral("md");
    case ExportActions::Kind::Diagram: return QStringLiteral("svg");
    }
    return {};
}

} // namespace

ExportActions::ExportActions(QWidget *parent)
    : QObject(parent),
      m_parent(parent),
      m_har(new QAction(tr("Export Exchange as &HAR…"), this)),
      m_markdown(new QAction(tr("Export as &Markdown…"), this)),
      m_diagram(new QAction(tr("Export &Diagram (SVG/PNG)…"), this)),
      m_curl(new QAction(tr("Copy as c&url"), this))
{
    m_har->setStatusTip(tr("Save the exchange, every leg, as a HAR 1.2 file"));
    m_markdown->setStatusTip(tr("Save the exchange as Markdown for a ticket or slides, with its sequence diagram"));
    m_diagram->setStatusTip(tr("Save the sequence diagram as an SVG or PNG image"));
    m_curl->setStatusTip(tr("Copy the current leg as a curl command; secrets become shell variables"));
    connect(m_har, &QAction::triggered, this, [this] { choose(Kind::Har); });
    connect(m_markdown, &QAction::triggered, this, [this] { choose(Kind::Markdown); });
    connect(m_diagram, &QAction::triggered, this, [this] { choose(Kind::Diagram); });
    connect(m_curl, &QAction::triggered, this, &ExportActions::copyCurl);
    m_chooser = [this](Kind kind, const QString &suggested, std::function<void(Choice)> done) {
        QFileDialog *dialog = createSaveDialog(kind, suggested);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QFileDialog::fileSelected, this, [dialog, kind, done](const QString &path) {
            Choice choice{path, false};
            // A name without a suffix gets the selected filter's.
            if (QFileInfo(path).suffix().isEmpty()) {
                const QString filter = dialog->selectedNameFilter();
                choice.path += filter.contains(QStringLiteral("*.png")) ? QStringLiteral(".png")
                                                                         : u'.' + defaultSuffix(kind);
            }
            if (const auto *box = dialog->findChild<QCheckBox *>(QStringLiteral("includeSecrets")))
                choice.includeSecrets = box->isChecked();
            done(choice);
        });
        dialog->open();
    };
    updateEnabled();
}

void ExportActions::setExchange(const Exchange *exchange)
{
    m_exchange = exchange;
    updateEnabled();
}

void ExportActions::setCurrentLeg(int leg)
{
    m_leg = leg;
    updateEnabled();
}

QFileDialog *ExportActions::createSaveDialog(Kind kind, const QString &suggestedName) const
{
    QString title;
    QStringList filters;
    switch (kind) {
    case Kind::Har:
        title = tr("Export Exchange as HAR");
        filters = {tr("HAR files (*.har)"), tr("All files (*)")};
        break;
    case Kind::Markdown:
        title = tr("Export Exchange as Markdown");
        filters = {tr("Markdown files (*.md)"), tr("All files (*)")};
        break;
    case Kind::Diagram:
        title = tr("Export Sequence Diagram");
        filters = {tr("SVG images (*.svg)"), tr("PNG images (*.png)")};
        break;
    }
    auto *dialog = new QFileDialog(m_parent, title);
    // The non-native dialog takes the secrets box below its own controls.
    dialog->setOption(QFileDialog::DontUseNativeDialog);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setFileMode(QFileDialog::AnyFile);
    dialog->setNameFilters(filters);
    dialog->setDefaultSuffix(defaultSuffix(kind));
    dialog->selectFile(suggestedName);
    dialog->setWindowModality(Qt::WindowModal);
    if (offersSecrets(kind)) {
        auto *box = new QCheckBox(tr("Include secrets (passwords, tokens, API keys, cookie values)"), dialog);
        box->setObjectName(QStringLiteral("includeSecrets"));
        box->setChecked(false);
        box->setToolTip(tr("Off: every secret is replaced by [redacted]. On: the file is as sensitive as a "
                           "password file and is made readable by you only."));
        if (!m_secretsAllowed) {
            box->setEnabled(false);
            box->setToolTip(tr("Presenter mode: exports never include secrets"));
        }
        if (auto *grid = qobject_cast<QGridLayout *>(dialog->layout()))
            grid->addWidget(box, grid->rowCount(), 0, 1, grid->columnCount());
    }
    return dialog;
}

void ExportActions::choose(Kind kind)
{
    if (!m_exchange)
        return;
    m_chooser(kind, suggestedName(kind), [this, kind](const Choice &choice) {
        if (!choice.path.isEmpty())
            save(kind, choice);
    });
}

void ExportActions::save(Kind kind, const Choice &choice)
{
    if (!m_exchange)
        return;
    ExportOptions options;
    options.includeSecrets = choice.includeSecrets && offersSecrets(kind) && m_secretsAllowed;
    QString error;
    bool written = false;
    switch (kind) {
    case Kind::Har:
        written = HarWriter::write(choice.path, {*m_exchange}, options, &error);
        break;
    case Kind::Markdown:
        written = MarkdownWriter::write(choice.path, *m_exchange, options, &error);
        break;
    case Kind::Diagram:
        // A diagram is for slides: what it draws of URLs and notes is redacted like the HAR.
        written = DiagramImage::write(choice.path, RedactedExchange::forDiagram(*m_exchange), &error);
        break;
    }
    if (!written) {
        showError(error);
        return;
    }
    emit exported(choice.path);
}

void ExportActions::copyCurl()
{
    if (!m_exchange || m_exchange->legs.isEmpty())
        return;
    const int index = m_leg >= 0 && m_leg < m_exchange->legs.size() ? m_leg : int(m_exchange->legs.size()) - 1;
    CopyActions::toClipboard(CurlCommand::forLeg(m_exchange->legs.at(index)));
    emit copied(tr("leg %1 as curl").arg(index + 1));
}

void ExportActions::updateEnabled()
{
    const bool hasLegs = m_exchange && !m_exchange->legs.isEmpty();
    m_har->setEnabled(hasLegs);
    m_markdown->setEnabled(hasLegs);
    m_diagram->setEnabled(hasLegs);
    m_curl->setEnabled(hasLegs);
}

QString ExportActions::suggestedName(Kind kind) const
{
    const QDateTime started = m_exchange && m_exchange->startedAt.isValid() ? m_exchange->startedAt
                                                                             : QDateTime::currentDateTime();
    QString host = m_exchange ? m_exchange->request.url.host() : QString();
    for (QChar &c : host) {
        if (!c.isLetterOrNumber() && c != u'.' && c != u'-')
            c = u'-';
    }
    return QStringLiteral("exchange-%1-%2.%3")
            .arg(host.isEmpty() ? QStringLiteral("request") : host, started.toString(QStringLiteral("yyyyMMdd-HHmmss")),
                 defaultSuffix(kind));
}

void ExportActions::showError(const QString &message)
{
    emit failed(message);
    if (!m_showErrors)
        return;
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Export failed"), DisplayText::escaped(message),
                                QMessageBox::Ok, m_parent);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}
