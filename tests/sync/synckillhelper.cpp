// Runs one applicant import against a sandbox hosted by the parent test (testkillimport), which
// kills this process at random moments. Secrets come from the environment, not the command line.
#include "core/harvest/harvestclient.h"
#include "core/platform/platformclient.h"
#include "core/store/store.h"
#include "core/sync/applicantimporter.h"

#include <QCommandLineParser>
#include <QCoreApplication>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption db(QStringLiteral("db"), QStringLiteral("database"), QStringLiteral("path"));
    const QCommandLineOption harvestUrl(
        QStringLiteral("harvest"), QStringLiteral("Harvest base URL"), QStringLiteral("url"));
    const QCommandLineOption tokenUrl(QStringLiteral("token"), QStringLiteral("token URL"), QStringLiteral("url"));
    const QCommandLineOption clientId(QStringLiteral("client-id"), QStringLiteral("client id"), QStringLiteral("id"));
    const QCommandLineOption sub(QStringLiteral("sub"), QStringLiteral("acting user"), QStringLiteral("id"));
    const QCommandLineOption platformUrl(
        QStringLiteral("platform"), QStringLiteral("platform URL"), QStringLiteral("url"));
    const QCommandLineOption source(QStringLiteral("source-id"), QStringLiteral("source"), QStringLiteral("id"));
    parser.addOptions({ db, harvestUrl, tokenUrl, clientId, sub, platformUrl, source });
    parser.process(app);

    Store store(parser.value(db));
    if (!store.open())
    {
        return 2;
    }
    Harvest::ClientConfig harvestConfig;
    harvestConfig.baseUrl = QUrl(parser.value(harvestUrl));
    harvestConfig.tokenUrl = QUrl(parser.value(tokenUrl));
    harvestConfig.clientId = parser.value(clientId);
    harvestConfig.clientSecret = qEnvironmentVariable("TB_TEST_CLIENT_SECRET");
    harvestConfig.actingUserId = parser.value(sub).toLongLong();
    harvestConfig.session.backoffBase = std::chrono::milliseconds(20);
    Platform::ClientConfig platformConfig;
    platformConfig.baseUrl = QUrl(parser.value(platformUrl));
    platformConfig.token = qEnvironmentVariable("TB_TEST_PLATFORM_TOKEN");
    platformConfig.pageLimit = 10;
    platformConfig.session.backoffBase = std::chrono::milliseconds(20);

    const Harvest::HarvestClient harvest(harvestConfig);
    const Platform::PlatformClient platform(platformConfig);
    Sync::ImportOptions options;
    options.sourceId = parser.value(source).toLongLong();
    Sync::ApplicantImporter importer(harvest, platform, platformConfig, store, options);
    const Sync::RunSummary summary = importer.run({});
    return summary.ok ? 0 : 1;
}
