#include "gateicon.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace clawgate::ui {

QColor gateIconColour()
{
    return QColor(0x2e, 0x9d, 0x57);
}

void drawGateIcon(QPainter &p, qreal s, const QColor &colour)
{
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(colour);
    p.drawRoundedRect(QRectF(0.5, 0.5, s - 1, s - 1), s * 0.22, s * 0.22);
    // A gate: two posts under an arch, in white.
    QPen pen(Qt::white, std::max(1.5, s * 0.11), Qt::SolidLine, Qt::RoundCap);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    QPainterPath gate;
    gate.moveTo(s * 0.28, s * 0.80);
    gate.lineTo(s * 0.28, s * 0.45);
    gate.arcTo(QRectF(s * 0.28, s * 0.22, s * 0.44, s * 0.46), 180, -180);
    gate.lineTo(s * 0.72, s * 0.80);
    p.drawPath(gate);
    p.drawLine(QPointF(s * 0.28, s * 0.62), QPointF(s * 0.72, s * 0.62));
    p.restore();
}

} // namespace clawgate::ui
