#include "requestlogmodel.h"

namespace clawgate::ui {

void RequestLogModel::append(const QList<RequestRecord> &records)
{
    if (!m_paused)
        return show(records);
    m_held.append(records);
    if (m_held.size() > kMaxRows)
        m_held.remove(0, m_held.size() - kMaxRows);
}

void RequestLogModel::setPaused(bool paused)
{
    m_paused = paused;
    if (!paused)
        show(std::exchange(m_held, {}));
}

void RequestLogModel::show(const QList<RequestRecord> &records)
{
    if (records.isEmpty())
        return;
    Q_EMIT aboutToShowBatch();
    // Only the newest kMaxRows of the batch can stay anyway.
    const qsizetype skip = std::max<qsizetype>(0, records.size() - kMaxRows);
    const qsizetype adding = records.size() - skip;
    const qsizetype overflow = m_records.size() + adding - kMaxRows;
    if (overflow > 0) {
        beginRemoveRows({}, 0, int(overflow - 1));
        m_records.remove(0, overflow);
        endRemoveRows();
    }
    beginInsertRows({}, int(m_records.size()), int(m_records.size() + adding - 1));
    m_records.append(records.mid(skip));
    endInsertRows();
}

void RequestLogModel::clear()
{
    m_held.clear();
    beginResetModel();
    m_records.clear();
    endResetModel();
}

int RequestLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int RequestLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RequestLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_records.size())
        return {};
    const RequestRecord &r = m_records.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return cell(r, index.column());
    case StatusRole: return r.status;
    case AliasRole: return r.alias;
    case Qt::TextAlignmentRole:
        return index.column() >= StatusColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                              : QVariant();
    default: return {};
    }
}

QString RequestLogModel::cell(const RequestRecord &r, int column) const
{
    switch (column) {
    case TimeColumn: return r.startedAt.toString(QStringLiteral("HH:mm:ss"));
    case KeyColumn: return r.keyName;
    case ModelColumn: return r.stream ? tr("%1 (stream)").arg(r.alias) : r.alias;
    case BackendColumn: return r.backend.isEmpty() ? tr("none") : r.backend;
    case StatusColumn: return r.status > 0 ? QString::number(r.status) : tr("gone");
    case AttemptsColumn: return QString::number(r.attempts.size());
    case LatencyColumn: return tr("%1 ms").arg(r.latencyMs);
    case TokensColumn:
        return r.usage ? tr("%1 in / %2 out").arg(r.usage->inputTokens).arg(r.usage->outputTokens)
                       : QString();
    default: return {};
    }
}

QVariant RequestLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn: return tr("Time");
    case KeyColumn: return tr("Key");
    case ModelColumn: return tr("Model");
    case BackendColumn: return tr("Backend");
    case StatusColumn: return tr("Status");
    case AttemptsColumn: return tr("Attempts");
    case LatencyColumn: return tr("Latency");
    case TokensColumn: return tr("Tokens");
    default: return {};
    }
}

QString RequestLogModel::describe(const RequestRecord &r)
{
    QStringList lines;
    lines << tr("%1  %2 %3")
                 .arg(r.startedAt.toString(Qt::ISODateWithMs), r.endpoint,
                      r.stream ? tr("(stream)") : QString());
    lines << tr("Key: %1").arg(r.keyName.isEmpty() ? tr("(none configured)") : r.keyName);
    lines << tr("Model: %1").arg(r.alias);
    lines << tr("Status: %1")
                 .arg(r.status > 0 ? QString::number(r.status) : tr("the client went away first"));
    lines << tr("Latency: %1 ms, first byte after %2 ms")
                 .arg(r.latencyMs)
                 .arg(r.firstByteMs >= 0 ? QString::number(r.firstByteMs) : tr("-"));
    if (r.usage)
        lines << tr("Tokens: %1 in, %2 out, %3 in all")
                     .arg(r.usage->inputTokens)
                     .arg(r.usage->outputTokens)
                     .arg(r.usage->totalTokens);
    lines << tr("Attempts:");
    if (r.attempts.isEmpty())
        lines << tr("  none: answered by the gateway itself");
    for (qsizetype i = 0; i < r.attempts.size(); ++i)
        lines << QStringLiteral("  %1. %2: %3")
                     .arg(i + 1)
                     .arg(r.attempts.at(i).backendId, r.attempts.at(i).outcome);
    if (!r.error.isEmpty())
        lines << tr("Error: %1").arg(r.error);
    return lines.join(QLatin1Char('\n'));
}

void RequestFilterModel::setText(const QString &text)
{
    m_text = text.trimmed();
    invalidateFilter();
}

void RequestFilterModel::setAlias(const QString &alias)
{
    m_alias = alias;
    invalidateFilter();
}

void RequestFilterModel::setOutcome(Outcome outcome)
{
    m_outcome = outcome;
    invalidateFilter();
}

bool RequestFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *model = sourceModel();
    const QModelIndex first = model->index(sourceRow, 0, sourceParent);
    const int status = first.data(RequestLogModel::StatusRole).toInt();
    const bool success = status >= 200 && status < 400;
    if ((m_outcome == Outcome::Successes && !success) || (m_outcome == Outcome::Errors && success))
        return false;
    if (!m_alias.isEmpty() && first.data(RequestLogModel::AliasRole).toString() != m_alias)
        return false;
    if (m_text.isEmpty())
        return true;
    for (int column = 0; column < model->columnCount(sourceParent); ++column) {
        if (model->index(sourceRow, column, sourceParent)
                .data()
                .toString()
                .contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace clawgate::ui
