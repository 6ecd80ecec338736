// How many bytes of request bodies all connections together may hold at once. QHttpServer 6.4
// keeps a whole body in memory (more than once) before any handler sees it; without a shared
// bound, many concurrent uploads could make the gateway hold maxConnections x maxBodyBytes.
// A request reserves its Content-Length when its head is admitted (a chunked body piece by
// piece as it arrives) and gives it back when its response is done.
#pragma once

#include <QtGlobal>

namespace clawgate {

class BodyBudget
{
public:
    bool tryReserve(qint64 bytes)
    {
        if (bytes > m_limit - m_used)
            return false;
        m_used += bytes;
        return true;
    }
    void release(qint64 bytes) { m_used -= bytes; }

    qint64 used() const { return m_used; }
    qint64 limit() const { return m_limit; }
    void setLimit(qint64 limit) { m_limit = limit; } // a lower limit applies to new requests

private:
    qint64 m_limit = 0;
    qint64 m_used = 0;
};

} // namespace clawgate
