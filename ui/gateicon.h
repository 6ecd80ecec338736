// The ClawGate mark: a white gate (two posts under an arch, with a bar) on a rounded square.
// One drawing for the tray icon, whose square takes the gateway's state colour, and for the
// application icon files the installer ships, so the two always look alike. Needs Qt Gui only.
#pragma once

#include <QColor>

class QPainter;

namespace clawgate::ui {

// The application icon's colour: the tray's "running" green.
QColor gateIconColour();

// Draws the mark filling the square (0, 0, size, size) of `painter`.
void drawGateIcon(QPainter &painter, qreal size, const QColor &colour);

} // namespace clawgate::ui
