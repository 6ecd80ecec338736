#include "backendstatemodel.h"

#include <QDateTime>

namespace clawgate::ui {

BackendStateModel::BackendStateModel(GatewayService &service, QObject *parent)
    : QAbstractTableModel(parent)
    , m_now([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    m_countdown.setInterval(1000);
    connect(&m_countdown, &QTimer::timeout, this, &BackendStateModel::tick);
    connect(&service, &GatewayService::backendsChanged, this, &BackendStateModel::setBackends);
    setBackends(service.backends());
}

int BackendStateModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_backends.size());
}

int BackendStateModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BackendStateModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_backends.size())
        return {};
    const BackendStatus &b = m_backends.at(index.row());
    if (role == BackendIdRole)
        return b.backendId;
    if (role == CoolingRole)
        return b.isCooling(m_now());
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case AliasColumn: return b.position == 0 ? b.alias : QString();
    case BackendColumn: return QStringLiteral("%1. %2").arg(b.position + 1).arg(b.backendId);
    case StateColumn: return stateText(b);
    case ReasonColumn: return reasonText(b);
    case TimeLeftColumn: return timeLeftText(b);
    default: return {};
    }
}

QVariant BackendStateModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case AliasColumn: return tr("Model");
    case BackendColumn: return tr("Backend");
    case StateColumn: return tr("State");
    case ReasonColumn: return tr("Reason");
    case TimeLeftColumn: return tr("Time left");
    default: return {};
    }
}

QString BackendStateModel::formatTimeLeft(qint64 milliseconds)
{
    const qint64 seconds = (std::max<qint64>(milliseconds, 0) + 999) / 1000;
    const qint64 days = seconds / 86400;
    const qint64 hours = seconds % 86400 / 3600;
    const qint64 minutes = seconds % 3600 / 60;
    if (days > 0)
        return tr("%1 d %2 h").arg(days).arg(hours);
    if (hours > 0)
        return tr("%1 h %2 min").arg(hours).arg(minutes);
    if (minutes > 0)
        return tr("%1 min %2 s").arg(minutes).arg(seconds % 60);
    return tr("%1 s").arg(seconds);
}

// The same backends in the same order (the usual case: a cooldown changed) update in place,
// so a view keeps its selection and scroll position.
void BackendStateModel::setBackends(const QList<BackendStatus> &backends)
{
    bool sameRows = backends.size() == m_backends.size();
    for (qsizetype i = 0; sameRows && i < backends.size(); ++i)
        sameRows = backends.at(i).alias == m_backends.at(i).alias
            && backends.at(i).backendId == m_backends.at(i).backendId;
    if (sameRows) {
        m_backends = backends;
    } else {
        beginResetModel();
        m_backends = backends;
        endResetModel();
    }
    tick();
}

// Once a second while something is cooling: the countdown column moves, and a cooldown that
// has run out shows as over.
void BackendStateModel::tick()
{
    const qint64 now = m_now();
    bool anyCooling = false;
    for (const BackendStatus &b : std::as_const(m_backends))
        anyCooling = anyCooling || b.isCooling(now);
    if (!m_backends.isEmpty())
        Q_EMIT dataChanged(index(0, StateColumn), index(rowCount() - 1, TimeLeftColumn));
    if (anyCooling && !m_countdown.isActive())
        m_countdown.start();
    else if (!anyCooling)
        m_countdown.stop();
}

QString BackendStateModel::stateText(const BackendStatus &b) const
{
    if (!b.enabled)
        return tr("Disabled");
    if (!b.unavailableReason.isEmpty())
        return tr("Unavailable");
    if (b.isCooling(m_now()))
        return tr("Cooling down");
    return tr("Ready");
}

QString BackendStateModel::reasonText(const BackendStatus &b) const
{
    if (!b.unavailableReason.isEmpty())
        return b.unavailableReason;
    if (!b.isCooling(m_now()))
        return b.consecutiveFailures > 0
            ? tr("%n failure(s) in a row", nullptr, b.consecutiveFailures)
            : QString();
    if (b.cooldownReason == QLatin1String("manual"))
        return tr("Set by you");
    return b.cooldownDetail.isEmpty() ? b.cooldownReason : b.cooldownDetail;
}

QString BackendStateModel::timeLeftText(const BackendStatus &b) const
{
    const qint64 now = m_now();
    if (!b.isCooling(now))
        return QString();
    if (b.coolingUntilMs == BackendStatus::kCoolingForever)
        return tr("Until cleared");
    return formatTimeLeft(b.coolingUntilMs - now);
}

} // namespace clawgate::ui
