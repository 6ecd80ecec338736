// The source of "now" for cooldown arithmetic, injected so tests can move time by hand instead
// of sleeping.
#pragma once

#include <QDateTime>

namespace clawgate {

class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0; // milliseconds since the Unix epoch
};

class SystemClock final : public Clock
{
public:
    qint64 nowMs() const override { return QDateTime::currentMSecsSinceEpoch(); }
    static Clock *instance()
    {
        static SystemClock clock;
        return &clock;
    }
};

} // namespace clawgate
