#pragma once

#include <QFrame>

class QLabel;

// The loud red strip shown wherever a request with TLS verification off is composed or
// displayed. Hidden by default; setActive() shows it.
class InsecureBanner : public QFrame
{
    Q_OBJECT
public:
    explicit InsecureBanner(const QString &text, QWidget *parent = nullptr);

    void setActive(bool active) { setVisible(active); }
    QString text() const;

private:
    QLabel *m_text;
};
