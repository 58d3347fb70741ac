#include "revealpolicy.h"

#include <QWidget>

#include <cmath>

RevealPolicy::RevealPolicy(QObject *parent)
    : QObject(parent)
{
    setObjectName(QStringLiteral("revealPolicy"));
    m_expiry.setSingleShot(true);
    connect(&m_expiry, &QTimer::timeout, this, &RevealPolicy::hide);
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, [this] { emit remainingChanged(remainingSeconds()); });
}

RevealPolicy *RevealPolicy::of(const QWidget *widget)
{
    for (const QWidget *w = widget; w; w = w->parentWidget()) {
        if (auto *policy = w->findChild<RevealPolicy *>(QString(), Qt::FindDirectChildrenOnly))
            return policy;
    }
    return nullptr;
}

void RevealPolicy::setPresenterMode(bool on)
{
    if (m_presenter == on)
        return;
    hide();
    m_presenter = on;
    emit presenterModeChanged(on);
}

void RevealPolicy::setDurations(int normalMs, int presenterMs)
{
    m_normalMs = normalMs;
    m_presenterMs = presenterMs;
}

int RevealPolicy::remainingSeconds() const
{
    if (!m_revealed)
        return 0;
    return int(std::ceil(m_deadline.remainingTime() / 1000.0));
}

void RevealPolicy::reveal()
{
    m_deadline.setRemainingTime(duration());
    m_expiry.start(duration());
    m_tick.start();
    setRevealed(true);
    emit remainingChanged(remainingSeconds());
}

void RevealPolicy::hide()
{
    m_expiry.stop();
    m_tick.stop();
    setRevealed(false);
}

void RevealPolicy::toggle()
{
    if (m_revealed)
        hide();
    else
        requestReveal();
}

void RevealPolicy::requestReveal()
{
    if (m_presenter)
        emit confirmationRequested();
    else
        reveal();
}

void RevealPolicy::setRevealed(bool revealed)
{
    if (m_revealed == revealed)
        return;
    m_revealed = revealed;
    emit changed(revealed);
}
