#include "ctlprocess.h"

#include "store/statelocation.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <sys/stat.h>

QByteArray CtlResult::lastOutLine() const
{
    const QList<QByteArray> lines = outLines();
    return lines.isEmpty() ? QByteArray() : lines.last();
}

QByteArray CtlResult::describe() const
{
    return QByteArrayLiteral("exit ") + QByteArray::number(exitCode)
        + QByteArrayLiteral("\nstdout: ") + out + QByteArrayLiteral("\nstderr: ") + err;
}

QList<QByteArray> CtlResult::nonEmptyLines(const QByteArray &text)
{
    QList<QByteArray> lines;
    const QList<QByteArray> all = text.split('\n');
    for (const QByteArray &line : all) {
        if (!line.trimmed().isEmpty())
            lines.append(line);
    }
    return lines;
}

QString ctlPath()
{
    return qEnvironmentVariable("CLAWGATECTL");
}

QProcessEnvironment childEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("CLAWGATE_CTL_TEST_UNSET_KEY"));
    env.insert(QStringLiteral("XDG_STATE_HOME"), childStateHome());
    return env;
}

QProcessEnvironment childEnvironmentWithoutSessionBus(const QString &runtimeDir)
{
    QProcessEnvironment env = childEnvironment();
    for (const char *name : {"DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY"})
        env.remove(QString::fromLatin1(name));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtimeDir); // no bus socket there
    return env;
}

QString childStateHome()
{
    static QTemporaryDir dir;
    return dir.path();
}

QString childCooldownsPath(const QString &configPath)
{
    return clawgate::StateLocation::forConfig(configPath,
                                              childStateHome() + QStringLiteral("/clawgate"))
        + QStringLiteral("/cooldowns.json");
}

CtlResult runCtl(const QStringList &args, const QString &configPath, const QByteArray &input,
                 const QProcessEnvironment &env)
{
    QProcess process;
    process.setProcessEnvironment(env);
    QStringList all = args;
    if (!configPath.isEmpty())
        all << QStringLiteral("--config") << configPath;
    process.start(ctlPath(), all);
    CtlResult result;
    if (!process.waitForStarted(10000)) {
        result.err = process.errorString().toUtf8();
        return result;
    }
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished(5000);
    }
    result.exitCode = process.exitCode();
    result.exitStatus = process.exitStatus();
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

int fileMode(const QString &path)
{
    struct stat st = {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

QJsonObject readJson(const QString &path)
{
    return QJsonDocument::fromJson(readFile(path)).object();
}

TestHeaders bearer(const QByteArray &key)
{
    return {{QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + key}};
}

ServeProcess::ServeProcess(const QProcessEnvironment &env)
{
    m_process.setProcessEnvironment(env);
}

ServeProcess::~ServeProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool ServeProcess::start(const QString &configPath, const QStringList &extra)
{
    m_process.start(ctlPath(),
                    QStringList {QStringLiteral("serve"), QStringLiteral("--config"), configPath}
                        + extra);
    if (!m_process.waitForStarted(10000))
        return false;
    static const QRegularExpression listening(
        QStringLiteral("^listening on http://127\\.0\\.0\\.1:(\\d+)$"));
    QDeadlineTimer deadline(20000);
    while (!deadline.hasExpired()) {
        collect();
        const QList<QByteArray> lines = m_out.split('\n');
        for (int i = 0; i + 1 < lines.size(); ++i) { // complete lines only
            const QRegularExpressionMatch m = listening.match(QString::fromUtf8(lines.at(i)));
            if (m.hasMatch()) {
                m_port = quint16(m.captured(1).toUInt());
                m_linesBeforeListening = lines.mid(0, i);
                return m_port != 0;
            }
        }
        if (m_process.state() == QProcess::NotRunning)
            return false;
        m_process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
    }
    return false;
}

bool ServeProcess::stop()
{
    m_process.terminate();
    const bool stopped = m_process.waitForFinished(10000);
    collect();
    return stopped;
}

void ServeProcess::collect()
{
    m_out += m_process.readAllStandardOutput();
    m_err += m_process.readAllStandardError();
}

QString ServeProcess::url(const QString &path) const
{
    return QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path);
}

QByteArray ServeProcess::output()
{
    collect();
    return m_out + m_err;
}

QByteArray ServeProcess::errorOutput()
{
    collect();
    return m_err;
}

QByteArray ServeProcess::diagnostics()
{
    collect();
    return QByteArrayLiteral("stdout: ") + m_out + QByteArrayLiteral("\nstderr: ") + m_err;
}

QJsonObject ServeProcess::health() const
{
    return TestClient::get(url(QStringLiteral("/health"))).json();
}

QJsonObject ServeProcess::backendHealth(const QString &id) const
{
    const QJsonArray backends = health().value(QLatin1String("backends")).toArray();
    for (const QJsonValue &v : backends) {
        if (v.toObject().value(QLatin1String("backend")).toString() == id)
            return v.toObject();
    }
    return {};
}

QString ServeProcess::backendState(const QString &id) const
{
    return backendHealth(id).value(QLatin1String("state")).toString();
}

int ServeProcess::modelsStatus(const QByteArray &key) const
{
    return TestClient::get(url(QStringLiteral("/v1/models")), bearer(key)).status;
}
