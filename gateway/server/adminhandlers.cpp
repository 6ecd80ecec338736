#include "adminhandlers.h"

#include "clientconnection.h"
#include "routetable.h"
#include "routing/clock.h"
#include "routing/cooldownbook.h"
#include "routing/duration.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace clawgate {

void AdminHandlers::registerRoutes(RouteTable &routes)
{
    routes.add(
        "GET", QStringLiteral("/admin/cooldowns"),
        [this](const HttpRequest &r, ClientConnection &c) { listCooldowns(r, c); },
        RouteAccess::AdminToken);
    routes.add(
        "POST", QStringLiteral("/admin/cooldowns/set"),
        [this](const HttpRequest &r, ClientConnection &c) { setCooldown(r, c); },
        RouteAccess::AdminToken);
    routes.add(
        "POST", QStringLiteral("/admin/cooldowns/clear"),
        [this](const HttpRequest &r, ClientConnection &c) { clearCooldown(r, c); },
        RouteAccess::AdminToken);
}

bool AdminHandlers::authorized(const HttpRequest &request, ClientConnection &connection) const
{
    // The connection checked the token from the request head, before reading the body.
    if (request.admission.access == RouteAccess::AdminToken)
        return true;
    connection.respondError(ApiError::invalidAdminToken());
    return false;
}

void AdminHandlers::listCooldowns(const HttpRequest &request, ClientConnection &connection)
{
    if (!authorized(request, connection))
        return;
    const qint64 now = m_context.cooldowns->clock()->nowMs();
    QJsonArray list;
    const QList<CooldownState> states = m_context.cooldowns->activeCooldowns();
    for (const CooldownState &s : states)
        list.append(s.toJson(now));
    QJsonObject root;
    root.insert(QLatin1String("cooldowns"), list);
    connection.respondJson(root);
}

void AdminHandlers::setCooldown(const HttpRequest &request, ClientConnection &connection)
{
    if (!authorized(request, connection))
        return;
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    const QString backend = body.value(QLatin1String("backend")).toString();
    if (!m_context.config->hasBackend(backend))
        return connection.respondError(ApiError::badRequest(
            QStringLiteral("No backend \"%1\" in the configuration.").arg(backend),
            QStringLiteral("backend")));
    const QJsonValue seconds = body.value(QLatin1String("seconds"));
    if (!seconds.isNull() && !seconds.isUndefined()
        && (!seconds.isDouble() || seconds.toDouble() < 1
            || seconds.toDouble() > double(kMaxManualCooldownSeconds)))
        return connection.respondError(ApiError::badRequest(
            QStringLiteral("'seconds' must be a positive number up to %1 (10 years), or null for "
                           "no end.")
                .arg(kMaxManualCooldownSeconds),
            QStringLiteral("seconds")));
    // Saved by the book within a second, on a worker: the answer does not wait for the disk.
    m_context.cooldowns->setManual(
        backend,
        seconds.isDouble() ? std::optional<qint64>(qint64(seconds.toDouble())) : std::nullopt);
    const auto state = m_context.cooldowns->state(backend);
    connection.respondJson(state->toJson(m_context.cooldowns->clock()->nowMs()));
}

void AdminHandlers::clearCooldown(const HttpRequest &request, ClientConnection &connection)
{
    if (!authorized(request, connection))
        return;
    const QString backend
        = QJsonDocument::fromJson(request.body).object().value(QLatin1String("backend")).toString();
    const bool cleared = m_context.cooldowns->clear(backend);
    QJsonObject root;
    root.insert(QLatin1String("backend"), backend);
    root.insert(QLatin1String("cleared"), cleared);
    connection.respondJson(root);
}

} // namespace clawgate
