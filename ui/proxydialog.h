#pragma once

#include "http/proxysetting.h"

#include <QDialog>

class ProxyChooser;
class QDialogButtonBox;
class QLabel;

// Session > Proxy…: the window's default proxy (None, System or a URL), which requests whose own
// choice is Default go through. OK is refused, with the reason shown, while the URL does not read.
class ProxyDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ProxyDialog(const ProxySetting &current, QWidget *parent = nullptr);

    ProxySetting setting() const;
    ProxyChooser *chooser() const { return m_chooser; }
    QLabel *problemLabel() const { return m_problem; }

    void accept() override;

private:
    ProxyChooser *m_chooser;
    QLabel *m_problem;
};
