// Incremental job cycle: ~5,000 open jobs exported by the JobExporter; the cost of the first
// (full) cycle, of a cycle where nothing changed, and of one after `changed` jobs changed.
// Exits non-zero when a cycle failed or the last one did not update exactly the changed jobs.
//
//   bench-jobcycle [openJobs=5000] [changed=50]

#include "bench/benchsupport.h"
#include "core/store/store.h"
#include "core/sync/jobexporter.h"

#include <QCoreApplication>
#include <QStringList>
#include <QTemporaryDir>

namespace
{
int argument(const QStringList &arguments, int index, int fallback)
{
    bool ok = false;
    const int value = arguments.value(index).toInt(&ok);
    return ok && value > 0 ? value : fallback;
}

struct Cycle
{
    Sync::RunSummary summary;
    double wall = 0;
    Bench::RequestCounts harvest;
    Bench::RequestCounts platform;
};

Cycle runCycle(Sandbox::Server &server, const Harvest::HarvestClient &harvest, const Platform::PlatformClient &platform,
    Store &store)
{
    server.clearRequestLog();
    Cycle cycle;
    QElapsedTimer timer;
    timer.start();
    Sync::JobExporter exporter(harvest, platform, store, Sync::ExportOptions {});
    cycle.summary = exporter.run({});
    cycle.wall = Bench::seconds(timer);
    const QList<Sandbox::LoggedRequest> log = server.requestLog();
    cycle.harvest = Bench::countRequests(log, QStringLiteral("harvest"));
    cycle.platform = Bench::countRequests(log, QStringLiteral("platform"));
    return cycle;
}

void report(const char *prefix, const Cycle &cycle, const char *harvestTarget, const char *writesTarget)
{
    const QByteArray name(prefix);
    Bench::note(QStringLiteral("%1: %2").arg(QLatin1String(prefix), cycle.summary.toLine()));
    Bench::figure(QByteArray(name + ".wall_time").constData(), cycle.wall, "s");
    Bench::figure(QByteArray(name + ".harvest_requests").constData(), cycle.harvest.total, "requests", harvestTarget);
    Bench::figure(QByteArray(name + ".platform_requests").constData(), cycle.platform.total, "requests");
    Bench::figure(QByteArray(name + ".platform_writes").constData(), cycle.platform.writes, "writes", writesTarget);
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    const int openJobs = argument(arguments, 1, 5000);
    const int changed = argument(arguments, 2, 50);

    // The sandbox seeds jobs in every state, about 60% open.
    Sandbox::Options options;
    options.jobCount = openJobs * 5 / 3;
    options.applicantCount = 1;
    options.harvestRateLimit = 1'000'000; // cost, not throttling, is measured here
    options.platformRateLimit = 1'000'000;
    Sandbox::Server server(options);
    if (!server.start())
    {
        std::fprintf(stderr, "sandbox: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    QTemporaryDir dir;
    Store store(Store::databasePathFor(dir.path()));
    if (!store.open())
    {
        std::fprintf(stderr, "store: %s\n", qPrintable(store.errorString()));
        return 1;
    }
    const Harvest::HarvestClient harvest(Bench::harvestConfig(server), Harvest::SharedState::create());
    const Platform::PlatformClient platform(Bench::platformConfig(server));

    QList<QJsonObject> open;
    const QList<QJsonObject> jobs = server.harvestJobs();
    for (const QJsonObject &job : jobs)
    {
        if (job.value(QLatin1String("status")).toString() == QLatin1String("open"))
        {
            open.append(job);
        }
    }
    Bench::figure("jobcycle.open_jobs", open.size(), "jobs", "~5000");

    const Cycle first = runCycle(server, harvest, platform, store);
    report("jobcycle.first", first, nullptr, nullptr);

    const Cycle quiet = runCycle(server, harvest, platform, store);
    report("jobcycle.nochange", quiet, "<= 2", "0");

    // The requisition id is always in the platform's body (the title may come from the post), so
    // each of these jobs must be PUT again.
    for (int i = 0; i < changed && i < open.size(); ++i)
    {
        const QJsonObject &job = open.at(i * (open.size() / changed));
        const QString requisition = job.value(QLatin1String("requisition_id")).toString() + QStringLiteral("-R2");
        server.updateJob(job.value(QLatin1String("id")).toInteger(),
            QJsonObject { { QStringLiteral("requisition_id"), requisition } });
    }
    const int expected = int(std::min<qsizetype>(changed, open.size()));
    const Cycle after = runCycle(server, harvest, platform, store);
    const QByteArray expectedText = QByteArray::number(expected);
    report("jobcycle.changed", after, nullptr, expectedText.constData());
    Bench::figure("jobcycle.changed.jobs_changed", expected, "jobs");
    Bench::figure("jobcycle.changed.jobs_updated", after.summary.updated, "jobs", expectedText.constData());
    if (after.summary.updated != expected)
    {
        std::fprintf(
            stderr, "jobcycle: %d of %d changed jobs were updated on the platform\n", after.summary.updated, expected);
        return 3;
    }
    return first.summary.ok && quiet.summary.ok && after.summary.ok ? 0 : 2;
}
