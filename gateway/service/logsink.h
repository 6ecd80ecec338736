// The gateway's own log lines for a GUI: a process-wide, thread-safe ring of the last lines
// logged under the `clawgate.*` categories, from any thread. Each reader keeps its place in
// the ring and takes what came since, so several views (or services) can read the same lines.
// It chains to the message handler that was there before, so logging still goes to stderr or
// the journal. The gateway never logs a secret, so neither does this.
#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QMutex>
#include <QString>

namespace clawgate {

struct LogLine
{
    qint64 sequence = 0; // increases by one per line, process-wide
    QDateTime time;
    QtMsgType level = QtInfoMsg;
    QString category; // "clawgate.gateway.proxy"
    QString message;
};

class LogSink
{
public:
    static constexpr int kCapacity = 2000;

    // Installs the handler on first use.
    static LogSink &instance();

    // The lines logged after `afterSequence` that are still in the ring (at most kCapacity).
    QList<LogLine> linesAfter(qint64 afterSequence) const;
    qint64 lastSequence() const;

private:
    LogSink();
    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &message);
    void append(QtMsgType type, const char *category, const QString &message);

    mutable QMutex m_mutex;
    QList<LogLine> m_ring; // oldest first once full: m_ring[m_next] is the oldest
    qsizetype m_next = 0;
    qint64 m_sequence = 0;
    QtMessageHandler m_previous = nullptr;
};

} // namespace clawgate

Q_DECLARE_METATYPE(clawgate::LogLine)
