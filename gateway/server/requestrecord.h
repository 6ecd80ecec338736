// What happened to one client request, for the tray app's live log (and, later, usage
// accounting): who asked for what, which backends were tried and why each one failed, who
// answered, how fast, and with how many tokens. Built when the request is done, only when
// someone listens; it never holds a header value, a body or a secret.
#pragma once

#include "formats/streamusage.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace clawgate {

struct RequestAttempt
{
    QString backendId;
    QString outcome; // "ok", "HTTP 503", "connect failed: ...", "skipped: cooling down"
};

struct RequestRecord
{
    QDateTime startedAt;
    QString keyName; // the client key's name; empty when no keys are configured
    QString alias; // as routed, or as asked for when there was no such model
    QString endpoint; // "/v1/chat/completions"
    bool stream = false;
    QString backend; // the backend that answered; empty when none did
    int status = 0; // what the client got; 0 when it went away first
    QList<RequestAttempt> attempts; // every backend tried, in order
    qint64 latencyMs = 0; // until the answer was complete
    qint64 firstByteMs = -1; // until the client had the first byte of the answer
    std::optional<TokenUsage> usage; // as the upstream reported it
    QString error; // the gateway's own error message, when it answered with one
};

} // namespace clawgate

Q_DECLARE_METATYPE(clawgate::RequestRecord)
