#pragma once

#include <QString>

#include <functional>

class QWidget;

// A yes/no question over a window that does not block: the box opens window-modal without a
// nested event loop and proceed() runs later, only if the user said yes. No is the default, so
// Enter never confirms a deletion by accident. Used by the Credentials and OAuth Profiles windows.
class QuestionBox
{
public:
    static void ask(QWidget *parent, const QString &title, const QString &question, std::function<void()> proceed);
};
