// The Live log page: every request as it happens (time, key, model, backend, status, attempts,
// latency, tokens), filtered by text, model and outcome, with a pause that holds new requests
// back and a pane with one request's details and attempts; the gateway's own messages in a
// second tab. Requests arrive in batches and the history is capped, so the view stays quick
// however busy the gateway is.
#pragma once

#include "service/gatewayservice.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QTableView;

namespace clawgate::ui {

class RequestFilterModel;
class RequestLogModel;

class RequestLogPage : public QWidget
{
    Q_OBJECT
public:
    // Keeps a history of its own, from now on.
    explicit RequestLogPage(GatewayService &service, QWidget *parent = nullptr);
    // Shows `history`, which its owner feeds (from before this page existed, say) and which
    // must outlive the page.
    RequestLogPage(GatewayService &service, RequestLogModel *history, QWidget *parent = nullptr);

    RequestLogModel *model() const { return m_model; }

private:
    QWidget *buildRequestsTab();
    void scrollIfFollowing();
    void showAliases(ConfigPtr config);
    void showDetails();

    RequestLogModel *m_model;
    RequestFilterModel *m_filter;
    QTableView *m_table = nullptr;
    QPlainTextEdit *m_details = nullptr;
    QLineEdit *m_text = nullptr;
    QComboBox *m_alias = nullptr;
    QComboBox *m_outcome = nullptr;
    QCheckBox *m_pause = nullptr;
    bool m_followNewest = false; // at the bottom when the last batch came
};

} // namespace clawgate::ui
