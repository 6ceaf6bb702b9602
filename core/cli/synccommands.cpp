#include "core/cli/commands.h"
#include "core/cli/terminal.h"
#include "core/scheduler/syncscheduler.h"
#include "core/store/store.h"
#include "core/sync/syncengine.h"

#include <QCoreApplication>
#include <QEventLoop>

namespace Cli
{

namespace
{
QString tr(const char *text)
{
    return QCoreApplication::translate("Cli", text);
}

Sync::EngineConfig engineConfig(const Connection &connection, const SyncSettings &sync)
{
    Sync::EngineConfig config;
    config.harvest.baseUrl = connection.settings.harvestUrl;
    config.harvest.tokenUrl = connection.settings.tokenUrl;
    config.harvest.introspectUrl = connection.settings.introspectUrl;
    config.harvest.actingUserId = connection.settings.actingUserId;
    config.harvest.clientId = connection.credentials.harvestClientId;
    config.harvest.clientSecret = connection.credentials.harvestClientSecret;
    config.platform.baseUrl = connection.settings.platformUrl;
    config.platform.token = connection.credentials.platformToken;
    config.exportOptions.departmentFilter = sync.departmentFilter;
    config.exportOptions.officeFilter = sync.officeFilter;
    config.importOptions.sourceId = sync.sourceId;
    return config;
}

// What `sync` and `run` share: the profile's database, the engine and the scheduler that
// keeps the lane state (last run, next due) the status command and the GUI read.
class Session
{
public:
    explicit Session(Context &context) : m_context(context), m_store(context.profile.databasePath()) { }

    bool open(int *exitCode)
    {
        Connection connection;
        if (!loadConnection(m_context, &connection, exitCode))
        {
            return false;
        }
        if (!m_store.open())
        {
            m_context.error(tr("cannot open the database %1: %2").arg(m_store.databasePath(), m_store.errorString()));
            *exitCode = ExitFailure;
            return false;
        }
        SyncSettings sync = ProfileSettings(m_context.profile).sync();
        sync.clampToBounds();
        m_engine = std::make_unique<Sync::SyncEngine>(&m_store);
        m_engine->setConfig(engineConfig(connection, sync));
        m_scheduler = std::make_unique<SyncScheduler>(&m_store, m_engine->runner());
        m_engine->setScheduler(m_scheduler.get());
        m_scheduler->setInterval(
            SyncScheduler::Lane::Jobs, std::chrono::duration_cast<std::chrono::milliseconds>(sync.jobsInterval));
        m_scheduler->setInterval(SyncScheduler::Lane::Applicants,
            std::chrono::duration_cast<std::chrono::milliseconds>(sync.applicantsInterval));
        return true;
    }

    Sync::SyncEngine &engine() { return *m_engine; }
    SyncScheduler &scheduler() { return *m_scheduler; }

    ~Session()
    {
        // The scheduler holds the engine's runner; the engine reports to the scheduler.
        m_engine.reset();
        m_scheduler.reset();
    }

private:
    Context &m_context;
    Store m_store;
    std::unique_ptr<Sync::SyncEngine> m_engine;
    std::unique_ptr<SyncScheduler> m_scheduler;
};
} // namespace

int syncCommand(Context &context)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Runs one lane now and prints one summary line."));
    parser.addPositionalArgument(QStringLiteral("lane"), tr("jobs or applicants"));
    int exitCode = ExitOk;
    if (!context.parse(parser, &exitCode, 1))
    {
        return exitCode;
    }
    const QStringList positional = parser.positionalArguments();
    const std::optional<SyncScheduler::Lane> lane
        = positional.size() == 1 ? SyncScheduler::laneFromName(positional.constFirst()) : std::nullopt;
    if (!lane)
    {
        context.usageError(tr("say which lane: `sync jobs` or `sync applicants`."));
        return ExitUsage;
    }

    Session session(context);
    if (!session.open(&exitCode))
    {
        return exitCode;
    }

    // The scheduler records last run / next due; paused, it starts nothing but this run.
    session.scheduler().pause();
    session.scheduler().start();

    QEventLoop loop;
    Sync::RunSummary summary;
    bool finished = false;
    quint64 runId = 0;
    QObject::connect(&session.engine(), &Sync::SyncEngine::runFinished, &loop,
        [&](SyncScheduler::Lane finishedLane, quint64 id, const Sync::RunSummary &result)
        {
            if (finishedLane == *lane && id == runId)
            {
                summary = result;
                finished = true;
                loop.quit();
            }
        });
    // Ctrl-C / SIGTERM: the current step is finished, then the run ends as cancelled.
    StopSignalWatcher watcher;
    QObject::connect(
        &watcher, &StopSignalWatcher::stopRequested, &loop, [&session](int) { session.engine().requestStop(); });

    session.scheduler().syncNow(*lane, &runId);
    if (!finished)
    {
        loop.exec();
    }
    session.scheduler().stop();

    if (summary.ok)
    {
        context.out << summary.toLine() << Qt::endl;
        return ExitOk;
    }
    context.error(summary.toLine() + (summary.error.isEmpty() ? QString() : QStringLiteral(": ") + summary.error));
    return ExitFailure;
}

int runCommand(Context &context)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Runs both cadences until SIGINT or SIGTERM, which finish the current step and exit."));
    int exitCode = ExitOk;
    if (!context.parse(parser, &exitCode))
    {
        return exitCode;
    }

    Session session(context);
    if (!session.open(&exitCode))
    {
        return exitCode;
    }

    QEventLoop loop;
    bool stopping = false;
    // Ends both cadences: the running step finishes, then the loop ends on idle().
    const auto stop = [&]()
    {
        stopping = true;
        session.scheduler().stop();
        if (session.engine().isBusy())
        {
            context.out << tr("Stopping: finishing the current step...") << Qt::endl;
            session.engine().requestStop();
        }
        else
        {
            loop.quit();
        }
    };
    QObject::connect(&session.engine(), &Sync::SyncEngine::runFinished, &loop,
        [&](SyncScheduler::Lane, quint64, const Sync::RunSummary &summary)
        {
            if (summary.ok)
            {
                context.out << summary.toLine() << Qt::endl;
                return;
            }
            context.error(
                summary.toLine() + (summary.error.isEmpty() ? QString() : QStringLiteral(": ") + summary.error));
            if (summary.credentialsRejected && !stopping)
            {
                // Every further run would be refused the same way (and hammer the token endpoint).
                context.error(tr("the stored credentials were refused (revoked or rotated?); both cadences are "
                                 "stopped. Run `%1 connect` with the current credentials, then `%1 run` again.")
                                  .arg(context.program));
                exitCode = ExitRejected;
                stop();
            }
        });
    QObject::connect(&session.engine(), &Sync::SyncEngine::idle, &loop,
        [&loop, &stopping]
        {
            if (stopping)
            {
                loop.quit();
            }
        });
    StopSignalWatcher watcher;
    if (!watcher.isActive())
    {
        context.error(tr("cannot watch for SIGINT/SIGTERM; refusing to run without a clean way to stop."));
        return ExitFailure;
    }
    QObject::connect(&watcher, &StopSignalWatcher::stopRequested, &loop,
        [&](int)
        {
            if (!stopping)
            {
                stop();
            }
        });

    context.out << tr("Running both cadences for profile %1; Ctrl-C stops.").arg(context.profile.dir()) << Qt::endl;
    session.scheduler().start();
    loop.exec();
    context.out << tr("Stopped.") << Qt::endl;
    return exitCode;
}

} // namespace Cli
