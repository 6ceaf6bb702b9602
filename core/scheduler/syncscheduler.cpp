#include "core/scheduler/syncscheduler.h"

#include "core/clock.h"
#include "core/logging.h"
#include "core/store/store.h"

#include <QThread>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace
{

constexpr std::chrono::milliseconds defaultJobsInterval = 5min;
constexpr std::chrono::milliseconds defaultApplicantsInterval = 12h;
constexpr std::chrono::milliseconds minJobsInterval = 1min;
constexpr std::chrono::milliseconds maxJobsInterval = 24h;
constexpr std::chrono::milliseconds minApplicantsInterval = 15min;
constexpr std::chrono::milliseconds maxApplicantsInterval = 7 * 24h;
constexpr std::chrono::milliseconds defaultBackoffInitial = 1min;
constexpr std::chrono::milliseconds defaultBackoffCap = 1h;
constexpr std::chrono::milliseconds defaultCheckInterval = 30s;
// A wall-clock step this much bigger than the monotonic step is logged as sleep or clock change.
constexpr std::chrono::milliseconds clockJumpTolerance = 5s;

QString describe(std::chrono::milliseconds duration)
{
    const qint64 seconds = std::chrono::duration_cast<std::chrono::seconds>(duration).count();
    if (seconds < 120)
    {
        return u"%1 s"_s.arg(seconds);
    }
    if (seconds < 2 * 3600)
    {
        return u"%1 min"_s.arg(seconds / 60);
    }
    return u"%1 h %2 min"_s.arg(seconds / 3600).arg((seconds % 3600) / 60);
}

QString isoOrNever(const QDateTime &time)
{
    return time.isValid() ? time.toString(Qt::ISODate) : u"never"_s;
}

} // namespace

QString SyncScheduler::laneName(Lane lane)
{
    return lane == Lane::Jobs ? u"jobs"_s : u"applicants"_s;
}

std::optional<SyncScheduler::Lane> SyncScheduler::laneFromName(const QString &name)
{
    for (Lane lane : lanes)
    {
        if (laneName(lane) == name)
        {
            return lane;
        }
    }
    return std::nullopt;
}

std::chrono::milliseconds SyncScheduler::defaultInterval(Lane lane)
{
    return lane == Lane::Jobs ? defaultJobsInterval : defaultApplicantsInterval;
}

std::chrono::milliseconds SyncScheduler::minimumInterval(Lane lane)
{
    return lane == Lane::Jobs ? minJobsInterval : minApplicantsInterval;
}

std::chrono::milliseconds SyncScheduler::maximumInterval(Lane lane)
{
    return lane == Lane::Jobs ? maxJobsInterval : maxApplicantsInterval;
}

SyncScheduler::SyncScheduler(Store *store, Runner runner, const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_runner(std::move(runner))
    , m_clock(clock ? clock : Clock::system())
    , m_backoffInitial(defaultBackoffInitial)
    , m_backoffCap(defaultBackoffCap)
{
    for (Lane lane : lanes)
    {
        laneData(lane).interval = defaultInterval(lane);
    }
    m_wakeUpTimer.setSingleShot(true);
    m_wakeUpTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_wakeUpTimer, &QTimer::timeout, this, &SyncScheduler::onWakeUp);
    m_checkTimer.setInterval(defaultCheckInterval);
    connect(&m_checkTimer, &QTimer::timeout, this, &SyncScheduler::onPeriodicCheck);
}

SyncScheduler::~SyncScheduler() = default;

bool SyncScheduler::setInterval(Lane lane, std::chrono::milliseconds interval)
{
    if (interval < minimumInterval(lane) || interval > maximumInterval(lane))
    {
        qCWarning(lcScheduler).noquote() << "rejected" << laneName(lane) << "interval" << describe(interval)
                                         << "- allowed" << describe(minimumInterval(lane)) << "to"
                                         << describe(maximumInterval(lane));
        return false;
    }
    LaneData &data = laneData(lane);
    if (data.interval == interval)
    {
        return true;
    }
    data.interval = interval;
    qCInfo(lcScheduler).noquote() << laneName(lane) << "interval set to" << describe(interval);
    if (m_started)
    {
        // A shorter cadence pulls the next run in (evaluate clamps the due time to one interval).
        evaluate(u"interval changed"_s);
        emit laneStateChanged(lane);
    }
    return true;
}

std::chrono::milliseconds SyncScheduler::interval(Lane lane) const
{
    return laneData(lane).interval;
}

void SyncScheduler::setBackoff(std::chrono::milliseconds initial, std::chrono::milliseconds cap)
{
    m_backoffInitial = std::max(initial, std::chrono::milliseconds(1));
    m_backoffCap = std::max(cap, m_backoffInitial);
}

std::chrono::milliseconds SyncScheduler::backoffDelay(int consecutiveFailures) const
{
    if (consecutiveFailures <= 0)
    {
        return 0ms;
    }
    std::chrono::milliseconds delay = m_backoffInitial;
    for (int i = 1; i < consecutiveFailures && delay < m_backoffCap; ++i)
    {
        delay *= 2;
    }
    return std::min(delay, m_backoffCap);
}

void SyncScheduler::setCheckInterval(std::chrono::milliseconds interval)
{
    m_checkTimer.setInterval(std::max(interval, std::chrono::milliseconds(1)));
}

std::chrono::milliseconds SyncScheduler::currentDelay(const LaneData &data) const
{
    return data.consecutiveFailures > 0 ? backoffDelay(data.consecutiveFailures) : data.interval;
}

void SyncScheduler::start()
{
    if (m_started)
    {
        return;
    }
    for (Lane lane : lanes)
    {
        load(lane);
        const LaneData &data = laneData(lane);
        qCInfo(lcScheduler).noquote() << laneName(lane) << "every" << describe(data.interval) << "- next due"
                                      << (data.nextDue.isValid() ? isoOrNever(data.nextDue) : u"now (never ran)"_s)
                                      << "- failures in a row" << data.consecutiveFailures;
    }
    m_started = true;
    m_lastCheckWall = m_clock->now();
    m_lastCheckMonotonic = m_clock->monotonic();
    m_checkTimer.start();
    evaluate(u"startup"_s);
}

void SyncScheduler::load(Lane lane)
{
    LaneData &data = laneData(lane);
    if (const auto saved = m_store ? m_store->laneState(laneName(lane)) : std::nullopt)
    {
        data.nextDue = saved->nextDue;
        data.lastRun = saved->lastRun;
        data.lastSuccess = saved->lastSuccess;
        data.consecutiveFailures = saved->consecutiveFailures;
        data.lastError = saved->lastError;
    }
}

void SyncScheduler::resetFailures(const QString &reason)
{
    const QDateTime now = m_clock->now();
    for (Lane lane : lanes)
    {
        // Stopped, the persisted state is the current one (a run may have ended since).
        if (!m_started && !isRunning(lane))
        {
            load(lane);
        }
        LaneData &data = laneData(lane);
        qCInfo(lcScheduler).noquote() << laneName(lane) << "failures in a row" << data.consecutiveFailures
                                      << "reset and due now -" << reason;
        data.consecutiveFailures = 0;
        data.lastError.clear();
        // A lane that never ran is due anyway.
        if (!data.running && data.nextDue.isValid())
        {
            data.nextDue = now;
        }
        persist(lane);
        emit laneStateChanged(lane);
    }
    if (m_started)
    {
        evaluate(reason);
    }
}

void SyncScheduler::stop()
{
    if (!m_started)
    {
        return;
    }
    m_started = false;
    m_checkTimer.stop();
    m_wakeUpTimer.stop();
    qCInfo(lcScheduler) << "stopped";
}

void SyncScheduler::pause()
{
    if (m_paused)
    {
        return;
    }
    m_paused = true;
    qCInfo(lcScheduler) << "paused: no run starts until resumed (running runs finish)";
    arm();
    for (Lane lane : lanes)
    {
        emit laneStateChanged(lane);
    }
}

void SyncScheduler::resume()
{
    if (!m_paused)
    {
        return;
    }
    m_paused = false;
    qCInfo(lcScheduler) << "resumed";
    if (m_started)
    {
        evaluate(u"resumed"_s);
    }
    for (Lane lane : lanes)
    {
        emit laneStateChanged(lane);
    }
}

SyncScheduler::SyncNowResult SyncScheduler::syncNow(Lane lane, quint64 *runId)
{
    LaneData &data = laneData(lane);
    if (data.running)
    {
        ++data.joined;
        qCInfo(lcScheduler).noquote() << laneName(lane) << "sync now joins run" << data.runId
                                      << "- it is already running, no second run";
        if (runId)
        {
            *runId = data.runId;
        }
        return SyncNowResult::Joined;
    }
    startRun(lane, m_paused ? u"sync now (scheduler paused)"_s : u"sync now"_s);
    if (runId)
    {
        *runId = laneData(lane).runId;
    }
    return SyncNowResult::Started;
}

void SyncScheduler::reportFinished(Lane lane, quint64 runId, bool ok, const QString &error)
{
    if (QThread::currentThread() != thread())
    {
        QMetaObject::invokeMethod(
            this, [this, lane, runId, ok, error] { reportFinished(lane, runId, ok, error); }, Qt::QueuedConnection);
        return;
    }

    LaneData &data = laneData(lane);
    if (!data.running || data.runId != runId)
    {
        qCWarning(lcScheduler).noquote() << laneName(lane) << "ignoring a finish report for run" << runId
                                         << "- it is not the lane's running run";
        return;
    }

    const QDateTime now = m_clock->now();
    data.running = false;
    if (ok)
    {
        if (data.consecutiveFailures > 0)
        {
            qCInfo(lcScheduler).noquote()
                << laneName(lane) << "succeeded after" << data.consecutiveFailures << "failures - backoff reset";
        }
        data.consecutiveFailures = 0;
        data.lastError.clear();
        data.lastSuccess = now;
        data.nextDue = now.addMSecs(data.interval.count());
        const QString joined = data.joined ? u" (%1 sync-now joined it)"_s.arg(data.joined) : QString();
        qCInfo(lcScheduler).noquote() << laneName(lane) << "run" << runId << u"finished ok"_s + joined << "- next at"
                                      << isoOrNever(data.nextDue) << u"(interval %1)"_s.arg(describe(data.interval));
    }
    else
    {
        ++data.consecutiveFailures;
        data.lastError = error;
        const auto delay = backoffDelay(data.consecutiveFailures);
        data.nextDue = now.addMSecs(delay.count());
        qCInfo(lcScheduler).noquote() << laneName(lane) << "run" << runId
                                      << u"failed (%1 in a row) - retry in"_s.arg(data.consecutiveFailures)
                                      << describe(delay) << "at" << isoOrNever(data.nextDue)
                                      << u"(backoff, cap %1)"_s.arg(describe(m_backoffCap));
    }
    data.joined = 0;
    persist(lane);
    emit runFinished(lane, runId, ok, error);
    emit laneStateChanged(lane);
    if (m_started)
    {
        evaluate(u"run finished"_s);
    }
}

void SyncScheduler::checkNow()
{
    onPeriodicCheck();
}

void SyncScheduler::onWakeUp()
{
    evaluate(u"timer"_s);
}

void SyncScheduler::onPeriodicCheck()
{
    // QTimer counts monotonic time, which stands still during suspend; comparing both clocks
    // tells sleep and clock changes apart from ordinary time passing, for the log.
    const QDateTime wall = m_clock->now();
    const auto monotonic = m_clock->monotonic();
    QString reason = u"periodic check"_s;
    if (m_lastCheckWall.isValid())
    {
        const auto wallStep = std::chrono::milliseconds(m_lastCheckWall.msecsTo(wall));
        const auto monotonicStep = monotonic - m_lastCheckMonotonic;
        const auto skew = wallStep - monotonicStep;
        if (skew > clockJumpTolerance)
        {
            reason = u"wall clock moved %1 more than elapsed time (sleep or clock change)"_s.arg(describe(skew));
            qCInfo(lcScheduler).noquote() << reason;
        }
        else if (skew < -clockJumpTolerance)
        {
            reason = u"wall clock moved back by %1 (clock change)"_s.arg(describe(-skew));
            qCInfo(lcScheduler).noquote() << reason;
        }
    }
    m_lastCheckWall = wall;
    m_lastCheckMonotonic = monotonic;
    if (m_started)
    {
        evaluate(reason);
    }
}

void SyncScheduler::evaluate(const QString &reason)
{
    // startRun() calls the runner, which may report back synchronously and so re-enter here.
    if (m_evaluating)
    {
        m_reevaluate = true;
        return;
    }
    m_evaluating = true;
    do
    {
        m_reevaluate = false;
        const QDateTime now = m_clock->now();
        for (Lane lane : lanes)
        {
            LaneData &data = laneData(lane);
            if (data.running)
            {
                continue;
            }

            // A due time further ahead than one full delay means the clock went back (or the
            // cadence got shorter): wait one delay from now rather than the extra time.
            const auto delay = currentDelay(data);
            if (data.nextDue.isValid() && now.msecsTo(data.nextDue) > delay.count())
            {
                const QDateTime clamped = now.addMSecs(delay.count());
                qCInfo(lcScheduler).noquote()
                    << laneName(lane) << "next due" << isoOrNever(data.nextDue) << "is more than" << describe(delay)
                    << "away (clock moved back or cadence shortened) - moved to" << isoOrNever(clamped);
                data.nextDue = clamped;
                persist(lane);
                emit laneStateChanged(lane);
            }

            if (m_paused)
            {
                continue;
            }
            if (!data.nextDue.isValid())
            {
                startRun(lane, u"first run (%1)"_s.arg(reason));
            }
            else if (data.nextDue <= now)
            {
                startRun(lane,
                    u"overdue by %1 (%2)"_s.arg(
                        describe(std::chrono::milliseconds(data.nextDue.msecsTo(now))), reason));
            }
        }
    } while (m_reevaluate);
    m_evaluating = false;
    arm();
}

void SyncScheduler::startRun(Lane lane, const QString &reason)
{
    LaneData &data = laneData(lane);
    const QDateTime now = m_clock->now();
    data.running = true;
    data.runId = m_nextRunId++;
    data.joined = 0;
    data.runStartedAt = now;
    data.lastRun = now;
    // next_due stays as it is while the run is going: if the process dies mid-run, the restart
    // finds the lane overdue and runs it once more; a finished run moves it forward.
    persist(lane);
    qCInfo(lcScheduler).noquote() << laneName(lane) << "starting run" << data.runId << "-" << reason;
    emit runStarted(lane, data.runId, reason);
    emit laneStateChanged(lane);
    if (m_runner)
    {
        m_runner(lane, data.runId);
    }
}

void SyncScheduler::persist(Lane lane)
{
    if (!m_store)
    {
        return;
    }
    const LaneData &data = laneData(lane);
    LaneStateRecord record;
    record.lane = laneName(lane);
    record.nextDue = data.nextDue;
    record.lastRun = data.lastRun;
    record.lastSuccess = data.lastSuccess;
    record.consecutiveFailures = data.consecutiveFailures;
    record.lastError = data.lastError;
    if (!m_store->saveLaneState(record))
    {
        qCWarning(lcScheduler).noquote() << laneName(lane) << "lane state not saved:" << m_store->errorString();
    }
}

void SyncScheduler::arm()
{
    if (!m_started || m_paused)
    {
        m_wakeUpTimer.stop();
        return;
    }
    const QDateTime now = m_clock->now();
    std::optional<qint64> earliest;
    for (Lane lane : lanes)
    {
        const LaneData &data = laneData(lane);
        if (data.running || !data.nextDue.isValid())
        {
            continue;
        }
        const qint64 ms = std::max<qint64>(0, now.msecsTo(data.nextDue));
        earliest = earliest ? std::min(*earliest, ms) : ms;
    }
    if (!earliest)
    {
        m_wakeUpTimer.stop();
        return;
    }
    // QTimer takes an int; the longest cadence (7 days) fits, and evaluate() re-arms anyway.
    const qint64 capped = std::min<qint64>(*earliest, std::numeric_limits<int>::max());
    m_wakeUpTimer.start(std::chrono::milliseconds(capped));
    qCDebug(lcScheduler).noquote() << "next wake-up in" << describe(std::chrono::milliseconds(capped));
}

SyncScheduler::LaneStatus SyncScheduler::status(Lane lane) const
{
    const LaneData &data = laneData(lane);
    LaneStatus status;
    status.lane = lane;
    status.running = data.running;
    status.runId = data.runId;
    status.runStartedAt = data.runStartedAt;
    status.nextDue = data.nextDue;
    status.lastRun = data.lastRun;
    status.lastSuccess = data.lastSuccess;
    status.consecutiveFailures = data.consecutiveFailures;
    status.lastError = data.lastError;
    status.interval = data.interval;
    return status;
}

qint64 SyncScheduler::msecsUntilWakeUp() const
{
    return m_wakeUpTimer.isActive() ? m_wakeUpTimer.remainingTime() : -1;
}
