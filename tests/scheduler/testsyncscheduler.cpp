#include "core/clock.h"
#include "core/scheduler/syncscheduler.h"
#include "core/store/store.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using Lane = SyncScheduler::Lane;

namespace
{

// Records every run the scheduler asks for; the test decides when each finishes.
struct FakeRunner
{
    QList<QPair<Lane, quint64>> started;

    int count(Lane lane) const
    {
        return static_cast<int>(
            std::count_if(started.cbegin(), started.cend(), [lane](const auto &run) { return run.first == lane; }));
    }

    quint64 last(Lane lane) const
    {
        for (auto it = started.crbegin(); it != started.crend(); ++it)
        {
            if (it->first == lane)
            {
                return it->second;
            }
        }
        return 0;
    }
};

} // namespace

class TestSyncScheduler final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void firstStartRunsBothLanesOnce();
    void notEarly();
    void overdueAfterSleepStartsOnce();
    void clockBackwardsDoesNotRunTwice();
    void clockForwardRunsOnce();
    void noOverlapAndSyncNowJoins();
    void backoffCappedAndReset_data();
    void backoffCappedAndReset();
    void backoffShowsInLaneState();
    void reconnectResetsBackoffAndRunsAtOnce();
    void reconnectWhileStoppedRunsAtStart();
    void persistedDueTimeSurvivesRestart();
    void restartMidRunRunsOnce();
    void pauseResume();
    void intervalBounds_data();
    void intervalBounds();
    void shorterIntervalPullsNextRunIn();
    void finishFromWorkerThread();
    void staleFinishIgnored();

private:
    std::unique_ptr<SyncScheduler> makeScheduler(FakeRunner &runner);
    void finishAll(SyncScheduler &scheduler, FakeRunner &runner, bool ok = true);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeClock> m_clock;
    std::unique_ptr<Store> m_store;
};

void TestSyncScheduler::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestSyncScheduler::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_clock = std::make_unique<FakeClock>();
    m_store = std::make_unique<Store>(Store::databasePathFor(m_dir->path()), m_clock.get());
    QVERIFY(m_store->open());
}

void TestSyncScheduler::cleanup()
{
    m_store.reset();
    m_clock.reset();
    m_dir.reset();
}

std::unique_ptr<SyncScheduler> TestSyncScheduler::makeScheduler(FakeRunner &runner)
{
    auto scheduler = std::make_unique<SyncScheduler>(
        m_store.get(),
        [&runner](Lane lane, quint64 runId) {
            runner.started.append({ lane, runId });
        },
        m_clock.get());
    // The periodic check is what notices sleep and clock changes; run it often in tests.
    scheduler->setCheckInterval(5ms);
    return scheduler;
}

void TestSyncScheduler::finishAll(SyncScheduler &scheduler, FakeRunner &runner, bool ok)
{
    for (Lane lane : SyncScheduler::lanes)
    {
        if (scheduler.isRunning(lane))
        {
            scheduler.reportFinished(lane, runner.last(lane), ok, ok ? QString() : u"boom"_s);
        }
    }
}

void TestSyncScheduler::firstStartRunsBothLanesOnce()
{
    FakeRunner runner;
    auto scheduler = makeScheduler(runner);
    QSignalSpy started(scheduler.get(), &SyncScheduler::runStarted);
    scheduler->start();
    QCOMPARE(runner.count(Lane::Jobs), 1);
    QCOMPARE(runner.count(Lane::Applicants), 1);
    QCOMPARE(started.count(), 2);
    QTest::qWait(30); // many periodic checks while running
    QCOMPARE(runner.started.size(), 2);
}

void TestSyncScheduler::notEarly()
{
    FakeRunner runner;
    auto scheduler = makeScheduler(runner);
    scheduler->start();
    finishAll(*scheduler, runner);
    QCOMPARE(scheduler->status(Lane::Jobs).nextDue, m_clock->now().addSecs(300));

    m_clock->advance(5min - 1s);
    scheduler->checkNow();
    QTest::qWait(30);
    QCOMPARE(runner.count(Lane::Jobs), 1);
    QVERIFY(scheduler->msecsUntilWakeUp() <= 1000);

    m_clock->advance(1s);
    QTRY_COMPARE(runner.count(Lane::Jobs), 2);
    QCOMPARE(runner.count(Lane::Applicants), 1);
}

void TestSyncScheduler::overdueAfterSleepStartsOnce()
{
    FakeRunner runner;
    auto scheduler = makeScheduler(runner);
    scheduler->start();
    finishAll(*scheduler, runner);

    // The laptop sleeps 3 hours: 36 jobs cycles missed, applicants (12 h) not yet due.
    m_clock->sleep(3h);
    QTRY_COMPARE(runner.count(Lane::Jobs), 2);
    QTest::qWait(30);
    scheduler->checkNow();
    QCOMPARE(runner.count(Lane::Jobs), 2);
    QCOMPARE(runner.count(Lane::Applicants), 1);

    // Once it finishes, the next one is a full interval away: no catch-up burst.
    scheduler->reportFinished(Lane::Jobs, runner.last(Lane::Jobs), true);
    QTest::qWait(30);
    QCOMPARE(runner.count(Lane::Jobs), 2);
    QCOMPARE(scheduler->status(Lane::Jobs).nextDue, m_clock->now().addSecs(300));
}

void TestSyncScheduler::clockBackwardsDoesNotRunTwice()
{
    FakeRunner runner;
    auto scheduler = makeScheduler(runner);
    scheduler->start();
    finishAll(*scheduler, runner);
    m_clock->advance(5min);
    QTRY_COMPARE(runner.count(Lane::Jobs), 2);
    scheduler->reportFinished(Lane::Jobs, runner.last(Lane::Jobs), true);

    // The clock is set back an hour: the run that just happened must not repeat, and the lane
    // must not wait the extra hour either.
    m_clock->jump(-1h);
    QTest::qWait(30);
    QCOMPARE(runner.count(Lane::Jobs), 2);
    QCOMPARE(scheduler->status(Lane::Jobs).nextDue, m_clock->now().addSecs(300));
    QCOMPARE(m_store->laneState(u"jobs"_s)->nextDue, m_clock->now().addSecs(300));

    m_clock->advance(4min);
    QTest::qWait(30);
    QCOMPARE(runner.count(Lane::Jobs), 2);
    m_clock->advance(1min);
    QTRY_COMPARE(runner.count(Lane::Jobs), 3);
    QTest::qWait(30);
    QCOMPARE(runner.count(Lane::Jobs), 3);
    QCOMPARE(runner.count(Lane::Applicants), 1);
}

void TestSyncScheduler::clockForwardRunsOnce()
{
    FakeRunner runner;
    auto scheduler = makeScheduler(runner);
    scheduler->start();
    finishAll(*scheduler, runner);
    m_clock->jump(30 * 24h); // both overdue by far
    QTRY_COMPARE(runner.started.size(), 4);
    QTest::qWait(30);
    QCOMPARE(runner.count(Lane::Jobs), 2);
    QCOMPARE(runner.count(Lane::Applicants), 2);
}

void TestSyncScheduler::noOverlapAndSyncNowJoins()
{
    FakeRunner runner;
    auto scheduler = makeScheduler(runner);
    QSignalSpy finished(scheduler.get(), &SyncScheduler::runFinished);
    scheduler->start();
    const quint64 running = runner.last(Lane::Jobs);

    // Overdue many times over while running: still one run.
    m_clock->advance(1h);
    QTest::qWait(30);
    QCOMPARE(runner.count(Lane::Jobs), 1);

    quint64 joined = 0;
    QCOMPARE(scheduler->syncNow(Lane::Jobs, &joined), SyncScheduler::SyncNowResult::Joined);
    QCOMPARE(joined, running);
    QCOMPARE(scheduler->syncNow(Lane::Jobs), SyncScheduler::SyncNowResult::Joined);
    QCOMPARE(runner.count(Lane::Jobs), 1);

    scheduler->reportFinished(Lane::Jobs, running, true);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(1).value<quint64>(), running);
    QTest::qWait(30);
    QCOMPARE(runner.count(Lane::Jobs), 1); // the joined sync-nows did not queue a second run

    // Idle: sync now starts a new run at once, even though it is not due.
    quint64 fresh = 0;
    QCOMPARE(scheduler->syncNow(Lane::Jobs, &fresh), SyncScheduler::SyncNowResult::Started);
    QCOMPARE(runner.count(Lane::Jobs), 2);
    QVERIFY(fresh != running);
    QCOMPARE(runner.last(Lane::Jobs), fresh);
}

void TestSyncScheduler::backoffCappedAndReset_data()
{
    QTest::addColumn<int>("failures");
    QTest::addColumn<int>("expectedMinutes");

    QTest::newRow("1") << 1 << 1;
    QTest::newRow("2") << 2 << 2;
    QTest::newRow("3") << 3 << 4;
    QTest::newRow("6") << 6 << 32;
    QTest::newRow("7 capped") << 7 << 60;
    QTest::newRow("30 capped") << 30 << 60;
    QTest::newRow("1000 capped") << 1000 << 60;
}

void TestSyncScheduler::backoffCappedAndReset()
{
    QFETCH(int, failures);
    QFETCH(int, expectedMinutes);

    FakeRunner runner;
    auto scheduler = makeScheduler(runner);
    QCOMPARE(scheduler->backoffDelay(failures), std::chrono::milliseconds(std::chrono::minutes(expectedMinutes)));
    if (failures > 10)
    {
        return;
    }

    scheduler->start();
    for (int i = 1; i <= failures; ++i)
    {
        const QDateTime failedAt = m_clock->now();
        scheduler->reportFinished(Lane::Jobs, runner.last(Lane::Jobs), false, u"HTTP 503"_s);
        QCOMPARE(scheduler->status(Lane::Jobs).consecutiveFailures, i);
        QCOMPARE(scheduler->status(Lane::Jobs).nextDue, failedAt.addMSecs(scheduler->backoffDelay(i).count()));
        m_clock->advance(scheduler->backoffDelay(i));
        QTRY_COMPARE(runner.count(Lane::Jobs), i + 1);
    }
    QCOMPARE(scheduler->status(Lane::Jobs).nextDue.secsTo(m_clock->now()), 0);

    scheduler->reportFinished(Lane::Jobs, runner.last(Lane::Jobs), true);
    QCOMPARE(scheduler->status(Lane::Jobs).consecutiveFailures, 0);
    QCOMPARE(scheduler->status(Lane::Jobs).lastError, QString());
    QCOMPARE(scheduler->status(Lane::Jobs).nextDue, m_clock->now().addSecs(300));
}

void TestSyncScheduler::backoffShowsInLaneState()
{
    FakeRunner runner;
    auto scheduler = makeScheduler(runner);
    QSignalSpy laneChanged(scheduler.get(), &SyncScheduler::laneStateChanged);
    scheduler->start();
    scheduler->reportFinished(Lane::Applicants, runner.last(Lane::Applicants), false, u"platform 401"_s);
    const auto saved = m_store->laneState(u"applicants"_s);
    QVERIFY(saved);
    QCOMPARE(saved->consecutiveFailures, 1);
    QCOMPARE(saved->lastError, u"platform 401"_s);
    QCOMPARE(saved->nextDue, m_clock->now().addSecs(60));
    QVERIFY(!saved->lastSuccess.isValid());
    QVERIFY(laneChanged.count() >= 3);
}

void TestSyncScheduler::reconnectResetsBackoffAndRunsAtOnce()
{
    FakeRunner runner;
    auto scheduler = makeScheduler(runner);
    scheduler->start();
    finishAll(*scheduler, runner, false);
    m_clock->advance(1min);
    scheduler->checkNow();
    QCOMPARE(runner.started.size(), 4);
    finishAll(*scheduler, runner, false);
    QCOMPARE(scheduler->status(Lane::Jobs).consecutiveFailures, 2);
    QCOMPARE(scheduler->status(Lane::Jobs).nextDue, m_clock->now().addSecs(120));

    // New credentials: both lanes run now, not in two minutes, and are no longer failing.
    QSignalSpy laneChanged(scheduler.get(), &SyncScheduler::laneStateChanged);
    scheduler->resetFailures(u"reconnected"_s);
    QCOMPARE(runner.started.size(), 6);
    for (Lane lane : SyncScheduler::lanes)
    {
        QVERIFY(scheduler->isRunning(lane));
        QCOMPARE(scheduler->status(lane).consecutiveFailures, 0);
        QVERIFY(scheduler->status(lane).lastError.isEmpty());
        QCOMPARE(m_store->laneState(SyncScheduler::laneName(lane))->consecutiveFailures, 0);
    }
    QVERIFY(laneChanged.count() >= 2);

    // A failure after the reconnect starts the backoff from the beginning.
    finishAll(*scheduler, runner, false);
    QCOMPARE(scheduler->status(Lane::Jobs).consecutiveFailures, 1);
    QCOMPARE(scheduler->status(Lane::Jobs).nextDue, m_clock->now().addSecs(60));
}

void TestSyncScheduler::reconnectWhileStoppedRunsAtStart()
{
    // Lost authorization stops the scheduler; the failures are persisted.
    FakeRunner runner;
    auto scheduler = makeScheduler(runner);
    scheduler->start();
    finishAll(*scheduler, runner, false);
    scheduler->stop();
    const QDateTime lastRun = scheduler->status(Lane::Jobs).lastRun;

    // A fresh scheduler on the same store, as after a restart, learns of the reconnect first.
    FakeRunner second;
    scheduler = makeScheduler(second);
    scheduler->resetFailures(u"reconnected"_s);
    QVERIFY(second.started.isEmpty());
    const auto saved = m_store->laneState(u"jobs"_s);
    QCOMPARE(saved->consecutiveFailures, 0);
    QVERIFY(saved->lastError.isEmpty());
    QCOMPARE(saved->lastRun, lastRun);
    QCOMPARE(saved->nextDue, m_clock->now());

    scheduler->start();
    QCOMPARE(second.count(Lane::Jobs), 1);
    QCOMPARE(second.count(Lane::Applicants), 1);
}

void TestSyncScheduler::persistedDueTimeSurvivesRestart()
{
    FakeRunner first;
    {
        auto scheduler = makeScheduler(first);
        scheduler->start();
        finishAll(*scheduler, first);
    }
    const QDateTime jobsDue = m_clock->now().addSecs(300);
    QCOMPARE(m_store->laneState(u"jobs"_s)->nextDue, jobsDue);

    // Restart with a fresh Store on the same file, 2 minutes later: nothing is due.
    m_store = std::make_unique<Store>(Store::databasePathFor(m_dir->path()), m_clock.get());
    QVERIFY(m_store->open());
    m_clock->advance(2min);
    FakeRunner second;
    auto scheduler = makeScheduler(second);
    scheduler->start();
    QTest::qWait(30);
    QVERIFY(second.started.isEmpty());
    QCOMPARE(scheduler->status(Lane::Jobs).nextDue, jobsDue);
    QCOMPARE(scheduler->status(Lane::Jobs).lastSuccess, jobsDue.addSecs(-300));
    QVERIFY(scheduler->msecsUntilWakeUp() > 0);

    m_clock->advance(3min);
    QTRY_COMPARE(second.count(Lane::Jobs), 1);
    QCOMPARE(second.count(Lane::Applicants), 0);

    // Powered off for two days: one run per lane at start, not a burst.
    scheduler.reset();
    m_clock->sleep(48h);
    FakeRunner third;
    scheduler = makeScheduler(third);
    scheduler->start();
    QTest::qWait(30);
    QCOMPARE(third.count(Lane::Jobs), 1);
    QCOMPARE(third.count(Lane::Applicants), 1);
}

void TestSyncScheduler::restartMidRunRunsOnce()
{
    FakeRunner first;
    {
        auto scheduler = makeScheduler(first);
        scheduler->start();
        finishAll(*scheduler, first);
        m_clock->advance(5min);
        QTRY_COMPARE(first.count(Lane::Jobs), 2);
        // The process dies here, with the jobs run unfinished.
    }
    FakeRunner second;
    auto scheduler = makeScheduler(second);
    scheduler->start();
    QCOMPARE(second.count(Lane::Jobs), 1); // the interrupted run is redone, once
    QTest::qWait(30);
    QCOMPARE(second.count(Lane::Jobs), 1);
    QCOMPARE(second.count(Lane::Applicants), 0);
}

void TestSyncScheduler::pauseResume()
{
    FakeRunner runner;
    auto scheduler = makeScheduler(runner);
    scheduler->start();
    finishAll(*scheduler, runner);
    scheduler->pause();
    QVERIFY(scheduler->isPaused());
    m_clock->advance(24h);
    QTest::qWait(30);
    QCOMPARE(runner.started.size(), 2);
    QCOMPARE(scheduler->msecsUntilWakeUp(), -1);

    scheduler->resume();
    QCOMPARE(runner.count(Lane::Jobs), 2);
    QCOMPARE(runner.count(Lane::Applicants), 2);
    QTest::qWait(30);
    QCOMPARE(runner.started.size(), 4);

    // Sync now still works while paused: the user asked for it.
    finishAll(*scheduler, runner);
    scheduler->pause();
    QCOMPARE(scheduler->syncNow(Lane::Applicants), SyncScheduler::SyncNowResult::Started);
    QCOMPARE(runner.count(Lane::Applicants), 3);
}

void TestSyncScheduler::intervalBounds_data()
{
    QTest::addColumn<Lane>("lane");
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<bool>("accepted");

    QTest::newRow("jobs 59 s") << Lane::Jobs << qint64(59) << false;
    QTest::newRow("jobs 1 min") << Lane::Jobs << qint64(60) << true;
    QTest::newRow("jobs 24 h") << Lane::Jobs << qint64(24 * 3600) << true;
    QTest::newRow("jobs 24 h + 1 s") << Lane::Jobs << qint64(24 * 3600 + 1) << false;
    QTest::newRow("applicants 14 min") << Lane::Applicants << qint64(14 * 60) << false;
    QTest::newRow("applicants 15 min") << Lane::Applicants << qint64(15 * 60) << true;
    QTest::newRow("applicants 7 d") << Lane::Applicants << qint64(7 * 86400) << true;
    QTest::newRow("applicants 8 d") << Lane::Applicants << qint64(8 * 86400) << false;
    QTest::newRow("negative") << Lane::Jobs << qint64(-60) << false;
}

void TestSyncScheduler::intervalBounds()
{
    QFETCH(Lane, lane);
    QFETCH(qint64, seconds);
    QFETCH(bool, accepted);

    FakeRunner runner;
    auto scheduler = makeScheduler(runner);
    QCOMPARE(scheduler->interval(Lane::Jobs), std::chrono::milliseconds(5min));
    QCOMPARE(scheduler->interval(Lane::Applicants), std::chrono::milliseconds(12h));
    const auto before = scheduler->interval(lane);
    const auto wanted = std::chrono::milliseconds(std::chrono::seconds(seconds));
    QCOMPARE(scheduler->setInterval(lane, wanted), accepted);
    QCOMPARE(scheduler->interval(lane), accepted ? wanted : before);
}

void TestSyncScheduler::shorterIntervalPullsNextRunIn()
{
    FakeRunner runner;
    auto scheduler = makeScheduler(runner);
    scheduler->start();
    finishAll(*scheduler, runner);
    QCOMPARE(scheduler->status(Lane::Applicants).nextDue, m_clock->now().addSecs(12 * 3600));
    QVERIFY(scheduler->setInterval(Lane::Applicants, 1h));
    QCOMPARE(scheduler->status(Lane::Applicants).nextDue, m_clock->now().addSecs(3600));
    QCOMPARE(runner.count(Lane::Applicants), 1);
}

void TestSyncScheduler::finishFromWorkerThread()
{
    std::unique_ptr<QThread> worker;
    SyncScheduler *self = nullptr;
    int runs = 0;
    SyncScheduler scheduler(
        m_store.get(),
        [&](Lane lane, quint64 runId)
        {
            ++runs;
            if (lane != Lane::Jobs)
            {
                return;
            }
            worker.reset(QThread::create([&self, lane, runId] { self->reportFinished(lane, runId, true); }));
            worker->start();
        },
        m_clock.get());
    self = &scheduler;
    QSignalSpy finished(&scheduler, &SyncScheduler::runFinished);
    scheduler.start();
    QTRY_COMPARE(finished.count(), 1);
    QVERIFY(worker->wait(5000));
    QCOMPARE(finished.at(0).at(0).value<Lane>(), Lane::Jobs);
    QVERIFY(!scheduler.isRunning(Lane::Jobs));
    QCOMPARE(m_store->laneState(u"jobs"_s)->lastSuccess, m_clock->now());
    QCOMPARE(runs, 2);
}

void TestSyncScheduler::staleFinishIgnored()
{
    FakeRunner runner;
    auto scheduler = makeScheduler(runner);
    QSignalSpy finished(scheduler.get(), &SyncScheduler::runFinished);
    scheduler->start();
    const quint64 id = runner.last(Lane::Jobs);
    scheduler->reportFinished(Lane::Jobs, id + 100, false, u"stale"_s);
    QVERIFY(scheduler->isRunning(Lane::Jobs));
    scheduler->reportFinished(Lane::Jobs, id, true);
    scheduler->reportFinished(Lane::Jobs, id, false, u"twice"_s);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(scheduler->status(Lane::Jobs).consecutiveFailures, 0);
}

QTEST_GUILESS_MAIN(TestSyncScheduler)
#include "testsyncscheduler.moc"
