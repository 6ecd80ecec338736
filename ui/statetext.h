// How the gateway's state reads to a user, the same in the window and the tray.
#pragma once

#include "service/gatewayservice.h"

#include <QCoreApplication>

namespace clawgate::ui {

// Starting or running: what Stop applies to.
inline bool isActive(GatewayState state)
{
    return state == GatewayState::Starting || state == GatewayState::Running;
}

QString statusText(const GatewayStatus &status);

} // namespace clawgate::ui
