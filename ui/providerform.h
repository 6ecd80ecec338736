// The inline form that adds or edits one provider: name, type (OpenAI-compatible, Azure OpenAI
// with its deployment and API version, or Anthropic), base URL, how an OpenAI-type provider
// serves the Responses API, API key (a password field; the page stores it in the keychain, never
// in the file), extra headers, timeouts, proxy and CA file. Turns its fields into the provider's
// JSON, keeping the fields it does not show.
#pragma once

#include <QGroupBox>
#include <QJsonObject>

class QComboBox;
class QFormLayout;
class QLineEdit;
class QSpinBox;
class QTableWidget;

namespace clawgate::ui {

class ProviderForm : public QGroupBox
{
    Q_OBJECT
public:
    explicit ProviderForm(QWidget *parent = nullptr);

    void startAdd();
    // `json` is the provider's object in the configuration file.
    void startEdit(const QString &name, const QJsonObject &json);
    bool isEditing() const { return m_editing; }

    QString name() const;
    QString apiKey() const; // empty: none given (on edit: keep the stored one)
    // The provider's object with the form's values over the original's.
    QJsonObject providerJson() const;

Q_SIGNALS:
    void saveRequested();
    void cancelled();

private:
    void fill(const QJsonObject &json);
    void addHeaderRow(const QString &name = {}, const QString &value = {});
    void showTypeFields();
    void fillResponsesApi(const QJsonValue &value);

    bool m_editing = false;
    QJsonObject m_original;
    QLineEdit *m_name;
    QComboBox *m_type;
    QLineEdit *m_baseUrl;
    QLineEdit *m_deployment;
    QLineEdit *m_apiVersion;
    QComboBox *m_responsesApi;
    QLineEdit *m_apiKey;
    QTableWidget *m_headers;
    QSpinBox *m_connect;
    QSpinBox *m_firstByte;
    QSpinBox *m_idle;
    QLineEdit *m_proxy;
    QLineEdit *m_caFile;
    QFormLayout *m_form = nullptr;
};

} // namespace clawgate::ui
