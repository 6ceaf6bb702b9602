#include "core/sync/syncengine.h"

#include "core/clock.h"
#include "core/logging.h"
#include "core/net/ratelimiter.h"
#include "core/store/store.h"
#include "core/sync/applicantimporter.h"
#include "core/sync/jobexporter.h"

#include <QCoreApplication>
#include <QDir>
#include <QLockFile>
#include <QMetaObject>

namespace Sync
{

SyncEngine::SyncEngine(Store *store, const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_clock(clock ? clock : Clock::system())
    , m_harvestShared(Harvest::SharedState::create())
    , m_platformLimiter(std::make_shared<Net::RateLimiter>(QStringLiteral("SmartDreamers")))
{
    qRegisterMetaType<Sync::RunSummary>();
    m_thread.setObjectName(QStringLiteral("TalentBridge sync"));
    m_worker = new QObject;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

SyncEngine::~SyncEngine()
{
    m_stop.request_stop();
    m_thread.quit();
    m_thread.wait();
}

void SyncEngine::setConfig(const EngineConfig &config)
{
    m_config = config;
    m_configured = !config.harvest.clientId.isEmpty() && !config.harvest.clientSecret.isEmpty()
        && !config.platform.token.isEmpty() && config.harvest.baseUrl.isValid() && config.platform.baseUrl.isValid();
}

void SyncEngine::clearSecrets()
{
    m_config.harvest.clientSecret.clear();
    m_config.platform.token.clear();
    m_configured = false;
    if (m_harvestShared.tokens)
    {
        m_harvestShared.tokens->clear();
    }
}

SyncScheduler::Runner SyncEngine::runner()
{
    // The scheduler calls this on its own (this) thread; the context keeps it safe after deletion.
    QPointer<SyncEngine> self(this);
    return [self](SyncScheduler::Lane lane, quint64 runId)
    {
        if (self)
        {
            self->startRun(lane, runId);
        }
    };
}

void SyncEngine::setScheduler(SyncScheduler *scheduler)
{
    m_scheduler = scheduler;
}

quint64 SyncEngine::startRun(SyncScheduler::Lane lane, quint64 runId)
{
    if (runId == 0)
    {
        runId = m_nextRunId++;
    }
    else
    {
        m_nextRunId = std::max(m_nextRunId, runId + 1);
    }
    ++m_pending;

    if (!m_configured)
    {
        RunSummary summary;
        summary.lane = SyncScheduler::laneName(lane);
        summary.error = tr("TalentBridge is not connected: run the setup (or `connect`) first.");
        QMetaObject::invokeMethod(
            this, [this, lane, runId, summary] { onRunFinished(lane, runId, summary); }, Qt::QueuedConnection);
        return runId;
    }

    // Copies for the worker: the engine's own members are only touched on this thread.
    EngineConfig config = m_config;
    const std::stop_token stop = m_stop.get_token();
    QMetaObject::invokeMethod(
        m_worker,
        [this, lane, runId, config, stop]
        {
            QMetaObject::invokeMethod(
                this, [this, lane, runId] { emit runStarted(lane, runId); }, Qt::QueuedConnection);
            const RunSummary summary = execute(lane, runId, config, stop);
            QMetaObject::invokeMethod(
                this, [this, lane, runId, summary] { onRunFinished(lane, runId, summary); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    return runId;
}

RunSummary SyncEngine::execute(
    SyncScheduler::Lane lane, quint64 runId, const EngineConfig &config, std::stop_token stop)
{
    const QString laneName = SyncScheduler::laneName(lane);
    const qint64 historyId = m_store->startRun(laneName, m_clock->now());
    const ProgressFn progress = [this, lane, runId](const QString &step, int done, int total)
    {
        QMetaObject::invokeMethod(
            this, [this, lane, runId, step, done, total] { emit this->progress(lane, runId, step, done, total); },
            Qt::QueuedConnection);
    };

    // Two processes on one profile would each import the same pending applicants. A lock left
    // by a killed process is stale (its PID is gone) and taken over.
    QLockFile laneLock(laneLockPath(m_store->databasePath(), lane));
    laneLock.setStaleLockTime(0);

    RunSummary summary;
    if (stop.stop_requested())
    {
        summary.lane = laneName;
        summary.cancelled = true;
        summary.error = tr("Stopped.");
    }
    else if (!laneLock.tryLock(0))
    {
        qint64 pid = 0;
        QString host;
        QString app;
        laneLock.getLockInfo(&pid, &host, &app);
        qCWarning(lcSync) << laneName << "run skipped: the lane is locked by process" << pid << "error"
                          << int(laneLock.error());
        summary.lane = laneName;
        summary.error = laneLock.error() == QLockFile::LockFailedError
            ? tr("Another TalentBridge (process %1) is already running this sync for this profile; this run "
                 "was skipped.")
                  .arg(pid)
            : tr("Cannot create the lock file %1; check that the profile folder is writable.")
                  .arg(QDir::toNativeSeparators(laneLock.fileName()));
    }
    else
    {
        const Harvest::HarvestClient harvest(config.harvest, m_harvestShared);
        const Platform::PlatformClient platform(config.platform, m_platformLimiter);
        if (lane == SyncScheduler::Lane::Jobs)
        {
            JobExporter exporter(harvest, platform, *m_store, config.exportOptions, m_clock);
            summary = exporter.run(stop, progress);
        }
        else
        {
            ApplicantImporter importer(harvest, platform, config.platform, *m_store, config.importOptions, m_clock);
            summary = importer.run(stop, progress);
        }
    }
    if (historyId >= 0)
    {
        m_store->finishRun(historyId, m_clock->now(), summary.ok, summary.toCounts(), summary.error);
    }
    return summary;
}

QString SyncEngine::laneLockPath(const QString &databasePath, SyncScheduler::Lane lane)
{
    return databasePath + QLatin1Char('.') + SyncScheduler::laneName(lane) + QStringLiteral(".lock");
}

void SyncEngine::onRunFinished(SyncScheduler::Lane lane, quint64 runId, const RunSummary &summary)
{
    --m_pending;
    qCInfo(lcSync) << "run" << runId
                   << "finished:" << (summary.ok ? "ok" : (summary.cancelled ? "cancelled" : "failed"));
    // Listeners hear the summary before the scheduler records the run and announces the new lane
    // state: the application must know the credentials were refused before the tray reacts.
    emit runFinished(lane, runId, summary);
    if (m_scheduler)
    {
        m_scheduler->reportFinished(lane, runId, summary.ok, summary.error);
    }
    if (m_pending == 0)
    {
        emit idle();
    }
}

void SyncEngine::requestStop()
{
    m_stop.request_stop();
    // Runs asked for later get a fresh token.
    m_stop = std::stop_source();
}

int SyncEngine::retryApplicants(const QStringList &applicantIds)
{
    return ApplicantImporter::retry(*m_store, applicantIds);
}

int SyncEngine::dismissApplicants(const QStringList &applicantIds)
{
    return ApplicantImporter::dismiss(*m_store, applicantIds);
}

} // namespace Sync
