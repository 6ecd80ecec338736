// What every request handler shares: the configuration in force, the cooldown book, the
// upstream client, and counters. Lives on the gateway thread; handlers keep their own
// ConfigPtr for the length of a request, so a reload never changes a request mid-way.
#pragma once

#include "bodybudget.h"
#include "requestrecord.h"
#include "store/config.h"

#include <QByteArray>

#include <functional>

namespace clawgate {

class CooldownBook;
class CurlMulti;
class TokenCache;

struct GatewayContext
{
    ConfigPtr config;
    CooldownBook *cooldowns = nullptr;
    CurlMulti *curl = nullptr;
    TokenCache *tokens = nullptr; // login tokens of providers whose auth needsToken()
    QByteArray adminTokenSha256Hex; // guards /admin/...
    bool loopbackOnly = true; // bound to a loopback address
    quint16 port = 0; // the port actually listened on
    int inFlight = 0; // requests being answered now
    int connections = 0; // client connections open now
    BodyBudget bodyBudget; // request bodies being received or answered, all connections
    bool stopping = false;
    // Hears of every finished API request, when set (the tray app's live log); unset, no
    // record is even built.
    std::function<void(RequestRecord &&)> requestFinished;
};

} // namespace clawgate
