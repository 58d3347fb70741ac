#pragma once

#include "labmodule.h"

#include <QDateTime>
#include <QHash>

// Session cookie lessons: a form login whose session times out (after ?ttl=SECONDS, or after
// ?views=N pages so that one command shows it), a Secure cookie a client rightly never returns
// over plain http.
class SessionLab : public LabModule
{
public:
    SessionLab();
    ~SessionLab() override;
    QList<LabScenario> scenarios() const override;
    bool respond(const LabRequest &request, LabResponse *response) override;

private:
    struct Session
    {
        QString user;
        QDateTime expiresAt;  // the server's lifetime of the session (the cookie may outlive it)
        int viewsLeft = -1;   // pages the session still serves; -1: no limit
    };
    LabResponse login(const LabRequest &request, bool secure);
    // The session the request's cookie names, counting the view; null when none is valid.
    const Session *sessionOf(const LabRequest &request, const QByteArray &cookieName);

    QHash<QByteArray, Session> m_sessions; // by cookie value
};
