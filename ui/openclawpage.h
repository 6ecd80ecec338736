// The OpenClaw page: the provider entry that lets OpenClaw use this gateway, in the protocol
// chosen here (OpenAI chat completions, Anthropic Messages or OpenAI Responses), shown read-only,
// with Copy (clipboard) and Apply to OpenClaw, which merges it into OpenClaw's configuration
// file after a timestamped backup and changes nothing else in that file. A file it cannot read
// safely is left untouched and the page says why.
#pragma once

#include "export/openclawsnippet.h"
#include "service/gatewayservice.h"
#include "store/secretstore.h"

#include <QWidget>

#include <utility>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace clawgate::ui {

class OpenClawSnippetSource;

class OpenClawPage : public QWidget
{
    Q_OBJECT
public:
    OpenClawPage(GatewayService &service, SecretStore &secrets, QWidget *parent = nullptr);

private:
    void layOut(QLabel *intro);
    static std::pair<QString, QString> describe(OpenClawApi api);
    void fillApis();
    void showSnippet();
    void copy();
    void apply();

    OpenClawSnippetSource *m_source;
    QComboBox *m_api;
    QLabel *m_keyState;
    QPlainTextEdit *m_snippet;
    QPushButton *m_copy;
    QLineEdit *m_path;
    QPushButton *m_apply;
    QLabel *m_result;
};

} // namespace clawgate::ui
