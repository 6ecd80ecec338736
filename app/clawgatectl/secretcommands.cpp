#include "commandcontext.h"
#include "store/indexedsecrets.h"
#include "store/keychainsecretstore.h"

#include <QEventLoop>
#include <QTextStream>

#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace clawgate::ctl {

namespace {

IndexedSecrets::Result waitFor(const std::function<void(IndexedSecrets::Callback)> &call)
{
    IndexedSecrets::Result result;
    QEventLoop loop;
    call([&](const IndexedSecrets::Result &r) {
        result = r;
        loop.quit();
    });
    loop.exec();
    return result;
}

// The value comes from stdin: typed without echo on a terminal, or piped in.
QString readSecretValue(const QString &name)
{
    const bool terminal = ::isatty(STDIN_FILENO);
    termios saved {};
    if (terminal) {
        std::fputs(Ctl::tr("Value for %1 (not shown): ").arg(name).toLocal8Bit().constData(),
                   stderr);
        tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    QTextStream in(stdin);
    QString value = terminal ? in.readLine() : in.readAll();
    if (terminal) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::fputc('\n', stderr);
    }
    while (value.endsWith(QLatin1Char('\n')) || value.endsWith(QLatin1Char('\r')))
        value.chop(1);
    return value;
}

} // namespace

int runSecret(const CommandContext &context)
{
    const QString verb = context.words.value(0);
    const QString name = context.words.value(1);
    const bool valid = (verb == QLatin1String("list") && context.words.size() == 1)
        || ((verb == QLatin1String("set") || verb == QLatin1String("delete"))
            && context.words.size() == 2);
    if (!valid)
        return fail(
            Ctl::tr("usage: clawgatectl secret set NAME (value on stdin) | delete NAME | list"));
    KeychainSecretStore store;
    IndexedSecrets secrets(store, ConfigStore(context.configPath).secretsIndexPath());
    if (verb == QLatin1String("list")) {
        const QStringList names = secrets.names();
        for (const QString &n : names)
            out(n);
        return 0;
    }
    if (!isValidSecretName(name))
        return fail(Ctl::tr("\"%1\" is not a valid secret name: use up to 128 letters, digits, "
                            "'.', '_' or '-', starting with a letter or digit")
                        .arg(name));
    if (verb == QLatin1String("set")) {
        const QString value = readSecretValue(name);
        if (value.isEmpty())
            return fail(Ctl::tr("no value given for %1 on standard input").arg(name));
        const IndexedSecrets::Result written
            = waitFor([&](auto done) { secrets.set(name, value, done); });
        if (!written.stored.ok())
            return fail(written.stored.error);
        if (!written.indexed)
            return fail(Ctl::tr("the secret is stored, but %1 could not be updated")
                            .arg(secrets.indexPath()));
        out(Ctl::tr("Stored %1 in the keychain; refer to it as \"keychain:%1\".").arg(name));
        return 0;
    }
    const IndexedSecrets::Result removed = waitFor([&](auto done) { secrets.remove(name, done); });
    if (!removed.stored.ok())
        return fail(removed.stored.error);
    if (!removed.indexed)
        return fail(
            Ctl::tr("the secret is deleted, but %1 could not be updated").arg(secrets.indexPath()));
    out(Ctl::tr("Deleted %1 from the keychain.").arg(name));
    return 0;
}

} // namespace clawgate::ctl
