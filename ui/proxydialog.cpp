#include "proxydialog.h"

#include "proxychooser.h"
#include "uiformat.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QVBoxLayout>

ProxyDialog::ProxyDialog(const ProxySetting &current, QWidget *parent)
    : QDialog(parent)
    , m_chooser(new ProxyChooser(false, this))
    , m_problem(new QLabel(this))
{
    setObjectName(QStringLiteral("proxyDialog"));
    setWindowTitle(tr("Proxy"));
    auto *intro = new QLabel(tr("The proxy requests go through unless a request chooses its own (Proxy, "
                                "beside Max time). "
                                "When the proxy answers 407, AuthScope asks for its credentials like any other "
                                "challenge; no password is kept here."),
                             this);
    intro->setWordWrap(true);
    m_chooser->setSetting(current);
    m_problem->setObjectName(QStringLiteral("proxyProblem"));
    m_problem->setWordWrap(true);
    QPalette red = m_problem->palette();
    red.setColor(QPalette::WindowText, UiFormat::dangerColor(palette()));
    m_problem->setPalette(red);
    m_problem->hide();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &ProxyDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ProxyDialog::reject);
    connect(m_chooser, &ProxyChooser::changed, m_problem, &QLabel::hide);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_chooser);
    layout->addWidget(m_problem);
    layout->addStretch(1);
    layout->addWidget(buttons);
    resize(520, sizeHint().height());
}

ProxySetting ProxyDialog::setting() const
{
    return m_chooser->setting();
}

void ProxyDialog::accept()
{
    QString error;
    if (!m_chooser->check(&error)) {
        // Nothing typed is lost: the dialog stays open with the reason under the field.
        m_problem->setText(error);
        m_problem->show();
        return;
    }
    QDialog::accept();
}
