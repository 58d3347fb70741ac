// Start-up baseline: a bare Qt Widgets program showing a window comparable to AuthScope's main
// window (method combo, URL line edit, tabbed request editor with tables and text edits,
// splitters, a history list, a response side with tables and text views, a leg list with
// details, menus and a status bar; about as many widgets, counted by run.sh), quitting right after the first paint as `authscope --quit-after-startup` does.
// --widget-count prints how many QWidgets the window holds instead, to compare sizes.

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMainWindow>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextStream>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

// Closes the window once it has painted, which quits the application (last window closed). The
// close is queued behind the paint so the backing store has been flushed by then: the same moment
// and the same way as `authscope --quit-after-startup`.
class QuitAfterFirstPaint : public QObject
{
public:
    explicit QuitAfterFirstPaint(QWidget *window) : QObject(window), m_window(window)
    {
        window->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == m_window && event->type() == QEvent::Paint) {
            m_window->removeEventFilter(this);
            QTimer::singleShot(0, m_window, &QWidget::close);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QWidget *m_window;
};

QTableWidget *table(const QStringList &columns, QWidget *parent)
{
    auto *table = new QTableWidget(2, int(columns.size()), parent);
    table->setHorizontalHeaderLabels(columns);
    table->horizontalHeader()->setStretchLastSection(true);
    return table;
}

QTreeWidget *tree(const QStringList &columns, QWidget *parent)
{
    auto *tree = new QTreeWidget(parent);
    tree->setHeaderLabels(columns);
    new QTreeWidgetItem(tree, {QStringLiteral("item"), QStringLiteral("value")});
    return tree;
}

// A name/value table with add and remove buttons, in a container of its own.
QWidget *keyValueEditor(QWidget *parent)
{
    auto *editor = new QWidget(parent);
    auto *layout = new QVBoxLayout(editor);
    layout->addWidget(table({QStringLiteral("Name"), QStringLiteral("Value")}, editor));
    auto *buttons = new QHBoxLayout;
    for (const QString &text : {QStringLiteral("+"), QStringLiteral("-")}) {
        auto *button = new QToolButton(editor);
        button->setText(text);
        buttons->addWidget(button);
    }
    buttons->addStretch();
    layout->addLayout(buttons);
    return editor;
}

// A labelled row of fields, as in a form.
void addRow(QFormLayout *form, const QString &label, QWidget *field)
{
    form->addRow(new QLabel(label, field->parentWidget()), field);
}

QWidget *requestSide(QWidget *parent)
{
    auto *side = new QWidget(parent);
    auto *layout = new QVBoxLayout(side);
    auto *line = new QHBoxLayout;
    auto *method = new QComboBox(side);
    method->addItems({QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
                      QStringLiteral("DELETE"), QStringLiteral("HEAD"), QStringLiteral("OPTIONS")});
    auto *url = new QLineEdit(side);
    url->setPlaceholderText(QStringLiteral("https://example.org/"));
    url->setClearButtonEnabled(true);
    line->addWidget(method);
    line->addWidget(url, 1);
    line->addWidget(new QPushButton(QStringLiteral("Send"), side));
    line->addWidget(new QPushButton(QStringLiteral("Cancel"), side));
    layout->addLayout(line);

    auto *tabs = new QTabWidget(side);
    const QStringList keyValue{QStringLiteral("Name"), QStringLiteral("Value")};
    tabs->addTab(keyValueEditor(tabs), QStringLiteral("Query"));
    tabs->addTab(keyValueEditor(tabs), QStringLiteral("Headers"));

    auto *body = new QWidget(tabs);
    auto *bodyLayout = new QVBoxLayout(body);
    auto *bodyKind = new QComboBox(body);
    bodyKind->addItems({QStringLiteral("None"), QStringLiteral("Raw"), QStringLiteral("Form"), QStringLiteral("File")});
    bodyLayout->addWidget(bodyKind);
    auto *bodyPages = new QStackedWidget(body);
    bodyPages->addWidget(new QLabel(QStringLiteral("No body"), bodyPages));
    bodyPages->addWidget(new QPlainTextEdit(bodyPages));
    bodyPages->addWidget(table(keyValue, bodyPages));
    auto *file = new QLineEdit(bodyPages);
    file->setClearButtonEnabled(true);
    bodyPages->addWidget(file);
    bodyLayout->addWidget(bodyPages);
    tabs->addTab(body, QStringLiteral("Body"));

    auto *auth = new QWidget(tabs);
    auto *authForm = new QFormLayout(auth);
    addRow(authForm, QStringLiteral("User"), new QLineEdit(auth));
    auto *password = new QLineEdit(auth);
    password->setEchoMode(QLineEdit::Password);
    addRow(authForm, QStringLiteral("Password"), password);
    addRow(authForm, QStringLiteral("Scheme"), new QLabel(QStringLiteral("Basic (pre-emptive)"), auth));
    addRow(authForm, QStringLiteral("Note"), new QLabel(QStringLiteral("Sent only to the origin typed"), auth));
    tabs->addTab(auth, QStringLiteral("Auth"));

    auto *options = new QWidget(tabs);
    auto *optionsForm = new QFormLayout(options);
    addRow(optionsForm, QStringLiteral("Redirects"), new QCheckBox(QStringLiteral("Follow"), options));
    addRow(optionsForm, QStringLiteral("Limit"), new QSpinBox(options));
    addRow(optionsForm, QStringLiteral("TLS"), new QCheckBox(QStringLiteral("Insecure"), options));
    addRow(optionsForm, QStringLiteral("Time-out (s)"), new QDoubleSpinBox(options));
    tabs->addTab(options, QStringLiteral("Options"));
    layout->addWidget(tabs, 1);
    return side;
}

QWidget *responseSide(QWidget *parent)
{
    auto *side = new QWidget(parent);
    auto *layout = new QVBoxLayout(side);
    auto *status = new QHBoxLayout;
    for (const QString &text : {QStringLiteral("200 OK"), QStringLiteral("HTTP/1.1"), QStringLiteral("12 ms"),
                                QStringLiteral("440 bytes"), QStringLiteral("1 leg")})
        status->addWidget(new QLabel(text, side));
    layout->addLayout(status);
    auto *banner = new QLabel(QStringLiteral("TLS verification is off"), side);
    banner->hide();
    layout->addWidget(banner);
    auto *tabs = new QTabWidget(side);
    auto *body = new QWidget(tabs);
    auto *bodyLayout = new QVBoxLayout(body);
    auto *bodyButtons = new QHBoxLayout;
    bodyButtons->addWidget(new QPushButton(QStringLiteral("Pretty"), body));
    bodyButtons->addWidget(new QPushButton(QStringLiteral("Save..."), body));
    bodyLayout->addLayout(bodyButtons);
    auto *bodyPages = new QStackedWidget(body);
    bodyPages->addWidget(new QPlainTextEdit(bodyPages));
    bodyPages->addWidget(new QPlainTextEdit(bodyPages));
    bodyLayout->addWidget(bodyPages);
    tabs->addTab(body, QStringLiteral("Body"));
    tabs->addTab(table({QStringLiteral("Name"), QStringLiteral("Value")}, tabs), QStringLiteral("Headers"));
    tabs->addTab(tree({QStringLiteral("Cookie"), QStringLiteral("Value")}, tabs), QStringLiteral("Cookies"));
    layout->addWidget(tabs, 1);
    return side;
}

QWidget *exchangeSide(QWidget *parent)
{
    auto *legs = new QSplitter(Qt::Horizontal, parent);
    legs->addWidget(table({QStringLiteral("#"), QStringLiteral("Method"), QStringLiteral("URL"),
                           QStringLiteral("Status"), QStringLiteral("Time")}, legs));
    auto *details = new QTabWidget(legs);
    auto *summary = new QWidget(details);
    auto *summaryForm = new QFormLayout(summary);
    for (const QString &name : {QStringLiteral("Kind"), QStringLiteral("Reason"), QStringLiteral("URL"),
                                QStringLiteral("Status")})
        addRow(summaryForm, name, new QLabel(QStringLiteral("-"), summary));
    details->addTab(summary, QStringLiteral("Summary"));
    const QStringList keyValue{QStringLiteral("Name"), QStringLiteral("Value")};
    for (const QString &name : {QStringLiteral("Request"), QStringLiteral("Response")}) {
        auto *pane = new QSplitter(Qt::Vertical, details);
        pane->addWidget(table(keyValue, pane));
        auto *pages = new QStackedWidget(pane);
        pages->addWidget(new QPlainTextEdit(pages));
        pane->addWidget(pages);
        details->addTab(pane, name);
    }
    details->addTab(tree({QStringLiteral("Certificate"), QStringLiteral("Issuer")}, details), QStringLiteral("TLS"));
    details->addTab(new QPlainTextEdit(details), QStringLiteral("Notes"));
    return legs;
}

QMainWindow *buildWindow()
{
    auto *window = new QMainWindow;
    window->setWindowTitle(QStringLiteral("Start-up baseline"));
    QMenu *file = window->menuBar()->addMenu(QStringLiteral("&File"));
    file->addAction(QStringLiteral("&New request"));
    file->addAction(QStringLiteral("&Quit"), qApp, &QCoreApplication::quit);
    window->menuBar()->addMenu(QStringLiteral("&Edit"))->addAction(QStringLiteral("&Preferences"));
    window->menuBar()->addMenu(QStringLiteral("&Request"))->addAction(QStringLiteral("&Send"));
    window->menuBar()->addMenu(QStringLiteral("&Help"))->addAction(QStringLiteral("&About"));

    auto *main = new QSplitter(Qt::Vertical, window);
    auto *work = new QSplitter(Qt::Horizontal, main);
    auto *history = new QListWidget(work);
    history->addItems({QStringLiteral("GET /"), QStringLiteral("GET /basic-auth")});
    work->addWidget(requestSide(work));
    work->addWidget(responseSide(work));
    work->setStretchFactor(1, 1);
    work->setStretchFactor(2, 1);
    main->addWidget(exchangeSide(main));
    window->setCentralWidget(main);
    window->statusBar()->addWidget(new QLabel(QStringLiteral("Ready"), window->statusBar()));
    window->statusBar()->addPermanentWidget(new QLabel(QStringLiteral("0 cookies"), window->statusBar()));
    window->resize(1100, 750);
    return window;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QMainWindow *window = buildWindow();
    if (app.arguments().contains(QStringLiteral("--widget-count"))) {
        QTextStream(stdout) << window->findChildren<QWidget *>().size() + 1 << '\n';
        delete window;
        return 0;
    }
    new QuitAfterFirstPaint(window);
    window->show();
    const int rc = app.exec();
    delete window;
    return rc;
}
