#include "statetext.h"

namespace clawgate::ui {

namespace {
class StateText
{
    Q_DECLARE_TR_FUNCTIONS(StateText)
public:
    static QString of(const GatewayStatus &status)
    {
        switch (status.state) {
        case GatewayState::Stopped: return tr("Stopped");
        case GatewayState::Starting: return tr("Starting…");
        case GatewayState::Running: return tr("Running at %1/v1").arg(status.url);
        case GatewayState::Stopping: return tr("Stopping: letting requests in flight finish…");
        case GatewayState::Failed: return tr("Could not start: %1").arg(status.error);
        }
        return {};
    }
};
} // namespace

QString statusText(const GatewayStatus &status)
{
    return StateText::of(status);
}

} // namespace clawgate::ui
