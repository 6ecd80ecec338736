#include "requestlogpage.h"

#include "logpage.h"
#include "requestlogmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace clawgate::ui {

RequestLogPage::RequestLogPage(GatewayService &service, QWidget *parent)
    : RequestLogPage(service, new RequestLogModel, parent)
{
    m_model->setParent(this);
    connect(&service, &GatewayService::requestsFinished, m_model, &RequestLogModel::append);
}

RequestLogPage::RequestLogPage(GatewayService &service, RequestLogModel *history, QWidget *parent)
    : QWidget(parent)
    , m_model(history)
    , m_filter(new RequestFilterModel(this))
{
    m_filter->setSourceModel(m_model);
    auto *tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("liveLogTabWidget"));
    tabs->addTab(buildRequestsTab(), tr("Requests"));
    auto *messages = new LogPage(service, this);
    messages->setObjectName(QStringLiteral("gatewayMessagesPage"));
    tabs->addTab(messages, tr("Gateway messages"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(tabs);

    // Follow new requests only while the user is looking at the newest ones.
    connect(m_model, &RequestLogModel::aboutToShowBatch, this, [this] {
        const QScrollBar *bar = m_table->verticalScrollBar();
        m_followNewest = bar->value() >= bar->maximum() - 2;
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &RequestLogPage::scrollIfFollowing);
    connect(&service, &GatewayService::configChanged, this, &RequestLogPage::showAliases);
    showAliases(service.config());
}

QWidget *RequestLogPage::buildRequestsTab()
{
    auto *tab = new QWidget(this);
    m_text = new QLineEdit(tab);
    m_text->setObjectName(QStringLiteral("requestFilterEdit"));
    m_text->setPlaceholderText(tr("Filter: key, model, backend, status…"));
    m_text->setClearButtonEnabled(true);
    m_alias = new QComboBox(tab);
    m_alias->setObjectName(QStringLiteral("requestAliasComboBox"));
    m_outcome = new QComboBox(tab);
    m_outcome->setObjectName(QStringLiteral("requestOutcomeComboBox"));
    m_outcome->addItem(tr("All requests"), int(RequestFilterModel::Outcome::Any));
    m_outcome->addItem(tr("Successes"), int(RequestFilterModel::Outcome::Successes));
    m_outcome->addItem(tr("Errors"), int(RequestFilterModel::Outcome::Errors));
    m_pause = new QCheckBox(tr("Pause"), tab);
    m_pause->setObjectName(QStringLiteral("pauseRequestsCheckBox"));
    m_pause->setChecked(m_model->isPaused());
    auto *clear = new QPushButton(tr("Clear"), tab);
    clear->setObjectName(QStringLiteral("clearRequestsButton"));

    m_table = new QTableView(tab);
    m_table->setObjectName(QStringLiteral("requestTable"));
    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    // Widths from samples, not from the rows: measuring thousands of rows on every batch would
    // cost more than showing them.
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(RequestLogModel::BackendColumn, QHeaderView::Stretch);
    const QFontMetrics metrics = m_table->fontMetrics();
    const std::pair<int, QString> samples[]
        = {{RequestLogModel::TimeColumn, QStringLiteral("00:00:00")},
           {RequestLogModel::KeyColumn, QStringLiteral("openclaw")},
           {RequestLogModel::ModelColumn, QStringLiteral("chat (stream)")},
           {RequestLogModel::StatusColumn, tr("Status")},
           {RequestLogModel::AttemptsColumn, tr("Attempts")},
           {RequestLogModel::LatencyColumn, tr("%1 ms").arg(99999)},
           {RequestLogModel::TokensColumn, tr("%1 in / %2 out").arg(9999).arg(999)}};
    for (const auto &[column, sample] : samples)
        m_table->setColumnWidth(column, metrics.horizontalAdvance(sample) + 16);
    m_details = new QPlainTextEdit(tab);
    m_details->setObjectName(QStringLiteral("requestDetailView"));
    m_details->setReadOnly(true);
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_details->setPlaceholderText(tr("Choose a request to see its attempts."));
    auto *split = new QSplitter(Qt::Vertical, tab);
    split->addWidget(m_table);
    split->addWidget(m_details);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 1);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_text, 2);
    bar->addWidget(m_alias, 1);
    bar->addWidget(m_outcome);
    bar->addWidget(m_pause);
    bar->addWidget(clear);
    auto *layout = new QVBoxLayout(tab);
    layout->addLayout(bar);
    layout->addWidget(split, 1);

    connect(m_text, &QLineEdit::textChanged, m_filter, &RequestFilterModel::setText);
    connect(m_alias, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setAlias(m_alias->currentData().toString()); });
    connect(m_outcome, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setOutcome(RequestFilterModel::Outcome(m_outcome->currentData().toInt()));
    });
    connect(m_pause, &QCheckBox::toggled, m_model, &RequestLogModel::setPaused);
    connect(clear, &QPushButton::clicked, this, [this] {
        m_model->clear();
        m_details->clear();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &RequestLogPage::showDetails);
    return tab;
}

void RequestLogPage::scrollIfFollowing()
{
    if (m_followNewest)
        m_table->scrollToBottom();
}

void RequestLogPage::showAliases(ConfigPtr config)
{
    const QString chosen = m_alias->currentData().toString();
    const QSignalBlocker blocker(m_alias);
    m_alias->clear();
    m_alias->addItem(tr("All models"), QString());
    if (config) {
        for (const ModelAlias &model : config->models)
            m_alias->addItem(model.alias, model.alias);
    }
    const int index = m_alias->findData(chosen);
    m_alias->setCurrentIndex(index >= 0 ? index : 0);
}

void RequestLogPage::showDetails()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid())
        return m_details->clear();
    const int row = m_filter->mapToSource(current).row();
    m_details->setPlainText(RequestLogModel::describe(m_model->record(row)));
}

} // namespace clawgate::ui
