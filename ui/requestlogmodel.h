// The live log's requests as a table: time, key, model, backend, status, attempts, latency and
// tokens. New records arrive in batches and are appended in one step; the oldest go once there
// are more than kMaxRows, so a gateway that serves thousands of requests a second keeps the
// view quick and its memory bounded. While paused the rows stay still and new records wait.
// The model is the history itself: it can be fed from the start, before any view shows it.
#pragma once

#include "server/requestrecord.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

namespace clawgate::ui {

class RequestLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    static constexpr int kMaxRows = 10000;
    enum Column {
        TimeColumn,
        KeyColumn,
        ModelColumn,
        BackendColumn,
        StatusColumn,
        AttemptsColumn,
        LatencyColumn,
        TokensColumn,
        ColumnCount
    };
    enum Role { StatusRole = Qt::UserRole + 1, AliasRole };

    using QAbstractTableModel::QAbstractTableModel;

    void append(const QList<RequestRecord> &records);
    void clear(); // the rows and the records waiting
    // Paused, appended records wait (the newest kMaxRows of them); resuming shows them.
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    const RequestRecord &record(int row) const { return m_records.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Everything known about one request, for the detail pane.
    static QString describe(const RequestRecord &record);

Q_SIGNALS:
    // Before the rows of a batch change (old rows leave, new ones arrive): a view that follows
    // the newest rows checks here whether it is at the bottom.
    void aboutToShowBatch();

private:
    QString cell(const RequestRecord &r, int column) const;
    void show(const QList<RequestRecord> &records);

    QList<RequestRecord> m_records;
    QList<RequestRecord> m_held; // while paused
    bool m_paused = false;
};

// Which requests the view shows: a text anywhere in the row, one model, errors or successes.
class RequestFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    enum class Outcome { Any, Successes, Errors };
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setText(const QString &text);
    void setAlias(const QString &alias); // empty: every model
    void setOutcome(Outcome outcome);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    QString m_alias;
    Outcome m_outcome = Outcome::Any;
};

} // namespace clawgate::ui
