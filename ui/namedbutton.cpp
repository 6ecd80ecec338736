#include "namedbutton.h"

#include <QPushButton>

namespace clawgate::ui {

QPushButton *namedButton(const QString &text, const QString &objectName, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(objectName);
    return b;
}

} // namespace clawgate::ui
