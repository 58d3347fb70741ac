#pragma once

#include <QWidget>

struct Leg;
class QLabel;
class QTreeWidget;

// The authentication side of one leg: what its credentials answered (Leg::authentication) and
// the challenges its 401/407 carried, each as scheme + parameters with what AuthScope makes of
// it (answerable or why not, Bearer's error codes in words), then any parse problems.
class ChallengeView : public QWidget
{
    Q_OBJECT
public:
    explicit ChallengeView(QWidget *parent = nullptr);

    // Shows a copy of what leg holds; nullptr clears the view.
    void setLeg(const Leg *leg);

    QTreeWidget *challengeTree() const { return m_tree; }
    // "Digest SHA-256, qop=auth, nc=00000001 as alice", or empty when the leg sent none.
    QString authenticationText() const { return m_authenticationText; }
    // Each challenge as Challenge::toDisplayString() shows it, in order.
    QStringList challengeTexts() const;
    QStringList problemTexts() const;

private:
    QLabel *m_sentTitle;
    QLabel *m_sent;
    QLabel *m_challengesTitle;
    QLabel *m_placeholder;
    QTreeWidget *m_tree;
    QString m_authenticationText;
};
