#pragma once

#include "labrequest.h"
#include "labresponse.h"

#include <QString>

// The server side of Basic (RFC 7617) that several lessons share: reading the Authorization a
// client sent and the 401 that asks for it. A lesson decides what the user and password mean.
class LabBasicAuth
{
public:
    enum class Outcome { None, Malformed, Read };
    struct Credentials
    {
        Outcome outcome = Outcome::None;
        QString user;     // decoded as UTF-8 (the only charset RFC 7617 §2.1 names)
        QString password;
    };

    // What the request's Authorization carries: nothing Basic (None), something that is not
    // base64 of "user:password" (Malformed), or a user and password (Read).
    static Credentials read(const LabRequest &request);
    // 401 with `WWW-Authenticate: Basic realm="REALM"` (and charset="UTF-8" when asked) and a
    // short JSON body saying why.
    static LabResponse challenge(const QByteArray &realm, const QString &why, bool utf8 = false);
    // The demo user of the Basic and troubleshooting lessons.
    static QString demoUser() { return QStringLiteral("alice"); }
    static QString demoPassword() { return QStringLiteral("wonderland"); }
    static bool isDemoUser(const Credentials &credentials)
    {
        return credentials.outcome == Outcome::Read && credentials.user == demoUser() && credentials.password == demoPassword();
    }
    // 200 with {"authenticated": true, "user": ..., "lesson": ...}.
    static LabResponse welcome(const QString &user, const QString &lesson);
};
