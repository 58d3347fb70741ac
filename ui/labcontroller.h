#pragma once

#include "lab/labserver.h"

#include <QObject>
#include <QPointer>

class QAction;
class QMenu;
class QWidget;

// The built-in lab inside the GUI process: starts a LabServer on 127.0.0.1:8642 (a free port when
// that one is taken) and fills the window's Lab menu: Start/Stop, the lessons by group, the Tour.
// Owned by MainWindow; it says what happened through message() (the status bar) and hands the
// lesson the user chose to the window (scenarioChosen).
class LabController : public QObject
{
    Q_OBJECT
public:
    explicit LabController(QObject *parent = nullptr);
    ~LabController() override;

    // Listens on loopback, at preferredPort() or else on a free port; true when listening (also
    // when it already was). The outcome goes to message().
    bool start();
    void stop();
    bool isRunning() const;
    // The port tried first (LabServer::DefaultPort unless a test says otherwise).
    quint16 preferredPort() const { return m_preferredPort; }
    void setPreferredPort(quint16 port) { m_preferredPort = port; }
    // "http://127.0.0.1:8642"; empty when stopped.
    QString origin() const;
    // Every lesson (by group, the groups in the Tour's order, each group in the catalog's order)
    // and the Tour's (tourOrder), with the running lab's origin ("{origin}" left when stopped).
    QList<LabScenario> scenarios() const;
    QList<LabScenario> tour() const;
    // The lesson's URL on the running lab; empty when stopped.
    QUrl urlFor(const LabScenario &scenario) const;
    // Null when stopped.
    LabServer *server() const { return m_server; }

    // The Lab menu, built once; Lessons has a submenu per group, in teaching order.
    QMenu *menu() const { return m_menu; }
    QMenu *createMenu(QWidget *parent);
    QAction *startStopAction() const { return m_startStop; }
    QAction *tourAction() const { return m_tourAction; }
    // "Lab: http://127.0.0.1:8642", "Lab: http://127.0.0.1:40123 (port 8642 was taken)" or
    // "Lab: stopped", for the status bar.
    QString statusText() const;

    // Groups ordered by their earliest lesson in the Tour (groups outside it last); stable.
    static QList<LabScenario> inTeachingOrder(QList<LabScenario> scenarios);

signals:
    void runningChanged(bool running);
    void message(const QString &text);
    void scenarioChosen(const LabScenario &scenario);
    void tourRequested();

private:
    void updateActions();

    QPointer<LabServer> m_server;
    quint16 m_preferredPort;
    bool m_portTaken = false; // the running lab is on another port than the preferred one
    QMenu *m_menu = nullptr;
    QAction *m_startStop = nullptr;
    QAction *m_tourAction = nullptr;
};
