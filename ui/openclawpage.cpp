#include "openclawpage.h"

#include "export/openclawmerge.h"
#include "openclawsnippetsource.h"

#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace clawgate::ui {

OpenClawPage::OpenClawPage(GatewayService &service, SecretStore &secrets, QWidget *parent)
    : QWidget(parent)
    , m_source(new OpenClawSnippetSource(service, secrets, this))
    , m_api(new QComboBox(this))
    , m_keyState(new QLabel(this))
    , m_snippet(new QPlainTextEdit(this))
    , m_copy(new QPushButton(tr("&Copy"), this))
    , m_path(new QLineEdit(OpenClawMerge::defaultConfigPath(), this))
    , m_apply(new QPushButton(tr("&Apply to OpenClaw"), this))
    , m_result(new QLabel(this))
{
    setObjectName(QStringLiteral("openClawPage"));
    auto *intro = new QLabel(tr("OpenClaw reaches every model alias through ClawGate as the "
                                "provider \"clawgate\"; pick them in OpenClaw as "
                                "clawgate/ALIAS."),
                             this);
    intro->setWordWrap(true);
    m_api->setObjectName(QStringLiteral("openClawApiComboBox"));
    m_api->setToolTip(tr("The API OpenClaw uses to talk to ClawGate. ClawGate answers all three "
                         "on every alias and translates for backends that speak another one."));
    fillApis();
    m_keyState->setObjectName(QStringLiteral("openClawKeyStateLabel"));
    m_keyState->setWordWrap(true);
    m_snippet->setObjectName(QStringLiteral("openClawSnippetEdit"));
    m_snippet->setReadOnly(true);
    m_snippet->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_snippet->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_copy->setObjectName(QStringLiteral("openClawCopyButton"));
    m_path->setObjectName(QStringLiteral("openClawPathEdit"));
    m_apply->setObjectName(QStringLiteral("openClawApplyButton"));
    m_result->setObjectName(QStringLiteral("openClawResultLabel"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    layOut(intro);

    connect(m_source, &OpenClawSnippetSource::changed, this, &OpenClawPage::showSnippet);
    connect(m_api, &QComboBox::currentIndexChanged, this, [this] {
        const auto api = OpenClawSnippet::apiFromName(m_api->currentData().toString());
        if (api)
            m_source->setApi(*api);
    });
    connect(m_copy, &QPushButton::clicked, this, &OpenClawPage::copy);
    connect(m_apply, &QPushButton::clicked, this, &OpenClawPage::apply);
    connect(m_path, &QLineEdit::returnPressed, this, &OpenClawPage::apply);
    showSnippet();
}

// From the top: what the page is for, the key's state, the protocol, the entry with Copy
// under it, and where Apply writes it with what happened.
void OpenClawPage::layOut(QLabel *intro)
{
    auto *apiRow = new QHBoxLayout;
    auto *apiLabel = new QLabel(tr("OpenClaw &speaks:"), this);
    apiLabel->setBuddy(m_api);
    apiRow->addWidget(apiLabel);
    apiRow->addWidget(m_api);
    apiRow->addStretch(1);
    auto *copyRow = new QHBoxLayout;
    copyRow->addWidget(m_copy);
    copyRow->addStretch(1);
    auto *applyRow = new QHBoxLayout;
    auto *pathLabel = new QLabel(tr("OpenClaw &configuration:"), this);
    pathLabel->setBuddy(m_path);
    applyRow->addWidget(pathLabel);
    applyRow->addWidget(m_path, 1);
    applyRow->addWidget(m_apply);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_keyState);
    layout->addLayout(apiRow);
    layout->addWidget(m_snippet, 1);
    layout->addLayout(copyRow);
    layout->addLayout(applyRow);
    layout->addWidget(m_result);
}

// The protocol as people know it, and what it is.
std::pair<QString, QString> OpenClawPage::describe(OpenClawApi api)
{
    switch (api) {
    case OpenClawApi::OpenAICompletions:
        return {tr("OpenAI Chat Completions"),
                tr("POST /v1/chat/completions: what most OpenAI-compatible clients speak.")};
    case OpenClawApi::AnthropicMessages:
        return {tr("Anthropic Messages"),
                tr("POST /v1/messages: the Anthropic Messages API, as Claude clients speak it.")};
    case OpenClawApi::OpenAIResponses:
        return {tr("OpenAI Responses"), tr("POST /v1/responses: OpenAI's newer Responses API.")};
    }
    return {};
}

// One entry per protocol, with OpenClaw's own name for the `api` field beside it; the item's
// data is that name.
void OpenClawPage::fillApis()
{
    for (const OpenClawApi api : OpenClawSnippet::apis()) {
        const QString name = OpenClawSnippet::apiName(api);
        const auto [title, what] = describe(api);
        m_api->addItem(tr("%1 (%2)").arg(title, name), name);
        m_api->setItemData(m_api->count() - 1, what, Qt::ToolTipRole);
    }
    m_api->setCurrentIndex(m_api->findData(OpenClawSnippet::apiName(m_source->api())));
}

void OpenClawPage::showSnippet()
{
    const QByteArray document = m_source->document();
    const bool known = !document.isEmpty();
    m_keyState->setText(known ? QString() : m_source->keyProblem());
    m_keyState->setVisible(!known);
    m_snippet->setPlainText(QString::fromUtf8(document));
    m_copy->setEnabled(known);
    m_apply->setEnabled(known);
}

void OpenClawPage::copy()
{
    QGuiApplication::clipboard()->setText(QString::fromUtf8(m_source->document()));
    m_result->setText(tr("Copied. Paste it into OpenClaw's configuration under "
                         "\"models\" → \"providers\"."));
}

void OpenClawPage::apply()
{
    const std::optional<OpenClawProvider> provider = m_source->provider();
    const QString path = m_path->text().trimmed();
    if (!provider || path.isEmpty())
        return;
    const OpenClawApplyResult result
        = OpenClawMerge::apply(path, *provider, QDateTime::currentDateTime());
    switch (result.outcome) {
    case OpenClawApplyResult::Outcome::Created:
        m_result->setText(tr("Created %1 with the clawgate provider.").arg(path));
        break;
    case OpenClawApplyResult::Outcome::Updated:
        m_result->setText(tr("Updated the clawgate provider in %1.\nThe previous file is at %2.")
                              .arg(path, result.backupPath));
        break;
    case OpenClawApplyResult::Outcome::Unchanged:
        m_result->setText(tr("%1 already has this clawgate provider; nothing changed.").arg(path));
        break;
    case OpenClawApplyResult::Outcome::Refused:
        m_result->setText(tr("Left %1 untouched: %2").arg(path, result.error));
        break;
    }
}

} // namespace clawgate::ui
