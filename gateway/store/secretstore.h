// Where secrets live: an interface with asynchronous read/write/remove, so the gateway never
// needs to know whether the OS keychain or (in tests) memory answers. Results carry a status a
// caller can act on and a message that names the entry, never its value.
#pragma once

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>

namespace clawgate {

struct SecretResult
{
    enum class Status { Ok, NotFound, NoBackend, AccessDenied, Error };
    Status status = Status::Ok;
    QString value; // reads only
    QString error; // for people: what went wrong and what to do; never the secret
    bool ok() const { return status == Status::Ok; }
};

class SecretStore : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const SecretResult &)>;
    using QObject::QObject;

    // Callbacks run on the thread that owns the store, later (never inside the call).
    void read(const QString &name, Callback done);
    void write(const QString &name, const QString &value, Callback done);
    void remove(const QString &name, Callback done);

public Q_SLOTS:
    // For users on other threads, through a queued connection: reads `name` and answers with
    // readFinished().
    void requestRead(const QString &name);

Q_SIGNALS:
    void readFinished(const QString &name, const clawgate::SecretResult &result);
    // A value was written or removed through this store: whoever uses it should read it again.
    void secretChanged(const QString &name);

protected:
    virtual void readEntry(const QString &name, Callback done) = 0;
    virtual void writeEntry(const QString &name, const QString &value, Callback done) = 0;
    virtual void removeEntry(const QString &name, Callback done) = 0;
};

// For unit tests and for callers that must not touch the OS keychain.
class InMemorySecretStore final : public SecretStore
{
    Q_OBJECT
public:
    using SecretStore::SecretStore;

protected:
    void readEntry(const QString &name, Callback done) override;
    void writeEntry(const QString &name, const QString &value, Callback done) override;
    void removeEntry(const QString &name, Callback done) override;

private:
    void answer(Callback done, SecretResult result);
    QHash<QString, QString> m_values;
};

} // namespace clawgate
