#include "credentialswindow.h"

#include "credentialeditdialog.h"
#include "revealpolicy.h"
#include "credentiallistmodel.h"
#include "credentials/credentialstore.h"
#include "credentials/forgetcredentialsjob.h"
#include "credentials/loadcredentialjob.h"
#include "credentials/removecredentialjob.h"
#include "credentials/savecredentialjob.h"
#include "questionbox.h"
#include "secretlineedit.h"
#include "uiformat.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QShortcut>
#include <QStyle>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

QString describe(const CredentialRecord &r)
{
    const QString who = r.user.isEmpty() ? CredentialListModel::kindTitle(r.kind).toLower()
                                         : QStringLiteral("\u201c%1\u201d").arg(r.user);
    return r.space.realm.isEmpty()
        ? CredentialsWindow::tr("%1 at %2").arg(who, r.space.origin)
        : CredentialsWindow::tr("%1 at %2 (realm \u201c%3\u201d)").arg(who, r.space.origin, r.space.realm);
}

QLabel *stripIcon(QStyle::StandardPixmap pixmap, QWidget *parent)
{
    auto *icon = new QLabel(parent);
    const int size = parent->style()->pixelMetric(QStyle::PM_SmallIconSize);
    icon->setPixmap(parent->style()->standardIcon(pixmap).pixmap(size, size));
    return icon;
}

} // namespace

CredentialsWindow::CredentialsWindow(CredentialStore *store, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_model(new CredentialListModel(store, this))
{
    setObjectName(QStringLiteral("credentialsWindow"));
    setWindowTitle(tr("Credentials"));
    setWindowFlag(Qt::WindowContextHelpButtonHint, false);
    setWindowFlag(Qt::WindowMaximizeButtonHint, true);
    setSizeGripEnabled(true);
    m_confirm = [this](const QString &question, std::function<void()> proceed) {
        QuestionBox::ask(this, tr("Credentials"), question, std::move(proceed));
    };

    // A failed job, and what the user can do about it.
    m_message = UiFormat::messageStrip(QStringLiteral("credentialsMessage"), QColor(0xff, 0xf3, 0xd6), QColor(0xe0, 0xb0, 0x50), this);
    m_messageText = new QLabel(m_message);
    m_messageText->setObjectName(QStringLiteral("credentialsMessageText"));
    m_messageText->setWordWrap(true);
    m_messageText->setTextFormat(Qt::PlainText);
    m_messageText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_useSessionOnly = UiFormat::actionButton(tr("Use session-only memory"), QStringLiteral("useSessionOnly"), m_message);
    m_useSessionOnly->setToolTip(tr("Keep credentials in memory until AuthScope quits; nothing is saved"));
    auto *dismiss = new QToolButton(m_message);
    dismiss->setObjectName(QStringLiteral("credentialsMessageDismiss"));
    dismiss->setAutoRaise(true);
    dismiss->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    dismiss->setToolTip(tr("Dismiss"));
    auto *messageLayout = new QHBoxLayout(m_message);
    messageLayout->setContentsMargins(10, 6, 6, 6);
    messageLayout->setSpacing(8);
    messageLayout->addWidget(stripIcon(QStyle::SP_MessageBoxWarning, this), 0, Qt::AlignTop);
    messageLayout->addWidget(m_messageText, 1);
    messageLayout->addWidget(m_useSessionOnly, 0, Qt::AlignVCenter);
    messageLayout->addWidget(dismiss, 0, Qt::AlignTop);
    m_message->hide();
    connect(m_useSessionOnly, &QPushButton::clicked, this, &CredentialsWindow::useSessionOnlyMemory);
    connect(dismiss, &QToolButton::clicked, this, &CredentialsWindow::clearMessage);

    auto *sessionFrame = UiFormat::messageStrip(QStringLiteral("credentialsSessionFrame"), QColor(0xe8, 0xf1, 0xfb),
                                                QColor(0x9c, 0xc3, 0xea), this);
    m_sessionNote = new QLabel(tr("Session-only memory: credentials are kept in memory while AuthScope runs. "
                                  "Nothing is written to the keychain or to disk, and nothing will be kept "
                                  "after the app quits."),
                               sessionFrame);
    m_sessionNote->setObjectName(QStringLiteral("credentialsSessionNote"));
    m_sessionNote->setWordWrap(true);
    auto *sessionLayout = new QHBoxLayout(sessionFrame);
    sessionLayout->setContentsMargins(10, 6, 10, 6);
    sessionLayout->setSpacing(8);
    sessionLayout->addWidget(stripIcon(QStyle::SP_MessageBoxInformation, this), 0, Qt::AlignTop);
    sessionLayout->addWidget(m_sessionNote, 1);
    sessionFrame->hide();

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("credentialsSearch"));
    m_search->setPlaceholderText(tr("Search origin, realm, scheme, user or label"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, m_model, &CredentialListModel::setFilterText);
    connect(m_search, &QLineEdit::textChanged, this, &CredentialsWindow::updateActions); // the empty note
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("credentialsSummary"));
    m_summary->setForegroundRole(QPalette::PlaceholderText);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("credentialsTable"));
    m_table->setModel(m_model);
    UiFormat::setUpRecordTable(m_table);
    QHeaderView *header = m_table->horizontalHeader();
    header->setStretchLastSection(false);
    // The label is free text: it takes what room is left; the others fit their text (fitColumns).
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(CredentialListModel::LabelColumn, QHeaderView::Stretch);
    connect(m_model, &QAbstractItemModel::modelReset, this, &CredentialsWindow::fitColumns);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &CredentialsWindow::fitColumns);
    connect(m_table, &QTableView::doubleClicked, this, &CredentialsWindow::editSelected);
    auto *deleteKey = new QShortcut(QKeySequence::Delete, m_table, nullptr, nullptr, Qt::WidgetShortcut);
    connect(deleteKey, &QShortcut::activated, this, &CredentialsWindow::deleteSelected);
    auto *findKey = new QShortcut(QKeySequence::Find, this);
    connect(findKey, &QShortcut::activated, m_search, [this] { m_search->setFocus(Qt::ShortcutFocusReason); });

    m_emptyNote = new QLabel(this);
    m_emptyNote->setObjectName(QStringLiteral("credentialsEmptyNote"));
    m_emptyNote->setAlignment(Qt::AlignCenter);
    m_emptyNote->setWordWrap(true);
    m_emptyNote->setForegroundRole(QPalette::PlaceholderText);

    // The one secret on screen, after Reveal.
    m_revealPanel = new QFrame(this);
    m_revealPanel->setObjectName(QStringLiteral("credentialsRevealPanel"));
    m_revealTitle = new QLabel(m_revealPanel);
    m_revealTitle->setObjectName(QStringLiteral("credentialsRevealTitle"));
    m_revealTitle->setTextFormat(Qt::PlainText);
    m_revealed = new SecretLineEdit(m_revealPanel);
    m_revealed->setObjectName(QStringLiteral("credentialsRevealedSecret"));
    m_revealed->setReadOnly(true);
    m_revealed->setFont(UiFormat::monospaceFont());
    auto *hide = UiFormat::actionButton(tr("Hide"), QStringLiteral("credentialsHideSecret"), m_revealPanel);
    connect(hide, &QPushButton::clicked, this, &CredentialsWindow::hideSecret);
    auto *revealLayout = new QHBoxLayout(m_revealPanel);
    revealLayout->setContentsMargins(0, 0, 0, 0);
    revealLayout->addWidget(m_revealTitle);
    revealLayout->addWidget(m_revealed, 1);
    revealLayout->addWidget(hide);
    m_revealPanel->hide();

    m_add = UiFormat::actionButton(tr("&Add\u2026"), QStringLiteral("credentialsAdd"), this);
    m_edit = UiFormat::actionButton(tr("&Edit\u2026"), QStringLiteral("credentialsEdit"), this);
    m_reveal = UiFormat::actionButton(tr("Re&veal"), QStringLiteral("credentialsReveal"), this);
    m_reveal->setToolTip(tr("Show the selected credential's secret here until the selection changes"));
    m_delete = UiFormat::actionButton(tr("&Delete\u2026"), QStringLiteral("credentialsDelete"), this);
    m_forgetAll = UiFormat::actionButton(tr("&Forget All\u2026"), QStringLiteral("credentialsForgetAll"), this);
    m_reload = UiFormat::actionButton(tr("Re&load"), QStringLiteral("credentialsReload"), this);
    m_reload->setToolTip(tr("Read the list again (the command-line tool may have changed it)"));
    auto *close = UiFormat::actionButton(tr("Close"), QStringLiteral("credentialsClose"), this);
    connect(m_add, &QPushButton::clicked, this, &CredentialsWindow::addCredential);
    connect(m_edit, &QPushButton::clicked, this, &CredentialsWindow::editSelected);
    connect(m_reveal, &QPushButton::clicked, this, &CredentialsWindow::revealSelected);
    connect(m_delete, &QPushButton::clicked, this, &CredentialsWindow::deleteSelected);
    connect(m_forgetAll, &QPushButton::clicked, this, &CredentialsWindow::forgetAll);
    connect(m_reload, &QPushButton::clicked, this, &CredentialsWindow::reloadStore);
    connect(close, &QPushButton::clicked, this, &QDialog::reject);

    auto *searchRow = new QHBoxLayout;
    searchRow->addWidget(m_search, 1);
    searchRow->addSpacing(12);
    searchRow->addWidget(m_summary);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_edit);
    buttons->addWidget(m_reveal);
    buttons->addWidget(m_delete);
    buttons->addStretch(1);
    buttons->addWidget(m_forgetAll);
    buttons->addWidget(m_reload);
    buttons->addSpacing(12);
    buttons->addWidget(close);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(14, 14, 14, 12);
    layout->setSpacing(8);
    layout->addWidget(m_message);
    layout->addWidget(sessionFrame);
    layout->addLayout(searchRow);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_emptyNote);
    layout->addWidget(m_revealPanel);
    layout->addLayout(buttons);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const auto record = selectedRecord();
        if (!m_revealedId.isEmpty() && (!record || record->id != m_revealedId))
            hideSecret();
        updateActions();
    });
    // A reset clears the selection without a signal; keep the same record selected if it is
    // still listed, and never leave a secret up for a row that went away.
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        const auto record = selectedRecord();
        m_selectedBeforeReset = record ? record->id : QString();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        selectId(m_selectedBeforeReset);
        const auto record = selectedRecord();
        if (!m_revealedId.isEmpty() && (!record || record->id != m_revealedId))
            hideSecret();
        updateActions();
    });
    connect(m_store, &CredentialStore::changed, this, &CredentialsWindow::storeChanged);

    resize(960, 480);
    fitColumns();
    storeChanged();
}

CredentialsWindow::~CredentialsWindow()
{
    // The editor is a child deleted after this body; its destroyed() must not reach us then.
    if (m_editor)
        m_editor->disconnect(this);
    m_revealed->blockSignals(true);
    m_revealed->wipe();
}

void CredentialsWindow::fitColumns()
{
    // Room to breathe between columns; ResizeToContents alone puts texts edge to edge.
    const int padding = m_table->fontMetrics().horizontalAdvance(QLatin1Char('m'));
    for (int column = 0; column < CredentialListModel::ColumnCount; ++column) {
        if (column == CredentialListModel::LabelColumn)
            continue;
        m_table->resizeColumnToContents(column);
        m_table->setColumnWidth(column, m_table->columnWidth(column) + padding);
    }
}

std::optional<CredentialRecord> CredentialsWindow::selectedRecord() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    return m_model->recordAt(rows.first().row());
}

void CredentialsWindow::selectId(const QString &id)
{
    const int row = id.isEmpty() ? -1 : m_model->rowOf(id);
    if (row < 0)
        return;
    const QModelIndex index = m_model->index(row, 0);
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
}

void CredentialsWindow::run(CredentialStoreJob *job, std::function<void(CredentialStoreJob *)> done)
{
    m_job = job;
    updateActions();
    connect(job, &CredentialStoreJob::finished, this, [this, done](CredentialStoreJob *finished) {
        m_job = nullptr;
        done(finished); // may start the next job of a chain
        updateActions();
    });
    job->start();
}

void CredentialsWindow::addCredential()
{
    if (m_editor || isBusy())
        return;
    openEditor(new CredentialEditDialog(m_store, this));
}

void CredentialsWindow::editSelected()
{
    const auto record = selectedRecord();
    if (!record || m_editor || isBusy())
        return;
    openEditor(new CredentialEditDialog(m_store, *record, this));
}

void CredentialsWindow::openEditor(CredentialEditDialog *dialog)
{
    // Not modal: if the keychain fails, the user can switch to session-only memory here and press
    // Save again without retyping.
    m_editor = dialog;
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CredentialEditDialog::saveRequested, this, [this, dialog] { saveFromEditor(dialog); });
    connect(dialog, &QObject::destroyed, this, &CredentialsWindow::updateActions);
    updateActions();
    dialog->show();
}

void CredentialsWindow::saveFromEditor(CredentialEditDialog *dialog)
{
    if (isBusy())
        return;
    clearMessage();
    CredentialRecord record = dialog->record();
    dialog->setBusy(true);
    if (!dialog->keepsStoredSecret()) {
        record.lastRefused = QDateTime(); // a new secret is not known to be refused
        saveWithSecret(dialog, record, dialog->secret());
        return;
    }
    // The store writes a secret with every save; an edit that keeps the secret re-reads it first.
    LoadCredentialStoreJob *load = m_store->load(record.id);
    load->setMarkUsed(false);
    QPointer<CredentialEditDialog> editor(dialog);
    run(load, [this, editor, record](CredentialStoreJob *job) {
        auto *loaded = static_cast<LoadCredentialStoreJob *>(job);
        if (job->error() != CredentialStoreJob::Error::NoError) {
            showFailure(tr("Could not read the stored secret to keep it."), job);
            if (editor) {
                editor->setBusy(false);
                editor->showError(job->errorString());
            }
            return;
        }
        saveWithSecret(editor, record, loaded->secret());
    });
}

void CredentialsWindow::saveWithSecret(QPointer<CredentialEditDialog> dialog, const CredentialRecord &record,
                                       QByteArray secret)
{
    SaveCredentialStoreJob *save = m_store->save(record, secret);
    CredentialStore::wipe(secret); // the job holds the copy now and wipes it when written
    run(save, [this, dialog](CredentialStoreJob *job) {
        if (job->error() != CredentialStoreJob::Error::NoError) {
            showFailure(tr("Could not save the credential."), job);
            if (dialog) {
                dialog->setBusy(false);
                dialog->showError(job->errorString());
            }
            return;
        }
        selectId(static_cast<SaveCredentialStoreJob *>(job)->record().id);
        if (dialog)
            dialog->accept();
    });
}

void CredentialsWindow::revealSelected()
{
    const auto record = selectedRecord();
    if (!record || isBusy())
        return;
    hideSecret();
    clearMessage();
    RevealPolicy *policy = followRevealPolicy();
    if (policy && policy->presenterMode()) {
        showMessage(tr("Presenter mode: stored secrets are not revealed on screen. Leave presenter mode (View menu) "
                       "to see one."),
                    false);
        return;
    }
    LoadCredentialStoreJob *load = m_store->load(record->id);
    load->setMarkUsed(false); // looking is not using
    const CredentialRecord shown = *record;
    run(load, [this, shown](CredentialStoreJob *job) {
        if (job->error() != CredentialStoreJob::Error::NoError) {
            showFailure(tr("Could not reveal the secret of %1.").arg(describe(shown)), job);
            return;
        }
        // The user may have moved on while the keychain answered.
        const auto selected = selectedRecord();
        if (!selected || selected->id != shown.id)
            return;
        QByteArray secret = static_cast<LoadCredentialStoreJob *>(job)->secret();
        QString text = QString::fromUtf8(secret);
        const bool binary = text.toUtf8() != secret;
        if (binary)
            text = QString::fromLatin1(secret.toHex(' '));
        CredentialStore::wipe(secret);
        // The window's policy: shown for its time, hidden with everything else when it ends.
        if (m_policy)
            m_policy->reveal();
        m_revealTitle->setText(binary ? tr("Secret of %1 (not text; hex):").arg(describe(shown))
                                      : tr("Secret of %1:").arg(describe(shown)));
        m_revealed->setText(text);
        m_revealed->setRevealed(true);
        m_revealed->setCursorPosition(0);
        m_revealedId = shown.id;
        m_revealPanel->show();
    });
}

RevealPolicy *CredentialsWindow::followRevealPolicy()
{
    if (!m_policy) {
        m_policy = RevealPolicy::of(this);
        if (m_policy) {
            connect(m_policy, &RevealPolicy::changed, this, [this](bool revealed) {
                if (!revealed && !m_revealedId.isEmpty())
                    hideSecret();
            });
        }
    }
    return m_policy;
}

void CredentialsWindow::hideSecret()
{
    m_revealedId.clear();
    m_revealed->setRevealed(false);
    m_revealed->wipe();
    m_revealTitle->clear();
    m_revealPanel->hide();
}

void CredentialsWindow::deleteSelected()
{
    const auto record = selectedRecord();
    if (!record || isBusy() || m_editor)
        return;
    const QString where = m_store->isSessionOnly() ? tr("from this session's memory") : tr("from the keychain");
    const CredentialRecord removed = *record;
    m_confirm(tr("Delete the credential of %1?\n\nIts secret is removed %2; this cannot be undone.")
                      .arg(describe(removed), where),
              [this, removed] {
                  // The answer may come later: only what is still there, and when nothing else runs.
                  if (isBusy() || m_editor || !m_store->index().contains(removed.id))
                      return;
                  hideSecret();
                  clearMessage();
                  run(m_store->remove(removed.id), [this, removed](CredentialStoreJob *job) {
                      if (job->error() != CredentialStoreJob::Error::NoError)
                          showFailure(tr("Could not delete the credential of %1.").arg(describe(removed)), job);
                  });
              });
}

void CredentialsWindow::forgetAll()
{
    const int count = m_model->totalCount();
    if (count == 0 || isBusy() || m_editor)
        return;
    const QString credentials = count == 1 ? tr("1 credential") : tr("%1 credentials").arg(count);
    const QString question = m_store->isSessionOnly()
        ? tr("Forget all %1 kept for this session?").arg(credentials)
        : tr("Forget all %1 stored?\n\nTheir secrets are removed from the keychain; this cannot be undone.")
              .arg(credentials);
    m_confirm(question, [this] {
        if (isBusy() || m_editor)
            return;
        hideSecret();
        clearMessage();
        run(m_store->forgetAll(), [this](CredentialStoreJob *job) {
            if (job->error() != CredentialStoreJob::Error::NoError)
                showFailure(tr("Could not forget every credential; those still listed remain stored."), job);
        });
    });
}

void CredentialsWindow::reloadStore()
{
    if (isBusy())
        return;
    m_store->reload();
}

void CredentialsWindow::useSessionOnlyMemory()
{
    m_store->setSessionOnly(true); // announces the switch: the list now shows the session's memory
    clearMessage();
}

void CredentialsWindow::showFailure(const QString &what, const CredentialStoreJob *job)
{
    showMessage(what + QLatin1Char(' ') + job->errorString(),
                job->isKeychainUnavailable() && !m_store->isSessionOnly());
}

void CredentialsWindow::showMessage(const QString &text, bool offerSessionOnly)
{
    m_messageText->setText(text);
    m_useSessionOnly->setVisible(offerSessionOnly);
    m_message->show();
}

void CredentialsWindow::clearMessage()
{
    m_message->hide();
    m_messageText->clear();
}

void CredentialsWindow::storeChanged()
{
    if (!m_revealedId.isEmpty() && !m_store->index().contains(m_revealedId))
        hideSecret();
    m_sessionNote->parentWidget()->setVisible(m_store->isSessionOnly());
    const int total = m_model->totalCount();
    const QString where = m_store->isSessionOnly() ? tr("in session memory") : tr("in the system keychain");
    m_summary->setText((total == 1 ? tr("1 credential") : tr("%1 credentials").arg(total)) + QLatin1Char(' ') + where);
    updateActions();
}

void CredentialsWindow::updateActions()
{
    const bool idle = !isBusy();
    const bool selected = selectedRecord().has_value();
    const bool editing = !m_editor.isNull();
    m_add->setEnabled(idle && !editing);
    m_edit->setEnabled(idle && !editing && selected);
    m_reveal->setEnabled(idle && selected);
    m_delete->setEnabled(idle && !editing && selected);
    m_forgetAll->setEnabled(idle && !editing && m_model->totalCount() > 0);
    m_reload->setEnabled(idle);
    m_useSessionOnly->setEnabled(idle);

    const bool empty = m_model->rowCount() == 0;
    m_emptyNote->setVisible(empty);
    if (empty) {
        if (m_model->totalCount() > 0)
            m_emptyNote->setText(tr("No credential matches \u201c%1\u201d.").arg(m_model->filterText()));
        else if (m_store->isSessionOnly())
            m_emptyNote->setText(tr("No credentials in this session's memory yet. Add one, or save one when a "
                                    "server asks for it."));
        else
            m_emptyNote->setText(tr("No credentials stored. Credentials you save when a server asks for them, "
                                    "or add here, are listed here."));
    }
}

void CredentialsWindow::showEvent(QShowEvent *event)
{
    storeChanged(); // session-only may have been switched on elsewhere
    QDialog::showEvent(event);
}

void CredentialsWindow::hideEvent(QHideEvent *event)
{
    hideSecret();
    QDialog::hideEvent(event);
}
