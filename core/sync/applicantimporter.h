#pragma once

#include "core/sync/applicantcheck.h"
#include "core/sync/synctypes.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <stop_token>

class Clock;
class Store;
struct ApplicantRecord;

namespace Harvest
{
class HarvestClient;
}
namespace Net
{
struct Error;
}
namespace Platform
{
class PlatformClient;
struct ClientConfig;
} // namespace Platform

namespace Sync
{

// One run of the applicants lane: SmartDreamers pending applicants -> Greenhouse, exactly once
// (blocking; worker thread).
//
// Every applicant offered is recorded in the ledger with its whole payload, then driven
//   seen -> creating -> created -> attached -> acked
// and each state is durable before and after the remote write it guards:
//  - validation (id, job, name, email shape), the job being open in Greenhouse (GET /v3/jobs?ids=,
//    batched) and the resume (downloaded and checked) all happen BEFORE any Greenhouse write;
//  - dedupe by normalised email: an existing candidate gets an application on the job unless it
//    already has one; otherwise the candidate is created with its application (tagged
//    "SmartDreamers", "<tagPrefix><applicant id>", "channel:<c>", "campaign:<c>");
//  - rows found in `creating` (the process died during a write, or its answer was lost) are
//    resolved by looking in Greenhouse first: by email (candidate + application on the job), or,
//    without an email, by the applications created on the job since the attempt and the
//    candidate's applicant tag. Only when nothing is found is the write made again;
//  - a row found in `created` checks the application's attachments before uploading again;
//    acks are idempotent on the platform, so `attached` rows are simply acked again.
// Permanent failures (job closed or unknown, 422, bad resume, no usable name) quarantine the
// applicant with a translated reason; transient ones (5xx, network, rate limit exhausted) too,
// flagged transient, and the next run retries them. Authentication and scope errors end the
// run and leave every row where it was.
class ApplicantImporter final
{
public:
    ApplicantImporter(const Harvest::HarvestClient &harvest, const Platform::PlatformClient &platform,
        const Platform::ClientConfig &platformConfig, Store &store, const ImportOptions &options,
        const Clock *clock = nullptr);
    Q_DISABLE_COPY_MOVE(ApplicantImporter)

    RunSummary run(std::stop_token stop, const ProgressFn &progress = {});

    // User operations (any thread; they only touch the ledger). Retry sends quarantined
    // applicants back where they stopped; dismiss marks them to be acked `rejected` with their
    // reason on the next run (or now, with acknowledgeDismissed()).
    static int retry(Store &store, const QStringList &applicantIds);
    static int dismiss(Store &store, const QStringList &applicantIds);
    // Acks every dismissed applicant not yet acked; returns how many, -1 when the platform failed.
    int acknowledgeDismissed(std::stop_token stop, RunSummary *summary = nullptr);

private:
    struct Context;
    enum class Step
    {
        Continue, // go on with the next applicant
        Abort, // stop the run (auth, scope, store, stop requested)
    };

    bool listPending(Context &context, QList<QJsonObject> &out);
    bool checkJobs(Context &context, const QList<ApplicantRecord> &records);
    Step process(Context &context, ApplicantRecord record);
    // What the lookup of an interrupted create learnt. Unknown (the lookup failed) must never
    // lead to another create: the row stays "creating" until a lookup answers.
    enum class Resolution
    {
        Found,
        NotFound,
        Unknown,
    };
    Step resolveCreating(
        Context &context, ApplicantRecord &record, const ApplicantCheck &check, Resolution *resolution);
    Step lookupFailed(Context &context, const ApplicantRecord &record, const Net::Error &error, const QString &what);
    Step create(Context &context, ApplicantRecord &record, const ApplicantCheck &check);
    // The applications of candidates created with a flat answer, looked up for a whole batch.
    Step resolveNewApplications(Context &context);
    Step attach(Context &context, ApplicantRecord &record, const ApplicantCheck &check, bool checkExisting);
    Step acknowledge(Context &context, ApplicantRecord &record);
    std::optional<QByteArray> fetchResume(
        Context &context, ApplicantRecord &record, const ApplicantCheck &check, ResumeCheck *resumeCheck, Step *step);
    Step quarantine(Context &context, const ApplicantRecord &record, const QString &reason, bool transient);
    Step onError(Context &context, const ApplicantRecord &record, const Net::Error &error, const QString &what);
    bool storeFailed(Context &context);

    const Harvest::HarvestClient &m_harvest;
    const Platform::PlatformClient &m_platform;
    Store &m_store;
    const ImportOptions m_options;
    const Clock *m_clock;
    struct PlatformAccess;
    std::shared_ptr<PlatformAccess> m_access;
};

} // namespace Sync
