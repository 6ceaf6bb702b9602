#pragma once

#include "core/sync/jobbody.h"
#include "core/sync/synctypes.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>

#include <optional>
#include <stop_token>

class Clock;
class Store;
struct JobRecord;

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
struct JobPayload;
} // namespace Platform

namespace Sync
{

// One run of the jobs lane: Greenhouse open jobs -> SmartDreamers (blocking; worker thread).
//
// Incremental run: one window `updated_at=gte|A|lte|B` over jobs, job posts and openings (three
// Harvest requests, whatever the status: a job that closes changes its updated_at). A job whose
// newest change is not newer than what the mirror recorded is skipped before anything else is
// fetched; the others get their posts, openings and post locations in batches of 50 ids, their
// body is rebuilt and PUT only when its hash differs. A job that left the open set (closed,
// draft, outside the filter) and is open on the platform is PUT once with status closed.
//
// Full reconciliation (first run, once a day, after the filter changed): all open jobs are
// rebuilt, and every job the platform holds or the mirror says open that is not open in
// Greenhouse is closed. A listing that fails on any page aborts the run before anything is
// closed. The watermark (meta "jobs.watermark") moves only when the run succeeded.
//
// Every run first asks SmartDreamers which account the token belongs to. When the account or
// the address differs from the one the mirror was built against (a reconnect to another
// account), the mirror's platform side is forgotten and the run reconciles fully: every open
// job is PUT to the new account, and only what the new account holds is closed there.
class JobExporter final
{
public:
    JobExporter(const Harvest::HarvestClient &harvest, const Platform::PlatformClient &platform, Store &store,
        const ExportOptions &options, const Clock *clock = nullptr);
    Q_DISABLE_COPY_MOVE(JobExporter)

    RunSummary run(std::stop_token stop, const ProgressFn &progress = {});

    // "d=1,2;o=" : what the filter was when the mirror was last reconciled.
    static QString filterSignature(const ExportOptions &options);

    static constexpr char kWatermarkKey[] = "jobs.watermark";
    static constexpr char kLastFullKey[] = "jobs.last_full_sync";
    static constexpr char kFilterKey[] = "jobs.filter";
    static constexpr char kAccountKey[] = "jobs.platform_account";

private:
    struct Context;

    bool checkAccount(Context &context);
    bool needsFullReconciliation(const QDateTime &now) const;
    bool incremental(Context &context, const QDateTime &windowStart, const QDateTime &windowEnd);
    bool full(Context &context);
    bool loadReference(Context &context);
    bool exportJobs(Context &context, const QList<QJsonObject> &jobs, const QHash<qint64, QDateTime> &newest);
    bool closeJob(Context &context, qint64 jobId, const std::optional<QJsonObject> &base,
        const std::optional<JobRecord> &mirror, const QString &greenhouseStatus);
    bool putJob(Context &context, const QJsonObject &body, bool *created);
    bool listAll(Context &context, const QString &resource, const QString &idFilter, const QList<qint64> &ids,
        QList<QJsonObject> &out);
    bool inOpenSet(const Context &context, const QJsonObject &job) const;
    bool fail(Context &context, const Net::Error &error, const QString &what);

    const Harvest::HarvestClient &m_harvest;
    const Platform::PlatformClient &m_platform;
    Store &m_store;
    const ExportOptions m_options;
    const Clock *m_clock;
};

// The platform payload for a body built by buildJobBody() / closedJobBody().
Platform::JobPayload toJobPayload(const QJsonObject &body);

} // namespace Sync
