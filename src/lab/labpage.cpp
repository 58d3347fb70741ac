#include "labpage.h"

QString LabPage::demoUser()
{
    return QStringLiteral("alice");
}

QString LabPage::demoPassword()
{
    return QStringLiteral("wonderland");
}

QString LabPage::page(const QString &title, const QString &body)
{
    return QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%1</title></head>\n"
                          "<body style=\"font-family: sans-serif; max-width: 40em; margin: 2em auto\">\n<h1>%1</h1>\n%2\n"
                          "</body></html>\n")
        .arg(title.toHtmlEscaped(), body);
}

QString LabPage::hiddenField(const QString &name, const QString &value)
{
    return QStringLiteral("<input type=\"hidden\" name=\"%1\" value=\"%2\">\n").arg(name.toHtmlEscaped(), value.toHtmlEscaped());
}

QString LabPage::signInForm(const QString &action, const QString &extraFields, const QString &problem, const QString &buttons)
{
    return QStringLiteral("<form method=\"post\" action=\"%1\">\n%2%3"
                          "<p><label>User <input name=\"user\" value=\"%4\"></label></p>\n"
                          "<p><label>Password <input type=\"password\" name=\"password\"></label> "
                          "(the lab's demo user: %4 / %5)</p>\n<p>%6</p>\n</form>")
        .arg(action.toHtmlEscaped(), extraFields,
             problem.isEmpty() ? QString() : QStringLiteral("<p><strong>%1</strong></p>\n").arg(problem.toHtmlEscaped()),
             demoUser(), demoPassword(), buttons);
}

QString LabPage::allowOrDeny()
{
    return QStringLiteral("<button name=\"action\" value=\"approve\">Allow</button> "
                          "<button name=\"action\" value=\"deny\">Deny</button>");
}

bool LabPage::isDemoUser(const QUrlQuery &form)
{
    return form.queryItemValue(QStringLiteral("user"), QUrl::FullyDecoded) == demoUser()
        && form.queryItemValue(QStringLiteral("password"), QUrl::FullyDecoded) == demoPassword();
}
