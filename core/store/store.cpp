#include "core/store/store.h"

#include "core/clock.h"
#include "core/logging.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QThread>
#include <QTimeZone>

#include <atomic>

using namespace Qt::StringLiterals;

namespace
{

constexpr int busyTimeoutMs = 10000;
// Below this many matches a filtered list is cheaper to collect and sort than to find by walking
// the sort index (see Store::applicantsPage).
constexpr int selectiveSearchRows = 10000;

// Every thread closes the connections it opened when it ends, so a QThreadPool thread that
// expires does not leave an open SQLite handle behind.
struct ThreadConnections
{
    QStringList names;

    ~ThreadConnections()
    {
        for (const QString &name : std::as_const(names))
        {
            QSqlDatabase::removeDatabase(name);
        }
    }
};

thread_local ThreadConnections t_connections;
thread_local QString t_lastError;
std::atomic<quint64> s_instanceCounter { 0 };

// Migrations, applied in order; step N leaves the schema at user_version N + 1. Never edit a
// released step: add one.
const QList<QStringList> &migrations()
{
    static const QList<QStringList> steps = {
        // 1: tables
        {
            u"CREATE TABLE jobs ("
            " job_id INTEGER PRIMARY KEY,"
            " title TEXT NOT NULL DEFAULT '',"
            " department TEXT NOT NULL DEFAULT '',"
            " offices TEXT NOT NULL DEFAULT '',"
            " gh_status TEXT NOT NULL DEFAULT '',"
            " platform_status TEXT NOT NULL DEFAULT 'none' CHECK (platform_status IN ('none', 'open', 'closed')),"
            " content_hash TEXT NOT NULL DEFAULT '',"
            " gh_updated_at INTEGER,"
            " last_exported_at INTEGER,"
            " last_error TEXT NOT NULL DEFAULT '',"
            " search_text TEXT NOT NULL DEFAULT '')"_s,
            u"CREATE INDEX jobs_platform_status ON jobs (platform_status, job_id)"_s,
            u"CREATE TABLE applicants ("
            " applicant_id TEXT PRIMARY KEY NOT NULL,"
            " source_job_id TEXT NOT NULL DEFAULT '',"
            " first_name TEXT NOT NULL DEFAULT '',"
            " last_name TEXT NOT NULL DEFAULT '',"
            " email TEXT NOT NULL DEFAULT '',"
            " applied_at INTEGER NOT NULL DEFAULT 0," // 0 = unknown, sorts as oldest
            " state TEXT NOT NULL CHECK (state IN"
            "  ('seen', 'creating', 'created', 'attached', 'acked', 'quarantined', 'dismissed')),"
            " reason TEXT NOT NULL DEFAULT '',"
            " transient INTEGER NOT NULL DEFAULT 0,"
            " attempts INTEGER NOT NULL DEFAULT 0,"
            " candidate_id INTEGER,"
            " application_id INTEGER,"
            " attachment_id INTEGER,"
            " acked_at INTEGER,"
            " created_at INTEGER NOT NULL,"
            " updated_at INTEGER NOT NULL,"
            " sort_name TEXT NOT NULL DEFAULT '',"
            " search_text TEXT NOT NULL DEFAULT '')"_s,
            u"CREATE INDEX applicants_state ON applicants (state, applicant_id)"_s,
            // The platform's JSON, whole, in a table of its own: ledger rows stay small, so scans
            // for lists and counts never read kilobytes of answers per applicant.
            u"CREATE TABLE applicant_payloads ("
            " applicant_id TEXT PRIMARY KEY NOT NULL REFERENCES applicants (applicant_id) ON DELETE CASCADE,"
            " payload TEXT NOT NULL)"_s,
            u"CREATE TABLE runs ("
            " id INTEGER PRIMARY KEY AUTOINCREMENT,"
            " lane TEXT NOT NULL,"
            " started_at INTEGER NOT NULL,"
            " finished_at INTEGER,"
            " ok INTEGER,"
            " created INTEGER NOT NULL DEFAULT 0,"
            " updated INTEGER NOT NULL DEFAULT 0,"
            " closed INTEGER NOT NULL DEFAULT 0,"
            " imported INTEGER NOT NULL DEFAULT 0,"
            " quarantined INTEGER NOT NULL DEFAULT 0,"
            " requests INTEGER NOT NULL DEFAULT 0,"
            " error TEXT NOT NULL DEFAULT '')"_s,
            u"CREATE INDEX runs_lane_started ON runs (lane, started_at)"_s,
            u"CREATE TABLE lane_state ("
            " lane TEXT PRIMARY KEY NOT NULL,"
            " next_due INTEGER,"
            " last_run INTEGER,"
            " last_success INTEGER,"
            " consecutive_failures INTEGER NOT NULL DEFAULT 0,"
            " last_error TEXT NOT NULL DEFAULT '')"_s,
            u"CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)"_s,
        },
        // 2: indexes behind the sortable, filterable UI lists (ORDER BY <col>, <pk> LIMIT/OFFSET)
        {
            u"CREATE INDEX applicants_applied ON applicants (applied_at, applicant_id)"_s,
            u"CREATE INDEX applicants_name ON applicants (sort_name, applicant_id)"_s,
            u"CREATE INDEX applicants_email ON applicants (email COLLATE NOCASE, applicant_id)"_s,
            u"CREATE INDEX applicants_job ON applicants (source_job_id, applicant_id)"_s,
            u"CREATE INDEX applicants_updated ON applicants (updated_at, applicant_id)"_s,
            u"CREATE INDEX applicants_state_applied ON applicants (state, applied_at, applicant_id)"_s,
            // Narrow and covering: a substring search reads this instead of the table.
            u"CREATE INDEX applicants_search ON applicants (search_text, applicant_id)"_s,
            u"CREATE INDEX jobs_title ON jobs (title COLLATE NOCASE, job_id)"_s,
            u"CREATE INDEX jobs_department ON jobs (department COLLATE NOCASE, job_id)"_s,
            u"CREATE INDEX jobs_gh_updated ON jobs (gh_updated_at, job_id)"_s,
            u"CREATE INDEX jobs_exported ON jobs (last_exported_at, job_id)"_s,
        },
    };
    return steps;
}

QVariant msOrNull(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant(QMetaType::fromType<qint64>());
}

QDateTime fromMs(const QVariant &value)
{
    if (value.isNull())
    {
        return {};
    }
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), QTimeZone::UTC);
#else
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
#endif
}

std::optional<qint64> optionalId(const QVariant &value)
{
    if (value.isNull())
    {
        return std::nullopt;
    }
    return value.toLongLong();
}

QString stringField(const QJsonObject &object, QLatin1StringView key)
{
    const QJsonValue value = object.value(key);
    if (value.isString())
    {
        return value.toString();
    }
    if (value.isDouble())
    {
        return QString::number(static_cast<qint64>(value.toDouble()));
    }
    return {};
}

QString orderSql(Qt::SortOrder order)
{
    return order == Qt::AscendingOrder ? u"ASC"_s : u"DESC"_s;
}

void bindAll(QSqlQuery &query, const QVariantList &binds)
{
    // QtSql binds a null QString as SQL NULL; our text columns are NOT NULL and "" means "none".
    for (int i = 0; i < binds.size(); ++i)
    {
        const QVariant &value = binds.at(i);
        if (value.typeId() == QMetaType::QString && value.toString().isNull())
        {
            query.bindValue(i, QString(u""_s));
        }
        else
        {
            query.bindValue(i, value);
        }
    }
}

const QString applicantColumns = u"applicant_id, source_job_id, first_name, last_name, email, applied_at, %1, state,"
                                 " reason, transient, attempts, candidate_id, application_id, attachment_id,"
                                 " acked_at, created_at, updated_at"_s;

QString sortNameFor(const QString &first, const QString &last)
{
    return QString(last + u' ' + first).trimmed().toCaseFolded();
}

const QString fullPayload
    = u"(SELECT payload FROM applicant_payloads p WHERE p.applicant_id = applicants.applicant_id)"_s;

ApplicantRecord applicantFrom(const QSqlQuery &query)
{
    ApplicantRecord record;
    record.applicantId = query.value(0).toString();
    record.sourceJobId = query.value(1).toString();
    record.firstName = query.value(2).toString();
    record.lastName = query.value(3).toString();
    record.email = query.value(4).toString();
    record.appliedAt = query.value(5).toLongLong() == 0 ? QDateTime() : fromMs(query.value(5));
    record.payload = query.value(6).toString().toUtf8();
    record.state = applicantStateFromString(query.value(7).toString()).value_or(ApplicantState::Seen);
    record.reason = query.value(8).toString();
    record.transient = query.value(9).toBool();
    record.attempts = query.value(10).toInt();
    record.candidateId = optionalId(query.value(11));
    record.applicationId = optionalId(query.value(12));
    record.attachmentId = optionalId(query.value(13));
    record.ackedAt = fromMs(query.value(14));
    record.createdAt = fromMs(query.value(15));
    record.updatedAt = fromMs(query.value(16));
    return record;
}

const QString jobColumns = u"job_id, title, department, offices, gh_status, platform_status, content_hash,"
                           " gh_updated_at, last_exported_at, last_error"_s;

JobRecord jobFrom(const QSqlQuery &query)
{
    JobRecord job;
    job.jobId = query.value(0).toLongLong();
    job.title = query.value(1).toString();
    job.department = query.value(2).toString();
    job.offices = query.value(3).toString();
    job.greenhouseStatus = query.value(4).toString();
    job.platformStatus = platformJobStatusFromString(query.value(5).toString()).value_or(PlatformJobStatus::None);
    job.contentHash = query.value(6).toString();
    job.greenhouseUpdatedAt = fromMs(query.value(7));
    job.lastExportedAt = fromMs(query.value(8));
    job.lastError = query.value(9).toString();
    return job;
}

const QString runColumns
    = u"id, lane, started_at, finished_at, ok, created, updated, closed, imported, quarantined, requests, error"_s;

RunRecord runFrom(const QSqlQuery &query)
{
    RunRecord run;
    run.id = query.value(0).toLongLong();
    run.lane = query.value(1).toString();
    run.startedAt = fromMs(query.value(2));
    run.finishedAt = fromMs(query.value(3));
    if (!query.value(4).isNull())
    {
        run.ok = query.value(4).toBool();
    }
    run.counts.created = query.value(5).toInt();
    run.counts.updated = query.value(6).toInt();
    run.counts.closed = query.value(7).toInt();
    run.counts.imported = query.value(8).toInt();
    run.counts.quarantined = query.value(9).toInt();
    run.counts.requests = query.value(10).toInt();
    run.error = query.value(11).toString();
    return run;
}

} // namespace

// --- enums ---------------------------------------------------------------------------------

QString platformJobStatusName(PlatformJobStatus status)
{
    switch (status)
    {
    case PlatformJobStatus::None:
        return u"none"_s;
    case PlatformJobStatus::Open:
        return u"open"_s;
    case PlatformJobStatus::Closed:
        return u"closed"_s;
    }
    return u"none"_s;
}

std::optional<PlatformJobStatus> platformJobStatusFromString(const QString &text)
{
    for (auto status : { PlatformJobStatus::None, PlatformJobStatus::Open, PlatformJobStatus::Closed })
    {
        if (platformJobStatusName(status) == text)
        {
            return status;
        }
    }
    return std::nullopt;
}

QString applicantStateName(ApplicantState state)
{
    switch (state)
    {
    case ApplicantState::Seen:
        return u"seen"_s;
    case ApplicantState::Creating:
        return u"creating"_s;
    case ApplicantState::Created:
        return u"created"_s;
    case ApplicantState::Attached:
        return u"attached"_s;
    case ApplicantState::Acked:
        return u"acked"_s;
    case ApplicantState::Quarantined:
        return u"quarantined"_s;
    case ApplicantState::Dismissed:
        return u"dismissed"_s;
    }
    return u"seen"_s;
}

std::optional<ApplicantState> applicantStateFromString(const QString &text)
{
    for (auto state : { ApplicantState::Seen, ApplicantState::Creating, ApplicantState::Created,
             ApplicantState::Attached, ApplicantState::Acked, ApplicantState::Quarantined, ApplicantState::Dismissed })
    {
        if (applicantStateName(state) == text)
        {
            return state;
        }
    }
    return std::nullopt;
}

// --- StoreNotifier -------------------------------------------------------------------------

StoreNotifier::StoreNotifier(QObject *parent) : QObject(parent) { }

// --- Store ---------------------------------------------------------------------------------

Store::Store(const QString &databasePath, const Clock *clock)
    : m_path(QDir::cleanPath(QFileInfo(databasePath).absoluteFilePath()))
    , m_clock(clock ? clock : Clock::system())
    , m_connectionPrefix(u"talentbridge-store-%1-%2-"_s.arg(
          QString::fromLatin1(QCryptographicHash::hash(m_path.toUtf8(), QCryptographicHash::Sha1).toHex().left(12)),
          QString::number(++s_instanceCounter)))
    , m_notifier(std::make_unique<StoreNotifier>())
{
}

Store::~Store()
{
    // Connections of threads that still run are closed here; the threads must not call in any more.
    const QMutexLocker locker(&m_connectionsMutex);
    for (const QString &name : std::as_const(m_connections))
    {
        QSqlDatabase::removeDatabase(name);
    }
}

QString Store::databasePathFor(const QString &profileDir)
{
    return QDir(profileDir).filePath(u"talentbridge.sqlite"_s);
}

QDateTime Store::now() const
{
    return m_clock->now();
}

void Store::setError(const QString &error) const
{
    t_lastError = error;
    qCWarning(lcStore) << "store:" << error;
}

QString Store::errorString() const
{
    return t_lastError;
}

QSqlDatabase Store::connection() const
{
    const QString name
        = m_connectionPrefix + QString::number(reinterpret_cast<quintptr>(QThread::currentThreadId()), 16);
    if (QSqlDatabase::contains(name))
    {
        return QSqlDatabase::database(name, false);
    }

    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
    db.setDatabaseName(m_path);
    db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=%1"_s.arg(busyTimeoutMs));
    t_connections.names.append(name);
    {
        const QMutexLocker locker(&m_connectionsMutex);
        m_connections.insert(name);
    }
    if (!db.open())
    {
        setError(QCoreApplication::translate("Store", "Cannot open the database %1: %2")
                     .arg(QDir::toNativeSeparators(m_path), db.lastError().text()));
        return db;
    }

    // WAL lets the UI read while the worker writes; synchronous=FULL makes every commit survive a
    // power cut, which the exactly-once ledger relies on.
    QSqlQuery pragma(db);
    for (const QString &sql :
        { u"PRAGMA foreign_keys = ON"_s, u"PRAGMA journal_mode = WAL"_s, u"PRAGMA synchronous = FULL"_s,
            u"PRAGMA cache_size = -16000"_s, u"PRAGMA busy_timeout = %1"_s.arg(busyTimeoutMs) })
    {
        if (!pragma.exec(sql))
        {
            setError(u"%1: %2"_s.arg(sql, pragma.lastError().text()));
        }
    }
    qCDebug(lcStore) << "opened connection" << name;
    return db;
}

bool Store::open(int upToVersion)
{
    QSqlDatabase db = connection();
    if (!db.isOpen())
    {
        return false;
    }
    return migrate(db, std::min(upToVersion, static_cast<int>(migrations().size())));
}

bool Store::isOpen() const
{
    return connection().isOpen();
}

int Store::userVersion() const
{
    QSqlQuery query(connection());
    if (!query.exec(u"PRAGMA user_version"_s) || !query.next())
    {
        return -1;
    }
    return query.value(0).toInt();
}

template <typename Fn> bool Store::inTransaction(QSqlDatabase &db, const QString &what, Fn &&fn)
{
    // IMMEDIATE takes the write lock up front, so two connections never deadlock upgrading a
    // read lock; the busy timeout makes the second writer wait instead of failing.
    QSqlQuery control(db);
    if (!control.exec(u"BEGIN IMMEDIATE"_s))
    {
        setError(u"%1: BEGIN: %2"_s.arg(what, control.lastError().text()));
        return false;
    }
    bool ok = fn();
    if (ok && !control.exec(u"COMMIT"_s))
    {
        setError(u"%1: COMMIT: %2"_s.arg(what, control.lastError().text()));
        ok = false;
    }
    if (!ok)
    {
        control.exec(u"ROLLBACK"_s);
    }
    return ok;
}

bool Store::migrate(QSqlDatabase &db, int upToVersion)
{
    const int current = userVersion();
    if (current < 0)
    {
        setError(QCoreApplication::translate("Store", "Cannot read the database version of %1.")
                     .arg(QDir::toNativeSeparators(m_path)));
        return false;
    }
    if (current > static_cast<int>(migrations().size()))
    {
        setError(QCoreApplication::translate("Store",
            "The database %1 was written by a newer TalentBridge (schema %2, this "
            "version knows %3). Update TalentBridge or use another profile.")
                     .arg(QDir::toNativeSeparators(m_path))
                     .arg(current)
                     .arg(migrations().size()));
        return false;
    }
    for (int version = current; version < upToVersion; ++version)
    {
        const bool ok = inTransaction(db, u"migration %1"_s.arg(version + 1),
            [&]
            {
                QSqlQuery query(db);
                // Another process (or connection) may have taken this step between our read of
                // the version and the write lock: read it again under the lock.
                if (!query.exec(u"PRAGMA user_version"_s) || !query.next())
                {
                    setError(u"migration %1: %2"_s.arg(version + 1).arg(query.lastError().text()));
                    return false;
                }
                if (query.value(0).toInt() > version)
                {
                    return true;
                }
                for (const QString &sql : migrations().at(version))
                {
                    if (!query.exec(sql))
                    {
                        setError(u"migration %1: %2"_s.arg(version + 1).arg(query.lastError().text()));
                        return false;
                    }
                }
                // PRAGMA user_version is transactional in SQLite: it commits or rolls back with the step.
                return query.exec(u"PRAGMA user_version = %1"_s.arg(version + 1));
            });
        if (!ok)
        {
            return false;
        }
        qCInfo(lcStore) << "database at schema" << version + 1;
    }
    return true;
}

// --- jobs ----------------------------------------------------------------------------------

bool Store::upsertJob(const JobRecord &job)
{
    return upsertJobs({ job });
}

bool Store::upsertJobs(const QList<JobRecord> &jobs)
{
    if (jobs.isEmpty())
    {
        return true;
    }
    QSqlDatabase db = connection();
    const bool ok = inTransaction(db, u"upsert jobs"_s,
        [&]
        {
            QSqlQuery query(db);
            query.prepare(u"INSERT INTO jobs ("_s + jobColumns
                + u", search_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                  " ON CONFLICT (job_id) DO UPDATE SET title = excluded.title,"
                  " department = excluded.department, offices = excluded.offices,"
                  " gh_status = excluded.gh_status, platform_status = excluded.platform_status,"
                  " content_hash = excluded.content_hash, gh_updated_at = excluded.gh_updated_at,"
                  " last_exported_at = excluded.last_exported_at, last_error = excluded.last_error,"
                  " search_text = excluded.search_text"_s);
            for (const JobRecord &job : jobs)
            {
                const QString search
                    = QStringList { QString::number(job.jobId), job.title, job.department, job.offices }
                          .join(u'\n')
                          .toCaseFolded();
                bindAll(query,
                    { job.jobId, job.title, job.department, job.offices, job.greenhouseStatus,
                        platformJobStatusName(job.platformStatus), job.contentHash, msOrNull(job.greenhouseUpdatedAt),
                        msOrNull(job.lastExportedAt), job.lastError, search });
                if (!query.exec())
                {
                    setError(u"upsert job %1: %2"_s.arg(job.jobId).arg(query.lastError().text()));
                    return false;
                }
            }
            return true;
        });
    if (ok)
    {
        QList<qint64> ids;
        ids.reserve(jobs.size());
        for (const JobRecord &job : jobs)
        {
            ids.append(job.jobId);
        }
        emit m_notifier->jobsChanged(ids);
    }
    return ok;
}

std::optional<JobRecord> Store::job(qint64 jobId) const
{
    QSqlQuery query(connection());
    query.prepare(u"SELECT "_s + jobColumns + u" FROM jobs WHERE job_id = ?"_s);
    query.addBindValue(jobId);
    if (!query.exec())
    {
        setError(u"job %1: %2"_s.arg(jobId).arg(query.lastError().text()));
        return std::nullopt;
    }
    if (!query.next())
    {
        return std::nullopt;
    }
    return jobFrom(query);
}

QList<qint64> Store::openJobIds() const
{
    QList<qint64> ids;
    QSqlQuery query(connection());
    if (!query.exec(u"SELECT job_id FROM jobs WHERE platform_status = 'open' ORDER BY job_id"_s))
    {
        setError(u"open job ids: %1"_s.arg(query.lastError().text()));
        return ids;
    }
    while (query.next())
    {
        ids.append(query.value(0).toLongLong());
    }
    return ids;
}

QList<qint64> Store::allJobIds() const
{
    QList<qint64> ids;
    QSqlQuery query(connection());
    if (!query.exec(u"SELECT job_id FROM jobs ORDER BY job_id"_s))
    {
        setError(u"job ids: %1"_s.arg(query.lastError().text()));
        return ids;
    }
    while (query.next())
    {
        ids.append(query.value(0).toLongLong());
    }
    return ids;
}

bool Store::markJobClosed(qint64 jobId, const QDateTime &exportedAt)
{
    QSqlQuery query(connection());
    query.prepare(u"UPDATE jobs SET platform_status = 'closed', last_exported_at = ?, last_error = ''"
                  " WHERE job_id = ?"_s);
    bindAll(query, { msOrNull(exportedAt), jobId });
    if (!query.exec())
    {
        setError(u"close job %1: %2"_s.arg(jobId).arg(query.lastError().text()));
        return false;
    }
    if (query.numRowsAffected() != 1)
    {
        setError(u"close job %1: not in the mirror"_s.arg(jobId));
        return false;
    }
    emit m_notifier->jobsChanged({ jobId });
    return true;
}

bool Store::setJobError(qint64 jobId, const QString &error)
{
    QSqlQuery query(connection());
    query.prepare(u"UPDATE jobs SET last_error = ? WHERE job_id = ?"_s);
    bindAll(query, { error, jobId });
    if (!query.exec() || query.numRowsAffected() != 1)
    {
        setError(u"job error %1: %2"_s.arg(jobId).arg(query.lastError().text()));
        return false;
    }
    emit m_notifier->jobsChanged({ jobId });
    return true;
}

namespace
{

QString jobWhere(const JobQuery &q, QVariantList &binds)
{
    QStringList conditions;
    if (!q.search.isEmpty())
    {
        conditions << u"instr(search_text, ?) > 0"_s;
        binds << q.search.toCaseFolded();
    }
    if (q.platformStatus)
    {
        conditions << u"platform_status = ?"_s;
        binds << platformJobStatusName(*q.platformStatus);
    }
    return conditions.isEmpty() ? QString() : u" WHERE "_s + conditions.join(u" AND "_s);
}

} // namespace

QList<JobRecord> Store::jobsPage(const JobQuery &q, int offset, int limit) const
{
    QString column;
    switch (q.sortColumn)
    {
    case JobQuery::SortColumn::Title:
        column = u"title COLLATE NOCASE"_s;
        break;
    case JobQuery::SortColumn::Department:
        column = u"department COLLATE NOCASE"_s;
        break;
    case JobQuery::SortColumn::PlatformStatus:
        column = u"platform_status"_s;
        break;
    case JobQuery::SortColumn::GreenhouseUpdatedAt:
        column = u"gh_updated_at"_s;
        break;
    case JobQuery::SortColumn::LastExportedAt:
        column = u"last_exported_at"_s;
        break;
    case JobQuery::SortColumn::JobId:
        column = u"job_id"_s;
        break;
    }
    QVariantList binds;
    const QString order = orderSql(q.order);
    const QString sql = u"SELECT "_s + jobColumns + u" FROM jobs"_s + jobWhere(q, binds) + u" ORDER BY "_s + column
        + u' ' + order + (q.sortColumn == JobQuery::SortColumn::JobId ? QString() : u", job_id "_s + order)
        + u" LIMIT ? OFFSET ?"_s;
    binds << limit << offset;

    QList<JobRecord> jobs;
    QSqlQuery query(connection());
    query.setForwardOnly(true);
    query.prepare(sql);
    bindAll(query, binds);
    if (!query.exec())
    {
        setError(u"jobs page: %1"_s.arg(query.lastError().text()));
        return jobs;
    }
    while (query.next())
    {
        jobs.append(jobFrom(query));
    }
    return jobs;
}

int Store::jobCount(const JobQuery &q) const
{
    QVariantList binds;
    QSqlQuery query(connection());
    query.prepare(u"SELECT count(*) FROM jobs"_s + jobWhere(q, binds));
    bindAll(query, binds);
    if (!query.exec() || !query.next())
    {
        setError(u"job count: %1"_s.arg(query.lastError().text()));
        return 0;
    }
    return query.value(0).toInt();
}

// --- applicants ----------------------------------------------------------------------------

std::optional<ApplicantRecord> Store::recordSeen(const QJsonObject &platformApplicant)
{
    if (stringField(platformApplicant, "id"_L1).isEmpty())
    {
        setError(u"record applicant: the platform applicant has no id"_s);
        return std::nullopt;
    }
    if (recordSeen(QList<QJsonObject> { platformApplicant }) < 0)
    {
        return std::nullopt;
    }
    return applicant(stringField(platformApplicant, "id"_L1));
}

int Store::recordSeen(const QList<QJsonObject> &platformApplicants)
{
    QSqlDatabase db = connection();
    const qint64 nowMs = now().toMSecsSinceEpoch();
    QStringList changed;
    int inserted = 0;
    const bool ok = inTransaction(db, u"record applicants"_s,
        [&]
        {
            QSqlQuery known(db);
            known.prepare(u"SELECT a.state, p.payload FROM applicants a"
                          " JOIN applicant_payloads p ON p.applicant_id = a.applicant_id WHERE a.applicant_id = ?"_s);
            QSqlQuery insert(db);
            insert.prepare(u"INSERT INTO applicants (applicant_id, source_job_id, first_name, last_name, email,"
                           " applied_at, state, created_at, updated_at, sort_name, search_text)"
                           " VALUES (?, ?, ?, ?, ?, ?, 'seen', ?, ?, ?, ?)"_s);
            QSqlQuery insertPayload(db);
            insertPayload.prepare(u"INSERT INTO applicant_payloads (applicant_id, payload) VALUES (?, ?)"_s);
            QSqlQuery update(db);
            update.prepare(u"UPDATE applicants SET source_job_id = ?, first_name = ?, last_name = ?, email = ?,"
                           " applied_at = ?, updated_at = ?, sort_name = ?, search_text = ? WHERE applicant_id = ?"_s);
            QSqlQuery updatePayload(db);
            updatePayload.prepare(u"UPDATE applicant_payloads SET payload = ? WHERE applicant_id = ?"_s);

            const auto run = [this](QSqlQuery &query, const QVariantList &binds, const QString &id)
            {
                bindAll(query, binds);
                if (!query.exec())
                {
                    setError(u"record applicant %1: %2"_s.arg(id, query.lastError().text()));
                    return false;
                }
                return true;
            };

            for (const QJsonObject &object : platformApplicants)
            {
                const QString id = stringField(object, "id"_L1);
                if (id.isEmpty())
                {
                    qCWarning(lcStore) << "skipping a platform applicant without an id";
                    continue;
                }
                const QString jobId = stringField(object, "source_job_id"_L1);
                const QString first = object.value("first_name"_L1).toString();
                const QString last = object.value("last_name"_L1).toString();
                const QString email = object.value("email"_L1).toString();
                const QDateTime applied
                    = QDateTime::fromString(object.value("applied_at"_L1).toString(), Qt::ISODateWithMs);
                const qint64 appliedMs = applied.isValid() ? applied.toMSecsSinceEpoch() : 0;
                const QString payload = QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
                const QString sortName = sortNameFor(first, last);
                const QString search = QStringList { id, first, last, email, jobId }.join(u'\n').toCaseFolded();

                if (!run(known, { id }, id))
                {
                    return false;
                }
                if (!known.next())
                {
                    known.finish();
                    if (!run(insert, { id, jobId, first, last, email, appliedMs, nowMs, nowMs, sortName, search }, id)
                        || !run(insertPayload, { id, payload }, id))
                    {
                        return false;
                    }
                    ++inserted;
                    changed.append(id);
                    continue;
                }

                // A known applicant keeps its state. Its data is refreshed only while nothing was
                // created in Greenhouse for it, so what was imported stays what the ledger shows.
                const QString state = known.value(0).toString();
                const bool differs = known.value(1).toString() != payload;
                known.finish();
                if (!differs || (state != u"seen"_s && state != u"quarantined"_s))
                {
                    continue;
                }
                if (!run(update, { jobId, first, last, email, appliedMs, nowMs, sortName, search, id }, id)
                    || !run(updatePayload, { payload, id }, id))
                {
                    return false;
                }
                changed.append(id);
            }
            return true;
        });
    if (!ok)
    {
        return -1;
    }
    if (!changed.isEmpty())
    {
        emit m_notifier->applicantsChanged(changed);
    }
    return inserted;
}

std::optional<ApplicantRecord> Store::applicant(const QString &applicantId) const
{
    QSqlQuery query(connection());
    query.prepare(u"SELECT "_s + applicantColumns.arg(fullPayload) + u" FROM applicants WHERE applicant_id = ?"_s);
    query.addBindValue(applicantId);
    if (!query.exec())
    {
        setError(u"applicant %1: %2"_s.arg(applicantId, query.lastError().text()));
        return std::nullopt;
    }
    if (!query.next())
    {
        return std::nullopt;
    }
    return applicantFrom(query);
}

bool Store::transition(
    const QString &applicantId, const QString &sql, const QVariantList &binds, const QString &expected)
{
    // One UPDATE guarded by the source state: atomic and durable on return (autocommit, WAL,
    // synchronous=FULL), and a no-op when another caller already moved the applicant on.
    QSqlQuery query(connection());
    query.prepare(sql);
    bindAll(query, binds + QVariantList { applicantId });
    if (!query.exec())
    {
        setError(u"applicant %1: %2"_s.arg(applicantId, query.lastError().text()));
        return false;
    }
    if (query.numRowsAffected() != 1)
    {
        const auto current = applicant(applicantId);
        setError(current
                ? u"applicant %1 is %2, expected %3"_s.arg(applicantId, applicantStateName(current->state), expected)
                : u"applicant %1 is not in the ledger"_s.arg(applicantId));
        return false;
    }
    emit m_notifier->applicantsChanged({ applicantId });
    return true;
}

bool Store::markCreating(const QString &applicantId)
{
    return transition(applicantId,
        u"UPDATE applicants SET state = 'creating', attempts = attempts + 1, updated_at = ?"
        " WHERE applicant_id = ? AND state IN ('seen', 'creating')"_s,
        { now().toMSecsSinceEpoch() }, u"seen or creating"_s);
}

bool Store::markCreated(const QString &applicantId, qint64 candidateId, qint64 applicationId)
{
    return transition(applicantId,
        u"UPDATE applicants SET state = 'created', candidate_id = ?, application_id = ?,"
        " reason = '', transient = 0, updated_at = ? WHERE applicant_id = ? AND state = 'creating'"_s,
        { candidateId, applicationId, now().toMSecsSinceEpoch() }, u"creating"_s);
}

bool Store::markAttached(const QString &applicantId, qint64 attachmentId)
{
    return transition(applicantId,
        u"UPDATE applicants SET state = 'attached', attachment_id = ?, updated_at = ?"
        " WHERE applicant_id = ? AND state = 'created'"_s,
        { attachmentId, now().toMSecsSinceEpoch() }, u"created"_s);
}

bool Store::markAcked(const QString &applicantId)
{
    const qint64 nowMs = now().toMSecsSinceEpoch();
    return transition(applicantId,
        u"UPDATE applicants SET state = 'acked', acked_at = ?, reason = '', transient = 0,"
        " updated_at = ? WHERE applicant_id = ? AND state IN ('created', 'attached')"_s,
        { nowMs, nowMs }, u"created or attached"_s);
}

bool Store::quarantine(const QString &applicantId, const QString &reason, bool transient)
{
    return transition(applicantId,
        u"UPDATE applicants SET state = 'quarantined', reason = ?, transient = ?, updated_at = ?"
        " WHERE applicant_id = ? AND state IN ('seen', 'creating', 'created', 'attached',"
        " 'quarantined')"_s,
        { reason, transient ? 1 : 0, now().toMSecsSinceEpoch() }, u"not yet acked"_s);
}

int Store::batchTransition(const QStringList &applicantIds, const QString &sql, const QVariantList &binds)
{
    QSqlDatabase db = connection();
    QStringList changed;
    const bool ok = inTransaction(db, u"applicant batch"_s,
        [&]
        {
            QSqlQuery query(db);
            query.prepare(sql);
            for (const QString &id : applicantIds)
            {
                bindAll(query, binds + QVariantList { id });
                if (!query.exec())
                {
                    setError(u"applicant %1: %2"_s.arg(id, query.lastError().text()));
                    return false;
                }
                if (query.numRowsAffected() > 0)
                {
                    changed.append(id);
                }
            }
            return true;
        });
    if (!ok)
    {
        return -1;
    }
    if (!changed.isEmpty())
    {
        emit m_notifier->applicantsChanged(changed);
    }
    return static_cast<int>(changed.size());
}

namespace
{

// Retry resumes where the applicant stopped, so a candidate created before the quarantine is
// never created a second time.
const QString retrySet = u"UPDATE applicants SET state = CASE WHEN attachment_id IS NOT NULL THEN 'attached'"
                         " WHEN candidate_id IS NOT NULL THEN 'created' ELSE 'seen' END,"
                         " reason = '', transient = 0, updated_at = ?"_s;

} // namespace

int Store::retry(const QStringList &applicantIds)
{
    return batchTransition(
        applicantIds, retrySet + u" WHERE state = 'quarantined' AND applicant_id = ?"_s, { now().toMSecsSinceEpoch() });
}

int Store::retryTransient()
{
    QStringList ids;
    {
        QSqlQuery query(connection());
        if (!query.exec(u"SELECT applicant_id FROM applicants WHERE state = 'quarantined' AND transient = 1"_s))
        {
            setError(u"transient quarantine: %1"_s.arg(query.lastError().text()));
            return -1;
        }
        while (query.next())
        {
            ids.append(query.value(0).toString());
        }
    }
    if (ids.isEmpty())
    {
        return 0;
    }
    return batchTransition(ids, retrySet + u" WHERE state = 'quarantined' AND transient = 1 AND applicant_id = ?"_s,
        { now().toMSecsSinceEpoch() });
}

int Store::dismiss(const QStringList &applicantIds, const QString &reason)
{
    return batchTransition(applicantIds,
        u"UPDATE applicants SET state = 'dismissed', transient = 0,"
        " reason = CASE WHEN ? = '' THEN reason ELSE ? END, updated_at = ?"
        " WHERE state = 'quarantined' AND applicant_id = ?"_s,
        { reason, reason, now().toMSecsSinceEpoch() });
}

bool Store::markRejectionAcked(const QString &applicantId)
{
    const qint64 nowMs = now().toMSecsSinceEpoch();
    return transition(applicantId,
        u"UPDATE applicants SET acked_at = ?, updated_at = ?"
        " WHERE applicant_id = ? AND state = 'dismissed'"_s,
        { nowMs, nowMs }, u"dismissed"_s);
}

QList<ApplicantRecord> Store::applicantsInState(ApplicantState state, int limit) const
{
    QList<ApplicantRecord> records;
    QSqlQuery query(connection());
    query.setForwardOnly(true);
    query.prepare(u"SELECT "_s + applicantColumns.arg(fullPayload)
        + u" FROM applicants WHERE state = ? ORDER BY updated_at, applicant_id LIMIT ?"_s);
    bindAll(query, { applicantStateName(state), limit });
    if (!query.exec())
    {
        setError(u"applicants in %1: %2"_s.arg(applicantStateName(state), query.lastError().text()));
        return records;
    }
    while (query.next())
    {
        records.append(applicantFrom(query));
    }
    return records;
}

QList<ApplicantRecord> Store::dismissedNotAcked() const
{
    QList<ApplicantRecord> records;
    QSqlQuery query(connection());
    query.setForwardOnly(true);
    if (!query.exec(u"SELECT "_s + applicantColumns.arg(fullPayload)
            + u" FROM applicants WHERE state = 'dismissed' AND acked_at IS NULL"
              " ORDER BY updated_at, applicant_id"_s))
    {
        setError(u"dismissed applicants: %1"_s.arg(query.lastError().text()));
        return records;
    }
    while (query.next())
    {
        records.append(applicantFrom(query));
    }
    return records;
}

QHash<ApplicantState, int> Store::applicantCounts() const
{
    QHash<ApplicantState, int> counts;
    QSqlQuery query(connection());
    if (!query.exec(u"SELECT state, count(*) FROM applicants GROUP BY state"_s))
    {
        setError(u"applicant counts: %1"_s.arg(query.lastError().text()));
        return counts;
    }
    while (query.next())
    {
        if (const auto state = applicantStateFromString(query.value(0).toString()))
        {
            counts.insert(*state, query.value(1).toInt());
        }
    }
    return counts;
}

namespace
{

QString applicantWhere(const ApplicantQuery &q, QVariantList &binds, bool collectMatchesFirst = false)
{
    QStringList conditions;
    if (!q.search.isEmpty())
    {
        // instr() on a case-folded copy: no LIKE wildcards to escape, Unicode-aware folding.
        conditions << (collectMatchesFirst ? u"applicant_id IN (SELECT applicant_id FROM applicants"
                                             " INDEXED BY applicants_search WHERE instr(search_text, ?) > 0)"_s
                                           : u"instr(search_text, ?) > 0"_s);
        binds << q.search.toCaseFolded();
    }
    if (q.state)
    {
        conditions << u"state = ?"_s;
        binds << applicantStateName(*q.state);
    }
    return conditions.isEmpty() ? QString() : u" WHERE "_s + conditions.join(u" AND "_s);
}

} // namespace

QList<ApplicantRecord> Store::applicantsPage(const ApplicantQuery &q, int offset, int limit, int matchCount) const
{
    return applicantsQuery(q, nullptr, offset, limit, matchCount);
}

QList<ApplicantRecord> Store::applicantsAfter(
    const ApplicantQuery &q, const ApplicantRecord &last, int limit, int matchCount) const
{
    return applicantsQuery(q, &last, 0, limit, matchCount);
}

QList<ApplicantRecord> Store::applicantsQuery(
    const ApplicantQuery &q, const ApplicantRecord *after, int offset, int limit, int matchCount) const
{
    QString column;
    QVariant afterValue;
    switch (q.sortColumn)
    {
    case ApplicantQuery::SortColumn::AppliedAt:
        column = u"applied_at"_s;
        if (after)
        {
            afterValue = after->appliedAt.isValid() ? after->appliedAt.toMSecsSinceEpoch() : qint64(0);
        }
        break;
    case ApplicantQuery::SortColumn::Name:
        column = u"sort_name"_s;
        if (after)
        {
            afterValue = sortNameFor(after->firstName, after->lastName);
        }
        break;
    case ApplicantQuery::SortColumn::Email:
        column = u"email COLLATE NOCASE"_s;
        if (after)
        {
            afterValue = after->email;
        }
        break;
    case ApplicantQuery::SortColumn::State:
        column = u"state"_s;
        if (after)
        {
            afterValue = applicantStateName(after->state);
        }
        break;
    case ApplicantQuery::SortColumn::JobId:
        column = u"source_job_id"_s;
        if (after)
        {
            afterValue = after->sourceJobId;
        }
        break;
    case ApplicantQuery::SortColumn::UpdatedAt:
        column = u"updated_at"_s;
        if (after)
        {
            afterValue = after->updatedAt.toMSecsSinceEpoch();
        }
        break;
    }

    // SQLite cannot see through instr(), so by itself it walks the sort index and tests row after
    // row until the page is full: quick when many rows match, a walk over the whole table with a
    // lookup per row when few do. A selective search instead collects the matches from the narrow
    // covering search index and sorts just those.
    bool collectMatchesFirst = false;
    if (!q.search.isEmpty())
    {
        const int matches = matchCount >= 0 ? matchCount : applicantCount(q);
        collectMatchesFirst = matches <= selectiveSearchRows;
    }
    QVariantList binds;
    QString where = applicantWhere(q, binds, collectMatchesFirst);
    const QString order = orderSql(q.order);
    if (after)
    {
        // Keyset: continue strictly after the last row shown, an index seek instead of OFFSET.
        where += (where.isEmpty() ? u" WHERE "_s : u" AND "_s) + u"("_s + column + u", applicant_id) "_s
            + (q.order == Qt::AscendingOrder ? u">"_s : u"<"_s) + u" (?, ?)"_s;
        binds << afterValue << after->applicantId;
    }
    const QString sql = u"SELECT "_s + applicantColumns.arg(u"''"_s) + u" FROM applicants"_s + where + u" ORDER BY "_s
        + column + u' ' + order + u", applicant_id "_s + order + u" LIMIT ? OFFSET ?"_s;
    binds << limit << offset;

    QList<ApplicantRecord> records;
    QSqlQuery query(connection());
    query.setForwardOnly(true);
    query.prepare(sql);
    bindAll(query, binds);
    if (!query.exec())
    {
        setError(u"applicants page: %1"_s.arg(query.lastError().text()));
        return records;
    }
    while (query.next())
    {
        records.append(applicantFrom(query));
    }
    return records;
}

int Store::applicantCount(const ApplicantQuery &q) const
{
    QVariantList binds;
    QSqlQuery query(connection());
    query.prepare(u"SELECT count(*) FROM applicants"_s + applicantWhere(q, binds));
    bindAll(query, binds);
    if (!query.exec() || !query.next())
    {
        setError(u"applicant count: %1"_s.arg(query.lastError().text()));
        return 0;
    }
    return query.value(0).toInt();
}

// --- runs ----------------------------------------------------------------------------------

qint64 Store::startRun(const QString &lane, const QDateTime &startedAt)
{
    QSqlQuery query(connection());
    query.prepare(u"INSERT INTO runs (lane, started_at) VALUES (?, ?)"_s);
    bindAll(query, { lane, startedAt.toMSecsSinceEpoch() });
    if (!query.exec())
    {
        setError(u"start run %1: %2"_s.arg(lane, query.lastError().text()));
        return -1;
    }
    const qint64 id = query.lastInsertId().toLongLong();
    emit m_notifier->runsChanged();
    return id;
}

bool Store::finishRun(qint64 runId, const QDateTime &finishedAt, bool ok, const RunCounts &counts, const QString &error)
{
    QSqlQuery query(connection());
    query.prepare(u"UPDATE runs SET finished_at = ?, ok = ?, created = ?, updated = ?, closed = ?, imported = ?,"
                  " quarantined = ?, requests = ?, error = ? WHERE id = ?"_s);
    bindAll(query,
        { finishedAt.toMSecsSinceEpoch(), ok ? 1 : 0, counts.created, counts.updated, counts.closed, counts.imported,
            counts.quarantined, counts.requests, error, runId });
    if (!query.exec() || query.numRowsAffected() != 1)
    {
        setError(u"finish run %1: %2"_s.arg(runId).arg(query.lastError().text()));
        return false;
    }
    emit m_notifier->runsChanged();
    return true;
}

std::optional<RunRecord> Store::run(qint64 runId) const
{
    QSqlQuery query(connection());
    query.prepare(u"SELECT "_s + runColumns + u" FROM runs WHERE id = ?"_s);
    query.addBindValue(runId);
    if (!query.exec() || !query.next())
    {
        return std::nullopt;
    }
    return runFrom(query);
}

std::optional<RunRecord> Store::lastRun(const QString &lane) const
{
    QSqlQuery query(connection());
    query.prepare(u"SELECT "_s + runColumns + u" FROM runs WHERE lane = ? ORDER BY started_at DESC, id DESC LIMIT 1"_s);
    query.addBindValue(lane);
    if (!query.exec() || !query.next())
    {
        return std::nullopt;
    }
    return runFrom(query);
}

QList<RunRecord> Store::runsPage(const QString &laneFilter, int offset, int limit) const
{
    QList<RunRecord> runs;
    QSqlQuery query(connection());
    query.setForwardOnly(true);
    query.prepare(u"SELECT "_s + runColumns
        + u" FROM runs WHERE (? = '' OR lane = ?)"
          " ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?"_s);
    bindAll(query, { laneFilter, laneFilter, limit, offset });
    if (!query.exec())
    {
        setError(u"runs page: %1"_s.arg(query.lastError().text()));
        return runs;
    }
    while (query.next())
    {
        runs.append(runFrom(query));
    }
    return runs;
}

int Store::runCount(const QString &laneFilter) const
{
    QSqlQuery query(connection());
    query.prepare(u"SELECT count(*) FROM runs WHERE (? = '' OR lane = ?)"_s);
    bindAll(query, { laneFilter, laneFilter });
    if (!query.exec() || !query.next())
    {
        return 0;
    }
    return query.value(0).toInt();
}

// --- lane state, meta ----------------------------------------------------------------------

std::optional<LaneStateRecord> Store::laneState(const QString &lane) const
{
    QSqlQuery query(connection());
    query.prepare(u"SELECT next_due, last_run, last_success, consecutive_failures, last_error"
                  " FROM lane_state WHERE lane = ?"_s);
    query.addBindValue(lane);
    if (!query.exec())
    {
        setError(u"lane state %1: %2"_s.arg(lane, query.lastError().text()));
        return std::nullopt;
    }
    if (!query.next())
    {
        return std::nullopt;
    }
    LaneStateRecord state;
    state.lane = lane;
    state.nextDue = fromMs(query.value(0));
    state.lastRun = fromMs(query.value(1));
    state.lastSuccess = fromMs(query.value(2));
    state.consecutiveFailures = query.value(3).toInt();
    state.lastError = query.value(4).toString();
    return state;
}

bool Store::saveLaneState(const LaneStateRecord &state)
{
    QSqlQuery query(connection());
    query.prepare(u"INSERT INTO lane_state (lane, next_due, last_run, last_success, consecutive_failures, last_error)"
                  " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (lane) DO UPDATE SET next_due = excluded.next_due,"
                  " last_run = excluded.last_run, last_success = excluded.last_success,"
                  " consecutive_failures = excluded.consecutive_failures, last_error = excluded.last_error"_s);
    bindAll(query,
        { state.lane, msOrNull(state.nextDue), msOrNull(state.lastRun), msOrNull(state.lastSuccess),
            state.consecutiveFailures, state.lastError });
    if (!query.exec())
    {
        setError(u"save lane state %1: %2"_s.arg(state.lane, query.lastError().text()));
        return false;
    }
    emit m_notifier->laneStateChanged(state.lane);
    return true;
}

QString Store::meta(const QString &key, const QString &defaultValue) const
{
    QSqlQuery query(connection());
    query.prepare(u"SELECT value FROM meta WHERE key = ?"_s);
    query.addBindValue(key);
    if (!query.exec() || !query.next())
    {
        return defaultValue;
    }
    return query.value(0).toString();
}

bool Store::setMeta(const QString &key, const QString &value)
{
    QSqlQuery query(connection());
    query.prepare(
        u"INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"_s);
    bindAll(query, { key, value });
    if (!query.exec())
    {
        setError(u"set meta %1: %2"_s.arg(key, query.lastError().text()));
        return false;
    }
    emit m_notifier->metaChanged(key);
    return true;
}
