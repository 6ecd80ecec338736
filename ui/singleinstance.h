// A second launch of the tray app raises the first one's window instead of starting a second
// gateway. The first instance listens on a local socket named after its configuration; a
// later one finds it there, asks it to show itself, and exits.
#pragma once

#include <QLocalServer>
#include <QObject>

namespace clawgate::ui {

class SingleInstance : public QObject
{
    Q_OBJECT
public:
    explicit SingleInstance(const QString &configPath, QObject *parent = nullptr);

    // True when another instance for this configuration answered and was asked to show itself.
    bool raiseRunningInstance();
    // Starts listening for later launches; false when the name cannot be taken.
    bool listen();

Q_SIGNALS:
    void raiseRequested();

private:
    QString m_name;
    QLocalServer m_server;
};

} // namespace clawgate::ui
