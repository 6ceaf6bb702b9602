#include "core/sync/applicantimporter.h"

#include "core/clock.h"
#include "core/harvest/harvestclient.h"
#include "core/logging.h"
#include "core/net/httpsession.h"
#include "core/net/httputil.h"
#include "core/platform/platformclient.h"
#include "core/store/store.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <algorithm>

namespace Sync
{

namespace
{
QString tr(const char *text)
{
    return QCoreApplication::translate("Sync::ApplicantImporter", text);
}

// Consecutive transient failures after which the service is taken to be down: the run ends
// instead of quarantining everybody.
constexpr int kMaxTransientInARow = 3;
// New candidates whose applications are looked up in one request (the `candidate_ids` filter,
// like `ids`, takes up to 50), and the resume bytes held for them meanwhile.
constexpr qsizetype kApplicationLookupBatch = 50;
constexpr qint64 kMaxHeldResumeBytes = 64 * 1024 * 1024;

bool isTransient(const Net::Error &error)
{
    switch (error.kind)
    {
    case Net::Error::Kind::RateLimited:
    case Net::Error::Kind::Server:
    case Net::Error::Kind::Network:
    case Net::Error::Kind::Timeout:
    case Net::Error::Kind::MalformedResponse:
    case Net::Error::Kind::PaginationNotAdvancing:
    case Net::Error::Kind::CursorRejected:
        return true;
    default:
        return false;
    }
}

// Errors that concern the whole connection, not one applicant.
bool endsRun(const Net::Error &error)
{
    switch (error.kind)
    {
    case Net::Error::Kind::Auth:
    case Net::Error::Kind::MissingScope:
    case Net::Error::Kind::ForbiddenUser:
    case Net::Error::Kind::Forbidden:
    case Net::Error::Kind::InsecureUrl:
    case Net::Error::Kind::Cancelled:
        return true;
    default:
        return false;
    }
}

QString validationText(const Net::Error &error)
{
    return error.fieldMessages.isEmpty() ? error.detail : error.fieldMessages.join(QStringLiteral("; "));
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

bool isDone(ApplicantState state)
{
    return state == ApplicantState::Acked || state == ApplicantState::Dismissed || state == ApplicantState::Quarantined;
}
} // namespace

struct ApplicantImporter::PlatformAccess
{
    QUrl baseUrl;
    QByteArray authorization;
    int pageLimit = 100;
    Net::HttpSession session;
};

struct ApplicantImporter::Context
{
    std::stop_token stop;
    ProgressFn progress;
    RunSummary summary;
    QHash<qint64, QString> jobStatus; // Greenhouse status by job id; absent = unknown job
    QHash<QString, std::pair<QByteArray, ResumeCheck>> resumes; // downloaded in this run, by applicant
    // Candidates created (flat answer) whose application id is not known yet. Their rows stay
    // "creating" until resolveNewApplications() finds it: a crash before that is resolved by lookup.
    struct NewCandidate
    {
        ApplicantRecord record;
        ApplicantCheck check;
        qint64 candidateId = 0;
    };
    QList<NewCandidate> newCandidates;
    qint64 newCandidateResumeBytes = 0;
    int transientInARow = 0;
    bool aborted = false;

    void report(const QString &step, int done, int total) const
    {
        if (progress)
        {
            progress(step, done, total);
        }
    }
};

ApplicantImporter::ApplicantImporter(const Harvest::HarvestClient &harvest, const Platform::PlatformClient &platform,
    const Platform::ClientConfig &platformConfig, Store &store, const ImportOptions &options, const Clock *clock)
    : m_harvest(harvest)
    , m_platform(platform)
    , m_store(store)
    , m_options(options)
    , m_clock(clock ? clock : Clock::system())
{
    Net::SessionConfig session = platformConfig.session;
    session.service = Platform::serviceName();
    m_access = std::make_shared<PlatformAccess>(
        PlatformAccess { platformConfig.baseUrl, QByteArrayLiteral("Bearer ") + platformConfig.token.toUtf8(),
            std::clamp(platformConfig.pageLimit, 1, 200), Net::HttpSession(session, platform.limiter()) });
}

int ApplicantImporter::retry(Store &store, const QStringList &applicantIds)
{
    return store.retry(applicantIds);
}

int ApplicantImporter::dismiss(Store &store, const QStringList &applicantIds)
{
    return store.dismiss(applicantIds);
}

bool ApplicantImporter::storeFailed(Context &context)
{
    context.summary.error = tr("The local database could not be written: %1").arg(m_store.errorString());
    context.aborted = true;
    qCWarning(lcSync) << "ledger write failed; run ends";
    return false;
}

RunSummary ApplicantImporter::run(std::stop_token stop, const ProgressFn &progress)
{
    Context context;
    context.stop = stop;
    context.progress = progress;
    context.summary.lane = QString::fromLatin1(kApplicantsLane);

    // Transient quarantines go back to where they stopped: that is the automatic retry.
    const int requeued = m_store.retryTransient();
    if (requeued > 0)
    {
        qCInfo(lcSync) << requeued << "transiently quarantined applicants retried";
    }

    // 1. Record every pending applicant (whole payload) before acting on any.
    context.report(tr("Reading pending applicants from SmartDreamers"), 0, 0);
    QList<QJsonObject> pending;
    if (!listPending(context, pending))
    {
        context.summary.ok = false;
        qCInfo(lcSync).noquote() << context.summary.toLine();
        return context.summary;
    }
    if (!pending.isEmpty() && m_store.recordSeen(pending) < 0)
    {
        storeFailed(context);
        return context.summary;
    }

    // 2. The work: what is pending plus every row a previous run left half-way.
    QList<ApplicantRecord> work;
    QSet<QString> ids;
    for (const ApplicantState state : { ApplicantState::Creating, ApplicantState::Created, ApplicantState::Attached })
    {
        for (const ApplicantRecord &record : m_store.applicantsInState(state))
        {
            if (!ids.contains(record.applicantId))
            {
                ids.insert(record.applicantId);
                work.append(record);
            }
        }
    }
    for (const QJsonObject &item : std::as_const(pending))
    {
        const QString id = item.value(u"id").toString();
        if (id.isEmpty() || ids.contains(id))
        {
            continue;
        }
        ids.insert(id);
        if (const std::optional<ApplicantRecord> record = m_store.applicant(id); record && !isDone(record->state))
        {
            work.append(*record);
        }
    }
    qCInfo(lcSync) << "applicants run:" << pending.size() << "pending," << work.size() << "to work on";

    // 3. Whether their jobs are open, in batches, before any write.
    if (!checkJobs(context, work))
    {
        context.summary.ok = false;
        qCInfo(lcSync).noquote() << context.summary.toLine();
        return context.summary;
    }

    int done = 0;
    for (const ApplicantRecord &record : std::as_const(work))
    {
        if (context.stop.stop_requested())
        {
            context.summary.cancelled = true;
            context.summary.error = tr("Stopped.");
            break;
        }
        context.report(tr("Importing applicants into Greenhouse"), done++, int(work.size()));
        if (process(context, record) == Step::Abort)
        {
            break;
        }
    }
    if (!context.aborted && !context.summary.cancelled && !context.stop.stop_requested())
    {
        resolveNewApplications(context);
    }

    if (!context.aborted && !context.summary.cancelled)
    {
        acknowledgeDismissed(context.stop, &context.summary);
    }
    context.summary.ok = !context.aborted && !context.summary.cancelled && context.summary.error.isEmpty();
    qCInfo(lcSync).noquote() << context.summary.toLine();
    return context.summary;
}

bool ApplicantImporter::listPending(Context &context, QList<QJsonObject> &out)
{
    // Our own listing (through the platform client's session limits and rate limiter) because the
    // ledger keeps the whole JSON object, not only the fields the typed Applicant has.
    Net::QueryBuilder query;
    query.add(QStringLiteral("status"), QStringLiteral("pending"));
    query.add(QStringLiteral("limit"), m_access->pageLimit);
    QUrl base = m_access->baseUrl;
    base.setPath(base.path().endsWith(QLatin1Char('/')) ? base.path() + QStringLiteral("v1/applicants")
                                                        : base.path() + QStringLiteral("/v1/applicants"));
    QUrl url = query.applyTo(base);
    QSet<QString> cursors;
    for (int page = 0; page < 10000; ++page)
    {
        Net::Request request;
        request.url = url;
        request.retryable = true;
        request.headers.append({ QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json") });
        request.authorization = m_access->authorization;
        ++context.summary.platformRequests;
        Net::Result<Net::Response> response = m_access->session.send(request, context.stop);
        Net::Error error;
        bool failed = false;
        if (!response.ok())
        {
            error = response.error();
            failed = true;
        }
        else if (!response->isSuccess())
        {
            error = Platform::classifyError(response->status, response->body);
            failed = true;
        }
        if (failed)
        {
            context.summary.cancelled = error.kind == Net::Error::Kind::Cancelled;
            context.summary.setError(error);
            if (context.summary.cancelled)
            {
                context.summary.error = tr("Stopped.");
            }
            qCWarning(lcSync) << "pending applicants listing failed:" << error.kindName() << "HTTP" << error.httpStatus;
            return false;
        }
        Net::Result<Platform::ListPage> parsed = Platform::parseListPage(response->body);
        if (!parsed.ok())
        {
            context.summary.error = parsed.error().message();
            return false;
        }
        out.append(parsed->items);
        if (parsed->nextCursor.isEmpty())
        {
            return true;
        }
        if (cursors.contains(parsed->nextCursor))
        {
            context.summary.error
                = Net::Error::make(Net::Error::Kind::PaginationNotAdvancing, Platform::serviceName()).message();
            return false;
        }
        cursors.insert(parsed->nextCursor);
        Net::QueryBuilder next;
        next.add(QStringLiteral("cursor"), parsed->nextCursor);
        next.add(QStringLiteral("limit"), m_access->pageLimit);
        url = next.applyTo(base);
    }
    return false;
}

bool ApplicantImporter::checkJobs(Context &context, const QList<ApplicantRecord> &records)
{
    QList<qint64> jobIds;
    for (const ApplicantRecord &record : records)
    {
        if (record.state != ApplicantState::Seen && record.state != ApplicantState::Creating)
        {
            continue;
        }
        bool numeric = false;
        const qint64 id = record.sourceJobId.toLongLong(&numeric);
        if (numeric && id > 0 && !jobIds.contains(id))
        {
            jobIds.append(id);
        }
    }
    for (qsizetype start = 0; start < jobIds.size(); start += 50)
    {
        Harvest::ListOptions options;
        options.filter(QStringLiteral("ids"), joinIds(jobIds.mid(start, 50)));
        options.onPage = [&context](int, int) { ++context.summary.harvestRequests; };
        Net::Result<QList<QJsonObject>> jobs = m_harvest.list(QStringLiteral("jobs"), options, context.stop);
        if (!jobs.ok())
        {
            context.summary.cancelled = jobs.error().kind == Net::Error::Kind::Cancelled;
            context.summary.setError(jobs.error());
            if (context.summary.cancelled)
            {
                context.summary.error = tr("Stopped.");
            }
            qCWarning(lcSync) << "job check failed:" << jobs.error().kindName();
            return false;
        }
        for (const QJsonObject &job : jobs.value())
        {
            context.jobStatus.insert(job.value(u"id").toInteger(), job.value(u"status").toString());
        }
    }
    return true;
}

ApplicantImporter::Step ApplicantImporter::quarantine(
    Context &context, const ApplicantRecord &record, const QString &reason, bool transient)
{
    context.resumes.remove(record.applicantId);
    if (!m_store.quarantine(record.applicantId, reason, transient))
    {
        storeFailed(context);
        return Step::Abort;
    }
    ++context.summary.quarantined;
    qCInfo(lcSync) << "applicant" << record.applicantId << "quarantined" << (transient ? "(transient)" : "(permanent)");
    return Step::Continue;
}

ApplicantImporter::Step ApplicantImporter::onError(
    Context &context, const ApplicantRecord &record, const Net::Error &error, const QString &what)
{
    qCWarning(lcSync) << "applicant" << record.applicantId << what << "failed:" << error.kindName() << "HTTP"
                      << error.httpStatus;
    if (endsRun(error) || context.stop.stop_requested())
    {
        context.aborted = error.kind != Net::Error::Kind::Cancelled && !context.stop.stop_requested();
        context.summary.cancelled = !context.aborted;
        context.summary.setError(error);
        if (context.summary.cancelled)
        {
            context.summary.error = tr("Stopped.");
        }
        return Step::Abort;
    }
    if (isTransient(error))
    {
        if (++context.transientInARow >= kMaxTransientInARow)
        {
            // The service is struggling: end the run, rows stay where they are (retried next run).
            context.aborted = true;
            context.summary.setError(error);
            return Step::Abort;
        }
        return Step::Continue;
    }
    return Step::Continue;
}

ApplicantImporter::Step ApplicantImporter::process(Context &context, ApplicantRecord record)
{
    const QJsonObject payload = QJsonDocument::fromJson(record.payload).object();
    const ApplicantCheck check = checkApplicant(payload);
    if ((record.state == ApplicantState::Seen || record.state == ApplicantState::Creating) && !check.ok)
    {
        return quarantine(context, record, check.reason, false);
    }

    if (record.state == ApplicantState::Creating)
    {
        Resolution resolution = Resolution::Unknown;
        const Step step = resolveCreating(context, record, check, &resolution);
        if (step == Step::Abort || resolution == Resolution::Unknown)
        {
            return step;
        }
        if (resolution == Resolution::Found)
        {
            ++context.summary.resolved;
            return attach(context, record, check, true);
        }
    }
    if (record.state == ApplicantState::Seen || record.state == ApplicantState::Creating)
    {
        return create(context, record, check);
    }
    if (record.state == ApplicantState::Created)
    {
        return attach(context, record, check, true);
    }
    if (record.state == ApplicantState::Attached)
    {
        return acknowledge(context, record);
    }
    return Step::Continue;
}

ApplicantImporter::Step ApplicantImporter::lookupFailed(
    Context &context, const ApplicantRecord &record, const Net::Error &error, const QString &what)
{
    const Step step = onError(context, record, error, what);
    if (step != Step::Abort && context.summary.error.isEmpty())
    {
        context.summary.error = tr("Could not check whether applicant %1 already reached Greenhouse (%2); it is "
                                   "left untouched and checked again on the next run.")
                                    .arg(record.applicantId, error.message());
    }
    return step;
}

ApplicantImporter::Step ApplicantImporter::resolveCreating(
    Context &context, ApplicantRecord &record, const ApplicantCheck &check, Resolution *resolution)
{
    *resolution = Resolution::Unknown;
    const QString tag = m_options.tagPrefix + record.applicantId;
    std::optional<std::pair<qint64, qint64>> ids; // candidate, application

    if (!check.email.isEmpty())
    {
        // Same rule as the import itself: a candidate with this email and an application on
        // the job means the import happened (or was not needed).
        ++context.summary.harvestRequests;
        Net::Result<QList<Harvest::Candidate>> candidates = m_harvest.candidatesByEmail(check.email, context.stop);
        if (!candidates.ok())
        {
            return lookupFailed(context, record, candidates.error(), QStringLiteral("lookup by email"));
        }
        for (const Harvest::Candidate &candidate : candidates.value())
        {
            ++context.summary.harvestRequests;
            Net::Result<QList<Harvest::Application>> applications
                = m_harvest.applications(candidate.id, check.jobId, context.stop);
            if (!applications.ok())
            {
                return lookupFailed(context, record, applications.error(), QStringLiteral("lookup of applications"));
            }
            if (!applications->isEmpty())
            {
                ids = std::make_pair(candidate.id, applications->first().id);
                if (candidate.tags.contains(tag))
                {
                    break;
                }
            }
        }
    }
    else
    {
        // No email: the applications created on the job since the attempt, and our tag.
        Harvest::ListOptions options;
        options.filter(QStringLiteral("job_ids"), QString::number(check.jobId));
        options.filter(
            QStringLiteral("created_at"), QStringLiteral("gte|") + Net::formatUtc(record.updatedAt.addSecs(-3600)));
        options.perPage = 500;
        options.onPage = [&context](int, int) { ++context.summary.harvestRequests; };
        Net::Result<QList<QJsonObject>> applications
            = m_harvest.list(QStringLiteral("applications"), options, context.stop);
        if (!applications.ok())
        {
            return lookupFailed(context, record, applications.error(), QStringLiteral("lookup of recent applications"));
        }
        QHash<qint64, qint64> applicationByCandidate;
        QList<qint64> candidateIds;
        for (const QJsonObject &application : applications.value())
        {
            const qint64 candidateId = application.value(u"candidate_id").toInteger();
            if (!applicationByCandidate.contains(candidateId))
            {
                applicationByCandidate.insert(candidateId, application.value(u"id").toInteger());
                candidateIds.append(candidateId);
            }
        }
        for (qsizetype start = 0; start < candidateIds.size() && !ids; start += 50)
        {
            Harvest::ListOptions byIds;
            byIds.filter(QStringLiteral("ids"), joinIds(candidateIds.mid(start, 50)));
            byIds.onPage = [&context](int, int) { ++context.summary.harvestRequests; };
            Net::Result<QList<QJsonObject>> candidates
                = m_harvest.list(QStringLiteral("candidates"), byIds, context.stop);
            if (!candidates.ok())
            {
                return lookupFailed(context, record, candidates.error(), QStringLiteral("lookup of candidates"));
            }
            for (const QJsonObject &candidate : candidates.value())
            {
                if (candidate.value(u"tags").toArray().contains(QJsonValue(tag)))
                {
                    const qint64 candidateId = candidate.value(u"id").toInteger();
                    ids = std::make_pair(candidateId, applicationByCandidate.value(candidateId));
                    break;
                }
            }
        }
    }

    if (!ids)
    {
        qCInfo(lcSync) << "applicant" << record.applicantId << "was not created by the interrupted attempt";
        *resolution = Resolution::NotFound;
        return Step::Continue;
    }
    if (!m_store.markCreated(record.applicantId, ids->first, ids->second))
    {
        storeFailed(context);
        return Step::Abort;
    }
    record.state = ApplicantState::Created;
    record.candidateId = ids->first;
    record.applicationId = ids->second;
    *resolution = Resolution::Found;
    qCInfo(lcSync) << "applicant" << record.applicantId << "resolved: candidate" << ids->first << "application"
                   << ids->second;
    return Step::Continue;
}

std::optional<QByteArray> ApplicantImporter::fetchResume(
    Context &context, ApplicantRecord &record, const ApplicantCheck &, ResumeCheck *resumeCheck, Step *step)
{
    *step = Step::Continue;
    const QJsonObject payload = QJsonDocument::fromJson(record.payload).object();
    const QJsonValue resume = payload.value(u"resume");
    if (!resume.isObject())
    {
        return QByteArray(); // no resume: nothing to attach
    }
    if (const auto cached = context.resumes.constFind(record.applicantId); cached != context.resumes.cend())
    {
        *resumeCheck = cached->second;
        return cached->first;
    }
    const QJsonObject ref = resume.toObject();
    const QUrl url(ref.value(u"url").toString());
    if (!url.isValid() || url.isEmpty())
    {
        *step = quarantine(context, record, tr("The resume has no download address."), false);
        return std::nullopt;
    }
    ++context.summary.platformRequests;
    Net::Result<QByteArray> bytes = m_platform.downloadResume(url, context.stop);
    if (!bytes.ok())
    {
        const Net::Error &error = bytes.error();
        if (error.kind == Net::Error::Kind::TooLarge)
        {
            *step = quarantine(context, record,
                tr("The resume is larger than the limit of %1 MB.").arg(m_options.maxResumeBytes / (1024 * 1024)),
                false);
        }
        else if (error.kind == Net::Error::Kind::NotFound)
        {
            *step = quarantine(
                context, record, tr("SmartDreamers has no resume file for this applicant (HTTP 404)."), false);
        }
        else
        {
            *step = onError(context, record, error, QStringLiteral("resume download"));
            if (*step == Step::Continue)
            {
                *step = quarantine(
                    context, record, tr("The resume could not be downloaded: %1").arg(error.message()), true);
            }
        }
        return std::nullopt;
    }
    *resumeCheck = checkResume(bytes.value(), ref.value(u"filename").toString(), ref.value(u"content_type").toString(),
        m_options.maxResumeBytes);
    if (!resumeCheck->ok)
    {
        *step = quarantine(context, record, resumeCheck->reason, false);
        return std::nullopt;
    }
    context.resumes.insert(record.applicantId, { bytes.value(), *resumeCheck });
    return bytes.value();
}

ApplicantImporter::Step ApplicantImporter::create(
    Context &context, ApplicantRecord &record, const ApplicantCheck &check)
{
    const auto status = context.jobStatus.constFind(check.jobId);
    if (status == context.jobStatus.cend())
    {
        return quarantine(context, record,
            tr("Job %1 does not exist in Greenhouse (or the connector may not see it).").arg(check.jobId), false);
    }
    if (*status != QLatin1String("open"))
    {
        return quarantine(context, record, tr("Job %1 is %2 in Greenhouse.").arg(check.jobId).arg(*status), false);
    }

    // The resume is checked before anything is written to Greenhouse.
    ResumeCheck resumeCheck;
    Step step = Step::Continue;
    const std::optional<QByteArray> resume = fetchResume(context, record, check, &resumeCheck, &step);
    if (!resume)
    {
        return step;
    }

    // Dedupe by normalised email.
    std::optional<qint64> existingCandidate;
    std::optional<qint64> existingApplication;
    if (!check.email.isEmpty())
    {
        ++context.summary.harvestRequests;
        Net::Result<QList<Harvest::Candidate>> candidates = m_harvest.candidatesByEmail(check.email, context.stop);
        if (!candidates.ok())
        {
            step = onError(context, record, candidates.error(), QStringLiteral("lookup by email"));
            return step == Step::Abort ? step : quarantine(context, record, candidates.error().message(), true);
        }
        for (const Harvest::Candidate &candidate : candidates.value())
        {
            ++context.summary.harvestRequests;
            Net::Result<QList<Harvest::Application>> applications
                = m_harvest.applications(candidate.id, check.jobId, context.stop);
            if (!applications.ok())
            {
                step = onError(context, record, applications.error(), QStringLiteral("lookup of applications"));
                return step == Step::Abort ? step : quarantine(context, record, applications.error().message(), true);
            }
            if (!applications->isEmpty())
            {
                existingCandidate = candidate.id;
                existingApplication = applications->first().id;
                break;
            }
            if (!existingCandidate)
            {
                existingCandidate = candidate.id; // the oldest match gets the new application
            }
        }
    }

    // Durable BEFORE the write: a crash from here on is resolved by lookup on restart.
    if (!m_store.markCreating(record.applicantId))
    {
        storeFailed(context);
        return Step::Abort;
    }
    record.state = ApplicantState::Creating;

    qint64 candidateId = 0;
    qint64 applicationId = 0;
    bool newApplication = true;
    if (existingCandidate && existingApplication)
    {
        candidateId = *existingCandidate;
        applicationId = *existingApplication;
        newApplication = false;
        qCInfo(lcSync) << "applicant" << record.applicantId << "already has application" << applicationId;
    }
    else if (existingCandidate)
    {
        Harvest::NewApplication application;
        application.candidateId = *existingCandidate;
        application.jobId = check.jobId;
        application.sourceId = m_options.sourceId;
        ++context.summary.harvestRequests;
        Net::Result<Harvest::Application> created = m_harvest.createApplication(application, context.stop);
        if (!created.ok())
        {
            return created.error().kind == Net::Error::Kind::Validation
                ? quarantine(context, record,
                    tr("Greenhouse refused the application: %1").arg(validationText(created.error())), false)
                : onError(context, record, created.error(), QStringLiteral("application create"));
        }
        candidateId = *existingCandidate;
        applicationId = created->id;
        qCInfo(lcSync) << "applicant" << record.applicantId << "added to candidate" << candidateId;
    }
    else
    {
        const QJsonObject payload = QJsonDocument::fromJson(record.payload).object();
        Harvest::NewCandidate candidate;
        candidate.firstName = check.firstName;
        candidate.lastName = check.lastName;
        if (!check.email.isEmpty())
        {
            candidate.emailAddresses.append(
                { payload.value(u"email").toString().trimmed(), QStringLiteral("personal") });
        }
        const QString phone = payload.value(u"phone").toString().trimmed();
        if (!phone.isEmpty())
        {
            candidate.phoneNumbers.append({ phone, QStringLiteral("mobile") });
        }
        const QString location = payload.value(u"location").toString().trimmed();
        if (!location.isEmpty())
        {
            candidate.addresses.append({ location, QStringLiteral("home") });
        }
        const QString linkedin = payload.value(u"linkedin_url").toString().trimmed();
        if (!linkedin.isEmpty())
        {
            candidate.socialMediaAddresses.append(linkedin);
        }
        // Channel and campaign travel as tags (v3 has no free-text source; notes need another scope).
        candidate.tags.append(m_options.sourceTag);
        candidate.tags.append(m_options.tagPrefix + record.applicantId);
        for (const char *key : { "channel", "campaign" })
        {
            const QString value = payload.value(QLatin1String(key)).toString().trimmed();
            if (!value.isEmpty())
            {
                candidate.tags.append(QLatin1String(key) + QLatin1Char(':') + value.left(100));
            }
        }
        Harvest::NewApplicationNested nested;
        nested.jobId = check.jobId;
        nested.sourceId = m_options.sourceId;
        candidate.application = nested;
        ++context.summary.harvestRequests;
        Net::Result<Harvest::CreatedCandidate> created = m_harvest.createCandidate(
            candidate, context.stop, Harvest::HarvestClient::ApplicationLookup::Caller);
        if (!created.ok())
        {
            return created.error().kind == Net::Error::Kind::Validation
                ? quarantine(context, record,
                    tr("Greenhouse refused the candidate: %1").arg(validationText(created.error())), false)
                : onError(context, record, created.error(), QStringLiteral("candidate create"));
        }
        candidateId = created->candidate.id;
        if (created->applicationLookedUp)
        {
            ++context.summary.harvestRequests;
        }
        if (!created->application)
        {
            // Flat answer: the application is looked up with the batch's others. The row stays
            // `creating` until then (a crash before it is resolved by lookup on restart).
            qCInfo(lcSync) << "applicant" << record.applicantId << "created candidate" << candidateId
                           << "application looked up with its batch";
            context.newCandidates.append({ record, check, candidateId });
            context.newCandidateResumeBytes += resume->size();
            if (context.newCandidates.size() >= kApplicationLookupBatch
                || context.newCandidateResumeBytes >= kMaxHeldResumeBytes)
            {
                return resolveNewApplications(context);
            }
            return Step::Continue;
        }
        applicationId = created->application->id;
        qCInfo(lcSync) << "applicant" << record.applicantId << "created candidate" << candidateId;
    }

    // Durable AFTER the write.
    if (!m_store.markCreated(record.applicantId, candidateId, applicationId))
    {
        storeFailed(context);
        return Step::Abort;
    }
    context.transientInARow = 0;
    record.state = ApplicantState::Created;
    record.candidateId = candidateId;
    record.applicationId = applicationId;
    if (resume->isEmpty())
    {
        return acknowledge(context, record);
    }
    return attach(context, record, check, !newApplication);
}

ApplicantImporter::Step ApplicantImporter::resolveNewApplications(Context &context)
{
    QList<Context::NewCandidate> batch;
    batch.swap(context.newCandidates);
    context.newCandidateResumeBytes = 0;
    if (batch.isEmpty())
    {
        return Step::Continue;
    }
    QList<qint64> candidateIds;
    for (const Context::NewCandidate &created : std::as_const(batch))
    {
        candidateIds.append(created.candidateId);
    }
    // One candidate has one application after its create (ours): a page of 500 holds the batch.
    Harvest::ListOptions options;
    options.filter(QStringLiteral("candidate_ids"), joinIds(candidateIds));
    options.perPage = 500;
    options.onPage = [&context](int, int) { ++context.summary.harvestRequests; };
    Net::Result<QList<QJsonObject>> applications
        = m_harvest.list(QStringLiteral("applications"), options, context.stop);
    if (!applications.ok())
    {
        // Left in `creating`: the next run finds each candidate and its application by lookup.
        for (const Context::NewCandidate &created : std::as_const(batch))
        {
            context.resumes.remove(created.record.applicantId);
        }
        return lookupFailed(
            context, batch.first().record, applications.error(), QStringLiteral("lookup of new applications"));
    }
    QHash<std::pair<qint64, qint64>, qint64> applicationOf; // (candidate, job) -> application
    for (const QJsonObject &application : applications.value())
    {
        const std::pair<qint64, qint64> key { application.value(u"candidate_id").toInteger(),
            application.value(u"job_id").toInteger() };
        const qint64 id = application.value(u"id").toInteger();
        if (!applicationOf.contains(key) || id < applicationOf.value(key))
        {
            applicationOf.insert(key, id);
        }
    }
    for (Context::NewCandidate &created : batch)
    {
        ApplicantRecord &record = created.record;
        const qint64 applicationId = applicationOf.value({ created.candidateId, created.check.jobId });
        if (applicationId <= 0)
        {
            context.resumes.remove(record.applicantId);
            qCWarning(lcSync) << "applicant" << record.applicantId << "candidate" << created.candidateId
                              << "created, application id unknown; resolved next run";
            continue;
        }
        if (!m_store.markCreated(record.applicantId, created.candidateId, applicationId))
        {
            storeFailed(context);
            return Step::Abort;
        }
        context.transientInARow = 0;
        record.state = ApplicantState::Created;
        record.candidateId = created.candidateId;
        record.applicationId = applicationId;
        if (attach(context, record, created.check, false) == Step::Abort)
        {
            for (const Context::NewCandidate &left : std::as_const(batch))
            {
                context.resumes.remove(left.record.applicantId);
            }
            return Step::Abort;
        }
    }
    return Step::Continue;
}

ApplicantImporter::Step ApplicantImporter::attach(
    Context &context, ApplicantRecord &record, const ApplicantCheck &check, bool checkExisting)
{
    ResumeCheck resumeCheck;
    Step step = Step::Continue;
    const std::optional<QByteArray> resume = fetchResume(context, record, check, &resumeCheck, &step);
    if (!resume)
    {
        return step;
    }
    if (resume->isEmpty())
    {
        return acknowledge(context, record);
    }
    const qint64 applicationId = record.applicationId.value_or(0);

    if (checkExisting)
    {
        // A previous attempt may have uploaded it and died before recording it.
        Harvest::ListOptions options;
        options.filter(QStringLiteral("application_ids"), QString::number(applicationId));
        options.onPage = [&context](int, int) { ++context.summary.harvestRequests; };
        Net::Result<QList<QJsonObject>> attachments
            = m_harvest.list(QStringLiteral("attachments"), options, context.stop);
        // A missing harvest:attachments:list scope ends the run (endsRun): without the check an
        // upload whose answer was lost would be repeated.
        if (!attachments.ok())
        {
            step = onError(context, record, attachments.error(), QStringLiteral("attachment lookup"));
            return step == Step::Abort ? step : quarantine(context, record, attachments.error().message(), true);
        }
        for (const QJsonObject &attachment : attachments.value())
        {
            if (attachment.value(u"filename").toString() == resumeCheck.filename)
            {
                if (!m_store.markAttached(record.applicantId, attachment.value(u"id").toInteger()))
                {
                    storeFailed(context);
                    return Step::Abort;
                }
                record.state = ApplicantState::Attached;
                return acknowledge(context, record);
            }
        }
    }

    Harvest::NewAttachment attachment;
    attachment.applicationId = applicationId;
    attachment.filename = resumeCheck.filename;
    attachment.type = QStringLiteral("resume");
    attachment.content = *resume;
    ++context.summary.harvestRequests;
    Net::Result<Harvest::Attachment> created = m_harvest.createAttachment(attachment, context.stop);
    if (!created.ok())
    {
        if (created.error().kind == Net::Error::Kind::Validation)
        {
            return quarantine(
                context, record, tr("Greenhouse refused the resume: %1").arg(validationText(created.error())), false);
        }
        step = onError(context, record, created.error(), QStringLiteral("attachment upload"));
        return step == Step::Abort ? step : quarantine(context, record, created.error().message(), true);
    }
    if (!m_store.markAttached(record.applicantId, created->id))
    {
        storeFailed(context);
        return Step::Abort;
    }
    record.state = ApplicantState::Attached;
    qCInfo(lcSync) << "applicant" << record.applicantId << "resume attached" << created->id;
    return acknowledge(context, record);
}

ApplicantImporter::Step ApplicantImporter::acknowledge(Context &context, ApplicantRecord &record)
{
    context.resumes.remove(record.applicantId);
    std::optional<ApplicantRecord> stored = m_store.applicant(record.applicantId);
    if (!stored)
    {
        storeFailed(context);
        return Step::Abort;
    }
    Platform::Ack ack;
    ack.outcome = Platform::Ack::Outcome::Imported;
    ack.atsCandidateId = QString::number(stored->candidateId.value_or(0));
    ack.atsApplicationId = QString::number(stored->applicationId.value_or(0));
    ++context.summary.platformRequests;
    const Net::Status acked = m_platform.ack(record.applicantId, ack, context.stop);
    if (!acked.ok())
    {
        // Imported into Greenhouse already: the row stays created/attached and is acked next run.
        return onError(context, record, acked.error(), QStringLiteral("ack"));
    }
    if (!m_store.markAcked(record.applicantId))
    {
        storeFailed(context);
        return Step::Abort;
    }
    context.transientInARow = 0;
    record.state = ApplicantState::Acked;
    ++context.summary.imported;
    return Step::Continue;
}

int ApplicantImporter::acknowledgeDismissed(std::stop_token stop, RunSummary *summary)
{
    int count = 0;
    for (const ApplicantRecord &record : m_store.dismissedNotAcked())
    {
        if (stop.stop_requested())
        {
            break;
        }
        Platform::Ack ack;
        ack.outcome = Platform::Ack::Outcome::Rejected;
        ack.reason = record.reason.isEmpty() ? tr("Dismissed by the recruiting team.") : record.reason;
        if (summary)
        {
            ++summary->platformRequests;
        }
        const Net::Status acked = m_platform.ack(record.applicantId, ack, stop);
        if (!acked.ok())
        {
            qCWarning(lcSync) << "applicant" << record.applicantId
                              << "rejection ack failed:" << acked.error().kindName();
            return -1;
        }
        m_store.markRejectionAcked(record.applicantId);
        ++count;
        if (summary)
        {
            ++summary->rejected;
        }
    }
    return count;
}

} // namespace Sync
