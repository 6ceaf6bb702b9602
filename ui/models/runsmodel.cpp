#include "ui/models/runsmodel.h"

#include "core/store/store.h"
#include "ui/models/modelformat.h"

#include <QStringList>

RunsModel::RunsModel(Store *store, QObject *parent) : RecordTableModel<RunRecord>(parent), m_store(store)
{
    connect(m_store->notifier(), &StoreNotifier::runsChanged, this, [this]() { scheduleRefresh(); });
    requery();
}

int RunsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RunsModel::countsText(const RunRecord &run)
{
    QStringList parts;
    const RunCounts &c = run.counts;
    if (run.lane == QLatin1String("applicants"))
    {
        parts << tr("%n imported", nullptr, c.imported);
        if (c.quarantined > 0)
            parts << tr("%n quarantined", nullptr, c.quarantined);
    }
    else
    {
        parts << tr("%n created", nullptr, c.created) << tr("%n updated", nullptr, c.updated)
              << tr("%n closed", nullptr, c.closed);
    }
    parts << tr("%n request(s)", nullptr, c.requests);
    return parts.join(QStringLiteral(", "));
}

QVariant RunsModel::data(const QModelIndex &index, int role) const
{
    const RunRecord *run = recordAt(index.row());
    if (!run || index.column() < 0 || index.column() >= ColumnCount)
        return {};

    switch (role)
    {
    case ModelRoles::KeyRole:
        return QString::number(run->id);
    case ModelRoles::StateRole:
        if (!run->ok)
            return QStringLiteral("running");
        return *run->ok ? QStringLiteral("ok") : QStringLiteral("failed");
    case Qt::ToolTipRole:
        return run->error.isEmpty() ? QVariant() : QVariant(run->error);
    case Qt::DisplayRole:
    case ModelRoles::SortRole:
        break;
    default:
        return {};
    }

    const bool raw = role == ModelRoles::SortRole;
    const qint64 msecs = run->finishedAt.isValid() ? run->startedAt.msecsTo(run->finishedAt) : -1;
    switch (static_cast<Column>(index.column()))
    {
    case StartedColumn:
        return raw ? QVariant(run->startedAt) : QVariant(ModelFormat::dateTime(run->startedAt));
    case LaneColumn:
        if (raw)
            return run->lane;
        return run->lane == QLatin1String("applicants") ? tr("Applicants") : tr("Jobs");
    case DurationColumn:
        return raw ? QVariant(msecs) : QVariant(ModelFormat::duration(msecs));
    case ResultColumn:
        if (!run->ok)
            return run->finishedAt.isValid() ? tr("unknown") : tr("running");
        return *run->ok ? tr("ok") : tr("failed");
    case CountsColumn:
        return countsText(*run);
    case ErrorColumn:
        return run->error.simplified();
    case ColumnCount:
        break;
    }
    return {};
}

QVariant RunsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (static_cast<Column>(section))
    {
    case StartedColumn:
        return tr("Started");
    case LaneColumn:
        //: Column header: which cadence ran (jobs or applicants)
        return tr("Lane");
    case DurationColumn:
        return tr("Duration");
    case ResultColumn:
        return tr("Result");
    case CountsColumn:
        return tr("Counts");
    case ErrorColumn:
        return tr("Error");
    case ColumnCount:
        break;
    }
    return {};
}

void RunsModel::setLaneFilter(const QString &lane)
{
    if (lane == m_lane)
        return;
    m_lane = lane;
    requery();
}

QList<RunRecord> RunsModel::readPage(int offset, int limit) const
{
    return m_store->runsPage(m_lane, offset, limit);
}

int RunsModel::queryCount() const
{
    return m_store->runCount(m_lane);
}

QString RunsModel::keyOf(const RunRecord &record) const
{
    return QString::number(record.id);
}

bool RunsModel::sameContent(const RunRecord &a, const RunRecord &b) const
{
    return a.finishedAt == b.finishedAt && a.ok == b.ok && a.counts == b.counts && a.error == b.error
        && a.startedAt == b.startedAt;
}
