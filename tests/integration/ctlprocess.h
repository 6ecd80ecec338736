// clawgatectl as a child process, the way a user runs it: one-shot commands (runCtl) and a
// running `serve` (ServeProcess) whose output is kept, so a test can check what it said.
#pragma once

#include "testclient.h"
#include "testfiles.h"

#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>

struct CtlResult
{
    int exitCode = -1;
    QProcess::ExitStatus exitStatus = QProcess::CrashExit;
    QByteArray out;
    QByteArray err;

    QList<QByteArray> outLines() const { return nonEmptyLines(out); }
    QList<QByteArray> errLines() const { return nonEmptyLines(err); }
    QByteArray lastOutLine() const;
    QByteArray describe() const;
    static QList<QByteArray> nonEmptyLines(const QByteArray &text);
};

QString ctlPath(); // $CLAWGATECTL, set by CTest
// Ours, minus the variables the tests rely on being unset, so that a stray export in the
// developer's shell cannot change a result.
// Its XDG_STATE_HOME is childStateHome(), so state a child writes stays out of the real home.
QProcessEnvironment childEnvironment();
QString childStateHome(); // a temporary directory that lives as long as the test process
// childEnvironment() with no session bus at all (and no display), its XDG_RUNTIME_DIR the
// empty `runtimeDir`, so no keychain can answer.
QProcessEnvironment childEnvironmentWithoutSessionBus(const QString &runtimeDir);
// Where a child started with `configPath` keeps its cooldowns.
QString childCooldownsPath(const QString &configPath);
CtlResult runCtl(const QStringList &args, const QString &configPath = {},
                 const QByteArray &input = {}, const QProcessEnvironment &env = childEnvironment());

int fileMode(const QString &path);
QJsonObject readJson(const QString &path);
TestHeaders bearer(const QByteArray &key);

// A running `clawgatectl serve`. Waits for its "listening on" line and remembers the port.
class ServeProcess
{
public:
    explicit ServeProcess(const QProcessEnvironment &env = childEnvironment());
    ~ServeProcess();

    // False when it exits or stays silent instead of printing "listening on http://...".
    bool start(const QString &configPath,
               const QStringList &extra = {QStringLiteral("--port"), QStringLiteral("0")});
    // SIGTERM, then waits; false when it did not stop in time.
    bool stop();

    QString url(const QString &path) const;
    quint16 port() const { return m_port; }
    QProcess &process() { return m_process; }
    QList<QByteArray> linesBeforeListening() const { return m_linesBeforeListening; }
    // Everything it printed so far, both streams.
    QByteArray output();
    QByteArray errorOutput(); // stderr only
    QByteArray diagnostics();

    QJsonObject health() const;
    QJsonObject backendHealth(const QString &id) const;
    QString backendState(const QString &id) const;
    int modelsStatus(const QByteArray &key) const;

private:
    void collect();

    QProcess m_process;
    QByteArray m_out;
    QByteArray m_err;
    QList<QByteArray> m_linesBeforeListening;
    quint16 m_port = 0;
};
