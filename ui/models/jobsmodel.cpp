#include "ui/models/jobsmodel.h"

#include "core/store/store.h"
#include "ui/models/modelformat.h"

#include <optional>

namespace
{
QString platformStatusText(PlatformJobStatus status)
{
    switch (status)
    {
    case PlatformJobStatus::None:
        return JobsModel::tr("not exported");
    case PlatformJobStatus::Open:
        return JobsModel::tr("open");
    case PlatformJobStatus::Closed:
        return JobsModel::tr("closed");
    }
    return {};
}
} // namespace

JobsModel::JobsModel(Store *store, QObject *parent) : QueryTableModel(parent), m_store(store)
{
    connect(m_store->notifier(), &StoreNotifier::jobsChanged, this, [this]() { scheduleRefresh(); });
    requery();
}

int JobsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant JobsModel::data(const QModelIndex &index, int role) const
{
    const JobRecord *job = recordAt(index.row());
    if (!job || index.column() < 0 || index.column() >= ColumnCount)
        return {};

    switch (role)
    {
    case ModelRoles::KeyRole:
        return QString::number(job->jobId);
    case ModelRoles::StateRole:
        return platformJobStatusName(job->platformStatus);
    case Qt::ToolTipRole:
        if (!job->lastError.isEmpty())
            return job->lastError;
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == JobIdColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::DisplayRole:
    case ModelRoles::SortRole:
        break;
    default:
        return {};
    }

    const bool raw = role == ModelRoles::SortRole;
    switch (static_cast<Column>(index.column()))
    {
    case JobIdColumn:
        return raw ? QVariant(job->jobId) : QVariant(QString::number(job->jobId));
    case TitleColumn:
        return job->title;
    case DepartmentColumn:
        return job->department;
    case OfficesColumn:
        return job->offices;
    case GreenhouseStatusColumn:
        return job->greenhouseStatus;
    case PlatformStatusColumn:
        return raw ? platformJobStatusName(job->platformStatus) : platformStatusText(job->platformStatus);
    case LastExportedColumn:
        return raw ? QVariant(job->lastExportedAt) : QVariant(ModelFormat::dateTime(job->lastExportedAt));
    case ErrorColumn:
        return job->lastError.simplified();
    case ColumnCount:
        break;
    }
    return {};
}

QVariant JobsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (static_cast<Column>(section))
    {
    case JobIdColumn:
        //: Column header: the job's id in Greenhouse
        return tr("Greenhouse id");
    case TitleColumn:
        return tr("Title");
    case DepartmentColumn:
        return tr("Department");
    case OfficesColumn:
        return tr("Offices");
    case GreenhouseStatusColumn:
        //: Column header: open/closed/draft in Greenhouse
        return tr("In Greenhouse");
    case PlatformStatusColumn:
        //: Column header: what SmartDreamers has
        return tr("On SmartDreamers");
    case LastExportedColumn:
        return tr("Last exported");
    case ErrorColumn:
        return tr("Error");
    case ColumnCount:
        break;
    }
    return {};
}

std::optional<JobQuery::SortColumn> JobsModel::sortColumnFor(int column) const
{
    switch (column)
    {
    case JobsModel::JobIdColumn:
        return JobQuery::SortColumn::JobId;
    case JobsModel::TitleColumn:
        return JobQuery::SortColumn::Title;
    case JobsModel::DepartmentColumn:
        return JobQuery::SortColumn::Department;
    case JobsModel::PlatformStatusColumn:
        return JobQuery::SortColumn::PlatformStatus;
    case JobsModel::LastExportedColumn:
        return JobQuery::SortColumn::LastExportedAt;
    default:
        break;
    }
    return std::nullopt;
}

QList<JobRecord> JobsModel::readPage(int offset, int limit) const
{
    return m_store->jobsPage(m_query, offset, limit);
}

int JobsModel::queryCount() const
{
    return m_store->jobCount(m_query);
}

QString JobsModel::keyOf(const JobRecord &record) const
{
    return QString::number(record.jobId);
}

bool JobsModel::sameContent(const JobRecord &a, const JobRecord &b) const
{
    return a.title == b.title && a.department == b.department && a.offices == b.offices
        && a.greenhouseStatus == b.greenhouseStatus && a.platformStatus == b.platformStatus
        && a.lastExportedAt == b.lastExportedAt && a.lastError == b.lastError
        && a.greenhouseUpdatedAt == b.greenhouseUpdatedAt;
}
