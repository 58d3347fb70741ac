#pragma once

#include "http/authcomputation.h"

#include <QWidget>

struct Leg;
class ComputationView;
class QLabel;
class QToolButton;
class QTreeWidget;

// The authentication side of one leg: what its credentials answered (Leg::authentication) and
// the challenges its 401/407 carried, each as scheme + parameters with what AuthScope makes of
// it (answerable or why not, Bearer's error codes in words), then any parse problems. Above them
// the credentials sent, decoded: Basic as user and masked password, a Bearer JWT's header and
// claims (with a way to the token inspector), Digest's parameters and steps and the rspauth check.
class ChallengeView : public QWidget
{
    Q_OBJECT
public:
    explicit ChallengeView(QWidget *parent = nullptr);

    // Shows a copy of what leg holds; nullptr clears the view.
    void setLeg(const Leg *leg);
    // Unmasks Basic's password and Digest's HA1 in the decoded view.
    void setRevealSecrets(bool reveal);

    // The decoded credentials as shown ("Basic: user alice, password ••••"); empty when none.
    QString decodedText() const;
    ComputationView *computationView() const { return m_computation; }
    QToolButton *inspectTokenButton() const { return m_inspectToken; }

    QTreeWidget *challengeTree() const { return m_tree; }
    // "Digest SHA-256, qop=auth, nc=00000001 as alice", or empty when the leg sent none.
    QString authenticationText() const { return m_authenticationText; }
    // Each challenge as Challenge::toDisplayString() shows it, in order.
    QStringList challengeTexts() const;
    QStringList problemTexts() const;

signals:
    void inspectTokenRequested();

private:
    void showDecoded();

    QLabel *m_sentTitle;
    QLabel *m_sent;
    QLabel *m_challengesTitle;
    QLabel *m_placeholder;
    QTreeWidget *m_tree;
    QString m_authenticationText;
    QLabel *m_decoded;
    QToolButton *m_inspectToken;
    ComputationView *m_computation;
    // What the decoded view is drawn from, kept to redraw when secrets are revealed.
    QByteArray m_credentials; // the Authorization (or Proxy-Authorization) value sent
    AuthComputation m_sentSteps;
    AuthComputation m_checkSteps;
    bool m_reveal = false;
};
