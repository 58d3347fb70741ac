#pragma once

#include "credentialdialog.h"
#include "dialogcredentialprovider.h"
#include "mainwindow.h"
#include "requesteditor.h"
#include "secretlineedit.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

// Helpers shared by the tests that drive the main window as a user would.
namespace MainWindowTesting {

// Presses Send and waits up to 20 s for the credential dialog to be shown; null when none opened.
inline CredentialDialog *sendAndWaitForDialog(MainWindow *window)
{
    QSignalSpy opened(window->credentialProvider(), &DialogCredentialProvider::dialogOpened);
    QTest::mouseClick(window->requestEditor()->sendButton(), Qt::LeftButton);
    if (!opened.wait(20000))
        return nullptr;
    auto *dialog = opened.first().first().value<CredentialDialog *>();
    return QTest::qWaitForWindowExposed(dialog) ? dialog : nullptr;
}

// Types user and password into the dialog, as a user would, and presses its Send.
inline void answer(CredentialDialog *dialog, const QString &user, const QString &password)
{
    QTest::keyClicks(dialog->userField(), user);
    QTest::keyClicks(dialog->passwordField(), password);
    QTest::mouseClick(dialog->sendButton(), Qt::LeftButton);
}

} // namespace MainWindowTesting
