// Turns SIGINT and SIGTERM into a Qt signal on the main thread (self-pipe trick), so `serve`
// and the tray app can stop the gateway gracefully instead of dying mid-request.
#pragma once

#include <QObject>

class QSocketNotifier;

namespace clawgate {

class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);

Q_SIGNALS:
    void terminationRequested(int signal);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace clawgate
