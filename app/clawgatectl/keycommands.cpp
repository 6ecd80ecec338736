#include "commandcontext.h"
#include "keys/clientkeys.h"

#include <QJsonArray>

namespace clawgate::ctl {

namespace {

int saveOrFail(ConfigStore &store, QJsonObject root)
{
    const ConfigParseResult saved = store.save(root);
    if (!saved.ok())
        return fail(saved.errorLine());
    return 0;
}

} // namespace

int runKey(const CommandContext &context)
{
    const QString verb = context.words.value(0);
    const QString name = context.words.value(1);
    const bool needsName = verb == QLatin1String("add") || verb == QLatin1String("disable")
        || verb == QLatin1String("enable") || verb == QLatin1String("remove");
    if (verb.isEmpty() || (needsName && name.isEmpty())
        || (!needsName && verb != QLatin1String("list")))
        return fail(Ctl::tr("usage: clawgatectl key add|disable|enable|remove NAME, or key list"));
    ConfigStore store(context.configPath);
    if (!loadStore(store))
        return 1;
    QJsonObject root = store.raw();
    if (verb == QLatin1String("list")) {
        for (const ClientKey &key : store.current()->clientKeys) {
            out(QStringLiteral("%1\t%2\t%3")
                    .arg(key.name, key.active ? Ctl::tr("active") : Ctl::tr("disabled"),
                         key.allowedModels.isEmpty() ? Ctl::tr("all models")
                                                     : key.allowedModels.join(QLatin1Char(','))));
        }
        return 0;
    }
    QString error;
    QByteArray plaintext;
    if (verb == QLatin1String("add")) {
        plaintext = ClientKeys::generate();
        error = ClientKeys::add(root, name, plaintext);
    } else if (verb == QLatin1String("remove")) {
        error = ClientKeys::remove(root, name);
    } else {
        error = ClientKeys::setStatus(root, name, verb == QLatin1String("enable"));
    }
    if (!error.isEmpty())
        return fail(error);
    if (const int rc = saveOrFail(store, root))
        return rc;
    if (verb == QLatin1String("add")) {
        out(Ctl::tr("Added key \"%1\". It is shown only now:").arg(name));
        out(QString::fromLatin1(plaintext));
    } else {
        out(Ctl::tr("Key \"%1\": %2 done.").arg(name, verb));
    }
    return 0;
}

} // namespace clawgate::ctl
