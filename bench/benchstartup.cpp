// The real application, started as a child process with a configured profile whose ledger holds
// 100,000 applicants: time to tray (process start to the tray icon's first paint, as the app's
// "start-up:" log line reports it), idle RSS once it has settled, and its wake-ups while idle.
// Needs an X display with a tray host and a D-Bus session with a keyring, which
// bench/run-ui-bench.sh provides when there are none.
//
//   bench-startup [ledgerRows=100000] [starts=5] [idleSeconds=10]

#include "bench/benchsupport.h"
#include "core/profile/profile.h"
#include "core/scheduler/syncscheduler.h"
#include "core/store/store.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QStringList>
#include <QTemporaryDir>
#include <QThread>

#include <chrono>
#include <optional>
#include <unistd.h>

namespace
{
using Clock = std::chrono::steady_clock; // CLOCK_MONOTONIC, as the app's probe

int argument(const QStringList &arguments, int index, int fallback)
{
    bool ok = false;
    const int value = arguments.value(index).toInt(&ok);
    return ok && value > 0 ? value : fallback;
}

double monotonicMs(Clock::time_point at)
{
    return double(std::chrono::duration_cast<std::chrono::nanoseconds>(at.time_since_epoch()).count()) / 1e6;
}

// What one start took, in ms from the moment before the process was spawned.
struct Start
{
    double beforeMain = -1; // spawn to main(): exec, dynamic loading, static initialisers
    double tray = -1;
    double window = -1; // -1 when started --minimized
    double idle = -1;
};

double median(QList<double> values)
{
    if (values.isEmpty())
    {
        return -1;
    }
    std::sort(values.begin(), values.end());
    return values.at(values.size() / 2);
}

QProcessEnvironment appEnvironment(const QString &tmpDir)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("QT_LOGGING_RULES"));
    env.remove(QStringLiteral("TALENTBRIDGE_CLIENT_SECRET"));
    env.remove(QStringLiteral("TALENTBRIDGE_PLATFORM_TOKEN"));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
    env.insert(QStringLiteral("TMPDIR"), tmpDir); // the single-instance socket
    return env;
}

class App
{
public:
    App(const QString &profile, const QString &tmpDir, bool minimized)
    {
        m_process.setProcessEnvironment(appEnvironment(tmpDir));
        m_process.setStandardInputFile(QProcess::nullDevice());
        m_process.setStandardOutputFile(QProcess::nullDevice());
        QStringList arguments { QStringLiteral("--profile"), profile };
        if (minimized)
        {
            arguments << QStringLiteral("--minimized");
        }
        m_spawned = Clock::now();
        m_process.start(QStringLiteral(TALENTBRIDGE_BINARY), arguments);
    }
    ~App() { stop(); }
    App(const App &) = delete;
    App &operator=(const App &) = delete;

    qint64 pid() const { return m_process.processId(); }

    // Reads the log on stderr until the "start-up:" line; nullopt if it does not come in time.
    std::optional<Start> waitForStartup(int timeoutMs)
    {
        static const QRegularExpression line(QStringLiteral(
            R"(start-up: tray icon painted after ([\d.]+) ms(?:, dashboard painted after ([\d.]+) ms)?, event loop idle after ([\d.]+) ms \(since main\(\), which began at ([\d.]+) ms)"));
        QElapsedTimer timer;
        timer.start();
        QByteArray buffer;
        while (timer.elapsed() < timeoutMs && m_process.state() != QProcess::NotRunning)
        {
            m_process.waitForReadyRead(100);
            buffer += m_process.readAllStandardError();
            const QString text = QString::fromUtf8(buffer);
            if (text.contains(QStringLiteral("start-up:")) && text.contains(QStringLiteral("monotonic clock")))
            {
                const QRegularExpressionMatch match = line.match(text);
                if (!match.hasMatch())
                {
                    std::fprintf(stderr, "bench-startup: the app did not start fully:\n%s\n", buffer.constData());
                    return std::nullopt;
                }
                Start start;
                start.beforeMain = match.captured(4).toDouble() - monotonicMs(m_spawned);
                start.tray = start.beforeMain + match.captured(1).toDouble();
                start.window = match.captured(2).isEmpty() ? -1 : start.beforeMain + match.captured(2).toDouble();
                start.idle = start.beforeMain + match.captured(3).toDouble();
                return start;
            }
        }
        std::fprintf(stderr, "bench-startup: no start-up line within %d ms; the app wrote:\n%s\n", timeoutMs,
            buffer.constData());
        return std::nullopt;
    }

    // Keeps reading its log so a full pipe never blocks it.
    void drain() { m_process.readAllStandardError(); }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
        {
            return;
        }
        m_process.terminate();
        if (!m_process.waitForFinished(10'000))
        {
            m_process.kill();
            m_process.waitForFinished(10'000);
        }
    }

private:
    QProcess m_process;
    Clock::time_point m_spawned;
};

// Voluntary context switches of every thread of a process (each is a thread going to sleep,
// so each later wake-up is one), and of its main thread alone.
struct Switches
{
    qint64 all = 0;
    qint64 main = 0;
    int threads = 0;
    QMap<qint64, qint64> byThread;
    QMap<qint64, QString> names; // each thread's comm
};

Switches switchesOf(qint64 pid)
{
    Switches result;
    const QString tasks = QStringLiteral("/proc/%1/task").arg(pid);
    const QStringList ids = QDir(tasks).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &id : ids)
    {
        const qint64 value = std::max<qint64>(0,
            Bench::procStatusValue(
                tasks + QLatin1Char('/') + id + QStringLiteral("/status"), "voluntary_ctxt_switches"));
        result.all += value;
        result.main += id.toLongLong() == pid ? value : 0;
        ++result.threads;
        result.byThread.insert(id.toLongLong(), value);
        QFile comm(tasks + QLatin1Char('/') + id + QStringLiteral("/comm"));
        if (comm.open(QIODevice::ReadOnly))
        {
            result.names.insert(id.toLongLong(), QString::fromUtf8(comm.readAll()).trimmed());
        }
    }
    return result;
}

// CPU time the process used so far (user + system), from /proc/<pid>/stat.
double cpuSeconds(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
    {
        return -1;
    }
    // After "pid (comm) ": state is field 3, utime 14 and stime 15.
    const QByteArray line = file.readAll();
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    return double(fields.value(11).toLongLong() + fields.value(12).toLongLong()) / double(sysconf(_SC_CLK_TCK));
}

void waitDraining(App &app, std::chrono::milliseconds duration)
{
    const Clock::time_point end = Clock::now() + duration;
    while (Clock::now() < end)
    {
        QThread::msleep(200);
        app.drain();
    }
}

bool measureIdle(const QString &profileDir, const QString &tmpDir, bool minimized, int idleSeconds)
{
    App child(profileDir, tmpDir, minimized);
    if (!child.waitForStartup(30'000))
    {
        return false;
    }
    waitDraining(child, std::chrono::seconds(5));
    const QByteArray prefix = minimized ? "startup.tray." : "startup.dashboard.";
    const auto name = [&prefix](const char *figure) { return QByteArray(prefix + figure); };
    const QString status = QStringLiteral("/proc/%1/status").arg(child.pid());
    Bench::figure(name("rss_idle").constData(), double(Bench::procStatusValue(status, "VmRSS")) / 1024.0, "MB", "< 80");
    Bench::figure(
        name("rss_idle_anonymous").constData(), double(Bench::procStatusValue(status, "RssAnon")) / 1024.0, "MB");
    const Switches before = switchesOf(child.pid());
    const double cpuBefore = cpuSeconds(child.pid());
    waitDraining(child, std::chrono::seconds(idleSeconds));
    const Switches after = switchesOf(child.pid());
    Bench::figure(
        name("idle_cpu").constData(), (cpuSeconds(child.pid()) - cpuBefore) * 1000.0 / idleSeconds, "ms per s");
    Bench::figure(name("idle_wakeups").constData(), double(after.all - before.all) / idleSeconds, "per s", "low");
    Bench::figure(
        name("idle_main_thread_wakeups").constData(), double(after.main - before.main) / idleSeconds, "per s", "low");
    QStringList perThread;
    for (auto it = after.byThread.cbegin(); it != after.byThread.cend(); ++it)
    {
        perThread.append(QStringLiteral("%1 %2").arg(after.names.value(it.key()),
            QString::number(double(it.value() - before.byThread.value(it.key())) / idleSeconds, 'f', 1)));
    }
    Bench::note(QStringLiteral("%1 threads; per thread, per s: %2")
                    .arg(after.threads)
                    .arg(perThread.join(QStringLiteral(", "))));
    return true;
}

bool runCli(const QStringList &arguments, const QProcessEnvironment &env)
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.setStandardInputFile(QProcess::nullDevice());
    process.setProcessChannelMode(QProcess::ForwardedChannels);
    process.start(QStringLiteral(TALENTBRIDGE_BINARY), arguments);
    return process.waitForFinished(120'000) && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    const int ledgerRows = argument(arguments, 1, 100'000);
    const int starts = argument(arguments, 2, 5);
    const int idleSeconds = argument(arguments, 3, 10);
    if (qEnvironmentVariableIsEmpty("DISPLAY") || qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
    {
        std::fprintf(stderr,
            "bench-startup: needs an X display with a tray host and a D-Bus session with a "
            "keyring; run it through bench/run-ui-bench.sh\n");
        return 2;
    }

    QTemporaryDir root;
    const QString profileDir = QDir(root.path()).filePath(QStringLiteral("profile"));
    const QString tmpDir = QDir(root.path()).filePath(QStringLiteral("tmp"));
    QDir().mkpath(profileDir);
    QDir().mkpath(tmpDir);

    // A connected profile, the way an admin makes one from the command line: the secrets go to
    // the keychain. The sandbox answers the connection check; no sync runs while we measure.
    Sandbox::Options options;
    options.jobCount = 20;
    options.applicantCount = 1;
    Sandbox::Server server(options);
    if (!server.start())
    {
        std::fprintf(stderr, "sandbox: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    const Sandbox::Credentials credentials = server.credentials();
    QProcessEnvironment cliEnv = appEnvironment(tmpDir);
    cliEnv.insert(QStringLiteral("TALENTBRIDGE_CLIENT_SECRET"), credentials.clientSecret);
    cliEnv.insert(QStringLiteral("TALENTBRIDGE_PLATFORM_TOKEN"), credentials.platformToken);
    const QStringList connect { QStringLiteral("--profile"), profileDir, QStringLiteral("connect"),
        QStringLiteral("--harvest-url"), server.harvestBaseUrl().toString(), QStringLiteral("--token-url"),
        server.tokenUrl().toString(), QStringLiteral("--client-id"), credentials.clientId,
        QStringLiteral("--acting-user"), QString::number(credentials.siteAdminUserId), QStringLiteral("--platform-url"),
        server.platformBaseUrl().toString() };
    if (!runCli(connect, cliEnv))
    {
        std::fprintf(stderr, "bench-startup: talentbridge connect failed (is a keyring running?)\n");
        return 1;
    }

    // The ledger, and both lanes synced a minute ago and not due for an hour: an app restarted
    // between two runs, so that what follows measures start-up and idling, not a sync.
    QElapsedTimer timer;
    timer.start();
    {
        Store store(Profile(profileDir).databasePath());
        if (!store.open())
        {
            std::fprintf(stderr, "store: %s\n", qPrintable(store.errorString()));
            return 1;
        }
        if (!Bench::seedLedger(store, ledgerRows))
        {
            return 1;
        }
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (const SyncScheduler::Lane lane : SyncScheduler::lanes)
        {
            LaneStateRecord state;
            state.lane = SyncScheduler::laneName(lane);
            state.lastRun = now.addSecs(-60);
            state.lastSuccess = now.addSecs(-59);
            state.nextDue = now.addSecs(3600);
            store.saveLaneState(state);
        }
    }
    Bench::figure("startup.ledger_rows", ledgerRows, "rows");
    Bench::figure("startup.seed_time", Bench::seconds(timer), "s");
    Bench::note(QStringLiteral("%1 starts of each kind; times from the spawn of the process").arg(starts));

    // Starts to the tray (--minimized, as at login) and with the dashboard.
    QList<double> trayMinimized;
    QList<double> idleMinimized;
    QList<double> trayWindow;
    QList<double> windowPainted;
    QList<double> idleWindow;
    QList<double> beforeMain;
    for (int i = 0; i < 2 * starts; ++i)
    {
        const bool minimized = i % 2 == 0;
        App child(profileDir, tmpDir, minimized);
        const std::optional<Start> start = child.waitForStartup(30'000);
        if (!start)
        {
            return 1;
        }
        Bench::note(QStringLiteral("start %1%2: main() %3 ms, tray %4 ms, dashboard %5 ms, idle %6 ms")
                        .arg(i + 1)
                        .arg(minimized ? QStringLiteral(" --minimized") : QString())
                        .arg(start->beforeMain, 0, 'f', 1)
                        .arg(start->tray, 0, 'f', 1)
                        .arg(start->window, 0, 'f', 1)
                        .arg(start->idle, 0, 'f', 1));
        beforeMain.append(start->beforeMain);
        (minimized ? trayMinimized : trayWindow).append(start->tray);
        (minimized ? idleMinimized : idleWindow).append(start->idle);
        if (!minimized)
        {
            windowPainted.append(start->window);
        }
    }
    Bench::figure("startup.time_to_tray", median(trayMinimized), "ms", "< 500 (median, --minimized)");
    Bench::figure("startup.time_to_tray_max", *std::max_element(trayMinimized.cbegin(), trayMinimized.cend()), "ms");
    Bench::figure("startup.time_to_idle_minimized", median(idleMinimized), "ms");
    Bench::figure("startup.time_to_tray_with_dashboard", median(trayWindow), "ms", "< 500 (median)");
    Bench::figure("startup.time_to_dashboard_painted", median(windowPainted), "ms");
    Bench::figure("startup.time_to_idle_with_dashboard", median(idleWindow), "ms");
    Bench::figure("startup.time_before_main", median(beforeMain), "ms");

    // Footprint, settled and with nothing due: in the tray only (--minimized, as most of the
    // day), then with the dashboard open on its overview.
    for (const bool minimized : { true, false })
    {
        if (!measureIdle(profileDir, tmpDir, minimized, idleSeconds))
        {
            return 1;
        }
    }
    Bench::note(QStringLiteral("wake-ups: voluntary context switches over %1 s idle, from /proc/<pid>/task/*/status")
                    .arg(idleSeconds));
    return 0;
}
