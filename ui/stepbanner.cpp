#include "stepbanner.h"

#include "core/displaytext.h"
#include "uiformat.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace {
QPushButton *stepButton(const QString &name, QWidget *parent)
{
    QPushButton *button = UiFormat::actionButton(QString(), name, parent);
    button->setFocusPolicy(Qt::NoFocus); // the keys stay with the leg list and the diagram
    return button;
}

void bind(QPushButton *button, QAction *action)
{
    const QString keys = action->shortcuts().isEmpty() ? QString()
            : QKeySequence::listToString(action->shortcuts(), QKeySequence::NativeText).replace(QLatin1String("; "), QLatin1String(" / "));
    button->setText(keys.isEmpty() ? action->iconText() : QStringLiteral("%1  (%2)").arg(action->iconText(), keys));
    button->setToolTip(action->toolTip());
    button->setEnabled(action->isEnabled());
    QObject::connect(button, &QPushButton::clicked, action, &QAction::trigger);
    QObject::connect(action, &QAction::enabledChanged, button, &QPushButton::setEnabled);
}

QString why(const LegPreview &p)
{
    using B = LegPreview::Because;
    const QString realm = p.realm.isEmpty() ? QString()
            : StepBanner::tr(" for realm \"%1\"").arg(DisplayText::escaped(p.realm));
    switch (p.because) {
    case B::ComposedRequest:
        return p.hasNote(NoteCode::CredentialsPreemptive) || p.hasNote(NoteCode::ApiKeySent)
                ? StepBanner::tr("the request as composed, its credentials sent up front (no challenge yet)")
                : StepBanner::tr("the request as composed; no challenge has been seen yet");
    case B::Redirect:
        return StepBanner::tr("following leg %1's %2 redirect").arg(p.follows + 1).arg(p.followsStatus);
    case B::ChallengeAnswer:
        return StepBanner::tr("answering leg %1's %2 challenge%3").arg(p.follows + 1).arg(p.followsStatus).arg(realm);
    case B::ProxyChallengeAnswer:
        return StepBanner::tr("answering the proxy's 407 challenge (leg %1)%2").arg(p.follows + 1).arg(realm);
    case B::StaleNonce:
        return StepBanner::tr("the server said the nonce went stale (stale=true): the same credentials on its new nonce");
    case B::TokenRequest:
        return StepBanner::tr("asking the OAuth token endpoint for a token the request needs");
    case B::Acquisition:
        return StepBanner::tr("fetching what getting a credential needs (discovery, a device code)");
    case B::Resend:
        return StepBanner::tr("sending the request again");
    }
    return {};
}
} // namespace

StepBanner::StepBanner(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("stepBanner"));
    // Fixed light colours with dark text (messageStrip): readable in light and dark palettes.
    QFrame *strip = UiFormat::messageStrip(QStringLiteral("stepStrip"), QColor(0xe8, 0xf1, 0xfb), QColor(0x5b, 0x8f, 0xd0), this);
    m_headline = new QLabel(strip);
    m_headline->setObjectName(QStringLiteral("stepHeadline"));
    QFont bold = m_headline->font();
    bold.setBold(true);
    m_headline->setFont(bold);
    m_text = new QLabel(strip);
    m_text->setObjectName(QStringLiteral("stepText"));
    m_text->setTextFormat(Qt::PlainText);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_next = stepButton(QStringLiteral("stepNext"), strip);
    m_previous = stepButton(QStringLiteral("stepPrevious"), strip);
    m_replay = stepButton(QStringLiteral("stepReplay"), strip);
    m_cancel = stepButton(QStringLiteral("stepCancel"), strip);

    auto *texts = new QVBoxLayout;
    texts->setSpacing(2);
    texts->addWidget(m_headline);
    texts->addWidget(m_text);
    auto *buttons = new QHBoxLayout;
    buttons->setSpacing(6);
    buttons->addWidget(m_next);
    buttons->addWidget(m_previous);
    buttons->addWidget(m_replay);
    buttons->addStretch(1);
    buttons->addWidget(m_cancel);
    texts->addLayout(buttons);
    auto *stripLayout = new QHBoxLayout(strip);
    stripLayout->setContentsMargins(10, 6, 10, 6);
    stripLayout->addLayout(texts, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(strip);
    hide();
}

void StepBanner::setActions(QAction *next, QAction *previous, QAction *replay, QAction *cancel)
{
    bind(m_next, next);
    bind(m_previous, previous);
    bind(m_replay, replay);
    bind(m_cancel, cancel);
}

void StepBanner::showHeld(const LegPreview &preview)
{
    m_preview = preview;
    m_headline->setText(tr("Stepping through: leg %1 is held, nothing sent yet").arg(preview.leg + 1));
    m_text->setText(describe(preview));
    show();
}

void StepBanner::showFinished(int legs)
{
    m_preview = LegPreview();
    m_headline->setText(tr("Stepping through: the exchange ended after %n leg(s)", nullptr, legs));
    m_text->setText(tr("Previous and next walk its legs; replay sends the request again, one leg at a time."));
    show();
}

QString StepBanner::text() const
{
    return m_headline->text() + u'\n' + m_text->text();
}

QString StepBanner::describe(const LegPreview &p)
{
    if (p.leg < 0)
        return {};
    QString what = tr("Next: %1 %2").arg(QString::fromLatin1(p.method), UiFormat::displayUrl(p.url));
    if (!p.proxy.isEmpty())
        what += tr(" through the proxy %1").arg(p.proxy);
    if (!p.credentialField.isEmpty()) {
        const QString detail = !p.algorithm.isEmpty() ? QString::fromLatin1(p.algorithm)
                : (!p.computation.isEmpty() ? p.computation : QString());
        what += detail.isEmpty() ? tr(" with %1: %2").arg(QString::fromLatin1(p.credentialField), QString::fromLatin1(p.credentialScheme))
                                 : tr(" with %1: %2 (%3)").arg(QString::fromLatin1(p.credentialField),
                                                               QString::fromLatin1(p.credentialScheme), detail);
    } else if (p.because == LegPreview::Because::ComposedRequest) {
        what += tr(" without credentials");
    }
    return tr("%1, %2.").arg(what, why(p));
}
