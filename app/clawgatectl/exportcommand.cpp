// `export openclaw`: the provider entry OpenClaw needs to use this gateway, printed, or merged
// into OpenClaw's own configuration (--apply) for machines without the tray app.
#include "commandcontext.h"
#include "export/openclawmerge.h"
#include "store/adminclient.h"

#include <QDateTime>
#include <QUrl>

#include <cstdio>

namespace clawgate::ctl {

namespace {

int applyToOpenClaw(const QString &path, const OpenClawProvider &provider)
{
    const OpenClawApplyResult result
        = OpenClawMerge::apply(path, provider, QDateTime::currentDateTime());
    switch (result.outcome) {
    case OpenClawApplyResult::Outcome::Created:
        out(Ctl::tr("Created %1 with the clawgate provider.").arg(path));
        return 0;
    case OpenClawApplyResult::Outcome::Updated:
        out(Ctl::tr("Updated models.providers.clawgate in %1; the previous file is at %2.")
                .arg(path, result.backupPath));
        return 0;
    case OpenClawApplyResult::Outcome::Unchanged:
        out(Ctl::tr("%1 already has this clawgate provider; nothing changed.").arg(path));
        return 0;
    case OpenClawApplyResult::Outcome::Refused: break;
    }
    return fail(Ctl::tr("left %1 untouched: %2").arg(path, result.error));
}

} // namespace

int runExport(const CommandContext &context)
{
    if (context.words != QStringList {QStringLiteral("openclaw")})
        return fail(Ctl::tr("usage: clawgatectl export openclaw [--apply] [--openclaw-config "
                            "PATH] [--api-key KEY] [--api API]"));
    const std::optional<OpenClawApi> api = context.openClawApi
        ? OpenClawSnippet::apiFromName(*context.openClawApi)
        : OpenClawApi::OpenAICompletions;
    if (!api)
        return fail(Ctl::tr("--api must be one of %1, not \"%2\"")
                        .arg(OpenClawSnippet::apiNameList(), *context.openClawApi));
    ConfigStore store(context.configPath);
    if (!loadStore(store))
        return 1;
    const Config &config = *store.current();
    const QString apiKey = context.apiKey ? *context.apiKey : defaultClientKey();
    if (apiKey.isEmpty())
        return context.apiKey ? fail(Ctl::tr("--api-key must not be empty")) : 1;
    // The port the gateway really listens on: --port, else the running gateway's (the
    // configuration may say 0, "any free port"), else the configured one.
    std::optional<quint16> port = context.port;
    if (!port) {
        if (const auto admin = AdminClient::connect(store.adminTokenPath(),
                                                    context.host.value_or(config.server.host)))
            port = quint16(QUrl(admin->baseUrl()).port());
        else if (config.server.port != 0)
            port = config.server.port;
    }
    if (!port || *port == 0)
        return fail(Ctl::tr("the configuration lets the gateway pick any free port "
                            "(server.port 0) and no gateway runs now: start it first, or give "
                            "--port"));
    const QString address
        = OpenClawSnippet::gatewayAddress(context.host.value_or(config.server.host), *port);
    const OpenClawProvider provider = OpenClawSnippet::provider(config, address, apiKey, *api);
    if (context.applyExport)
        return applyToOpenClaw(context.openClawConfig.value_or(OpenClawMerge::defaultConfigPath()),
                               provider);
    std::fputs(OpenClawSnippet::document(provider).constData(), stdout);
    std::fflush(stdout);
    return 0;
}

} // namespace clawgate::ctl
