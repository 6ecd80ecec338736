// The Cooldowns page against a real gateway: every backend is listed with its state; choosing
// a duration cools the selected backend down (the gateway then routes around it) with a live
// countdown; Clear brings it back; a command the gateway refuses says why on the page.
#include "backendstatemodel.h"
#include "cooldownspage.h"
#include "gatewayfixture.h"

#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableView>
#include <QtTest>

using namespace clawgate;
using namespace clawgate::ui;

class TestCooldownsPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void listsEveryBackend();
    void coolDownForAnHourThenClear();
    void untilClearedAndCustom();
    void refusalIsShown();
    void timeLeftReadsNaturally_data();
    void timeLeftReadsNaturally();
    void emptyConfigurationExplainsItself();

private:
    void selectBackend(const QString &backendId);
    QString cell(const QString &backendId, int column) const;
    QPushButton *button(const char *name) const;

    GatewayFixture m_fx;
    std::unique_ptr<GatewayService> m_service;
    std::unique_ptr<CooldownsPage> m_page;
};

void TestCooldownsPage::initTestCase()
{
    m_fx.addProvider(QStringLiteral("a"), QStringLiteral("a"));
    m_fx.addProvider(QStringLiteral("b"), QStringLiteral("b"));
    m_fx.addModel(QStringLiteral("chat"), {QStringLiteral("a:ma"), QStringLiteral("b:mb")});
    m_fx.writeConfig();
    GatewayOptions options;
    options.configPath = m_fx.configPath();
    options.port = 0;
    m_service = std::make_unique<GatewayService>(options);
    m_page = std::make_unique<CooldownsPage>(*m_service);
    m_page->resize(900, 400);
    m_page->show();
    m_service->start();
    QTRY_COMPARE(m_service->status().state, GatewayState::Running);
    QTRY_COMPARE(m_page->model()->rowCount(), 2);
}

QPushButton *TestCooldownsPage::button(const char *name) const
{
    return m_page->findChild<QPushButton *>(QLatin1String(name));
}

void TestCooldownsPage::selectBackend(const QString &backendId)
{
    auto *table = m_page->findChild<QTableView *>(QStringLiteral("cooldownsTable"));
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        const QModelIndex index = table->model()->index(row, 0);
        if (index.data(BackendStateModel::BackendIdRole).toString() == backendId) {
            table->selectRow(row);
            return;
        }
    }
    QFAIL("no such backend row");
}

QString TestCooldownsPage::cell(const QString &backendId, int column) const
{
    const QAbstractItemModel *model = m_page->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(BackendStateModel::BackendIdRole).toString() == backendId)
            return model->index(row, column).data().toString();
    }
    return QStringLiteral("<missing>");
}

void TestCooldownsPage::listsEveryBackend()
{
    QCOMPARE(cell(QStringLiteral("a:ma"), BackendStateModel::StateColumn), QStringLiteral("Ready"));
    QCOMPARE(cell(QStringLiteral("b:mb"), BackendStateModel::BackendColumn),
             QStringLiteral("2. b:mb"));
    QCOMPARE(cell(QStringLiteral("a:ma"), BackendStateModel::AliasColumn), QStringLiteral("chat"));
    // Nothing selected: nothing to act on.
    QVERIFY(!button("coolHourButton")->isEnabled());
}

void TestCooldownsPage::coolDownForAnHourThenClear()
{
    selectBackend(QStringLiteral("a:ma"));
    QVERIFY(button("coolHourButton")->isEnabled());
    QTest::mouseClick(button("coolHourButton"), Qt::LeftButton);
    QTRY_COMPARE(cell(QStringLiteral("a:ma"), BackendStateModel::StateColumn),
                 QStringLiteral("Cooling down"));
    QCOMPARE(cell(QStringLiteral("a:ma"), BackendStateModel::ReasonColumn),
             QStringLiteral("Set by you"));
    const QString left = cell(QStringLiteral("a:ma"), BackendStateModel::TimeLeftColumn);
    QVERIFY2(left == QStringLiteral("1 h 0 min") || left == QStringLiteral("59 min 59 s")
                 || left.startsWith(QStringLiteral("59 min")),
             qPrintable(left));
    // The gateway itself routes around it now.
    const TestResponse r
        = TestClient::post(m_service->status().url + QLatin1String("/v1/chat/completions"),
                           GatewayFixture::chatBody(QStringLiteral("chat")), m_fx.auth());
    QCOMPARE(r.header("x-clawgate-backend"), QByteArrayLiteral("b:mb"));
    // The countdown moves on its own.
    QTRY_VERIFY_WITH_TIMEOUT(cell(QStringLiteral("a:ma"), BackendStateModel::TimeLeftColumn)
                                 .startsWith(QStringLiteral("59 min")),
                             3000);

    selectBackend(QStringLiteral("a:ma")); // the selection survives updates, but be explicit
    QTest::mouseClick(button("clearCooldownButton"), Qt::LeftButton);
    QTRY_COMPARE(cell(QStringLiteral("a:ma"), BackendStateModel::StateColumn),
                 QStringLiteral("Ready"));
    QCOMPARE(cell(QStringLiteral("a:ma"), BackendStateModel::TimeLeftColumn), QString());
}

void TestCooldownsPage::untilClearedAndCustom()
{
    selectBackend(QStringLiteral("b:mb"));
    QTest::mouseClick(button("coolForeverButton"), Qt::LeftButton);
    QTRY_COMPARE(cell(QStringLiteral("b:mb"), BackendStateModel::TimeLeftColumn),
                 QStringLiteral("Until cleared"));
    auto *amount = m_page->findChild<QSpinBox *>(QStringLiteral("customAmountSpinBox"));
    amount->setValue(3);
    auto *unit = m_page->findChild<QComboBox *>(QStringLiteral("customUnitComboBox"));
    unit->setCurrentIndex(2); // days
    QTest::mouseClick(button("coolCustomButton"), Qt::LeftButton);
    QTRY_VERIFY(cell(QStringLiteral("b:mb"), BackendStateModel::TimeLeftColumn)
                    .startsWith(QStringLiteral("2 d 23 h")));
    QTest::mouseClick(button("clearCooldownButton"), Qt::LeftButton);
    QTRY_COMPARE(cell(QStringLiteral("b:mb"), BackendStateModel::StateColumn),
                 QStringLiteral("Ready"));
}

void TestCooldownsPage::refusalIsShown()
{
    selectBackend(QStringLiteral("a:ma"));
    m_service->stop();
    QTRY_COMPARE(m_service->status().state, GatewayState::Stopped);
    QTest::mouseClick(button("coolDayButton"), Qt::LeftButton);
    auto *result = m_page->findChild<QLabel *>(QStringLiteral("cooldownResultLabel"));
    QTRY_VERIFY(result->text().contains(QLatin1String("not running")));
    m_service->start();
    QTRY_COMPARE(m_service->status().state, GatewayState::Running);
}

void TestCooldownsPage::timeLeftReadsNaturally_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("text");
    QTest::newRow("seconds round up") << qint64(1500) << QStringLiteral("2 s");
    QTest::newRow("minutes") << qint64(61 * 1000) << QStringLiteral("1 min 1 s");
    QTest::newRow("hours") << qint64(3600 * 1000) << QStringLiteral("1 h 0 min");
    QTest::newRow("days") << qint64((2 * 86400 + 3 * 3600) * 1000LL) << QStringLiteral("2 d 3 h");
    QTest::newRow("past is zero") << qint64(-5000) << QStringLiteral("0 s");
}

void TestCooldownsPage::timeLeftReadsNaturally()
{
    QFETCH(qint64, ms);
    QFETCH(QString, text);
    QCOMPARE(BackendStateModel::formatTimeLeft(ms), text);
}

void TestCooldownsPage::emptyConfigurationExplainsItself()
{
    GatewayFixture empty;
    empty.writeConfig();
    GatewayOptions options;
    options.configPath = empty.configPath();
    options.port = 0;
    GatewayService service(options);
    CooldownsPage page(service);
    page.show();
    service.start();
    QTRY_COMPARE(service.status().state, GatewayState::Running);
    auto *stack = page.findChild<QStackedWidget *>();
    auto *label = page.findChild<QLabel *>(QStringLiteral("cooldownsEmptyLabel"));
    QTRY_COMPARE(stack->currentWidget(), label);
    QVERIFY(label->text().contains(QLatin1String("No backends yet")));
}

QTEST_MAIN(TestCooldownsPage)
#include "tst_cooldownspage.moc"
