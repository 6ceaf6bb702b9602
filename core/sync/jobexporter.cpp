#include "core/sync/jobexporter.h"

#include "core/clock.h"
#include "core/harvest/harvestclient.h"
#include "core/logging.h"
#include "core/net/httputil.h"
#include "core/platform/platformclient.h"
#include "core/store/store.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <algorithm>

namespace Sync
{

namespace
{
QString tr(const char *text)
{
    return QCoreApplication::translate("Sync::JobExporter", text);
}

QString databaseError(const Store &store)
{
    return tr("The local database could not be written: %1").arg(store.errorString());
}

qint64 idOf(const QJsonObject &object, const char *key = "id")
{
    return object.value(QLatin1String(key)).toInteger();
}

QDateTime updatedAtOf(const QJsonObject &object)
{
    return Net::parseDateTime(object.value(QLatin1String("updated_at")).toString());
}

QString joinIds(const QList<qint64> &ids)
{
    QStringList parts;
    for (const qint64 id : ids)
    {
        parts.append(QString::number(id));
    }
    return parts.join(QLatin1Char(','));
}

// True when `id` or one of its ancestors is in `wanted`.
bool inTree(qint64 id, const QSet<qint64> &wanted, const QHash<qint64, qint64> &parents)
{
    for (int depth = 0; id != 0 && depth < 64; ++depth)
    {
        if (wanted.contains(id))
        {
            return true;
        }
        id = parents.value(id, 0);
    }
    return false;
}

bool permanentJobError(const Net::Error &error)
{
    return error.kind == Net::Error::Kind::Validation || error.kind == Net::Error::Kind::NotFound;
}
} // namespace

struct JobExporter::Context
{
    std::stop_token stop;
    ProgressFn progress;
    RunSummary summary;
    bool referenceLoaded = false;
    JobReferenceData reference;
    QHash<qint64, qint64> departmentParents;
    QHash<qint64, qint64> officeParents;
    QSet<qint64> departmentFilter;
    QSet<qint64> officeFilter;

    void report(const QString &step, int done, int total) const
    {
        if (progress)
        {
            progress(step, done, total);
        }
    }
};

Platform::JobPayload toJobPayload(const QJsonObject &body)
{
    Platform::JobPayload payload;
    payload.sourceJobId = body.value(u"source_job_id").toString();
    payload.requisitionId = body.value(u"requisition_id").toString();
    payload.title = body.value(u"title").toString();
    payload.status = body.value(u"status").toString();
    payload.department = body.value(u"department").toString();
    for (const QJsonValue &office : body.value(u"offices").toArray())
    {
        payload.offices.append(office.toString());
    }
    payload.employmentType = body.value(u"employment_type").toString();
    payload.openings = body.value(u"openings").toInt();
    payload.descriptionHtml = body.value(u"description_html").toString();
    payload.applyUrl = body.value(u"apply_url").toString();
    payload.updatedAt = Net::parseDateTime(body.value(u"updated_at").toString());
    return payload;
}

JobExporter::JobExporter(const Harvest::HarvestClient &harvest, const Platform::PlatformClient &platform, Store &store,
    const ExportOptions &options, const Clock *clock)
    : m_harvest(harvest)
    , m_platform(platform)
    , m_store(store)
    , m_options(options)
    , m_clock(clock ? clock : Clock::system())
{
}

QString JobExporter::filterSignature(const ExportOptions &options)
{
    QList<qint64> departments = options.departmentFilter;
    QList<qint64> offices = options.officeFilter;
    std::sort(departments.begin(), departments.end());
    std::sort(offices.begin(), offices.end());
    departments.erase(std::unique(departments.begin(), departments.end()), departments.end());
    offices.erase(std::unique(offices.begin(), offices.end()), offices.end());
    return QStringLiteral("d=%1;o=%2").arg(joinIds(departments), joinIds(offices));
}

bool JobExporter::checkAccount(Context &context)
{
    context.report(tr("Checking the SmartDreamers account"), 0, 0);
    ++context.summary.platformRequests;
    const Net::Result<Platform::Account> account = m_platform.me(context.stop);
    if (!account.ok())
    {
        return fail(context, account.error(), QStringLiteral("platform account"));
    }
    const QString identity = account.value().accountId + QLatin1Char('@')
        + m_platform.baseUrl()
              .adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::StripTrailingSlash)
              .toString();
    const QString recorded = m_store.meta(QLatin1String(kAccountKey));
    if (recorded == identity)
    {
        return true;
    }
    bool saved = true;
    if (!recorded.isEmpty())
    {
        // The new account holds none of the jobs the mirror knows as exported, and the old one
        // is not ours to close through the new token: forget the platform side and reconcile.
        qCInfo(lcSync) << "the SmartDreamers account changed: the job mirror is reset, a full reconciliation runs";
        QList<JobRecord> reset;
        for (const qint64 id : m_store.allJobIds())
        {
            if (std::optional<JobRecord> job = m_store.job(id))
            {
                job->platformStatus = PlatformJobStatus::None;
                job->contentHash.clear();
                job->lastExportedAt = QDateTime();
                job->lastError.clear();
                reset.append(*job);
            }
        }
        saved = m_store.upsertJobs(reset) && m_store.setMeta(QLatin1String(kLastFullKey), QString());
    }
    if (!saved || !m_store.setMeta(QLatin1String(kAccountKey), identity))
    {
        context.summary.error = databaseError(m_store);
        return false;
    }
    return true;
}

bool JobExporter::needsFullReconciliation(const QDateTime &now) const
{
    if (m_options.forceFull)
    {
        return true;
    }
    const QDateTime lastFull = Net::parseDateTime(m_store.meta(QLatin1String(kLastFullKey)));
    const QDateTime watermark = Net::parseDateTime(m_store.meta(QLatin1String(kWatermarkKey)));
    if (!lastFull.isValid() || !watermark.isValid())
    {
        return true;
    }
    if (m_store.meta(QLatin1String(kFilterKey)) != filterSignature(m_options))
    {
        return true;
    }
    // A clock that went backwards past the last full run also asks for one.
    return lastFull > now || lastFull.secsTo(now) >= qint64(std::chrono::seconds(m_options.fullReconcileEvery).count());
}

RunSummary JobExporter::run(std::stop_token stop, const ProgressFn &progress)
{
    Context context;
    context.stop = stop;
    context.progress = progress;
    context.summary.lane = QString::fromLatin1(kJobsLane);
    for (const qint64 id : m_options.departmentFilter)
    {
        context.departmentFilter.insert(id);
    }
    for (const qint64 id : m_options.officeFilter)
    {
        context.officeFilter.insert(id);
    }

    // The window ends now, by our clock, rounded up to the second (the filter has no
    // milliseconds, Greenhouse's timestamps do); the next one starts a little before it.
    const QDateTime windowEnd = m_clock->now().toUTC().addSecs(1);
    if (!checkAccount(context))
    {
        context.summary.ok = false;
        return context.summary;
    }
    const bool fullRun = needsFullReconciliation(windowEnd);
    context.summary.fullReconciliation = fullRun;
    qCInfo(lcSync) << "jobs run starts," << (fullRun ? "full reconciliation" : "incremental");

    bool ok = false;
    if (fullRun)
    {
        ok = full(context);
    }
    else
    {
        const QDateTime watermark = Net::parseDateTime(m_store.meta(QLatin1String(kWatermarkKey)));
        ok = incremental(context, watermark.addSecs(-qint64(m_options.windowOverlap.count())), windowEnd);
    }

    if (ok)
    {
        const QString stamp = Net::formatUtc(windowEnd);
        bool saved = m_store.setMeta(QLatin1String(kWatermarkKey), stamp);
        if (fullRun)
        {
            saved = saved && m_store.setMeta(QLatin1String(kLastFullKey), stamp)
                && m_store.setMeta(QLatin1String(kFilterKey), filterSignature(m_options));
        }
        if (!saved)
        {
            ok = false;
            context.summary.error = databaseError(m_store);
        }
    }
    context.summary.ok = ok;
    qCInfo(lcSync).noquote() << context.summary.toLine();
    return context.summary;
}

bool JobExporter::fail(Context &context, const Net::Error &error, const QString &what)
{
    if (error.kind == Net::Error::Kind::Cancelled || context.stop.stop_requested())
    {
        context.summary.cancelled = true;
        context.summary.error = tr("Stopped.");
        qCInfo(lcSync) << "jobs run stopped during" << what;
        return false;
    }
    context.summary.setError(error);
    qCWarning(lcSync) << "jobs run aborted during" << what << error.kindName() << "HTTP" << error.httpStatus;
    return false;
}

bool JobExporter::listAll(Context &context, const QString &resource, const QString &idFilter, const QList<qint64> &ids,
    QList<QJsonObject> &out)
{
    const int batch = std::clamp(m_options.batchSize, 1, 50);
    for (qsizetype start = 0; start < ids.size(); start += batch)
    {
        Harvest::ListOptions options;
        options.filter(idFilter, joinIds(ids.mid(start, batch)));
        options.onPage = [&context](int, int) { ++context.summary.harvestRequests; };
        Net::Result<QList<QJsonObject>> rows = m_harvest.list(resource, options, context.stop);
        if (!rows.ok())
        {
            return fail(context, rows.error(), resource);
        }
        out.append(rows.value());
    }
    return true;
}

bool JobExporter::loadReference(Context &context)
{
    if (context.referenceLoaded)
    {
        return true;
    }
    for (const QString &resource : { QStringLiteral("departments"), QStringLiteral("offices") })
    {
        Harvest::ListOptions options;
        options.onPage = [&context](int, int) { ++context.summary.harvestRequests; };
        Net::Result<QList<QJsonObject>> rows = m_harvest.list(resource, options, context.stop);
        if (!rows.ok())
        {
            return fail(context, rows.error(), resource);
        }
        const bool departments = resource == QLatin1String("departments");
        for (const QJsonObject &row : rows.value())
        {
            const qint64 id = idOf(row);
            (departments ? context.reference.departmentNames : context.reference.officeNames)
                .insert(id, row.value(u"name").toString());
            (departments ? context.departmentParents : context.officeParents).insert(id, idOf(row, "parent_id"));
        }
    }
    context.referenceLoaded = true;
    return true;
}

bool JobExporter::inOpenSet(const Context &context, const QJsonObject &job) const
{
    if (job.value(u"status").toString() != QLatin1String("open") || job.value(u"is_template").toBool())
    {
        return false;
    }
    if (!context.departmentFilter.isEmpty()
        && !inTree(idOf(job, "department_id"), context.departmentFilter, context.departmentParents))
    {
        return false;
    }
    if (!context.officeFilter.isEmpty())
    {
        const QJsonArray offices = job.value(u"office_ids").toArray();
        if (std::none_of(offices.begin(), offices.end(),
                [&](const QJsonValue &office)
                { return inTree(office.toInteger(), context.officeFilter, context.officeParents); }))
        {
            return false;
        }
    }
    return true;
}

bool JobExporter::incremental(Context &context, const QDateTime &windowStart, const QDateTime &windowEnd)
{
    // Jobs, posts and openings changed in the window, whatever their status.
    QHash<qint64, QDateTime> newest; // job id -> newest change seen for it
    QHash<qint64, QJsonObject> jobRows;
    for (const QString &resource : { QStringLiteral("jobs"), QStringLiteral("job_posts"), QStringLiteral("openings") })
    {
        context.report(tr("Reading changes from Greenhouse"), 0, 0);
        Harvest::ListOptions options;
        options.updatedFrom = windowStart;
        options.updatedTo = windowEnd;
        options.perPage = 500;
        options.onPage = [&context](int, int) { ++context.summary.harvestRequests; };
        Net::Result<QList<QJsonObject>> rows = m_harvest.list(resource, options, context.stop);
        if (!rows.ok())
        {
            return fail(context, rows.error(), resource);
        }
        const bool jobs = resource == QLatin1String("jobs");
        for (const QJsonObject &row : rows.value())
        {
            const qint64 jobId = jobs ? idOf(row) : idOf(row, "job_id");
            const QDateTime at = updatedAtOf(row);
            if (jobs)
            {
                jobRows.insert(jobId, row);
            }
            if (!newest.contains(jobId) || newest.value(jobId) < at)
            {
                newest.insert(jobId, at);
            }
        }
    }

    // Skip what the mirror already reflects (the overlap brings the last changes back).
    QList<qint64> changed;
    for (auto it = newest.constBegin(); it != newest.constEnd(); ++it)
    {
        const std::optional<JobRecord> mirror = m_store.job(it.key());
        if (mirror && mirror->greenhouseUpdatedAt.isValid() && it.value().isValid()
            && it.value() <= mirror->greenhouseUpdatedAt)
        {
            continue;
        }
        changed.append(it.key());
    }
    std::sort(changed.begin(), changed.end());
    qCInfo(lcSync) << "jobs window:" << newest.size() << "touched," << changed.size() << "changed";
    context.summary.unchanged += int(newest.size() - changed.size());
    if (changed.isEmpty())
    {
        return true;
    }

    // Jobs whose post or opening changed but not the job itself: fetch their rows.
    QList<qint64> missing;
    for (const qint64 id : std::as_const(changed))
    {
        if (!jobRows.contains(id))
        {
            missing.append(id);
        }
    }
    QList<QJsonObject> fetched;
    if (!listAll(context, QStringLiteral("jobs"), QStringLiteral("ids"), missing, fetched))
    {
        return false;
    }
    for (const QJsonObject &row : std::as_const(fetched))
    {
        jobRows.insert(idOf(row), row);
    }
    if (!loadReference(context))
    {
        return false;
    }

    QList<QJsonObject> open;
    for (const qint64 id : std::as_const(changed))
    {
        if (context.stop.stop_requested())
        {
            return fail(context, Net::Error::make(Net::Error::Kind::Cancelled, QString()), QStringLiteral("close"));
        }
        const auto row = jobRows.constFind(id);
        if (row == jobRows.cend())
        {
            // Gone from Greenhouse (deleted or no longer visible): close it if we exported it.
            const std::optional<JobRecord> mirror = m_store.job(id);
            if (mirror && mirror->platformStatus == PlatformJobStatus::Open
                && !closeJob(context, id, std::nullopt, mirror, QStringLiteral("deleted")))
            {
                return false;
            }
            continue;
        }
        if (inOpenSet(context, *row))
        {
            open.append(*row);
            continue;
        }
        const std::optional<JobRecord> mirror = m_store.job(id);
        if (mirror && mirror->platformStatus == PlatformJobStatus::Open)
        {
            JobSource source;
            source.job = *row;
            QJsonObject body
                = buildJobBody(source, context.reference, QStringLiteral("closed"), m_options.employmentTypeKey);
            if (!mirror->title.isEmpty())
            {
                body.insert(QStringLiteral("title"), mirror->title);
            }
            if (!closeJob(context, id, body, mirror, row->value(u"status").toString()))
            {
                return false;
            }
            // Remember the change so the overlap does not bring it back.
            std::optional<JobRecord> record = m_store.job(id);
            if (record)
            {
                record->greenhouseUpdatedAt = newest.value(id);
                m_store.upsertJob(*record);
            }
        }
        else
        {
            JobRecord record = mirror.value_or(JobRecord {});
            record.jobId = id;
            record.title = row->value(u"name").toString();
            record.greenhouseStatus = row->value(u"status").toString();
            record.department = context.reference.departmentNames.value(idOf(*row, "department_id"));
            record.greenhouseUpdatedAt = newest.value(id);
            m_store.upsertJob(record);
            ++context.summary.unchanged;
        }
    }
    return exportJobs(context, open, newest);
}

bool JobExporter::full(Context &context)
{
    context.report(tr("Reading open jobs from Greenhouse"), 0, 0);
    Harvest::ListOptions options;
    options.filter(QStringLiteral("status"), QStringLiteral("open"));
    options.perPage = 500;
    options.onPage = [&context](int, int) { ++context.summary.harvestRequests; };
    Net::Result<QList<QJsonObject>> rows = m_harvest.list(QStringLiteral("jobs"), options, context.stop);
    if (!rows.ok())
    {
        return fail(context, rows.error(), QStringLiteral("jobs"));
    }
    if (!loadReference(context))
    {
        return false;
    }
    QList<QJsonObject> open;
    QSet<qint64> openIds;
    for (const QJsonObject &row : rows.value())
    {
        if (inOpenSet(context, row))
        {
            open.append(row);
            openIds.insert(idOf(row));
        }
    }

    // What the platform holds: a failure here aborts before anything is closed.
    context.report(tr("Reading jobs from SmartDreamers"), 0, 0);
    ++context.summary.platformRequests;
    Net::Result<QList<QJsonObject>> held = m_platform.jobs(context.stop);
    if (!held.ok())
    {
        return fail(context, held.error(), QStringLiteral("platform jobs"));
    }
    QHash<qint64, QJsonObject> platformOpen;
    for (const QJsonObject &job : held.value())
    {
        const QString source = job.value(u"source").toString();
        bool numeric = false;
        const qint64 id = job.value(u"source_job_id").toString().toLongLong(&numeric);
        if (numeric && (source.isEmpty() || source == QLatin1String("greenhouse"))
            && job.value(u"status").toString() == QLatin1String("open"))
        {
            platformOpen.insert(id, job);
        }
    }
    qCInfo(lcSync) << "full reconciliation:" << open.size() << "open in Greenhouse," << platformOpen.size()
                   << "open on the platform";

    // Open jobs first, so a job is never closed and reopened within one run. A job the
    // platform does not hold open is PUT whatever the mirror says.
    QHash<qint64, QDateTime> newest;
    for (const QJsonObject &row : std::as_const(open))
    {
        const qint64 id = idOf(row);
        if (!platformOpen.contains(id))
        {
            std::optional<JobRecord> mirror = m_store.job(id);
            if (mirror && mirror->platformStatus == PlatformJobStatus::Open)
            {
                mirror->contentHash.clear();
                m_store.upsertJob(*mirror);
            }
        }
        newest.insert(id, updatedAtOf(row));
    }
    if (!exportJobs(context, open, newest))
    {
        return false;
    }

    // Close every job open on the platform or in the mirror that is not in the open set.
    QSet<qint64> toClose;
    for (auto it = platformOpen.constBegin(); it != platformOpen.constEnd(); ++it)
    {
        if (!openIds.contains(it.key()))
        {
            toClose.insert(it.key());
        }
    }
    const QList<qint64> mirrorOpen = m_store.openJobIds();
    for (const qint64 id : mirrorOpen)
    {
        if (!openIds.contains(id))
        {
            toClose.insert(id);
        }
    }
    QList<qint64> closing(toClose.cbegin(), toClose.cend());
    std::sort(closing.begin(), closing.end());
    int done = 0;
    for (const qint64 id : std::as_const(closing))
    {
        if (context.stop.stop_requested())
        {
            return fail(context, Net::Error::make(Net::Error::Kind::Cancelled, QString()), QStringLiteral("close"));
        }
        context.report(tr("Closing jobs on SmartDreamers"), done++, int(closing.size()));
        std::optional<QJsonObject> base;
        if (platformOpen.contains(id))
        {
            QJsonObject stored = platformOpen.value(id);
            stored.remove(QStringLiteral("received_at"));
            base = stored;
        }
        if (!closeJob(context, id, base, m_store.job(id), QString()))
        {
            return false;
        }
    }
    return true;
}

bool JobExporter::exportJobs(Context &context, const QList<QJsonObject> &jobs, const QHash<qint64, QDateTime> &newest)
{
    if (jobs.isEmpty())
    {
        return true;
    }
    QList<qint64> ids;
    for (const QJsonObject &job : jobs)
    {
        ids.append(idOf(job));
    }

    context.report(tr("Reading job posts and openings"), 0, int(ids.size()));
    QList<QJsonObject> posts;
    QList<QJsonObject> openings;
    if (!listAll(context, QStringLiteral("job_posts"), QStringLiteral("job_ids"), ids, posts)
        || !listAll(context, QStringLiteral("openings"), QStringLiteral("job_ids"), ids, openings))
    {
        return false;
    }
    QHash<qint64, QList<QJsonObject>> postsByJob;
    QHash<qint64, QList<QJsonObject>> openingsByJob;
    for (const QJsonObject &post : std::as_const(posts))
    {
        postsByJob[idOf(post, "job_id")].append(post);
    }
    for (const QJsonObject &opening : std::as_const(openings))
    {
        openingsByJob[idOf(opening, "job_id")].append(opening);
    }
    QHash<qint64, QJsonObject> livePosts;
    QList<qint64> livePostIds;
    for (const qint64 id : std::as_const(ids))
    {
        if (const std::optional<QJsonObject> post = pickLiveExternalPost(postsByJob.value(id)))
        {
            livePosts.insert(id, *post);
            livePostIds.append(idOf(*post));
        }
    }
    QList<QJsonObject> locations;
    if (!listAll(context, QStringLiteral("job_post_locations"), QStringLiteral("job_post_ids"), livePostIds, locations))
    {
        return false;
    }
    QHash<qint64, QStringList> locationsByPost;
    for (const QJsonObject &location : std::as_const(locations))
    {
        const QString text = location.value(u"plain_text_location").toString().trimmed();
        if (location.value(u"type").toString() == QLatin1String("free_text") && !text.isEmpty())
        {
            locationsByPost[idOf(location, "job_post_id")].append(text);
        }
    }

    int done = 0;
    for (const QJsonObject &job : jobs)
    {
        if (context.stop.stop_requested())
        {
            return fail(context, Net::Error::make(Net::Error::Kind::Cancelled, QString()), QStringLiteral("export"));
        }
        context.report(tr("Exporting jobs to SmartDreamers"), done++, int(jobs.size()));
        const qint64 id = idOf(job);
        JobSource source;
        source.job = job;
        if (livePosts.contains(id))
        {
            source.livePost = livePosts.value(id);
            source.postLocations = locationsByPost.value(idOf(*source.livePost));
        }
        source.openOpenings = countOpenOpenings(openingsByJob.value(id));
        const QJsonObject body
            = buildJobBody(source, context.reference, QStringLiteral("open"), m_options.employmentTypeKey);
        const QString hash = jobContentHash(toJobPayload(body).toJson());

        // The newest change of the job, its posts and openings: what the mirror reflects.
        QDateTime reflected = newest.value(id, updatedAtOf(job));
        for (const QJsonObject &row : postsByJob.value(id) + openingsByJob.value(id))
        {
            reflected = std::max(reflected, updatedAtOf(row));
        }

        const std::optional<JobRecord> mirror = m_store.job(id);
        JobRecord record = mirror.value_or(JobRecord {});
        record.jobId = id;
        record.title = body.value(u"title").toString();
        record.department = body.value(u"department").toString();
        QStringList offices;
        for (const QJsonValue &office : body.value(u"offices").toArray())
        {
            offices.append(office.toString());
        }
        record.offices = offices.join(QStringLiteral(", "));
        record.greenhouseStatus = job.value(u"status").toString();
        record.greenhouseUpdatedAt = reflected;

        if (mirror && mirror->platformStatus == PlatformJobStatus::Open && mirror->contentHash == hash)
        {
            ++context.summary.unchanged;
            m_store.upsertJob(record);
            continue;
        }

        bool created = false;
        if (!putJob(context, body, &created))
        {
            if (context.summary.cancelled || context.summary.error.size() > 0)
            {
                return false;
            }
            // A job the platform refused: kept with its error, the run goes on.
            ++context.summary.failed;
            continue;
        }
        record.platformStatus = PlatformJobStatus::Open;
        record.contentHash = hash;
        record.lastExportedAt = m_clock->now().toUTC();
        record.lastError.clear();
        if (!m_store.upsertJob(record))
        {
            context.summary.error = databaseError(m_store);
            return false;
        }
        if (created || !mirror || mirror->platformStatus == PlatformJobStatus::None)
        {
            ++context.summary.created;
        }
        else
        {
            ++context.summary.updated;
        }
    }
    return true;
}

bool JobExporter::putJob(Context &context, const QJsonObject &body, bool *created)
{
    const qint64 id = body.value(u"source_job_id").toString().toLongLong();
    ++context.summary.platformRequests;
    Net::Result<Platform::PutJobResult> result = m_platform.putJob(toJobPayload(body), context.stop);
    if (result.ok())
    {
        *created = result->created;
        qCDebug(lcSync) << "job" << id << "PUT" << body.value(u"status").toString()
                        << (result->created ? "created" : "replaced");
        return true;
    }
    if (permanentJobError(result.error()) && !context.stop.stop_requested())
    {
        qCWarning(lcSync) << "job" << id << "refused by the platform:" << result.error().kindName() << "HTTP"
                          << result.error().httpStatus;
        if (!m_store.job(id))
        {
            JobRecord record;
            record.jobId = id;
            record.title = body.value(u"title").toString();
            m_store.upsertJob(record);
        }
        m_store.setJobError(id, result.error().message());
        return false;
    }
    return fail(context, result.error(), QStringLiteral("PUT job"));
}

bool JobExporter::closeJob(Context &context, qint64 jobId, const std::optional<QJsonObject> &base,
    const std::optional<JobRecord> &mirror, const QString &greenhouseStatus)
{
    std::optional<QJsonObject> lastBody = base;
    if (!lastBody && mirror)
    {
        QJsonObject fromMirror;
        fromMirror.insert(QStringLiteral("title"), mirror->title);
        fromMirror.insert(QStringLiteral("department"), mirror->department);
        fromMirror.insert(QStringLiteral("offices"),
            QJsonArray::fromStringList(
                mirror->offices.isEmpty() ? QStringList() : mirror->offices.split(QStringLiteral(", "))));
        lastBody = fromMirror;
    }
    QJsonObject body = closedJobBody(jobId, lastBody);
    if (body.value(u"title").toString().trimmed().isEmpty())
    {
        // The platform requires a title; a job we know nothing about is named by its id.
        body.insert(QStringLiteral("title"), tr("Job %1").arg(jobId));
    }
    bool created = false;
    if (!putJob(context, body, &created))
    {
        if (context.summary.cancelled || !context.summary.error.isEmpty())
        {
            return false;
        }
        ++context.summary.failed;
        return true;
    }
    JobRecord record = mirror.value_or(JobRecord {});
    record.jobId = jobId;
    if (record.title.isEmpty())
    {
        record.title = body.value(u"title").toString();
    }
    if (!greenhouseStatus.isEmpty())
    {
        record.greenhouseStatus = greenhouseStatus;
    }
    record.platformStatus = PlatformJobStatus::Closed;
    record.contentHash = jobContentHash(toJobPayload(body).toJson());
    record.lastExportedAt = m_clock->now().toUTC();
    record.lastError.clear();
    if (!m_store.upsertJob(record))
    {
        context.summary.error = databaseError(m_store);
        return false;
    }
    ++context.summary.closed;
    qCInfo(lcSync) << "job" << jobId << "closed on the platform";
    return true;
}

} // namespace Sync
