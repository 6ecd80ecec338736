// The Keys page against a real gateway: a key made here works at once and its plaintext is
// shown once (the file keeps only its hash); disabling, enabling and removing it take effect
// on the very next request; bad names are refused with a reason.
#include "gatewayfixture.h"
#include "keyspage.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QtTest>

using namespace clawgate;
using namespace clawgate::ui;

class TestKeysPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void keyLifecycle();
    void badNamesAreRefused();

private:
    int statusWith(const QByteArray &key) const;
    void selectKey(const QString &name);
    void click(const char *button);
    bool waitSaved();

    GatewayFixture m_fx;
    std::unique_ptr<GatewayService> m_service;
    std::unique_ptr<KeysPage> m_page;
};

void TestKeysPage::initTestCase()
{
    m_fx.addProvider(QStringLiteral("a"), QStringLiteral("a"));
    m_fx.addModel(QStringLiteral("chat"), {QStringLiteral("a:ma")});
    m_fx.writeConfig();
    GatewayOptions options;
    options.configPath = m_fx.configPath();
    options.port = 0;
    m_service = std::make_unique<GatewayService>(options);
    m_page = std::make_unique<KeysPage>(*m_service);
    m_page->show();
    m_service->start();
    QTRY_COMPARE(m_service->status().state, GatewayState::Running);
    QTRY_COMPARE(m_page->findChild<QTableView *>()->model()->rowCount(), 1);
}

int TestKeysPage::statusWith(const QByteArray &key) const
{
    return TestClient::get(
               m_service->status().url + QLatin1String("/v1/models"),
               {{QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + key}})
        .status;
}

void TestKeysPage::selectKey(const QString &name)
{
    auto *table = m_page->findChild<QTableView *>(QStringLiteral("keysTable"));
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        if (table->model()->index(row, 0).data().toString() == name)
            return table->selectRow(row);
    }
    QFAIL("no such key");
}

void TestKeysPage::click(const char *button)
{
    QTest::mouseClick(m_page->findChild<QPushButton *>(QLatin1String(button)), Qt::LeftButton);
}

bool TestKeysPage::waitSaved()
{
    QSignalSpy results(m_service.get(), &GatewayService::commandFinished);
    return results.wait(5000) && results.first().at(0).value<CommandResult>().ok;
}

void TestKeysPage::keyLifecycle()
{
    m_page->findChild<QLineEdit *>(QStringLiteral("newKeyNameEdit"))
        ->setText(QStringLiteral("laptop"));
    click("addKeyButton");
    QVERIFY(waitSaved());
    auto *shown = m_page->findChild<QLineEdit *>(QStringLiteral("newKeyEdit"));
    QTRY_VERIFY(shown->isVisible());
    const QByteArray key = shown->text().toLatin1();
    QVERIFY(key.startsWith("sk-"));
    QCOMPARE(statusWith(key), 200);
    QFile file(m_fx.configPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY2(!file.readAll().contains(key), "the plaintext key must not be in the file");

    QTRY_COMPARE(m_page->findChild<QTableView *>()->model()->rowCount(), 2);
    selectKey(QStringLiteral("laptop"));
    click("disableKeyButton");
    QVERIFY(waitSaved());
    QCOMPARE(statusWith(key), 401);
    QVERIFY(!shown->isVisible()); // shown once only
    selectKey(QStringLiteral("laptop"));
    click("enableKeyButton");
    QVERIFY(waitSaved());
    QCOMPARE(statusWith(key), 200);
    selectKey(QStringLiteral("laptop"));
    click("removeKeyButton");
    QVERIFY(waitSaved());
    QCOMPARE(statusWith(key), 401);
    QTRY_COMPARE(m_page->findChild<QTableView *>()->model()->rowCount(), 1);
}

void TestKeysPage::badNamesAreRefused()
{
    auto *name = m_page->findChild<QLineEdit *>(QStringLiteral("newKeyNameEdit"));
    auto *result = m_page->findChild<QLabel *>(QStringLiteral("keysResultLabel"));
    name->clear();
    click("addKeyButton");
    QVERIFY(result->text().contains(QLatin1String("needs a name")));
    name->setText(QStringLiteral("test")); // the fixture's own key
    click("addKeyButton");
    QVERIFY2(result->text().contains(QLatin1String("exists already")), qPrintable(result->text()));
}

QTEST_MAIN(TestKeysPage)
#include "tst_keyspage.moc"
