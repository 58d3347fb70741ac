#pragma once

#include <QObject>
#include <QString>

#include <functional>

class QAction;
class QFileDialog;
class QWidget;
struct Exchange;

// The exports of the exchange on screen, as actions the main window puts in its menus (E installs
// them in File and Edit): HAR, Markdown, the sequence diagram as SVG/PNG, and "Copy as curl" for the
// current leg. The HAR and Markdown save dialogs carry a visible "Include secrets" box, off by
// default; the diagram and the curl command never hold secrets (a curl command names them as
// shell variables). Nothing blocks: the dialogs open window-modal and the export runs when a file
// is chosen. A failure is shown in a message box and signalled; the exchange stays as it was and a
// file already there is unchanged (OutputFile).
class ExportActions : public QObject
{
    Q_OBJECT
public:
    enum class Kind { Har, Markdown, Diagram };
    // What the user chose: a path (empty: cancelled) and, for HAR and Markdown, the secrets box.
    struct Choice
    {
        QString path;
        bool includeSecrets = false;
    };
    // Asks where to save; calls done once (or never, when the user closes the dialog).
    using PathChooser = std::function<void(Kind kind, const QString &suggestedName, std::function<void(Choice)> done)>;

    // parent: the window the dialogs and message boxes belong to.
    explicit ExportActions(QWidget *parent);

    QAction *exportHarAction() const { return m_har; }
    QAction *exportMarkdownAction() const { return m_markdown; }
    QAction *exportDiagramAction() const { return m_diagram; }
    QAction *copyCurlAction() const { return m_curl; }

    // The exchange to export; null disables the actions. Not owned: the caller keeps it alive (and
    // calls this again) while it changes; it is read when an action runs, not before.
    void setExchange(const Exchange *exchange);
    // The leg "Copy as curl" copies; -1 means the exchange's last leg.
    void setCurrentLeg(int leg);

    // Replaces the save dialog (tests answer with a path of their own).
    void setPathChooser(PathChooser chooser) { m_chooser = std::move(chooser); }
    // The save dialog the default chooser opens (not yet shown; the caller owns it): a non-native
    // QFileDialog with the "Include secrets" box under it for HAR and Markdown.
    QFileDialog *createSaveDialog(Kind kind, const QString &suggestedName) const;
    // Presenter mode says no (false): the "Include secrets" box is shown disabled and unchecked,
    // and nothing exported holds a secret whatever a chooser answers.
    void setSecretsAllowed(bool allowed) { m_secretsAllowed = allowed; }
    bool secretsAllowed() const { return m_secretsAllowed; }
    // Whether error message boxes open (tests that check the signal alone may turn them off).
    void setShowErrors(bool show) { m_showErrors = show; }

signals:
    void exported(const QString &path);
    void copied(const QString &what);
    void failed(const QString &message);

private:
    void choose(Kind kind);
    void save(Kind kind, const Choice &choice);
    void copyCurl();
    void updateEnabled();
    QString suggestedName(Kind kind) const;
    void showError(const QString &message);

    QWidget *m_parent;
    QAction *m_har;
    QAction *m_markdown;
    QAction *m_diagram;
    QAction *m_curl;
    const Exchange *m_exchange = nullptr;
    int m_leg = -1;
    PathChooser m_chooser;
    bool m_showErrors = true;
    bool m_secretsAllowed = true;
};
