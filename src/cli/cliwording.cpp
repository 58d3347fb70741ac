#include "cliwording.h"

#include <QRegularExpression>

QString CliWording::forTerminal(const QString &message)
{
    if (!message.contains(QLatin1String("session-only memory"), Qt::CaseInsensitive))
        return message;
    QString text = message;
    // "Try again, or continue with session-only memory." -> "Try again."
    static const QRegularExpression orContinue(QStringLiteral(",? or continue with session-only memory"),
                                               QRegularExpression::CaseInsensitiveOption);
    text.remove(orContinue);
    // "Continue with session-only memory, or start one and try again." -> "Start one and try again."
    static const QRegularExpression continueOr(QStringLiteral("Continue with session-only memory, or (\\w)"));
    QRegularExpressionMatch match;
    while ((match = continueOr.match(text)).hasMatch())
        text.replace(match.capturedStart(), match.capturedLength(), match.captured(1).toUpper());
    return text;
}
