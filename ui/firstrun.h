// The tray app's first start without a configuration: it writes one with a fresh client key
// (the file keeps only the key's hash), keeps the key in the keychain, where the app can show
// it again, and tells the user once what the key is and where to use it.
#pragma once

#include <QString>

class QWidget;

namespace clawgate {
class SecretStore;
}

namespace clawgate::ui {

// Creates the configuration at `path`; returns the new key, or an empty string with `error` set.
QByteArray createInitialConfiguration(const QString &path, SecretStore &keychain, QString *error);

// A non-modal message with the key, selectable, and where to point clients.
void showWelcome(const QByteArray &key, QWidget *parent);

} // namespace clawgate::ui
