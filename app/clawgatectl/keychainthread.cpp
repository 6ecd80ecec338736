#include "keychainthread.h"

#include "commandcontext.h"

#include "store/keychainsecretstore.h"

#include <QAbstractEventDispatcher>
#include <QCoreApplication>
#include <QEventLoop>
#include <QPointer>
#include <QTimer>

#include <optional>

namespace clawgate::ctl {

KeychainThread::KeychainThread()
    : m_store(std::make_unique<KeychainSecretStore>())
{
    m_thread.setObjectName(QStringLiteral("clawgate-keychain"));
    m_store->moveToThread(&m_thread);
    m_thread.start();
#ifdef Q_OS_LINUX
    QMetaObject::invokeMethod(
        m_store.get(),
        [this] {
            m_usable = QAbstractEventDispatcher::instance()->inherits("QEventDispatcherGlib");
        },
        Qt::BlockingQueuedConnection);
    if (!m_usable)
        fail(Ctl::tr("the keychain thread has no GLib event loop, so keychain: references "
                     "cannot be read"));
#else
    m_usable = true;
#endif
}

KeychainThread::~KeychainThread()
{
    m_thread.quit();
    m_thread.wait();
}

SecretStore *KeychainThread::store() const
{
    return m_usable ? m_store.get() : nullptr;
}

SecretResult KeychainThread::write(const QString &name, const QString &value, int timeoutMs)
{
    if (!m_usable)
        return {SecretResult::Status::NoBackend,
                {},
                QStringLiteral("this process cannot reach the keychain")};
    // The answer may come after the wait gave up: it must not touch this stack frame then.
    auto answer = std::make_shared<std::optional<SecretResult>>();
    QEventLoop loop;
    QPointer<QEventLoop> waiting(&loop);
    QMetaObject::invokeMethod(m_store.get(), [store = m_store.get(), name, value, answer, waiting] {
        store->write(name, value, [answer, waiting](const SecretResult &r) {
            QMetaObject::invokeMethod(qApp, [answer, waiting, r] {
                *answer = r;
                if (waiting)
                    waiting->quit();
            });
        });
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    if (*answer)
        return **answer;
    return {SecretResult::Status::Error,
            {},
            QStringLiteral("the keychain did not answer within %1 s").arg(timeoutMs / 1000)};
}

} // namespace clawgate::ctl
