#pragma once

#include "http/proxysetting.h"

#include <QWidget>

class QComboBox;
class QLineEdit;

// The proxy choice: a list (Default, None, System, URL) and, for URL, a field for
// http://host:port. The request editor's offers Default (the window's choice); the window's own
// (ProxyDialog) does not. No password field: a 407 asks for it.
class ProxyChooser : public QWidget
{
    Q_OBJECT
public:
    explicit ProxyChooser(bool offerDefault, QWidget *parent = nullptr);

    // A Default setting where Default is not offered shows None.
    void setSetting(const ProxySetting &setting);
    // What is chosen; a URL that does not read is left as typed in urlField(), and check() says why.
    ProxySetting setting() const;
    bool check(QString *error) const;

    QComboBox *modeSelector() const { return m_mode; }
    QLineEdit *urlField() const { return m_url; }

signals:
    void changed();

private:
    ProxySetting::Mode modeAt(int index) const;
    void updateUrlField();

    QComboBox *m_mode;
    QLineEdit *m_url;
};
