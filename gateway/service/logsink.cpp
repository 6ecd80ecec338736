#include "logsink.h"

#include <QMutexLocker>

namespace clawgate {

LogSink &LogSink::instance()
{
    static LogSink sink;
    return sink;
}

LogSink::LogSink()
{
    m_ring.reserve(kCapacity);
    m_previous = qInstallMessageHandler(&LogSink::handle);
}

void LogSink::handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    LogSink &sink = instance();
    if (context.category && qstrncmp(context.category, "clawgate.", 9) == 0)
        sink.append(type, context.category, message);
    if (sink.m_previous)
        sink.m_previous(type, context, message);
    else
        qt_message_output(type, context, message);
}

void LogSink::append(QtMsgType type, const char *category, const QString &message)
{
    LogLine line {0, QDateTime::currentDateTime(), type, QString::fromLatin1(category), message};
    const QMutexLocker lock(&m_mutex);
    line.sequence = ++m_sequence;
    if (m_ring.size() < kCapacity) {
        m_ring.append(std::move(line));
        return;
    }
    m_ring[m_next] = std::move(line);
    m_next = (m_next + 1) % kCapacity;
}

QList<LogLine> LogSink::linesAfter(qint64 afterSequence) const
{
    const QMutexLocker lock(&m_mutex);
    QList<LogLine> out;
    const qint64 first = std::max<qint64>(afterSequence + 1, m_sequence - m_ring.size() + 1);
    out.reserve(qsizetype(std::max<qint64>(0, m_sequence - first + 1)));
    for (qint64 seq = first; seq <= m_sequence; ++seq) {
        // The oldest line sits at m_next once the ring is full, at 0 before.
        const qint64 age = m_sequence - seq; // 0 for the newest
        const qsizetype newest = (m_next + m_ring.size() - 1) % m_ring.size();
        out.append(m_ring.at((newest - age + m_ring.size() * 2) % m_ring.size()));
    }
    return out;
}

qint64 LogSink::lastSequence() const
{
    const QMutexLocker lock(&m_mutex);
    return m_sequence;
}

} // namespace clawgate
