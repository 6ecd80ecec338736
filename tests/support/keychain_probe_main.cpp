// clawgate-keychain-probe: one clawgate::KeychainSecretStore operation in a process of its own,
// for tests that hand it a private Secret Service through the environment (QtKeychain/libsecret
// use the session bus of the whole process). It never prints a secret.
//
//   clawgate-keychain-probe [--service S] [--retry-delay-ms N] read NAME
//       stdin: the value the test expects; prints whether the value read matched it
//   clawgate-keychain-probe [--service S] [--retry-delay-ms N] write NAME
//       stdin: the value to store
//   clawgate-keychain-probe [--service S] [--retry-delay-ms N] remove NAME
//
// Prints "status: Ok|NotFound|NoBackend|AccessDenied|Error" and "error: MESSAGE", for a read
// also "matches: yes|no"; exits 0 when the status is Ok, 1 when not, 2 on a usage error and 3
// when the store did not answer within 30 s. Trailing newlines of stdin are dropped, as
// `clawgatectl secret set` does. The service defaults to clawgatectl's ("clawgate").
#include "store/keychainsecretstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QTimer>

#include <cstdio>
#include <optional>

using namespace clawgate;

namespace {

const char *statusName(SecretResult::Status status)
{
    switch (status) {
    case SecretResult::Status::Ok: return "Ok";
    case SecretResult::Status::NotFound: return "NotFound";
    case SecretResult::Status::NoBackend: return "NoBackend";
    case SecretResult::Status::AccessDenied: return "AccessDenied";
    case SecretResult::Status::Error: return "Error";
    }
    return "?";
}

QString readStdin()
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return {};
    QString value = QString::fromUtf8(in.readAll());
    while (value.endsWith(QLatin1Char('\n')) || value.endsWith(QLatin1Char('\r')))
        value.chop(1);
    return value;
}

void print(const QString &line)
{
    std::fputs(line.toUtf8().constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption serviceOption(QStringLiteral("service"),
                                           QStringLiteral("Keychain service name."),
                                           QStringLiteral("service"), QStringLiteral("clawgate"));
    const QCommandLineOption retryOption(QStringLiteral("retry-delay-ms"),
                                         QStringLiteral("Delay before the one retry."),
                                         QStringLiteral("ms"));
    parser.addOptions({serviceOption, retryOption});
    parser.addPositionalArgument(QStringLiteral("operation"), QStringLiteral("read|write|remove"));
    parser.addPositionalArgument(QStringLiteral("name"), QStringLiteral("Entry name."));
    parser.process(app);
    const QStringList args = parser.positionalArguments();
    const QString operation = args.value(0);
    const QString name = args.value(1);
    if (args.size() != 2
        || (operation != QLatin1String("read") && operation != QLatin1String("write")
            && operation != QLatin1String("remove"))) {
        std::fputs("usage: clawgate-keychain-probe [--service S] [--retry-delay-ms N] "
                   "read|write|remove NAME\n",
                   stderr);
        return 2;
    }
    const QString input = operation == QLatin1String("remove") ? QString() : readStdin();

    KeychainSecretStore store(parser.value(serviceOption));
    if (parser.isSet(retryOption))
        store.setRetryDelayMs(parser.value(retryOption).toInt());

    std::optional<SecretResult> result;
    QEventLoop loop;
    const auto done = [&](const SecretResult &r) {
        result = r;
        loop.quit();
    };
    if (operation == QLatin1String("read"))
        store.read(name, done);
    else if (operation == QLatin1String("write"))
        store.write(name, input, done);
    else
        store.remove(name, done);
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    if (!result)
        loop.exec();
    if (!result) {
        print(QStringLiteral("status: Timeout"));
        return 3;
    }
    print(QStringLiteral("status: ") + QLatin1String(statusName(result->status)));
    print(QStringLiteral("error: ") + result->error);
    if (operation == QLatin1String("read"))
        print(QStringLiteral("matches: ")
              + QLatin1String(result->ok() && result->value == input ? "yes" : "no"));
    return result->ok() ? 0 : 1;
}
