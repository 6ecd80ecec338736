// The Models page against a real gateway: dragging a backend to the top, unticking one, or
// moving one with the buttons is saved at once and the very next request follows the new
// order; alias fields land in the file; aliases and backends can be added and removed; a
// change the gateway refuses is undone on the page with the reason; a change made while the
// gateway is stopped is kept for its next start.
#include "backendordermodel.h"
#include "gatewayfixture.h"
#include "modelspage.h"

#include <QComboBox>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMimeData>
#include <QPushButton>
#include <QSpinBox>
#include <QtTest>

using namespace clawgate;
using namespace clawgate::ui;

class TestModelsPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void dragToTheTopRoutesTheNextRequest();
    void untickTakesABackendOutOfRouting();
    void moveButtonsReorder();
    void aliasFieldsAreSaved();
    void addAndRemoveAnAlias();
    void orderChangedWhileStoppedRoutesAfterTheStart();

private:
    QByteArray servedBy(const QString &alias) const;
    QJsonObject fileAlias(const QString &alias) const;
    bool waitSaved();
    template<typename T> T *child(const char *name) const
    {
        return m_page->findChild<T *>(QLatin1String(name));
    }

    GatewayFixture m_fx;
    std::unique_ptr<GatewayService> m_service;
    std::unique_ptr<ModelsPage> m_page;
};

void TestModelsPage::initTestCase()
{
    m_fx.addProvider(QStringLiteral("a"), QStringLiteral("a"));
    m_fx.addProvider(QStringLiteral("b"), QStringLiteral("b"));
    m_fx.addProvider(QStringLiteral("c"), QStringLiteral("c"));
    m_fx.addModel(QStringLiteral("chat"),
                  {QStringLiteral("a:ma"), QStringLiteral("b:mb"), QStringLiteral("c:mc")});
    m_fx.writeConfig();
    GatewayOptions options;
    options.configPath = m_fx.configPath();
    options.port = 0;
    m_service = std::make_unique<GatewayService>(options);
    m_page = std::make_unique<ModelsPage>(*m_service);
    m_page->resize(900, 500);
    m_page->show();
    m_service->start();
    QTRY_COMPARE(m_service->status().state, GatewayState::Running);
    QTRY_COMPARE(m_page->backendModel()->rowCount(), 3);
}

void TestModelsPage::init()
{
    if (m_service->status().state != GatewayState::Running) {
        m_service->start();
        QTRY_COMPARE(m_service->status().state, GatewayState::Running);
    }
    m_page->selectAlias(QStringLiteral("chat"));
}

QByteArray TestModelsPage::servedBy(const QString &alias) const
{
    return TestClient::post(m_service->status().url + QLatin1String("/v1/chat/completions"),
                            GatewayFixture::chatBody(alias), m_fx.auth())
        .header("x-clawgate-backend");
}

QJsonObject TestModelsPage::fileAlias(const QString &alias) const
{
    QFile file(m_fx.configPath());
    file.open(QIODevice::ReadOnly);
    for (const QJsonValue &m : QJsonDocument::fromJson(file.readAll())
                                   .object()
                                   .value(QLatin1String("models"))
                                   .toArray()) {
        if (m.toObject().value(QLatin1String("alias")).toString() == alias)
            return m.toObject();
    }
    return {};
}

// Waits for the page's save to be answered.
bool TestModelsPage::waitSaved()
{
    QSignalSpy results(m_service.get(), &GatewayService::commandFinished);
    if (!results.wait(5000))
        return false;
    return results.first().at(0).value<CommandResult>().ok;
}

void TestModelsPage::dragToTheTopRoutesTheNextRequest()
{
    QCOMPARE(servedBy(QStringLiteral("chat")), QByteArrayLiteral("a:ma"));
    // What a drag of row 3 onto the top of the list hands to the model.
    BackendOrderModel *model = m_page->backendModel();
    std::unique_ptr<QMimeData> drag(model->mimeData({model->index(2)}));
    QVERIFY(model->canDropMimeData(drag.get(), Qt::MoveAction, 0, 0, {}));
    model->dropMimeData(drag.get(), Qt::MoveAction, 0, 0, {});
    QCOMPARE(model->index(0).data().toString(), QStringLiteral("1. c:mc"));
    QVERIFY(waitSaved());
    QCOMPARE(servedBy(QStringLiteral("chat")), QByteArrayLiteral("c:mc"));
    const QJsonArray order
        = fileAlias(QStringLiteral("chat")).value(QLatin1String("backends")).toArray();
    QCOMPARE(order.at(0).toObject().value(QLatin1String("provider")).toString(),
             QStringLiteral("c"));
    QCOMPARE(order.size(), 3);
}

void TestModelsPage::untickTakesABackendOutOfRouting()
{
    BackendOrderModel *model = m_page->backendModel();
    const QString first = model->index(0).data().toString().section(QLatin1Char(' '), 1);
    QVERIFY(model->setData(model->index(0), Qt::Unchecked, Qt::CheckStateRole));
    QVERIFY(waitSaved());
    QVERIFY(servedBy(QStringLiteral("chat")) != first.toLatin1());
    QTRY_COMPARE(model->index(0).data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
    QVERIFY(model->setData(model->index(0), Qt::Checked, Qt::CheckStateRole));
    QVERIFY(waitSaved());
    QCOMPARE(servedBy(QStringLiteral("chat")), first.toLatin1());
    // Enabled is the default: the file does not say it.
    QVERIFY(!fileAlias(QStringLiteral("chat"))
                 .value(QLatin1String("backends"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .contains(QLatin1String("enabled")));
}

void TestModelsPage::moveButtonsReorder()
{
    auto *view = child<QListView>("backendOrderView");
    BackendOrderModel *model = m_page->backendModel();
    const QString second = model->index(1).data().toString().section(QLatin1Char(' '), 1);
    view->setCurrentIndex(model->index(1));
    QTest::mouseClick(child<QPushButton>("moveBackendUpButton"), Qt::LeftButton);
    QVERIFY(waitSaved());
    QCOMPARE(servedBy(QStringLiteral("chat")), second.toLatin1());
    QTRY_COMPARE(model->index(0).data().toString(), QStringLiteral("1. ") + second);
    view->setCurrentIndex(model->index(0));
    QTest::mouseClick(child<QPushButton>("moveBackendDownButton"), Qt::LeftButton);
    QVERIFY(waitSaved());
    QTRY_COMPARE(model->index(1).data().toString(), QStringLiteral("2. ") + second);
}

void TestModelsPage::aliasFieldsAreSaved()
{
    auto *name = child<QLineEdit>("displayNameEdit");
    name->setText(QStringLiteral("General chat"));
    Q_EMIT name->editingFinished();
    QVERIFY(waitSaved());
    auto *context = child<QSpinBox>("contextWindowSpinBox");
    context->setValue(131072);
    Q_EMIT context->editingFinished();
    QVERIFY(waitSaved());
    const QJsonObject alias = fileAlias(QStringLiteral("chat"));
    QCOMPARE(alias.value(QLatin1String("displayName")).toString(), QStringLiteral("General chat"));
    QCOMPARE(alias.value(QLatin1String("contextWindow")).toInt(), 131072);
    QTRY_COMPARE(m_service->config()->findAlias(QStringLiteral("chat"))->contextWindow, 131072);
}

void TestModelsPage::addAndRemoveAnAlias()
{
    auto *name = child<QLineEdit>("newAliasEdit");
    name->setText(QStringLiteral("coder"));
    // Without its first backend there is nothing to save, and the page says what is missing.
    QTest::mouseClick(child<QPushButton>("addAliasButton"), Qt::LeftButton);
    QVERIFY(child<QLabel>("modelsResultLabel")->text().contains(QLatin1String("first backend")));
    child<QComboBox>("newAliasProviderComboBox")->setCurrentText(QStringLiteral("b"));
    child<QLineEdit>("newAliasModelEdit")->setText(QStringLiteral("mb-coder"));
    QTest::mouseClick(child<QPushButton>("addAliasButton"), Qt::LeftButton);
    QVERIFY(waitSaved());
    auto *list = child<QListWidget>("aliasList");
    QTRY_COMPARE(list->currentItem() ? list->currentItem()->text() : QString(),
                 QStringLiteral("coder"));
    QCOMPARE(servedBy(QStringLiteral("coder")), QByteArrayLiteral("b:mb-coder"));
    // A second backend for it, through the add row on the right.
    child<QComboBox>("newBackendProviderComboBox")->setCurrentText(QStringLiteral("c"));
    child<QLineEdit>("newBackendModelEdit")->setText(QStringLiteral("mc-coder"));
    QTest::mouseClick(child<QPushButton>("addBackendButton"), Qt::LeftButton);
    QVERIFY(waitSaved());
    QTRY_COMPARE(m_page->backendModel()->rowCount(), 2);
    // Removing the last backend is refused by the gateway, and the page says why.
    auto *view = child<QListView>("backendOrderView");
    for (int i = 0; i < 2; ++i) {
        view->setCurrentIndex(m_page->backendModel()->index(0));
        QTest::mouseClick(child<QPushButton>("removeBackendButton"), Qt::LeftButton);
        QVERIFY(i == 0 ? waitSaved() : !waitSaved());
    }
    QTRY_VERIFY(
        child<QLabel>("modelsResultLabel")->text().contains(QLatin1String("at least one backend")));
    QTRY_COMPARE(m_page->backendModel()->rowCount(), 1);

    QTest::mouseClick(child<QPushButton>("removeAliasButton"), Qt::LeftButton);
    QVERIFY(waitSaved());
    const TestResponse gone
        = TestClient::post(m_service->status().url + QLatin1String("/v1/chat/completions"),
                           GatewayFixture::chatBody(QStringLiteral("coder")), m_fx.auth());
    QCOMPARE(gone.status, 404);
    QVERIFY(fileAlias(QStringLiteral("coder")).isEmpty());
}

// While the gateway is stopped a new order is still saved, and the next start routes by it.
void TestModelsPage::orderChangedWhileStoppedRoutesAfterTheStart()
{
    BackendOrderModel *model = m_page->backendModel();
    const QString last = model->index(2).data().toString().section(QLatin1Char(' '), 1);
    m_service->stop();
    QTRY_COMPARE(m_service->status().state, GatewayState::Stopped);
    model->moveRows({}, 2, 1, {}, 0);
    QVERIFY(waitSaved());
    m_service->start();
    QTRY_COMPARE(m_service->status().state, GatewayState::Running);
    QCOMPARE(servedBy(QStringLiteral("chat")), last.toLatin1());
}

QTEST_MAIN(TestModelsPage)
#include "tst_modelspage.moc"
