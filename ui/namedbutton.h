// The pages' push buttons: each one carries an objectName, which is how the GUI tests and
// screen readers' scripts find it, so none is created without one.
#pragma once

#include <QString>

class QPushButton;
class QWidget;

namespace clawgate::ui {

QPushButton *namedButton(const QString &text, const QString &objectName, QWidget *parent);

} // namespace clawgate::ui
