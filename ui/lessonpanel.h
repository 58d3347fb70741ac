#pragma once

#include "diagnosis/diagnosiscode.h"
#include "lab/labscenario.h"

#include <QUrl>
#include <QWidget>

struct Exchange;
class QLabel;
class QPushButton;

// The lesson beside the request editor: which lesson of which sequence (the Tour, or every
// lesson when one was chosen from the Lab menu), its title and text, the demo credentials, the
// diagnosis it should produce and the same request as an `authscope-cli send` line. Previous /
// Next step through the sequence (lessonChosen: the window loads it); after Send, showOutcome()
// says whether the exchange produced the expected diagnosis. Compares codes; renders words.
class LessonPanel : public QWidget
{
    Q_OBJECT
public:
    explicit LessonPanel(QWidget *parent = nullptr);

    // The sequence Previous / Next step through ("Tour", or "Lessons" for all); no lesson shown yet.
    void setLessons(const QList<LabScenario> &lessons, const QString &sequenceName);
    // Shows the sequence's lesson with this id, whose request goes to url; false (nothing
    // changed) when the sequence has no such lesson.
    bool showLesson(const QString &id, const QUrl &url);
    void clear();

    bool hasLesson() const { return m_current >= 0; }
    LabScenario lesson() const;
    int currentIndex() const { return m_current; }
    int count() const { return int(m_lessons.size()); }
    QString sequenceName() const { return m_sequenceName; }

    // Judges a finished exchange against the lesson: only one sent to the lesson's URL (same
    // origin and path) counts; any other clears the verdict.
    void showOutcome(const Exchange &exchange);
    void clearOutcome();
    bool hasOutcome() const { return m_hasOutcome; }
    bool outcomeMatches() const { return m_hasOutcome && m_produced == m_expected; }
    DiagnosisCode producedDiagnosis() const { return m_produced; }
    DiagnosisCode expectedDiagnosis() const { return m_expected; }

    QPushButton *previousButton() const { return m_previous; }
    QPushButton *nextButton() const { return m_next; }
    QPushButton *sendButton() const { return m_send; }
    QLabel *outcomeLabel() const { return m_outcome; }
    QLabel *titleLabel() const { return m_title; }

    // The `authscope-cli send` line of a lesson (arguments quoted for a POSIX shell).
    static QString commandLine(const LabScenario &lesson, const QUrl &url);

signals:
    void lessonChosen(const LabScenario &lesson);
    void sendRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void showCurrent();
    void updateOutcomeLook();

    QList<LabScenario> m_lessons;
    int m_current = -1;
    QString m_sequenceName;
    QUrl m_url;
    bool m_hasOutcome = false;
    bool m_outcomeFromLesson = false;
    DiagnosisCode m_expected = DiagnosisCode::None;
    DiagnosisCode m_produced = DiagnosisCode::None;

    QLabel *m_position;
    QLabel *m_title;
    QLabel *m_text;
    QLabel *m_credentials;
    QLabel *m_expectedLabel;
    QLabel *m_command;
    QLabel *m_outcome;
    QPushButton *m_previous;
    QPushButton *m_send;
    QPushButton *m_next;
};
