// KeychainSecrets: how the gateway learns the values behind `keychain:NAME`. The store answers
// from another thread (as QtKeychain does in `clawgatectl serve`); reads that fail are retried;
// a write through the store or a change of the secret index makes it read again; every batch of
// answers that changes something is announced once.
#include "store/keychainsecrets.h"
#include "store/secretindex.h"
#include "store/secretstore.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <atomic>

using namespace clawgate;

namespace {

// Answers like the in-memory store, but the next `failures` reads of a name fail as if no
// keychain were running.
class FlakySecretStore final : public SecretStore
{
    Q_OBJECT
public:
    QHash<QString, QString> values;
    QHash<QString, int> failures;
    QSet<QString> silent; // reads of these never answer (a prompt nobody answers)
    int answerDelayMs = 0; // the answer carries the value of when it was asked
    std::atomic<int> reads {0};

protected:
    void readEntry(const QString &name, Callback done) override
    {
        ++reads;
        if (silent.contains(name))
            return;
        SecretResult result;
        if (failures.value(name) > 0) {
            --failures[name];
            result = {SecretResult::Status::NoBackend,
                      {},
                      QStringLiteral("no keychain (Secret Service) is running: %1").arg(name)};
        } else if (!values.contains(name)) {
            result = {SecretResult::Status::NotFound,
                      {},
                      QStringLiteral("keychain locked or entry missing: %1").arg(name)};
        } else {
            result.value = values.value(name);
        }
        QTimer::singleShot(answerDelayMs, this, [done, result] { done(result); });
    }
    void writeEntry(const QString &name, const QString &value, Callback done) override
    {
        values.insert(name, value);
        QMetaObject::invokeMethod(
            this, [done] { done({}); }, Qt::QueuedConnection);
    }
    void removeEntry(const QString &name, Callback done) override
    {
        values.remove(name);
        QMetaObject::invokeMethod(
            this, [done] { done({}); }, Qt::QueuedConnection);
    }
};

// The store on a thread of its own, as in `clawgatectl serve`.
struct StoreThread
{
    StoreThread()
    {
        store.moveToThread(&thread);
        thread.start();
    }
    ~StoreThread()
    {
        thread.quit();
        thread.wait();
    }
    // Runs `f` on the store's thread and waits for it.
    void onStoreThread(const std::function<void()> &f)
    {
        QMetaObject::invokeMethod(&store, f, Qt::BlockingQueuedConnection);
    }
    FlakySecretStore store;
    QThread thread;
};

QString valueOf(const KeychainSecrets &secrets, const QString &name)
{
    return secrets.lookup()(name).value.value_or(QStringLiteral("<none>"));
}

} // namespace

class TestKeychainSecrets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsFromAnotherThreadAndSettles();
    void unreadableEntriesAreRetried();
    void writeThroughTheStoreIsReadAgain();
    void everyIndexSaveChangesItsContent();
    void indexChangeRereadsEverything();
    void namesNoLongerUsedAreForgotten();
    void aReadThatNeverAnswersGivesUp();
    void aNewValueDuringAReadIsReadAgain();
    void withoutAStoreEveryReferenceExplainsWhy();
};

void TestKeychainSecrets::readsFromAnotherThreadAndSettles()
{
    StoreThread t;
    t.onStoreThread([&] {
        t.store.values.insert(QStringLiteral("a"), QStringLiteral("value-a"));
        t.store.values.insert(QStringLiteral("b"), QStringLiteral("value-b"));
    });
    KeychainSecrets secrets(&t.store);
    QSignalSpy changed(&secrets, &KeychainSecrets::changed);
    QSignalSpy settled(&secrets, &KeychainSecrets::settled);
    QVERIFY(secrets.lookup()(QStringLiteral("a")).problem.isEmpty()); // not asked yet
    QVERIFY(!secrets.lookup()(QStringLiteral("a")).value);

    secrets.require({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("missing")});
    QVERIFY(!secrets.hasSettled());
    QVERIFY(settled.wait(5000));
    QCOMPARE(changed.count(), 1); // one announcement for the whole batch
    QVERIFY(secrets.hasSettled());
    QCOMPARE(valueOf(secrets, QStringLiteral("a")), QStringLiteral("value-a"));
    QCOMPARE(valueOf(secrets, QStringLiteral("b")), QStringLiteral("value-b"));
    const KeychainEntry missing = secrets.lookup()(QStringLiteral("missing"));
    QVERIFY(!missing.value);
    QCOMPARE(missing.problem, QStringLiteral("keychain locked or entry missing: missing"));

    // Requiring the same names again reads nothing: the answers are known.
    const int reads = t.store.reads.load();
    secrets.require({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("missing")});
    QTest::qWait(50);
    QCOMPARE(t.store.reads.load(), reads);
    QCOMPARE(settled.count(), 1);
}

void TestKeychainSecrets::unreadableEntriesAreRetried()
{
    StoreThread t;
    t.onStoreThread([&] {
        t.store.values.insert(QStringLiteral("k"), QStringLiteral("value-k"));
        t.store.failures.insert(QStringLiteral("k"), 2); // the keychain starts late
    });
    KeychainSecrets secrets(&t.store);
    secrets.setRetryInterval(50);
    QSignalSpy changed(&secrets, &KeychainSecrets::changed);
    secrets.require({QStringLiteral("k")});
    QVERIFY(changed.wait(5000));
    QVERIFY2(secrets.lookup()(QStringLiteral("k")).problem.contains(QLatin1String("no keychain")),
             qPrintable(secrets.lookup()(QStringLiteral("k")).problem));
    // The second failure says the same thing: no announcement. The third read succeeds.
    QTRY_COMPARE_WITH_TIMEOUT(valueOf(secrets, QStringLiteral("k")), QStringLiteral("value-k"),
                              5000);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(t.store.reads.load(), 3);
    QTest::qWait(200); // nothing left to retry
    QCOMPARE(t.store.reads.load(), 3);
}

void TestKeychainSecrets::writeThroughTheStoreIsReadAgain()
{
    StoreThread t;
    KeychainSecrets secrets(&t.store);
    QSignalSpy changed(&secrets, &KeychainSecrets::changed);
    secrets.require({QStringLiteral("k")});
    QVERIFY(changed.wait(5000));
    QVERIFY(!secrets.lookup()(QStringLiteral("k")).value);

    // The GUI stores a value through the same store: the gateway picks it up.
    QMetaObject::invokeMethod(&t.store, [&t] {
        t.store.write(QStringLiteral("k"), QStringLiteral("new-value"), [](auto) {});
    });
    QVERIFY(changed.wait(5000));
    QCOMPARE(valueOf(secrets, QStringLiteral("k")), QStringLiteral("new-value"));
}

void TestKeychainSecrets::everyIndexSaveChangesItsContent()
{
    // Saves one right after another, as fast as the disk allows (on tmpfs, several within one
    // millisecond): the running gateway compares contents, so each must differ from the last.
    QTemporaryDir dir;
    SecretIndex index(dir.filePath(QStringLiteral("secrets.json")));
    QByteArray previous;
    for (int i = 0; i < 50; ++i) {
        QVERIFY(index.add(QStringLiteral("k")));
        QFile file(index.path());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray content = file.readAll();
        QVERIFY2(content != previous, content.constData());
        previous = content;
    }
    QCOMPARE(index.generation(), 50);
    QCOMPARE(index.names(), QStringList {QStringLiteral("k")});
}

void TestKeychainSecrets::indexChangeRereadsEverything()
{
    QTemporaryDir dir;
    SecretIndex index(dir.filePath(QStringLiteral("secrets.json")));
    QVERIFY(index.add(QStringLiteral("k")));
    StoreThread t;
    t.onStoreThread([&] { t.store.values.insert(QStringLiteral("k"), QStringLiteral("old")); });
    KeychainSecrets secrets(&t.store);
    secrets.watchIndex(index.path());
    QSignalSpy changed(&secrets, &KeychainSecrets::changed);
    secrets.require({QStringLiteral("k")});
    QVERIFY(changed.wait(5000));
    QCOMPARE(valueOf(secrets, QStringLiteral("k")), QStringLiteral("old"));

    // Another process (`clawgatectl secret set k`) replaces the value, then touches the index
    // even though the list of names stays the same.
    t.onStoreThread([&] { t.store.values.insert(QStringLiteral("k"), QStringLiteral("new")); });
    QVERIFY(index.add(QStringLiteral("k")));
    QVERIFY(changed.wait(5000));
    QCOMPARE(valueOf(secrets, QStringLiteral("k")), QStringLiteral("new"));
}

void TestKeychainSecrets::namesNoLongerUsedAreForgotten()
{
    StoreThread t;
    t.onStoreThread([&] { t.store.values.insert(QStringLiteral("k"), QStringLiteral("v")); });
    KeychainSecrets secrets(&t.store);
    QSignalSpy changed(&secrets, &KeychainSecrets::changed);
    secrets.require({QStringLiteral("k")});
    QVERIFY(changed.wait(5000));
    QCOMPARE(valueOf(secrets, QStringLiteral("k")), QStringLiteral("v"));
    secrets.require({}); // the provider was removed from the configuration
    QVERIFY(!secrets.lookup()(QStringLiteral("k")).value);
}

void TestKeychainSecrets::aReadThatNeverAnswersGivesUp()
{
    StoreThread t;
    t.onStoreThread([&] {
        t.store.values.insert(QStringLiteral("ok"), QStringLiteral("v"));
        t.store.silent.insert(QStringLiteral("hung"));
    });
    KeychainSecrets secrets(&t.store);
    secrets.setAnswerTimeout(100);
    secrets.setRetryInterval(60000);
    QSignalSpy settled(&secrets, &KeychainSecrets::settled);
    secrets.require({QStringLiteral("ok"), QStringLiteral("hung")});
    QVERIFY(settled.wait(5000)); // not held up by the read that never answers
    QCOMPARE(valueOf(secrets, QStringLiteral("ok")), QStringLiteral("v"));
    const QString problem = secrets.lookup()(QStringLiteral("hung")).problem;
    QVERIFY2(problem.contains(QLatin1String("did not answer")), qPrintable(problem));
    QVERIFY(problem.contains(QLatin1String("hung")));
}

void TestKeychainSecrets::aNewValueDuringAReadIsReadAgain()
{
    StoreThread t;
    t.onStoreThread([&] {
        t.store.values.insert(QStringLiteral("k"), QStringLiteral("old"));
        t.store.answerDelayMs = 500; // time to replace the value meanwhile
    });
    KeychainSecrets secrets(&t.store);
    QSignalSpy changed(&secrets, &KeychainSecrets::changed);
    secrets.require({QStringLiteral("k")});
    QTRY_COMPARE_WITH_TIMEOUT(t.store.reads.load(), 1, 5000); // the read of "old" is under way
    t.onStoreThread([&] { t.store.values.insert(QStringLiteral("k"), QStringLiteral("new")); });
    secrets.refreshAll(); // as when `secret set` touches the index
    QVERIFY(changed.wait(5000));
    QCOMPARE(valueOf(secrets, QStringLiteral("k")), QStringLiteral("new"));
    QCOMPARE(changed.count(), 1); // the outdated answer was never used
}

void TestKeychainSecrets::withoutAStoreEveryReferenceExplainsWhy()
{
    KeychainSecrets secrets(nullptr);
    QSignalSpy settled(&secrets, &KeychainSecrets::settled);
    secrets.require({QStringLiteral("k")});
    QCOMPARE(settled.count(), 1); // nothing to wait for
    const KeychainEntry entry = secrets.lookup()(QStringLiteral("k"));
    QVERIFY(!entry.value);
    QVERIFY2(entry.problem.contains(QLatin1String("${ENV_VAR}")), qPrintable(entry.problem));
}

QTEST_GUILESS_MAIN(TestKeychainSecrets)
#include "tst_keychainsecrets.moc"
