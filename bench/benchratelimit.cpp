// Rate-limit utilisation: imports N applicants (default 2,000) through the ApplicantImporter
// against a sandbox whose Harvest budget is L requests per W seconds, and reports how much of
// that budget the importer used and how many 429s it provoked.
//
//   bench-ratelimit [applicants=2000] [limit=50] [windowSeconds=5] [flat|wrapped]
//
// The last argument is the shape of Greenhouse's candidate-create answer (a fact the Harvest
// reference leaves open): "flat" (the default) costs one more request per batch of up to 50 new
// candidates, the lookup of the applications created with them.

#include "bench/benchsupport.h"
#include "core/store/store.h"
#include "core/sync/applicantimporter.h"

#include <QCoreApplication>
#include <QMap>
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

std::optional<qint64> smartDreamersSource(const Harvest::HarvestClient &harvest)
{
    const Net::Result<QList<Harvest::Source>> sources = harvest.sources();
    if (sources.ok())
    {
        for (const Harvest::Source &source : sources.value())
        {
            if (source.name == QLatin1String("SmartDreamers"))
            {
                return source.id;
            }
        }
    }
    return std::nullopt;
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    const int applicants = argument(arguments, 1, 2000);
    const int limit = argument(arguments, 2, 50);
    const int window = argument(arguments, 3, 5);
    const bool wrapped = arguments.value(4) == QLatin1String("wrapped");

    Sandbox::Options options;
    options.applicantCount = applicants;
    options.jobCount = 300;
    options.harvestRateLimit = limit;
    options.harvestWindowSeconds = window;
    options.platformRateLimit = 1'000'000; // only the Harvest budget is under test
    options.candidateCreateShape
        = wrapped ? Sandbox::CandidateCreateShape::Wrapped : Sandbox::CandidateCreateShape::Flat;
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

    const Harvest::SharedState shared = Harvest::SharedState::create();
    const Harvest::HarvestClient harvest(Bench::harvestConfig(server), shared);
    const Platform::ClientConfig platformConfig = Bench::platformConfig(server);
    const Platform::PlatformClient platform(platformConfig);
    Sync::ImportOptions importOptions;
    importOptions.sourceId = smartDreamersSource(harvest);

    // The source lookup above is set-up, not import: count from here.
    server.clearRequestLog();
    Bench::note(QStringLiteral("importing %1 applicants through Sync::ApplicantImporter; Harvest limit %2 per %3 s; "
                               "%4 candidate-create answers")
                    .arg(applicants)
                    .arg(limit)
                    .arg(window)
                    .arg(wrapped ? QStringLiteral("wrapped") : QStringLiteral("flat")));
    QElapsedTimer timer;
    timer.start();
    Sync::ApplicantImporter importer(harvest, platform, platformConfig, store, importOptions);
    const Sync::RunSummary summary = importer.run({});
    const double wall = Bench::seconds(timer);

    const QList<Sandbox::LoggedRequest> log = server.requestLog();
    const Bench::RequestCounts counts = Bench::countRequests(log, QStringLiteral("harvest"));
    // Windows touched. The sandbox's windows are aligned to the epoch (consumeRate), so a run
    // that starts late in one window touches it too: count them in epoch seconds.
    const double windows = counts.first.isValid()
        ? double(counts.last.toSecsSinceEpoch() / window - counts.first.toSecsSinceEpoch() / window + 1)
        : 1.0;
    const int done = summary.imported + summary.quarantined;

    Bench::note(QStringLiteral("run: %1").arg(summary.toLine()));
    Bench::figure("ratelimit.applicants_imported", summary.imported, "applicants");
    Bench::figure("ratelimit.applicants_quarantined", summary.quarantined, "applicants");
    Bench::figure("ratelimit.harvest_requests", counts.total, "requests");
    Bench::figure("ratelimit.harvest_429", counts.tooMany, "responses", "0");
    Bench::figure("ratelimit.wall_time", wall, "s");
    Bench::figure("ratelimit.windows_elapsed", windows, "windows");
    Bench::figure("ratelimit.utilisation", (double(counts.total) / windows) / limit, "ratio", ">= 0.95");
    Bench::figure("ratelimit.requests_per_applicant", done > 0 ? double(counts.total) / done : 0.0, "requests", "<= 3");
    // Quarantined applicants stop early and cost less; per imported one is the honest upper figure.
    Bench::figure("ratelimit.requests_per_imported_applicant",
        summary.imported > 0 ? double(counts.total) / summary.imported : 0.0, "requests");
    Bench::figure(
        "ratelimit.platform_requests", Bench::countRequests(log, QStringLiteral("platform")).total, "requests");

    // Where the Harvest requests per applicant go: one line per method and resource.
    QMap<QString, int> byKind;
    for (const Sandbox::LoggedRequest &request : log)
    {
        if (request.service == QLatin1String("harvest"))
        {
            ++byKind[QString::fromLatin1(request.method) + QLatin1Char(' ') + request.path
                + (request.status == 429 ? QStringLiteral(" (429)") : QString())];
        }
    }
    for (auto it = byKind.cbegin(); it != byKind.cend(); ++it)
    {
        Bench::note(QStringLiteral("harvest %1: %2 (%3 per applicant)")
                        .arg(it.key())
                        .arg(it.value())
                        .arg(done > 0 ? double(it.value()) / done : 0.0, 0, 'f', 3));
    }
    return summary.ok ? 0 : 2;
}
