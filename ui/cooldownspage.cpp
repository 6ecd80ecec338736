#include "cooldownspage.h"

#include "backendstatemodel.h"
#include "namedbutton.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace clawgate::ui {

namespace {

constexpr qint64 kHour = 3600;
constexpr qint64 kDay = 24 * kHour;

} // namespace

CooldownsPage::CooldownsPage(GatewayService &service, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_model(new BackendStateModel(service, this))
    , m_stack(new QStackedWidget(this))
    , m_table(new QTableView(this))
    , m_customAmount(new QSpinBox(this))
    , m_customUnit(new QComboBox(this))
    , m_result(new QLabel(this))
{
    m_table->setObjectName(QStringLiteral("cooldownsTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->verticalHeader()->hide();
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(BackendStateModel::ReasonColumn, QHeaderView::Stretch);
    m_table->setAlternatingRowColors(true);

    auto *empty = new QLabel(tr("No backends yet. Add a provider and a model, and each of its "
                                "backends shows here with its state."),
                             this);
    empty->setObjectName(QStringLiteral("cooldownsEmptyLabel"));
    empty->setWordWrap(true);
    empty->setAlignment(Qt::AlignCenter);
    m_stack->addWidget(m_table);
    m_stack->addWidget(empty);

    auto *presets = new QHBoxLayout;
    presets->addWidget(new QLabel(tr("Cool down the selected backends for:"), this));
    const std::pair<QString, qint64> durations[] = {{tr("1 hour"), kHour},
                                                    {tr("1 day"), kDay},
                                                    {tr("1 week"), 7 * kDay},
                                                    {tr("1 month"), 30 * kDay}};
    const char *names[] = {"coolHourButton", "coolDayButton", "coolWeekButton", "coolMonthButton"};
    for (int i = 0; i < 4; ++i) {
        QPushButton *b = namedButton(durations[i].first, QLatin1String(names[i]), this);
        const qint64 seconds = durations[i].second;
        connect(b, &QPushButton::clicked, this, [this, seconds] { coolSelected(seconds); });
        presets->addWidget(b);
        m_actions.append(b);
    }
    QPushButton *forever
        = namedButton(tr("Until cleared"), QStringLiteral("coolForeverButton"), this);
    connect(forever, &QPushButton::clicked, this, [this] { coolSelected(std::nullopt); });
    presets->addWidget(forever);
    m_actions.append(forever);
    presets->addStretch();

    auto *custom = new QHBoxLayout;
    custom->addWidget(new QLabel(tr("Or for:"), this));
    m_customAmount->setObjectName(QStringLiteral("customAmountSpinBox"));
    m_customAmount->setRange(1, 999);
    m_customAmount->setValue(2);
    m_customUnit->setObjectName(QStringLiteral("customUnitComboBox"));
    m_customUnit->addItem(tr("minutes"), qint64(60));
    m_customUnit->addItem(tr("hours"), kHour);
    m_customUnit->addItem(tr("days"), kDay);
    m_customUnit->setCurrentIndex(1);
    QPushButton *coolCustom
        = namedButton(tr("Cool down"), QStringLiteral("coolCustomButton"), this);
    connect(coolCustom, &QPushButton::clicked, this, [this] {
        coolSelected(m_customAmount->value() * m_customUnit->currentData().toLongLong());
    });
    QPushButton *clear
        = namedButton(tr("Clear cooldown"), QStringLiteral("clearCooldownButton"), this);
    connect(clear, &QPushButton::clicked, this, &CooldownsPage::clearSelected);
    custom->addWidget(m_customAmount);
    custom->addWidget(m_customUnit);
    custom->addWidget(coolCustom);
    custom->addStretch();
    custom->addWidget(clear);
    m_actions.append({m_customAmount, m_customUnit, coolCustom, clear});

    m_result->setObjectName(QStringLiteral("cooldownResultLabel"));
    m_result->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_stack, 1);
    layout->addLayout(presets);
    layout->addLayout(custom);
    layout->addWidget(m_result);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &CooldownsPage::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &CooldownsPage::updateEmptyState);
    connect(&service, &GatewayService::commandFinished, this, &CooldownsPage::onCommandFinished);
    updateEmptyState();
    updateButtons();
}

QStringList CooldownsPage::selectedBackends() const
{
    QStringList ids;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows) {
        const QString id = row.data(BackendStateModel::BackendIdRole).toString();
        if (!ids.contains(id)) // one backend may serve several aliases
            ids.append(id);
    }
    return ids;
}

void CooldownsPage::coolSelected(std::optional<qint64> seconds)
{
    m_result->clear();
    const QStringList ids = selectedBackends();
    for (const QString &id : ids)
        m_pending.append(m_service.setCooldown(id, seconds));
}

void CooldownsPage::clearSelected()
{
    m_result->clear();
    const QStringList ids = selectedBackends();
    for (const QString &id : ids)
        m_pending.append(m_service.clearCooldown(id));
}

void CooldownsPage::onCommandFinished(const CommandResult &result)
{
    if (!m_pending.removeOne(result.id) || result.ok)
        return;
    m_result->setText(tr("Could not change the cooldown: %1").arg(result.message));
}

void CooldownsPage::updateEmptyState()
{
    m_stack->setCurrentIndex(m_model->rowCount() == 0 ? 1 : 0);
    updateButtons();
}

void CooldownsPage::updateButtons()
{
    const bool any = m_table->selectionModel()->hasSelection() && m_model->rowCount() > 0;
    for (QWidget *w : std::as_const(m_actions))
        w->setEnabled(any);
}

} // namespace clawgate::ui
