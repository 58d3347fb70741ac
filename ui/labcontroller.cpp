#include "labcontroller.h"

#include "lab/labserver.h"

#include <QAction>
#include <QMap>
#include <QMenu>

#include <algorithm>
#include <climits>

LabController::LabController(QObject *parent)
    : QObject(parent)
    , m_preferredPort(LabServer::DefaultPort)
{
}

LabController::~LabController() = default;

bool LabController::start()
{
    if (isRunning())
        return true;
    auto *server = new LabServer(this);
    Status listening = server->listen(QHostAddress::LocalHost, m_preferredPort);
    const bool fellBack = !listening.isOk();
    // Another lab (a second window, `authscope-cli lab`) or another program may hold the port.
    if (fellBack)
        listening = server->listen(QHostAddress::LocalHost, 0);
    if (!listening.isOk()) {
        delete server;
        emit message(tr("The lab could not start: %1").arg(listening.message()));
        updateActions();
        return false;
    }
    m_server = server;
    m_portTaken = fellBack;
    emit message(fellBack ? tr("Lab started at %1 (port %2 is taken)").arg(origin()).arg(m_preferredPort)
                          : tr("Lab started at %1").arg(origin()));
    updateActions();
    emit runningChanged(true);
    return true;
}

void LabController::stop()
{
    if (!m_server)
        return;
    delete m_server;
    emit message(tr("Lab stopped"));
    updateActions();
    emit runningChanged(false);
}

bool LabController::isRunning() const
{
    return m_server && m_server->isListening();
}

QString LabController::origin() const
{
    return isRunning() ? m_server->origin() : QString();
}

QList<LabScenario> LabController::scenarios() const
{
    return inTeachingOrder(isRunning() ? m_server->scenarios() : LabCatalog().scenarios());
}

QList<LabScenario> LabController::inTeachingOrder(QList<LabScenario> scenarios)
{
    QMap<QString, int> groupRank;
    for (const LabScenario &scenario : std::as_const(scenarios)) {
        const int rank = scenario.tourOrder < 0 ? INT_MAX : scenario.tourOrder;
        groupRank[scenario.group] = qMin(groupRank.value(scenario.group, INT_MAX), rank);
    }
    std::stable_sort(scenarios.begin(), scenarios.end(), [&groupRank](const LabScenario &a, const LabScenario &b) {
        return groupRank.value(a.group) < groupRank.value(b.group);
    });
    return scenarios;
}

QList<LabScenario> LabController::tour() const
{
    return isRunning() ? m_server->catalog().tour(origin()) : LabCatalog().tour(QStringLiteral("{origin}"));
}

QUrl LabController::urlFor(const LabScenario &scenario) const
{
    return isRunning() ? m_server->urlFor(scenario.path) : QUrl();
}

QString LabController::statusText() const
{
    if (!isRunning())
        return tr("Lab: stopped");
    return m_portTaken ? tr("Lab: %1 (port %2 was taken)").arg(origin()).arg(m_preferredPort) : tr("Lab: %1").arg(origin());
}

QMenu *LabController::createMenu(QWidget *parent)
{
    if (m_menu)
        return m_menu;
    m_menu = new QMenu(tr("&Lab"), parent);
    m_menu->setObjectName(QStringLiteral("labMenu"));

    m_startStop = m_menu->addAction(QString(), this, [this] {
        if (isRunning())
            stop();
        else
            start();
    });
    m_startStop->setObjectName(QStringLiteral("labStartStopAction"));
    m_tourAction = m_menu->addAction(tr("Open &Tour"), this, &LabController::tourRequested);
    m_tourAction->setObjectName(QStringLiteral("labTourAction"));
    m_menu->addSeparator();

    // One submenu per group, in the Tour's teaching order (a group by its earliest lesson there).
    QMenu *lessons = m_menu->addMenu(tr("&Lessons"));
    lessons->setObjectName(QStringLiteral("labLessonsMenu"));
    QMap<QString, QMenu *> groups;
    const QList<LabScenario> all = inTeachingOrder(LabCatalog().scenarios());
    for (const LabScenario &scenario : all) {
        QMenu *&group = groups[scenario.group];
        if (!group) {
            group = lessons->addMenu(scenario.group);
            group->setObjectName(QStringLiteral("labGroup-%1").arg(scenario.group));
        }
        QAction *action = group->addAction(scenario.title);
        action->setObjectName(QStringLiteral("labLesson-%1").arg(scenario.id));
        action->setToolTip(scenario.path);
        const QString id = scenario.id;
        connect(action, &QAction::triggered, this, [this, id] {
            if (!start())
                return;
            for (const LabScenario &chosen : scenarios()) {
                if (chosen.id == id) {
                    emit scenarioChosen(chosen);
                    return;
                }
            }
        });
    }
    lessons->menuAction()->setEnabled(!all.isEmpty());
    updateActions();
    return m_menu;
}

void LabController::updateActions()
{
    if (!m_startStop)
        return;
    m_startStop->setText(isRunning() ? tr("&Stop Lab") : tr("&Start Lab"));
    m_startStop->setToolTip(isRunning() ? tr("Stop the practice lab at %1").arg(origin())
                                        : tr("Start the practice lab on this computer (loopback only)"));
}
