// Sets and deletes secrets the one way every ClawGate program does it: the value in the secret
// store (the keychain), the name in the secret index beside the configuration. The keychain
// cannot list its entries everywhere, so `clawgatectl secret list` reads the index; and a
// running gateway watches the index to read a changed secret again. `clawgatectl secret` and
// the tray app both go through here, so a secret is listed whichever of them stored it.
#pragma once

#include "secretindex.h"
#include "secretstore.h"

namespace clawgate {

class IndexedSecrets
{
public:
    struct Result
    {
        SecretResult stored; // the store's answer
        bool indexed = false; // the index was updated (only tried when the store succeeded)
        bool ok() const { return stored.ok() && indexed; }
    };
    using Callback = std::function<void(const Result &)>;

    // `store` must outlive the answers of the calls made here; this object need not.
    IndexedSecrets(SecretStore &store, QString indexPath);

    QString indexPath() const { return m_index.path(); }
    QStringList names() const { return m_index.names(); }

    // Callbacks run later, on the store's thread, as the store's own do.
    void set(const QString &name, const QString &value, Callback done);
    // A name already missing from the store counts as deleted; it leaves the index all the same.
    void remove(const QString &name, Callback done);

private:
    SecretStore &m_store;
    SecretIndex m_index;
};

} // namespace clawgate
