#pragma once

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QTimer>

#include <array>
#include <chrono>
#include <functional>
#include <optional>

class Clock;
class Store;

// Owns both sync cadences ("jobs", default every 5 minutes; "applicants", default every 12 hours).
//
// Due times are wall-clock UTC and persisted in the Store's lane_state, so a restart, a sleep or
// a clock change neither loses nor doubles a run. QTimers only wake the scheduler: one single-shot
// timer for the earliest due lane, and a coarse periodic check that catches sleep and clock
// jumps (QTimer runs on the monotonic clock, which stops during suspend). Each wake-up compares
// against the wall clock: an overdue lane starts once, a lane that is not due does not start.
//
// The scheduler does not know how to sync: it calls the Runner, which starts the work (usually on
// the engine's worker thread) and later calls reportFinished() exactly once, from any thread.
// Lives in, and is used from, one thread (the UI thread, or the main thread of `run`).
class SyncScheduler final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncScheduler)

public:
    enum class Lane
    {
        Jobs,
        Applicants,
    };
    Q_ENUM(Lane)

    static constexpr std::array<Lane, 2> lanes { Lane::Jobs, Lane::Applicants };
    static QString laneName(Lane lane); // "jobs", "applicants": the lane key in the Store
    static std::optional<Lane> laneFromName(const QString &name);

    static std::chrono::milliseconds defaultInterval(Lane lane);
    static std::chrono::milliseconds minimumInterval(Lane lane);
    static std::chrono::milliseconds maximumInterval(Lane lane);

    // Starts one run; runId identifies it in reportFinished(), runStarted and runFinished.
    using Runner = std::function<void(Lane lane, quint64 runId)>;

    struct LaneStatus
    {
        Lane lane = Lane::Jobs;
        bool running = false;
        quint64 runId = 0; // the current run, or the last one
        QDateTime runStartedAt;
        QDateTime nextDue; // invalid: due now (never ran)
        QDateTime lastRun;
        QDateTime lastSuccess;
        int consecutiveFailures = 0;
        QString lastError;
        std::chrono::milliseconds interval { 0 };
    };

    enum class SyncNowResult
    {
        Started,
        Joined, // a run of this lane was already running; its runFinished is the answer
    };

    // store and clock must outlive the scheduler; clock nullptr = Clock::system().
    explicit SyncScheduler(Store *store, Runner runner, const Clock *clock = nullptr, QObject *parent = nullptr);
    ~SyncScheduler() override;

    // Cadence; false (and nothing changes) outside [minimumInterval, maximumInterval].
    bool setInterval(Lane lane, std::chrono::milliseconds interval);
    std::chrono::milliseconds interval(Lane lane) const;

    // After the n-th failure in a row the lane is retried after min(initial * 2^(n-1), cap).
    void setBackoff(std::chrono::milliseconds initial, std::chrono::milliseconds cap);
    std::chrono::milliseconds backoffDelay(int consecutiveFailures) const;

    // How often the wall clock is re-checked regardless of the single-shot timer (default 30 s).
    void setCheckInterval(std::chrono::milliseconds interval);

    // Loads the persisted lane state, arms the timers and starts lanes that are overdue.
    void start();
    // Stops the timers; a running run is not cancelled and may still report.
    void stop();
    bool isStarted() const { return m_started; }

    // New credentials (a reconnect): the failures so far say nothing about them. Clears every
    // lane's failure count, last error and backoff, and makes the lanes that are not running due
    // now, so they run at once when started (and not paused) instead of when the backoff ends.
    // Also works before start(), on the persisted state.
    void resetFailures(const QString &reason);

    // While paused no run starts by itself (syncNow() still does: the user asked). resume()
    // starts overdue lanes, each once.
    void pause();
    void resume();
    bool isPaused() const { return m_paused; }

    // Starts the lane now, or joins its running run. *runId receives the id to wait for.
    SyncNowResult syncNow(Lane lane, quint64 *runId = nullptr);

    // Thread-safe. A report for a run that is not the lane's current one is ignored.
    void reportFinished(Lane lane, quint64 runId, bool ok, const QString &error = {});

    // Re-checks the wall clock now (what the timers do).
    void checkNow();

    LaneStatus status(Lane lane) const;
    bool isRunning(Lane lane) const { return laneData(lane).running; }
    // Milliseconds until the single-shot wake-up, -1 when it is not armed (for tests and logs).
    qint64 msecsUntilWakeUp() const;

signals:
    void laneStateChanged(SyncScheduler::Lane lane);
    void runStarted(SyncScheduler::Lane lane, quint64 runId, const QString &reason);
    void runFinished(SyncScheduler::Lane lane, quint64 runId, bool ok, const QString &error);

private:
    struct LaneData
    {
        std::chrono::milliseconds interval { 0 };
        bool running = false;
        quint64 runId = 0;
        int joined = 0;
        QDateTime runStartedAt;
        QDateTime nextDue;
        QDateTime lastRun;
        QDateTime lastSuccess;
        int consecutiveFailures = 0;
        QString lastError;
    };

    LaneData &laneData(Lane lane) { return m_lanes[static_cast<size_t>(lane)]; }
    const LaneData &laneData(Lane lane) const { return m_lanes[static_cast<size_t>(lane)]; }
    void load(Lane lane);
    void evaluate(const QString &reason);
    void startRun(Lane lane, const QString &reason);
    void persist(Lane lane);
    void arm();
    std::chrono::milliseconds currentDelay(const LaneData &data) const;
    void onWakeUp();
    void onPeriodicCheck();

    Store *const m_store;
    const Runner m_runner;
    const Clock *const m_clock;
    std::array<LaneData, 2> m_lanes;
    QTimer m_wakeUpTimer;
    QTimer m_checkTimer;
    std::chrono::milliseconds m_backoffInitial;
    std::chrono::milliseconds m_backoffCap;
    quint64 m_nextRunId = 1;
    bool m_started = false;
    bool m_paused = false;
    bool m_evaluating = false;
    bool m_reevaluate = false;
    QDateTime m_lastCheckWall;
    std::chrono::milliseconds m_lastCheckMonotonic { 0 };
};
