#pragma once

#include <QString>
#include <QUrlQuery>

// The HTML a person sees in the lab (the OAuth consent and device pages, the form login): one page
// shape, one sign-in form for the demo user alice / wonderland, and the check of what it posts.
// Every value put into a page is HTML-escaped here.
class LabPage
{
public:
    static QString demoUser();            // "alice"
    static QString demoPassword();        // "wonderland"

    // A whole document: the title as heading, then body (already HTML).
    static QString page(const QString &title, const QString &body);
    static QString hiddenField(const QString &name, const QString &value);
    // A form posting to action: extraFields (HTML), the problem when not empty, user and password
    // fields, and the buttons (HTML, e.g. Allow and Deny).
    static QString signInForm(const QString &action, const QString &extraFields, const QString &problem,
                              const QString &buttons = QStringLiteral("<button>Sign in</button>"));
    static QString allowOrDeny();         // the consent buttons: action=approve or action=deny
    // The posted form (user, password fields) names the demo user with the right password.
    static bool isDemoUser(const QUrlQuery &form);
};
