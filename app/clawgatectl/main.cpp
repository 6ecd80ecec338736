// clawgatectl: the headless gateway (`serve`) and the commands that manage it.
#include "commandcontext.h"
#include "export/openclawmerge.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLocale>
#include <QTranslator>

using namespace clawgate;
using namespace clawgate::ctl;

namespace {

const char *const kCommands = QT_TRANSLATE_NOOP(
    "clawgatectl",
    "Commands:\n"
    "  serve                           run the gateway until SIGINT/SIGTERM\n"
    "  status                          is a gateway running, where, its backends' states\n"
    "                                  (exit 0 running, 3 not running, 1 on error)\n"
    "  models                          list model aliases, their backends and states\n"
    "  test ALIAS                      send a tiny request through each backend of ALIAS\n"
    "  chat ALIAS MESSAGE              ask ALIAS through the running gateway, streamed\n"
    "  key add NAME                    create a client key (printed once, on the last line)\n"
    "  key list | disable NAME | enable NAME | remove NAME\n"
    "  cooldown list                   backends cooling down now\n"
    "  cooldown set PROVIDER:MODEL D   D: 90s, 15m, 1h, 1d, 1w, 1mo or forever\n"
    "  cooldown clear PROVIDER:MODEL\n"
    "  secret set NAME                 store a secret in the OS keychain (value on stdin)\n"
    "  secret delete NAME | secret list\n"
    "  export openclaw                 print OpenClaw's provider entry for this gateway\n"
    "  export openclaw --apply         merge it into OpenClaw's config (a backup first)\n"
    "  export openclaw --api API       the protocol OpenClaw speaks to ClawGate:\n"
    "                                  openai-completions (default), anthropic-messages\n"
    "                                  or openai-responses\n"
    "  import FILE [--env FILE]        merge an aggregator's providers.json, a model registry\n"
    "                                  or a YAML models list into the configuration\n"
    "  import FILE --dry-run           show the result and write nothing\n");

// The command, found before QCoreApplication exists (its event loop depends on it).
QByteArray commandWord(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "--config" || arg == "--host" || arg == "--port" || arg == "--openclaw-config"
            || arg == "--api-key" || arg == "--api" || arg == "--env")
            ++i; // skip the option's value
        else if (!arg.startsWith('-'))
            return arg;
    }
    return {};
}

} // namespace

int main(int argc, char *argv[])
{
    // `serve` runs on Qt's plain UNIX event loop: the GLib one costs 10-20% of the gateway's
    // throughput (measured with bench/run.sh). QtKeychain's libsecret backend needs GLib's to
    // see its answers: every other command keeps it, and serve's keychain thread, started
    // later, gets it because the variable only applies while the application is created.
    const bool serve = commandWord(argc, argv) == "serve";
    if (serve)
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    if (serve) {
        qunsetenv("QT_NO_GLIB");
        qunsetenv("QT_NO_THREADED_GLIB");
    }
    QCoreApplication::setApplicationName(QStringLiteral("clawgate"));
    // No organization name: the configuration lives in ~/.config/clawgate/, not clawgate/clawgate/.
    QCoreApplication::setApplicationVersion(QStringLiteral(CLAWGATE_VERSION));
    QTranslator translator; // English needs none; zh_CN and others load when present
    if (translator.load(QLocale(), QStringLiteral("clawgate"), QStringLiteral("_"),
                        QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        Ctl::tr("ClawGate: one local endpoint and key for your LLM providers.\n\n%1")
            .arg(Ctl::tr(kCommands)));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption configOption(
        QStringLiteral("config"),
        Ctl::tr("Configuration file (default: %1).").arg(ConfigStore::defaultPath()),
        QStringLiteral("PATH"));
    const QCommandLineOption hostOption(
        QStringLiteral("host"), Ctl::tr("Address to listen on (serve)."), QStringLiteral("H"));
    const QCommandLineOption portOption(QStringLiteral("port"),
                                        Ctl::tr("Port to listen on (serve)."), QStringLiteral("N"));
    const QCommandLineOption verboseOption(QStringLiteral("verbose"),
                                           Ctl::tr("Log every request."));
    const QCommandLineOption applyOption(QStringLiteral("apply"),
                                         Ctl::tr("Merge into OpenClaw's configuration (export)."));
    const QCommandLineOption openClawConfigOption(
        QStringLiteral("openclaw-config"),
        Ctl::tr("OpenClaw's configuration file (export; default: %1).")
            .arg(OpenClawMerge::defaultConfigPath()),
        QStringLiteral("PATH"));
    const QCommandLineOption apiKeyOption(
        QStringLiteral("api-key"),
        Ctl::tr("Client key (export, chat; default: the key in the keychain)."),
        QStringLiteral("KEY"));
    const QCommandLineOption openClawApiOption(
        QStringLiteral("api"),
        Ctl::tr("The protocol OpenClaw speaks to ClawGate (export): %1; default: %2.")
            .arg(OpenClawSnippet::apiNameList(),
                 OpenClawSnippet::apiName(OpenClawApi::OpenAICompletions)),
        QStringLiteral("API"));
    const QCommandLineOption envOption(
        QStringLiteral("env"), Ctl::tr("The .env file that goes with the imported file (import)."),
        QStringLiteral("FILE"));
    const QCommandLineOption dryRunOption(
        QStringLiteral("dry-run"),
        Ctl::tr("Show the configuration the import makes; write nothing."));
    parser.addOptions({configOption, hostOption, portOption, verboseOption, applyOption,
                       openClawConfigOption, openClawApiOption, apiKeyOption, envOption,
                       dryRunOption});
    parser.addPositionalArgument(QStringLiteral("command"),
                                 Ctl::tr("What to do; see the list above."));
    if (!parser.parse(QCoreApplication::arguments()))
        return fail(parser.errorText());
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();

    CommandContext context;
    context.words = parser.positionalArguments();
    const QString command = context.words.isEmpty() ? QString() : context.words.takeFirst();
    context.configPath
        = parser.isSet(configOption) ? parser.value(configOption) : ConfigStore::defaultPath();
    context.verbose = parser.isSet(verboseOption);
    context.applyExport = parser.isSet(applyOption);
    if (parser.isSet(openClawConfigOption))
        context.openClawConfig = parser.value(openClawConfigOption);
    if (parser.isSet(openClawApiOption))
        context.openClawApi = parser.value(openClawApiOption);
    if (parser.isSet(apiKeyOption))
        context.apiKey = parser.value(apiKeyOption);
    if (parser.isSet(envOption))
        context.envFile = parser.value(envOption);
    context.dryRun = parser.isSet(dryRunOption);
    if (parser.isSet(hostOption))
        context.host = parser.value(hostOption);
    if (parser.isSet(portOption)) {
        bool ok = false;
        const uint port = parser.value(portOption).toUInt(&ok);
        if (!ok || port > 65535)
            return fail(Ctl::tr("--port must be a number from 0 to 65535"));
        context.port = quint16(port);
    }

    if (command == QLatin1String("serve"))
        return runServe(context);
    if (command == QLatin1String("key"))
        return runKey(context);
    if (command == QLatin1String("cooldown"))
        return runCooldown(context);
    if (command == QLatin1String("models"))
        return runModels(context);
    if (command == QLatin1String("secret"))
        return runSecret(context);
    if (command == QLatin1String("status"))
        return runStatus(context);
    if (command == QLatin1String("export"))
        return runExport(context);
    if (command == QLatin1String("test"))
        return runTest(context);
    if (command == QLatin1String("chat"))
        return runChat(context);
    if (command == QLatin1String("import"))
        return runImport(context);
    if (command.isEmpty())
        return fail(Ctl::tr("no command given; see 'clawgatectl --help'"));
    return fail(Ctl::tr("unknown command \"%1\"; see 'clawgatectl --help'").arg(command));
}
