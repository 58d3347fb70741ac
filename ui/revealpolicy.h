#pragma once

#include <QDeadlineTimer>
#include <QObject>
#include <QTimer>

class QWidget;

// Whether the secrets of one window (credentials, tokens, cookie values, API keys, HA1) are shown
// unmasked: one switch for every view of the window and the dialogs it opens, instead of a toggle
// per view. A reveal lasts a short time (30 s; 10 s in presenter mode) and then hides itself again,
// so a secret shown once does not stay on screen. In presenter mode a reveal must be confirmed
// (requestReveal() asks through confirmationRequested) and fields that show typed input
// (passwords being typed) are never unmasked: fieldsMayReveal() is false.
// The owner (MainWindow) parents it to the window; of() finds it from any widget of that window.
class RevealPolicy : public QObject
{
    Q_OBJECT
public:
    static constexpr int DefaultRevealMs = 30000;
    static constexpr int PresenterRevealMs = 10000;

    explicit RevealPolicy(QObject *parent = nullptr);

    // The policy of the window widget belongs to: a RevealPolicy child of widget or of one of its
    // ancestors (dialogs are parented to their window). Null when there is none.
    static RevealPolicy *of(const QWidget *widget);

    bool revealed() const { return m_revealed; }
    bool presenterMode() const { return m_presenter; }
    // Whether a field that shows its own text (a password being typed, a stored secret fetched
    // from the keychain) may unmask it: revealed, and never in presenter mode.
    bool fieldsMayReveal() const { return m_revealed && !m_presenter; }
    // Entering or leaving presenter mode hides what was revealed.
    void setPresenterMode(bool on);

    // How long a reveal lasts, normally and in presenter mode (tests shorten them).
    void setDurations(int normalMs, int presenterMs);
    int duration() const { return m_presenter ? m_presenterMs : m_normalMs; }
    // Whole seconds until the secrets hide again (0 when hidden).
    int remainingSeconds() const;

public slots:
    // Reveals at once (the caller asked the user when that was needed) and starts the countdown;
    // revealing again restarts it.
    void reveal();
    void hide();
    // What a "Show secrets" button does: hides when revealed, else requestReveal().
    void toggle();
    // Reveals, or in presenter mode emits confirmationRequested and waits for reveal().
    void requestReveal();

signals:
    void changed(bool revealed);
    // Once a second while revealed, and when the reveal starts.
    void remainingChanged(int seconds);
    // Presenter mode: the user asked to reveal; the window confirms with the user, then reveal().
    void confirmationRequested();
    void presenterModeChanged(bool on);

private:
    void setRevealed(bool revealed);

    bool m_revealed = false;
    bool m_presenter = false;
    int m_normalMs = DefaultRevealMs;
    int m_presenterMs = PresenterRevealMs;
    QTimer m_expiry;
    QTimer m_tick;
    QDeadlineTimer m_deadline;
};
