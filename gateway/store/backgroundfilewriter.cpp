#include "backgroundfilewriter.h"

#include <QLoggingCategory>
#include <QMutex>
#include <QSaveFile>
#include <QThreadPool>
#include <QWaitCondition>

#include <optional>

Q_LOGGING_CATEGORY(lcStateFile, "clawgate.store.state")

namespace clawgate {

// Shared with the worker, which may still be finishing when the owner starts to go away.
struct BackgroundFileWriter::Shared
{
    QString path;
    QMutex mutex;
    QWaitCondition idle;
    std::optional<QByteArray> pending; // newest content not yet taken by the worker
    bool working = false;
    QString lastError;
    int writes = 0;

    // Runs on the pool: drains `pending` until nothing new arrived during the last write.
    void drain()
    {
        QMutexLocker lock(&mutex);
        while (pending) {
            const QByteArray content = *std::exchange(pending, std::nullopt);
            lock.unlock();
            const QString error = writeFile(content);
            lock.relock();
            if (!error.isEmpty() && error != lastError)
                qCWarning(lcStateFile).noquote() << error; // once, not at every retry
            lastError = error;
            ++writes;
        }
        working = false;
        idle.wakeAll();
    }

    QString writeFile(const QByteArray &content) const
    {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly)
            || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
            || file.write(content) != content.size() || !file.commit())
            return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return {};
    }
};

BackgroundFileWriter::BackgroundFileWriter(const QString &path)
    : m_shared(std::make_shared<Shared>())
{
    m_shared->path = path;
}

BackgroundFileWriter::~BackgroundFileWriter()
{
    waitForIdle();
}

QString BackgroundFileWriter::path() const
{
    return m_shared->path;
}

void BackgroundFileWriter::write(const QByteArray &content)
{
    QMutexLocker lock(&m_shared->mutex);
    m_shared->pending = content;
    if (m_shared->working)
        return; // the running worker takes it after its current write
    m_shared->working = true;
    QThreadPool::globalInstance()->start([shared = m_shared] { shared->drain(); });
}

QString BackgroundFileWriter::waitForIdle()
{
    QMutexLocker lock(&m_shared->mutex);
    while (m_shared->working)
        m_shared->idle.wait(&m_shared->mutex);
    return m_shared->lastError;
}

int BackgroundFileWriter::writesCompleted() const
{
    QMutexLocker lock(&m_shared->mutex);
    return m_shared->writes;
}

} // namespace clawgate
