#pragma once

#include "core/harvest/harvestclient.h"
#include "core/platform/platformclient.h"
#include "core/scheduler/syncscheduler.h"
#include "core/sync/synctypes.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QThread>

#include <memory>
#include <stop_token>

class Clock;
class Store;

namespace Sync
{

// What a run needs. The secrets (Harvest client secret, platform token) are in here, in memory
// only: the engine never reads the keychain and never writes them anywhere.
struct EngineConfig
{
    Harvest::ClientConfig harvest;
    Platform::ClientConfig platform;
    ExportOptions exportOptions;
    ImportOptions importOptions;
};

// Runs the two lanes on a worker thread of its own, one run at a time (a run asked for while
// another is running is queued behind it). Lives in, and is called from, the thread that created
// it (the UI thread, or the main thread of the CLI); every signal is delivered there.
//
// With a SyncScheduler: pass runner() to the scheduler's constructor and setScheduler(); the
// engine then calls SyncScheduler::reportFinished() for every run the scheduler started.
class SyncEngine final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncEngine)

public:
    // store and clock must outlive the engine; clock nullptr = Clock::system().
    explicit SyncEngine(Store *store, const Clock *clock = nullptr, QObject *parent = nullptr);
    ~SyncEngine() override; // stops the current run at its next step and waits for it

    void setConfig(const EngineConfig &config);
    EngineConfig config() const { return m_config; }
    // The Greenhouse token cache and rate limits the runs use (Settings loads its lists with them).
    Harvest::SharedState harvestShared() const { return m_harvestShared; }
    bool isConfigured() const { return m_configured; }
    // Forgets the secrets (disconnect); a later run fails until setConfig() is called again.
    void clearSecrets();

    // For SyncScheduler's constructor: starts the lane on the worker.
    SyncScheduler::Runner runner();
    void setScheduler(SyncScheduler *scheduler);

    // Starts (or queues) one run. runId identifies it in the signals; 0 picks one.
    quint64 startRun(SyncScheduler::Lane lane, quint64 runId = 0);
    // Asks the running and queued runs to stop: the current step (one HTTP call and its ledger
    // write) is finished, then the run ends as cancelled. Later runs are not affected.
    void requestStop();
    bool isBusy() const { return m_pending > 0; }

    // The lock file that keeps one lane of one profile to one run at a time across processes
    // (the desktop app, `talentbridge run`, `sync`): beside the database.
    static QString laneLockPath(const QString &databasePath, SyncScheduler::Lane lane);

    // User operations on the ledger (they take effect at the next applicants run).
    int retryApplicants(const QStringList &applicantIds);
    int dismissApplicants(const QStringList &applicantIds);

signals:
    void runStarted(SyncScheduler::Lane lane, quint64 runId);
    void progress(SyncScheduler::Lane lane, quint64 runId, const QString &step, int done, int total);
    void runFinished(SyncScheduler::Lane lane, quint64 runId, const Sync::RunSummary &summary);
    void idle();

private:
    void onRunFinished(SyncScheduler::Lane lane, quint64 runId, const RunSummary &summary);
    RunSummary execute(SyncScheduler::Lane lane, quint64 runId, const EngineConfig &config, std::stop_token stop);

    Store *const m_store;
    const Clock *const m_clock;
    QThread m_thread;
    QObject *m_worker = nullptr; // lives in m_thread; deleted when it finishes
    QPointer<SyncScheduler> m_scheduler;
    EngineConfig m_config;
    bool m_configured = false;
    std::stop_source m_stop;
    Harvest::SharedState m_harvestShared;
    std::shared_ptr<Net::RateLimiter> m_platformLimiter;
    quint64 m_nextRunId = 1;
    int m_pending = 0;
};

} // namespace Sync
