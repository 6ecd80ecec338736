// The tray app's window on demand: nothing of it exists until it is opened, yet when it opens
// its live log shows the requests the gateway served before, and the gateway's messages from
// before.
#include "gatewayfixture.h"
#include "mainwindow.h"
#include "store/secretstore.h"
#include "windowondemand.h"

#include <QApplication>
#include <QPlainTextEdit>
#include <QTableView>
#include <QtTest>

using namespace clawgate;
using namespace clawgate::ui;

class TestWindowOnDemand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void liveLogHasWhatHappenedBeforeTheWindowOpened();

private:
    GatewayFixture m_fx;
    InMemorySecretStore m_secrets;
};

void TestWindowOnDemand::initTestCase()
{
    m_fx.addProvider(QStringLiteral("a"), QStringLiteral("a"));
    m_fx.addProvider(QStringLiteral("b"), QStringLiteral("b"));
    m_fx.addModel(QStringLiteral("chat"), {QStringLiteral("a:ma"), QStringLiteral("b:mb")});
    QVERIFY(m_fx.start());
}

void TestWindowOnDemand::liveLogHasWhatHappenedBeforeTheWindowOpened()
{
    WindowOnDemand window(*m_fx.service(), m_secrets);
    QSignalSpy batches(m_fx.service(), &GatewayService::requestsFinished);
    m_fx.mock->enqueue(QStringLiteral("a"), MockBehavior::error(503)); // fails over: a message
    QVERIFY(m_fx.chat(GatewayFixture::chatBody(QStringLiteral("chat"))).ok());
    QVERIFY(m_fx.chat(GatewayFixture::chatBody(QStringLiteral("chat"))).ok());
    QTRY_VERIFY([&batches] {
        int records = 0;
        for (const QList<QVariant> &batch : std::as_const(batches))
            records += int(batch.at(0).value<QList<RequestRecord>>().size());
        return records == 2;
    }());
    QVERIFY(!window.isBuilt());
    QVERIFY(QApplication::topLevelWidgets().isEmpty());

    window.show();
    QVERIFY(window.isBuilt());
    window.window().showPage(QStringLiteral("liveLogPage"));
    auto *requests = window.window().findChild<QTableView *>(QStringLiteral("requestTable"));
    QCOMPARE(requests->model()->rowCount(), 2);
    auto *messages = window.window().findChild<QPlainTextEdit *>(QStringLiteral("gatewayLogView"));
    QVERIFY2(messages->toPlainText().contains(QLatin1String("a:ma")),
             qPrintable(messages->toPlainText()));
    QVERIFY(messages->toPlainText().contains(QLatin1String("503")));
}

QTEST_MAIN(TestWindowOnDemand)
#include "tst_windowondemand.moc"
