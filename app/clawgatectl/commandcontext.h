// What every clawgatectl command receives: its words, the global options, and helpers to
// print results and failures the same way everywhere (results on stdout, one clear line on
// stderr for a failure, non-zero exit).
#pragma once

#include "store/configstore.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QStringList>
#include <QTimer>

#include <optional>

namespace clawgate::ctl {

class Ctl
{
    Q_DECLARE_TR_FUNCTIONS(clawgatectl)
};

struct CommandContext
{
    QStringList words; // after the command name, e.g. {"add", "laptop"} for "key add laptop"
    QString configPath;
    std::optional<QString> host;
    std::optional<quint16> port;
    bool verbose = false;
    // export openclaw
    bool applyExport = false; // --apply
    std::optional<QString> openClawConfig; // --openclaw-config
    std::optional<QString> openClawApi; // --api, checked by the export
    std::optional<QString> apiKey; // --api-key (export, chat)
    // import
    std::optional<QString> envFile; // --env
    bool dryRun = false; // --dry-run
};

void out(const QString &line);
int fail(const QString &message); // prints to stderr, returns the exit code 1

// Loads the configuration for a command that edits or reads it; prints the reason and returns
// false when it cannot.
bool loadStore(ConfigStore &store);

// Resolves the configuration's `keychain:` references from the OS keychain (this process runs
// GLib's event loop, which QtKeychain needs), so that provider states are what a running
// gateway would see. Waits at most `timeoutMs`.
void resolveKeychainReferences(ConfigStore &store, int timeoutMs = 10000);

// The default client key, as the first start stored it in the keychain; an empty string after
// printing why there is none (each reason ends with "pass the client key with --api-key KEY").
QString defaultClientKey();

// Runs the event loop until `sender` emits `signal`, or `timeoutMs` has passed.
template<typename Sender, typename Signal>
void waitForSignal(const Sender *sender, Signal signal, int timeoutMs)
{
    QEventLoop loop;
    QObject::connect(sender, signal, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
}

int runServe(const CommandContext &context);
int runKey(const CommandContext &context);
int runCooldown(const CommandContext &context);
int runModels(const CommandContext &context);
int runSecret(const CommandContext &context);
int runStatus(const CommandContext &context); // exit 0 running, 3 not running, 1 error
int runExport(const CommandContext &context);
int runTest(const CommandContext &context);
int runImport(const CommandContext &context);
int runChat(const CommandContext &context);

} // namespace clawgate::ctl
