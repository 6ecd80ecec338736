#include "firstrun.h"

#include "keys/clientkeys.h"
#include "store/configstore.h"
#include "store/secretstore.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QMessageBox>

Q_LOGGING_CATEGORY(lcFirstRun, "clawgate.ui.firstrun")

namespace clawgate::ui {

namespace {
class FirstRun
{
    Q_DECLARE_TR_FUNCTIONS(FirstRun)
};
} // namespace

QByteArray createInitialConfiguration(const QString &path, SecretStore &keychain, QString *error)
{
    const QByteArray key = ClientKeys::generate();
    ConfigStore store(path);
    const ConfigParseResult saved = store.save(ConfigStore::initialConfig(key));
    if (!saved.ok()) {
        *error = saved.errorLine();
        return {};
    }
    keychain.write(ClientKeys::defaultKeyKeychainName(), QString::fromLatin1(key),
                   [](const SecretResult &result) {
                       if (!result.ok())
                           qCWarning(lcFirstRun).noquote()
                               << "the client key could not be kept in the keychain:"
                               << result.error;
                   });
    return key;
}

void showWelcome(const QByteArray &key, QWidget *parent)
{
    auto *box = new QMessageBox(QMessageBox::Information, FirstRun::tr("Welcome to ClawGate"),
                                FirstRun::tr("ClawGate made a client key for you. Give it to "
                                             "your clients (OpenClaw, SDKs, agents) as their API "
                                             "key, with the base URL shown in the window's "
                                             "status line:\n\n%1\n\nIt is kept in your keychain.")
                                    .arg(QString::fromLatin1(key)),
                                QMessageBox::Ok, parent);
    box->setObjectName(QStringLiteral("welcomeMessageBox"));
    box->setTextInteractionFlags(Qt::TextSelectableByMouse);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace clawgate::ui
