// The Live log page against a real gateway: each request shows up with its key, model,
// backend, status, attempts, latency and tokens; filters by text, model and outcome narrow the
// list; Pause holds new requests back until it is released; the detail pane lists every
// attempt with what happened; the history keeps only the newest 10 000.
#include "gatewayfixture.h"
#include "requestlogmodel.h"
#include "requestlogpage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTableView>
#include <QtTest>

using namespace clawgate;
using namespace clawgate::ui;

class TestRequestLogPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void requestsShowUpWithTheirDetails();
    void filtersNarrowTheList();
    void pauseHoldsNewRequests();
    void historyIsCapped();

private:
    void send(const QString &alias, int count = 1);
    int visibleRows() const { return m_table->model()->rowCount(); }
    QString cell(int row, int column) const
    {
        return m_table->model()->index(row, column).data().toString();
    }

    GatewayFixture m_fx;
    std::unique_ptr<RequestLogPage> m_page;
    QTableView *m_table = nullptr;
};

void TestRequestLogPage::initTestCase()
{
    m_fx.addProvider(QStringLiteral("a"), QStringLiteral("a"));
    m_fx.addProvider(QStringLiteral("b"), QStringLiteral("b"));
    m_fx.addModel(QStringLiteral("chat"), {QStringLiteral("a:ma"), QStringLiteral("b:mb")});
    m_fx.addModel(QStringLiteral("coder"), {QStringLiteral("b:mc")});
    QVERIFY(m_fx.start());
    m_page = std::make_unique<RequestLogPage>(*m_fx.service());
    m_page->resize(1000, 600);
    m_page->show();
    m_table = m_page->findChild<QTableView *>(QStringLiteral("requestTable"));
}

void TestRequestLogPage::init()
{
    m_page->model()->clear();
    m_page->findChild<QLineEdit *>(QStringLiteral("requestFilterEdit"))->clear();
    m_page->findChild<QComboBox *>(QStringLiteral("requestAliasComboBox"))->setCurrentIndex(0);
    m_page->findChild<QComboBox *>(QStringLiteral("requestOutcomeComboBox"))->setCurrentIndex(0);
    m_fx.clearCooldowns();
}

void TestRequestLogPage::send(const QString &alias, int count)
{
    for (int i = 0; i < count; ++i)
        m_fx.chat(GatewayFixture::chatBody(alias));
}

void TestRequestLogPage::requestsShowUpWithTheirDetails()
{
    m_fx.mock->enqueue(QStringLiteral("a"), MockBehavior::error(503));
    send(QStringLiteral("chat"));
    QTRY_COMPARE(visibleRows(), 1);
    QCOMPARE(cell(0, RequestLogModel::KeyColumn), QStringLiteral("test"));
    QCOMPARE(cell(0, RequestLogModel::ModelColumn), QStringLiteral("chat"));
    QCOMPARE(cell(0, RequestLogModel::BackendColumn), QStringLiteral("b:mb"));
    QCOMPARE(cell(0, RequestLogModel::StatusColumn), QStringLiteral("200"));
    QCOMPARE(cell(0, RequestLogModel::AttemptsColumn), QStringLiteral("2"));
    QCOMPARE(cell(0, RequestLogModel::TokensColumn), QStringLiteral("5 in / 4 out"));
    m_table->selectRow(0);
    const QString details
        = m_page->findChild<QPlainTextEdit *>(QStringLiteral("requestDetailView"))->toPlainText();
    QVERIFY2(details.contains(QLatin1String("1. a:ma: HTTP 503")), qPrintable(details));
    QVERIFY2(details.contains(QLatin1String("2. b:mb: ok")), qPrintable(details));
    QVERIFY(details.contains(QLatin1String("Tokens: 5 in, 4 out, 9 in all")));
}

void TestRequestLogPage::filtersNarrowTheList()
{
    send(QStringLiteral("chat"), 2);
    send(QStringLiteral("coder"), 3);
    send(QStringLiteral("missing"));
    QTRY_COMPARE(visibleRows(), 6);
    auto *alias = m_page->findChild<QComboBox *>(QStringLiteral("requestAliasComboBox"));
    alias->setCurrentIndex(alias->findData(QStringLiteral("coder")));
    QCOMPARE(visibleRows(), 3);
    alias->setCurrentIndex(0);
    auto *outcome = m_page->findChild<QComboBox *>(QStringLiteral("requestOutcomeComboBox"));
    outcome->setCurrentIndex(2); // errors
    QCOMPARE(visibleRows(), 1);
    QCOMPARE(cell(0, RequestLogModel::StatusColumn), QStringLiteral("404"));
    outcome->setCurrentIndex(0);
    QTest::keyClicks(m_page->findChild<QLineEdit *>(QStringLiteral("requestFilterEdit")),
                     QStringLiteral("b:mc"));
    QCOMPARE(visibleRows(), 3);
}

void TestRequestLogPage::pauseHoldsNewRequests()
{
    auto *pause = m_page->findChild<QCheckBox *>(QStringLiteral("pauseRequestsCheckBox"));
    pause->setChecked(true);
    QSignalSpy batches(m_fx.service(), &GatewayService::requestsFinished);
    send(QStringLiteral("chat"), 3);
    // The records arrive, but the view stays as it was.
    auto arrived = [&batches] {
        int records = 0;
        for (const QList<QVariant> &batch : std::as_const(batches))
            records += int(batch.at(0).value<QList<RequestRecord>>().size());
        return records;
    };
    QTRY_COMPARE(arrived(), 3);
    QCOMPARE(visibleRows(), 0);
    pause->setChecked(false);
    QCOMPARE(visibleRows(), 3);
}

void TestRequestLogPage::historyIsCapped()
{
    QList<RequestRecord> batch;
    for (int i = 0; i < RequestLogModel::kMaxRows + 50; ++i) {
        RequestRecord r;
        r.alias = QStringLiteral("r%1").arg(i);
        r.status = 200;
        batch.append(r);
    }
    m_page->model()->append(batch.mid(0, 100));
    m_page->model()->append(batch.mid(100));
    QCOMPARE(m_page->model()->rowCount(), RequestLogModel::kMaxRows);
    QCOMPARE(m_page->model()->record(0).alias, QStringLiteral("r50")); // the oldest went
    QCOMPARE(m_page->model()->record(RequestLogModel::kMaxRows - 1).alias,
             QStringLiteral("r%1").arg(RequestLogModel::kMaxRows + 49));
}

QTEST_MAIN(TestRequestLogPage)
#include "tst_requestlogpage.moc"
