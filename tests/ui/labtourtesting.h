#pragma once

#include "cli/sendoptions.h"
#include "credentialdialog.h"
#include "dialogcredentialprovider.h"
#include "lab/labscenario.h"
#include "lessonpanel.h"
#include "mainwindow.h"
#include "stepthrough.h"

#include <QAction>
#include <QDeadlineTimer>

#include <functional>

#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

// What the tests of the GUI's lab and Tour share: the request a lesson's `send` arguments make,
// every field of a request as comparable lines, and pressing the lesson's Send.
namespace LabTourTesting {

// SendOptions::parse of the lesson's arguments and its URL; an empty request (no URL) on failure.
inline HttpRequest parsedRequest(const LabScenario &lesson, const QUrl &url)
{
    SendOptions options;
    const Status parsed = SendOptions::parse(lesson.tryArguments + QStringList{url.toString()}, &options);
    [&] { QVERIFY2(parsed.isOk(), qPrintable(lesson.id + u": " + parsed.message())); }();
    // -u USER alone: the GUI types the user and asks for the password when challenged.
    if (!options.promptUser.isEmpty())
        options.request.credentials.user = options.promptUser;
    return parsed.isOk() ? options.request : HttpRequest();
}

// Every field the engine reads, one line each (the lab's demo secrets included: they are no secret).
inline QStringList fields(const HttpRequest &request)
{
    QStringList lines{u"method " + QString::fromLatin1(request.method), u"url " + request.url.toString(QUrl::FullyEncoded)};
    for (const HeaderField &field : request.headers)
        lines << u"header " + QString::fromLatin1(field.name) + u": " + QString::fromUtf8(field.value);
    lines << QStringLiteral("body %1 %2 %3 %4")
                     .arg(RequestBody::kindName(request.body.kind()), QString::fromLatin1(request.body.contentType()),
                          QString::fromUtf8(request.body.data()), request.body.filePath());
    for (const auto &field : request.body.formFields())
        lines << u"form " + field.first + u'=' + field.second;
    const RequestCredentials &c = request.credentials;
    lines << u"user " + c.user << u"password " + QString::fromUtf8(c.password) << u"token " + QString::fromUtf8(c.token)
          << u"api key " + QString::fromLatin1(c.apiKeyName) + u'=' + QString::fromUtf8(c.apiKeyValue)
                     + (c.apiKeyInQuery ? u" in query" : u" in header")
          << u"stored " + c.storedId << u"oauth profile " + c.oauthProfile
          << QStringLiteral("ask user %1").arg(c.askUser);
    const RequestOptions &o = request.options;
    lines << QStringLiteral("redirects %1 max %2").arg(o.followRedirects).arg(o.maxRedirects)
          << QStringLiteral("insecure %1 timeout %2").arg(o.insecureTls).arg(o.timeoutMs)
          // A profile's token is a Bearer token: the Auth tab says Bearer where the CLI leaves Any,
          // and the engine answers the same challenges either way.
          << QStringLiteral("scheme %1 attempts %2")
                     .arg(c.oauthProfile.isEmpty() ? QString::number(int(o.authScheme)) : QStringLiteral("OAuth profile"))
                     .arg(o.maxAuthAttempts);
    return lines;
}

// Presses the lesson panel's Send and waits for the exchange to end; a credential dialog that
// opens is cancelled, as `send --no-prompt` gives up, and a leg held by step-through (presenter
// mode) is shown to onHeld, then sent on with "next". False when the exchange did not end in 15 s.
inline bool sendLesson(MainWindow *window, const std::function<void(int leg)> &onHeld = {})
{
    QSignalSpy finished(window, &MainWindow::exchangeFinished);
    const QMetaObject::Connection cancelling = QObject::connect(
            window->credentialProvider(), &DialogCredentialProvider::dialogOpened, window,
            [](CredentialDialog *dialog) { QMetaObject::invokeMethod(dialog, &QDialog::reject, Qt::QueuedConnection); });
    QTest::mouseClick(window->lessonPanel()->sendButton(), Qt::LeftButton);
    QDeadlineTimer deadline(15000);
    while (finished.isEmpty() && !deadline.hasExpired()) {
        if (const int held = window->stepThrough()->heldLeg(); held >= 0) {
            if (onHeld)
                onHeld(held);
            window->stepThrough()->nextAction()->trigger();
        }
        finished.wait(20);
    }
    QObject::disconnect(cancelling);
    return !finished.isEmpty();
}

} // namespace LabTourTesting
