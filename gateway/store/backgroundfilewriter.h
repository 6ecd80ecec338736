// Writes one small file (a state snapshot) off the calling thread, so that a caller on an event
// loop never waits for the disk. Writes run one at a time on Qt's global thread pool, each
// atomically (QSaveFile, which syncs before renaming); content handed over while a write runs
// replaces any that is still waiting, so the newest content is always the one left on disk.
#pragma once

#include <QByteArray>
#include <QString>

#include <memory>

namespace clawgate {

class BackgroundFileWriter
{
public:
    explicit BackgroundFileWriter(const QString &path);
    ~BackgroundFileWriter(); // waits for the last write
    BackgroundFileWriter(const BackgroundFileWriter &) = delete;
    BackgroundFileWriter &operator=(const BackgroundFileWriter &) = delete;

    QString path() const;
    // Returns at once; the content is written soon, unless newer content replaces it first.
    void write(const QByteArray &content);
    // Blocks until everything handed over is on disk. Returns the last write's error, if any.
    QString waitForIdle();
    // How many writes reached the disk: for tests that check coalescing.
    int writesCompleted() const;

private:
    struct Shared;
    std::shared_ptr<Shared> m_shared;
};

} // namespace clawgate
