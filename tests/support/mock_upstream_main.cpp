// clawgate-mock-upstream: the MockUpstream as a process, for benchmarks and the SDK tests.
// Prints "listening on http://127.0.0.1:PORT" once ready; programmable over /_mock/...
#include "mockupstream.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>

#include <sys/socket.h>
#include <unistd.h>

namespace {

int signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    // Only async-signal-safe work here; the event loop picks the byte up.
    [[maybe_unused]] const ssize_t n = ::write(signalPipe[1], &byte, 1);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("OpenAI-compatible mock upstream"));
    parser.addHelpOption();
    const QCommandLineOption portOption(QStringLiteral("port"),
                                        QStringLiteral("Port to listen on (0 = ephemeral)."),
                                        QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption noRecordOption(QStringLiteral("no-record"),
                                            QStringLiteral("Do not record requests (benchmarks)."));
    parser.addOption(portOption);
    parser.addOption(noRecordOption);
    parser.process(app);

    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) != 0)
        return 1;
    QSocketNotifier notifier(signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [&app] { app.quit(); });
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);
    std::signal(SIGPIPE, SIG_IGN);

    MockUpstream mock;
    mock.setRecording(!parser.isSet(noRecordOption));
    if (!mock.start(quint16(parser.value(portOption).toUInt())))
        return 1;
    std::printf("listening on http://127.0.0.1:%u\n", unsigned(mock.port()));
    std::fflush(stdout);
    const int rc = app.exec();
    mock.stop();
    return rc;
}
