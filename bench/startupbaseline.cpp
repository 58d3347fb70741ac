// Start-up baseline: a bare Qt Widgets program showing a window comparable to AuthScope's main
// window (method combo, URL line edit, tabbed request editor with tables and text edits, a
// splitter, a history list, a response side with a table and text views, menus, tool bar and
// status bar), quitting right after the first paint as `authscope --quit-after-startup` does.
// --widget-count prints how many QWidgets the window holds instead, to compare sizes.

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMainWindow>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextStream>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace {

// Quits once the window has painted; the quit is queued behind the paint so the backing store
// has been flushed by then (the same moment authscope's FirstPaintWatcher reports).
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
            QTimer::singleShot(0, qApp, &QCoreApplication::quit);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QWidget *m_window;
};

QTableWidget *keyValueTable(QWidget *parent)
{
    auto *table = new QTableWidget(3, 3, parent);
    table->setHorizontalHeaderLabels({QStringLiteral("On"), QStringLiteral("Name"), QStringLiteral("Value")});
    table->horizontalHeader()->setStretchLastSection(true);
    return table;
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
    auto *send = new QPushButton(QStringLiteral("Send"), side);
    line->addWidget(method);
    line->addWidget(url, 1);
    line->addWidget(send);
    layout->addLayout(line);

    auto *tabs = new QTabWidget(side);
    tabs->addTab(keyValueTable(tabs), QStringLiteral("Query"));
    tabs->addTab(keyValueTable(tabs), QStringLiteral("Headers"));
    auto *body = new QWidget(tabs);
    auto *bodyLayout = new QVBoxLayout(body);
    auto *bodyKind = new QComboBox(body);
    bodyKind->addItems({QStringLiteral("None"), QStringLiteral("Raw"), QStringLiteral("Form")});
    bodyLayout->addWidget(bodyKind);
    bodyLayout->addWidget(new QPlainTextEdit(body));
    tabs->addTab(body, QStringLiteral("Body"));
    auto *auth = new QWidget(tabs);
    auto *authLayout = new QVBoxLayout(auth);
    authLayout->addWidget(new QLabel(QStringLiteral("User"), auth));
    authLayout->addWidget(new QLineEdit(auth));
    authLayout->addWidget(new QLabel(QStringLiteral("Password"), auth));
    auto *password = new QLineEdit(auth);
    password->setEchoMode(QLineEdit::Password);
    authLayout->addWidget(password);
    authLayout->addStretch();
    tabs->addTab(auth, QStringLiteral("Auth"));
    layout->addWidget(tabs, 1);
    return side;
}

QWidget *responseSide(QWidget *parent)
{
    auto *side = new QSplitter(Qt::Vertical, parent);
    auto *legs = new QTableWidget(0, 5, side);
    legs->setHorizontalHeaderLabels({QStringLiteral("#"), QStringLiteral("Method"), QStringLiteral("URL"),
                                     QStringLiteral("Status"), QStringLiteral("Time")});
    legs->horizontalHeader()->setStretchLastSection(true);
    auto *details = new QTabWidget(side);
    details->addTab(new QPlainTextEdit(details), QStringLiteral("Request"));
    details->addTab(new QPlainTextEdit(details), QStringLiteral("Response"));
    auto *headers = new QTableWidget(0, 2, details);
    headers->setHorizontalHeaderLabels({QStringLiteral("Name"), QStringLiteral("Value")});
    details->addTab(headers, QStringLiteral("Headers"));
    details->addTab(new QPlainTextEdit(details), QStringLiteral("Timing"));
    return side;
}

QMainWindow *buildWindow()
{
    auto *window = new QMainWindow;
    window->setWindowTitle(QStringLiteral("Start-up baseline"));
    QMenu *file = window->menuBar()->addMenu(QStringLiteral("&File"));
    file->addAction(QStringLiteral("&New request"));
    file->addAction(QStringLiteral("&Quit"), qApp, &QCoreApplication::quit);
    window->menuBar()->addMenu(QStringLiteral("&Edit"))->addAction(QStringLiteral("&Preferences"));
    window->menuBar()->addMenu(QStringLiteral("&Help"))->addAction(QStringLiteral("&About"));
    QToolBar *tools = window->addToolBar(QStringLiteral("Main"));
    tools->addAction(QStringLiteral("Send"));
    tools->addAction(QStringLiteral("Cancel"));

    auto *splitter = new QSplitter(Qt::Horizontal, window);
    auto *history = new QListWidget(splitter);
    history->addItems({QStringLiteral("GET /"), QStringLiteral("GET /basic-auth")});
    auto *work = new QSplitter(Qt::Vertical, splitter);
    work->addWidget(requestSide(work));
    work->addWidget(responseSide(work));
    splitter->setStretchFactor(1, 1);
    window->setCentralWidget(splitter);
    window->statusBar()->showMessage(QStringLiteral("Ready"));
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
