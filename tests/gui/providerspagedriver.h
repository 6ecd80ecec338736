// Drives the Providers page the way a user does, by objectName: select a provider, fill the
// inline form, save or remove, and wait for the page's answer. Shared by the in-memory and the
// keychain tests of the page.
#pragma once

#include "providerspage.h"
#include "service/gatewayservice.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QtTest>

namespace providerspage {

inline QWidget *find(QWidget *page, const char *name)
{
    return page->findChild<QWidget *>(QLatin1String(name));
}

inline void click(QWidget *page, const char *button)
{
    QTest::mouseClick(page->findChild<QPushButton *>(QLatin1String(button)), Qt::LeftButton);
}

inline void type(QWidget *page, const char *lineEdit, const QString &text)
{
    auto *edit = page->findChild<QLineEdit *>(QLatin1String(lineEdit));
    edit->clear();
    QTest::keyClicks(edit, text);
}

inline QString resultText(QWidget *page)
{
    return page->findChild<QLabel *>(QStringLiteral("providersResultLabel"))->text();
}

inline bool select(QWidget *page, const QString &name)
{
    auto *table = page->findChild<QTableView *>(QStringLiteral("providersTableView"));
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        if (table->model()->index(row, 0).data().toString() == name) {
            table->selectRow(row);
            return true;
        }
    }
    return false;
}

// Adds a provider through the form and waits until the page says it is saved (or why not).
inline QString addProvider(QWidget *page, const QString &name, const QString &baseUrl,
                           const QString &apiKey)
{
    click(page, "addProviderPushButton");
    type(page, "providerNameLineEdit", name);
    type(page, "providerBaseUrlLineEdit", baseUrl);
    type(page, "providerApiKeyLineEdit", apiKey);
    click(page, "saveProviderPushButton");
    // On a timeout the text says where it stopped; the caller compares it.
    (void)QTest::qWaitFor(
        [page] {
            const QString text = resultText(page);
            return !text.isEmpty() && !text.endsWith(QChar(0x2026)); // not "Storing…"
        },
        15000);
    return resultText(page);
}

// Selects `name`, clicks Remove and waits until the page says whether the removal was saved.
inline QString removeProvider(QWidget *page, const QString &name)
{
    if (!select(page, name))
        return QStringLiteral("no row named ") + name;
    page->findChild<QLabel *>(QStringLiteral("providersResultLabel"))->clear();
    click(page, "removeProviderPushButton");
    (void)QTest::qWaitFor([page] { return !resultText(page).isEmpty(); }, 15000);
    return resultText(page);
}

// Saves a whole configuration through the service (what another page or an editor does).
inline bool saveConfig(clawgate::GatewayService &service, const QJsonObject &root)
{
    QSignalSpy results(&service, &clawgate::GatewayService::commandFinished);
    service.saveConfig(root);
    return results.wait(5000) && results.first().at(0).value<clawgate::CommandResult>().ok;
}

} // namespace providerspage
