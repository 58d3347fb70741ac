#include "questionbox.h"

#include <QAbstractButton>
#include <QMessageBox>

void QuestionBox::ask(QWidget *parent, const QString &title, const QString &question, std::function<void()> proceed)
{
    auto *box = new QMessageBox(QMessageBox::Question, title, question, QMessageBox::Yes | QMessageBox::No, parent);
    box->setDefaultButton(QMessageBox::No);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QObject::connect(box, &QDialog::finished, box, [box, proceed] {
        if (box->clickedButton() == box->button(QMessageBox::Yes))
            proceed();
    });
    box->open();
}
