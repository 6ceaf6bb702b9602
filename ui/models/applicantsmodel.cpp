#include "ui/models/applicantsmodel.h"

#include "core/logging.h"
#include "core/store/store.h"
#include "ui/models/modelformat.h"

#include <QFont>

namespace
{
QString fullName(const ApplicantRecord &record)
{
    return QString(record.firstName + QLatin1Char(' ') + record.lastName).trimmed();
}
} // namespace

QString applicantStateText(ApplicantState state)
{
    switch (state)
    {
    case ApplicantState::Seen:
        //: Applicant state: offered by SmartDreamers, not imported yet
        return ApplicantsModel::tr("waiting");
    case ApplicantState::Creating:
        return ApplicantsModel::tr("importing");
    case ApplicantState::Created:
        return ApplicantsModel::tr("created");
    case ApplicantState::Attached:
        return ApplicantsModel::tr("resume attached");
    case ApplicantState::Acked:
        return ApplicantsModel::tr("imported");
    case ApplicantState::Quarantined:
        //: Applicant state: import stopped, needs the admin
        return ApplicantsModel::tr("needs a look");
    case ApplicantState::Dismissed:
        return ApplicantsModel::tr("dismissed");
    }
    return {};
}

ApplicantsModel::ApplicantsModel(Store *store, QObject *parent) : QueryTableModel(parent), m_store(store)
{
    connect(m_store->notifier(), &StoreNotifier::applicantsChanged, this, [this]() { scheduleRefresh(); });
    connect(m_store->notifier(), &StoreNotifier::jobsChanged, this, &ApplicantsModel::onJobsChanged);
    requery();
}

int ApplicantsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ApplicantsModel::data(const QModelIndex &index, int role) const
{
    const ApplicantRecord *record = recordAt(index.row());
    if (!record || index.column() < 0 || index.column() >= ColumnCount)
        return {};

    const auto column = static_cast<Column>(index.column());
    switch (role)
    {
    case ModelRoles::KeyRole:
        return record->applicantId;
    case ModelRoles::StateRole:
        return applicantStateName(record->state);
    case ModelRoles::LinkRole:
        if (record->candidateId)
            return candidateUrl(*record->candidateId);
        return {};
    case Qt::ToolTipRole:
        if (column == CandidateColumn && record->candidateId)
            return tr("Open the candidate in Greenhouse");
        if (!record->reason.isEmpty())
            return record->reason;
        return {};
    case Qt::FontRole:
        if (column == CandidateColumn && record->candidateId)
        {
            QFont font;
            font.setUnderline(true);
            return font;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (column == CandidateColumn || column == AttemptsColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::DisplayRole:
    case ModelRoles::SortRole:
        break;
    default:
        return {};
    }

    const bool raw = role == ModelRoles::SortRole;
    switch (column)
    {
    case NameColumn:
        return fullName(*record);
    case JobColumn:
    {
        if (raw)
            return record->sourceJobId;
        const QString title = jobTitle(record->sourceJobId);
        return title.isEmpty() ? record->sourceJobId : title;
    }
    case AppliedColumn:
        return raw ? QVariant(record->appliedAt) : QVariant(ModelFormat::dateTime(record->appliedAt));
    case StateColumn:
    {
        if (raw)
            return applicantStateName(record->state);
        const QString state = applicantStateText(record->state);
        if (record->reason.isEmpty())
            return state;
        //: Applicant state followed by the reason, e.g. "needs a look: job not found"
        return tr("%1: %2").arg(state, record->reason.simplified());
    }
    case CandidateColumn:
        if (!record->candidateId)
            return {};
        return raw ? QVariant(*record->candidateId) : QVariant(QString::number(*record->candidateId));
    case AttemptsColumn:
        return record->attempts;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ApplicantsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (static_cast<Column>(section))
    {
    case NameColumn:
        return tr("Name");
    case JobColumn:
        return tr("Job");
    case AppliedColumn:
        return tr("Applied");
    case StateColumn:
        return tr("State");
    case CandidateColumn:
        //: Column header: the candidate's id in Greenhouse, a link
        return tr("Greenhouse candidate");
    case AttemptsColumn:
        //: Column header: how many times the import was tried
        return tr("Attempts");
    case ColumnCount:
        break;
    }
    return {};
}

std::optional<ApplicantQuery::SortColumn> ApplicantsModel::sortColumnFor(int column) const
{
    switch (column)
    {
    case ApplicantsModel::NameColumn:
        return ApplicantQuery::SortColumn::Name;
    case ApplicantsModel::JobColumn:
        return ApplicantQuery::SortColumn::JobId;
    case ApplicantsModel::AppliedColumn:
        return ApplicantQuery::SortColumn::AppliedAt;
    case ApplicantsModel::StateColumn:
        return ApplicantQuery::SortColumn::State;
    default:
        break;
    }
    return std::nullopt;
}

void ApplicantsModel::setStateFilter(std::optional<ApplicantState> state)
{
    updateQuery([state](ApplicantQuery &query) { query.state = state; });
}

void ApplicantsModel::setGreenhouseWebUrl(const QUrl &url)
{
    m_greenhouseWebUrl = url;
    allRowsChanged();
}

QUrl ApplicantsModel::candidateUrl(qint64 candidateId) const
{
    QUrl url = m_greenhouseWebUrl;
    QString path = url.path();
    if (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path + QStringLiteral("/people/") + QString::number(candidateId));
    return url;
}

QStringList ApplicantsModel::applicantIds(const QList<int> &rows) const
{
    QStringList ids;
    for (int row : rows)
    {
        if (const ApplicantRecord *record = recordAt(row))
            ids.append(record->applicantId);
    }
    ids.removeDuplicates();
    return ids;
}

bool ApplicantsModel::canRetry(int row) const
{
    const ApplicantRecord *record = recordAt(row);
    return record && record->state == ApplicantState::Quarantined;
}

bool ApplicantsModel::canDismiss(int row) const
{
    return canRetry(row);
}

int ApplicantsModel::retry(const QStringList &applicantIds)
{
    const int changed = m_store->retry(applicantIds);
    qCInfo(lcUi) << "retry asked for" << applicantIds.size() << "applicant(s); changed:" << changed;
    refresh();
    return changed;
}

int ApplicantsModel::dismiss(const QStringList &applicantIds, const QString &reason)
{
    const int changed = m_store->dismiss(applicantIds, reason);
    qCInfo(lcUi) << "dismiss asked for" << applicantIds.size() << "applicant(s); changed:" << changed;
    refresh();
    return changed;
}

QList<ApplicantRecord> ApplicantsModel::readPage(int offset, int limit) const
{
    const int count = m_countCache >= 0 ? m_countCache : m_store->applicantCount(m_query);
    // Paging on: keyset after the last shown row costs the same at any depth.
    if (offset > 0 && offset == m_rows.size())
        return m_store->applicantsAfter(m_query, m_rows.constLast(), limit, count);
    return m_store->applicantsPage(m_query, offset, limit, count);
}

int ApplicantsModel::queryCount() const
{
    m_countCache = m_store->applicantCount(m_query);
    return m_countCache;
}

QString ApplicantsModel::keyOf(const ApplicantRecord &record) const
{
    return record.applicantId;
}

bool ApplicantsModel::sameContent(const ApplicantRecord &a, const ApplicantRecord &b) const
{
    return a.state == b.state && a.reason == b.reason && a.attempts == b.attempts && a.candidateId == b.candidateId
        && a.firstName == b.firstName && a.lastName == b.lastName && a.sourceJobId == b.sourceJobId
        && a.appliedAt == b.appliedAt && a.updatedAt == b.updatedAt;
}

QString ApplicantsModel::jobTitle(const QString &sourceJobId) const
{
    const auto cached = m_jobTitles.constFind(sourceJobId);
    if (cached != m_jobTitles.constEnd())
        return *cached;
    bool ok = false;
    const qint64 jobId = sourceJobId.toLongLong(&ok);
    QString title;
    if (ok)
    {
        if (const std::optional<JobRecord> job = m_store->job(jobId))
            title = job->title;
    }
    m_jobTitles.insert(sourceJobId, title);
    return title;
}

void ApplicantsModel::onJobsChanged()
{
    // Titles are looked up lazily; drop them and let the job column repaint.
    m_jobTitles.clear();
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, JobColumn), index(rowCount() - 1, JobColumn), { Qt::DisplayRole });
}
