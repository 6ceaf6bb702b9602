// The dashboard under load, offscreen: start-up with a 100,000-row ledger (window shown, first
// pages read), idle footprint (RSS, main-thread wake-ups over 10 s), and the longest main-thread
// stall while the sync engine exports ~10,000 open jobs with the jobs table on screen.
//
//   bench-ui [ledgerRows=100000] [openJobs=10000] [idleSeconds=10]

#include "bench/benchsupport.h"
#include "core/store/store.h"
#include "core/sync/syncengine.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QDir>
#include <QEventLoop>
#include <QStringList>
#include <QTemporaryDir>
#include <QTimer>

#include <memory>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace
{
int argument(const QStringList &arguments, int index, int fallback)
{
    bool ok = false;
    const int value = arguments.value(index).toInt(&ok);
    return ok && value > 0 ? value : fallback;
}

// Counts the timer events the main thread delivers: each is a wake-up unless several timers
// fire at once, so this is an upper bound on timer wake-ups.
class TimerEventCounter final : public QObject
{
    Q_DISABLE_COPY_MOVE(TimerEventCounter)

public:
    explicit TimerEventCounter(QObject *parent = nullptr) : QObject(parent) { }
    int count() const { return m_count; }
    void reset() { m_count = 0; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Timer)
        {
            ++m_count;
        }
        return QObject::eventFilter(watched, event);
    }

private:
    int m_count = 0;
};

// Context switches of one thread of this process (the main thread's id is the process id).
qint64 voluntarySwitches(qint64 threadId)
{
    return Bench::procStatusValue(QStringLiteral("/proc/self/task/%1/status").arg(threadId), "voluntary_ctxt_switches");
}

// Voluntary switches summed over every thread: the process's wake-ups.
qint64 processVoluntarySwitches()
{
    qint64 total = 0;
    const QStringList tasks = QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &task : tasks)
    {
        total += std::max<qint64>(0, voluntarySwitches(task.toLongLong()));
    }
    return total;
}

// Bytes the allocator has handed out and not had back; -1 where glibc's mallinfo2 is missing.
double heapInUseMegabytes()
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    const struct mallinfo2 info = mallinfo2();
    return double(info.uordblks + info.hblkhd) / (1024.0 * 1024.0);
#else
    return -1.0;
#endif
}

// RSS once the allocator has returned what it can: freed memory that glibc keeps in its
// arenas counts in RSS until trimmed, and says nothing about what the program holds.
double trimmedRssMegabytes()
{
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
    return Bench::rssMegabytes();
}

void wait(std::chrono::milliseconds duration)
{
    QEventLoop loop;
    QTimer::singleShot(duration, &loop, &QEventLoop::quit);
    loop.exec();
}

// Measures how late a 5 ms timer fires on the main thread: the longest stall of the event loop.
class StallProbe final : public QObject
{
    Q_DISABLE_COPY_MOVE(StallProbe)

public:
    explicit StallProbe(QObject *parent = nullptr) : QObject(parent)
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(kInterval);
        connect(&m_timer, &QTimer::timeout, this, &StallProbe::onTick);
    }

    void start()
    {
        m_clock.start();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    double worstMs() const { return double(m_worst) / 1e6; }
    int stallsOver(int ms) const { return ms == 50 ? m_over50 : m_over16; }
    int ticks() const { return m_ticks; }

private:
    static constexpr std::chrono::milliseconds kInterval { 5 };

    void onTick()
    {
        const qint64 elapsed = m_clock.nsecsElapsed();
        m_clock.restart();
        const qint64 late = elapsed - qint64(kInterval.count()) * 1'000'000;
        m_worst = std::max(m_worst, late);
        m_over16 += late > 16'000'000 ? 1 : 0;
        m_over50 += late > 50'000'000 ? 1 : 0;
        ++m_ticks;
    }

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_worst = 0;
    int m_over16 = 0;
    int m_over50 = 0;
    int m_ticks = 0;
};
} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
    {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    const int ledgerRows = argument(arguments, 1, 100'000);
    const int openJobs = argument(arguments, 2, 10'000);
    const int idleSeconds = argument(arguments, 3, 10);
    Bench::note(QStringLiteral("platform plugin: %1").arg(QGuiApplication::platformName()));

    // A profile database with a full ledger, written before anything is timed.
    QTemporaryDir dir;
    const QString path = Store::databasePathFor(dir.path());
    {
        Store seed(path);
        if (!seed.open())
        {
            std::fprintf(stderr, "store: %s\n", qPrintable(seed.errorString()));
            return 1;
        }
        if (!Bench::seedLedger(seed, ledgerRows))
        {
            return 1;
        }
    }
    Bench::figure("ui.ledger_rows", ledgerRows, "rows");
    Bench::figure("ui.rss_before_window", Bench::rssMegabytes(), "MB");

    // Start-up: open the database, build and show the dashboard, let it paint its first pages.
    QElapsedTimer timer;
    timer.start();
    Store store(path);
    if (!store.open())
    {
        std::fprintf(stderr, "store: %s\n", qPrintable(store.errorString()));
        return 1;
    }
    MainWindow window(&store);
    window.show();
    window.showTab(MainWindow::Tab::Applicants);
    QCoreApplication::processEvents();
    Bench::figure(
        "ui.startup_window_shown", Bench::milliseconds(timer), "ms", "< 500 (time to tray; window here, offscreen)");
    wait(std::chrono::milliseconds(500));
    Bench::figure("ui.rss_after_startup", Bench::rssMegabytes(), "MB", "< 80");

    // Idle: nothing running, window open on the overview.
    window.showTab(MainWindow::Tab::Overview);
    TimerEventCounter counter;
    app.installEventFilter(&counter);
    const qint64 mainThread = QCoreApplication::applicationPid();
    const qint64 mainBefore = voluntarySwitches(mainThread);
    const qint64 allBefore = processVoluntarySwitches();
    wait(std::chrono::seconds(idleSeconds));
    const double mainWakeups = double(voluntarySwitches(mainThread) - mainBefore) / idleSeconds;
    const double allWakeups = double(processVoluntarySwitches() - allBefore) / idleSeconds;
    app.removeEventFilter(&counter);
    // The wait() itself costs one timer event.
    Bench::figure("ui.idle_timer_events", double(counter.count() - 1) / idleSeconds, "per s");
    Bench::figure("ui.idle_main_thread_wakeups", mainWakeups, "per s", "low; ~0 with nothing due");
    Bench::figure("ui.idle_process_wakeups", allWakeups, "per s");
    Bench::figure("ui.rss_idle", Bench::rssMegabytes(), "MB", "< 80");
    Bench::figure("ui.heap_idle", heapInUseMegabytes(), "MB");

    // A jobs run of ~10,000 open jobs with the jobs table on screen.
    Sandbox::Options options;
    options.jobCount = openJobs * 5 / 3; // the sandbox seeds about 60% open
    options.applicantCount = 1;
    options.harvestRateLimit = 1'000'000;
    options.platformRateLimit = 1'000'000;
    auto server = std::make_unique<Sandbox::Server>(options);
    if (!server->start())
    {
        std::fprintf(stderr, "sandbox: %s\n", qPrintable(server->errorString()));
        return 1;
    }
    Bench::figure("ui.rss_sandbox_seeded", Bench::rssMegabytes(), "MB");
    Bench::figure("ui.heap_sandbox_seeded", heapInUseMegabytes(), "MB");
    Sync::SyncEngine engine(&store);
    Sync::EngineConfig config;
    config.harvest = Bench::harvestConfig(*server);
    config.platform = Bench::platformConfig(*server);
    engine.setConfig(config);
    window.setEngine(&engine);
    window.showTab(MainWindow::Tab::Jobs);

    QEventLoop loop;
    Sync::RunSummary summary;
    QObject::connect(&engine, &Sync::SyncEngine::runFinished, &loop,
        [&](SyncScheduler::Lane, quint64, const Sync::RunSummary &result)
        {
            summary = result;
            loop.quit();
        });
    StallProbe probe;
    timer.restart();
    probe.start();
    engine.startRun(SyncScheduler::Lane::Jobs);
    loop.exec();
    probe.stop();
    const double wall = Bench::seconds(timer);

    Bench::note(QStringLiteral("run: %1").arg(summary.toLine()));
    Bench::figure("ui.sync_jobs_exported", summary.created + summary.updated, "jobs", "~10000");
    Bench::figure("ui.sync_wall_time", wall, "s");
    Bench::figure("ui.sync_longest_stall", probe.worstMs(), "ms", "< 50");
    Bench::figure("ui.sync_stalls_over_16ms", probe.stallsOver(16), "stalls");
    Bench::figure("ui.sync_stalls_over_50ms", probe.stallsOver(50), "stalls", "0");
    Bench::figure("ui.rss_after_sync", Bench::rssMegabytes(), "MB");

    // Whose memory that is: the allocator's free lists, the sandbox (its seed, its request log),
    // or the app (store, models, engine).
    Bench::figure("ui.heap_after_sync", heapInUseMegabytes(), "MB");
    Bench::figure("ui.rss_after_sync_trimmed", trimmedRssMegabytes(), "MB");
    const QList<Sandbox::LoggedRequest> log = server->requestLog();
    qint64 bodyBytes = 0;
    for (const Sandbox::LoggedRequest &request : log)
    {
        bodyBytes += request.body.size();
    }
    Bench::note(QStringLiteral("sandbox request log: %1 requests, %2 MB of bodies")
                    .arg(log.size())
                    .arg(double(bodyBytes) / (1024.0 * 1024.0), 0, 'f', 1));
    server->stop();
    server.reset();
    wait(std::chrono::milliseconds(500));
    Bench::figure("ui.heap_app_after_sync", heapInUseMegabytes(), "MB", "the app's own, sandbox gone");
    Bench::figure("ui.rss_app_after_sync", trimmedRssMegabytes(), "MB", "the app's own, sandbox gone, trimmed");
    return summary.ok ? 0 : 2;
}
