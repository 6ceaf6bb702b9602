#include "core/cli/commands.h"
#include "core/cli/terminal.h"
#include "core/credentials/blockingcredentials.h"
#include "core/harvest/harvestclient.h"
#include "core/logging.h"
#include "core/scheduler/syncscheduler.h"
#include "core/setup/connectionverifier.h"
#include "core/store/store.h"

#include <QCoreApplication>

#include <stop_token>

namespace Cli
{

namespace
{
QString tr(const char *text)
{
    return QCoreApplication::translate("Cli", text);
}

constexpr char kClientSecretVariable[] = "TALENTBRIDGE_CLIENT_SECRET";
constexpr char kPlatformTokenVariable[] = "TALENTBRIDGE_PLATFORM_TOKEN";

// A web address the clients accept: http(s) with a host.
bool parseUrl(Context &context, const QString &option, const QString &value, QUrl *url)
{
    const QUrl parsed(value, QUrl::StrictMode);
    if (!parsed.isValid() || parsed.host().isEmpty()
        || (parsed.scheme() != QLatin1String("https") && parsed.scheme() != QLatin1String("http")))
    {
        context.usageError(tr("--%1 must be an http(s) address, not \"%2\".").arg(option, value));
        return false;
    }
    *url = parsed;
    return true;
}

// The secret from the environment, else from a prompt on the terminal.
QString secretFrom(const char *variable, const QString &prompt)
{
    const QString fromEnvironment = qEnvironmentVariable(variable).trimmed();
    if (!fromEnvironment.isEmpty())
    {
        return fromEnvironment;
    }
    return readSecret(prompt);
}

QString statusTag(Setup::CheckItem::Status status)
{
    switch (status)
    {
    case Setup::CheckItem::Status::Ok:
        return QStringLiteral("ok");
    case Setup::CheckItem::Status::Failed:
        return QStringLiteral("FAILED");
    case Setup::CheckItem::Status::Skipped:
        return QStringLiteral("skipped");
    case Setup::CheckItem::Status::Pending:
        break;
    }
    return QStringLiteral("...");
}

bool isRejection(Setup::CheckItem::Problem problem)
{
    using Problem = Setup::CheckItem::Problem;
    return problem == Problem::WrongCredentials || problem == Problem::MalformedClientId
        || problem == Problem::TokenRefused || problem == Problem::MissingScope || problem == Problem::NotSiteAdmin
        || problem == Problem::PlatformToken;
}
} // namespace

int connectCommand(Context &context)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Verifies the Greenhouse credential and the SmartDreamers token, then stores them in the keychain.\n"
           "Secrets come from %1 and %2, else a prompt on the terminal.")
            .arg(QLatin1String(kClientSecretVariable), QLatin1String(kPlatformTokenVariable)));
    const QCommandLineOption harvestUrlOption(QStringLiteral("harvest-url"), tr("Harvest v3 base URL."),
        QStringLiteral("URL"), QString::fromLatin1(Defaults::kHarvestUrl));
    const QCommandLineOption tokenUrlOption(QStringLiteral("token-url"), tr("Greenhouse token endpoint."),
        QStringLiteral("URL"), QString::fromLatin1(Defaults::kTokenUrl));
    const QCommandLineOption introspectUrlOption(QStringLiteral("introspect-url"),
        tr("Greenhouse introspection endpoint (default: the token URL with the path /introspect)."),
        QStringLiteral("URL"));
    const QCommandLineOption clientIdOption(
        QStringLiteral("client-id"), tr("Harvest V3 (OAuth) client ID."), QStringLiteral("ID"));
    const QCommandLineOption actingUserOption(QStringLiteral("acting-user"),
        tr("Numeric Greenhouse user ID of an active Site Admin the token acts as."), QStringLiteral("ID"));
    const QCommandLineOption platformUrlOption(
        QStringLiteral("platform-url"), tr("SmartDreamers API base URL."), QStringLiteral("URL"));
    const QCommandLineOption sourceOption(QStringLiteral("source"),
        tr("Greenhouse source that imported candidates are credited to (default: SmartDreamers)."),
        QStringLiteral("NAME"), QStringLiteral("SmartDreamers"));
    parser.addOptions({ harvestUrlOption, tokenUrlOption, introspectUrlOption, clientIdOption, actingUserOption,
        platformUrlOption, sourceOption });
    int exitCode = ExitOk;
    if (!context.parse(parser, &exitCode))
    {
        return exitCode;
    }

    Setup::VerificationInput input;
    if (!parseUrl(context, harvestUrlOption.names().constFirst(), parser.value(harvestUrlOption), &input.harvestUrl)
        || !parseUrl(context, tokenUrlOption.names().constFirst(), parser.value(tokenUrlOption), &input.tokenUrl))
    {
        return ExitUsage;
    }
    if (parser.isSet(introspectUrlOption))
    {
        if (!parseUrl(context, introspectUrlOption.names().constFirst(), parser.value(introspectUrlOption),
                &input.introspectUrl))
        {
            return ExitUsage;
        }
    }
    else
    {
        input.introspectUrl = input.tokenUrl;
        input.introspectUrl.setPath(QStringLiteral("/introspect"));
        input.introspectUrl.setQuery(QString());
    }
    if (!parser.isSet(platformUrlOption))
    {
        context.usageError(tr("--platform-url is required."));
        return ExitUsage;
    }
    if (!parseUrl(context, platformUrlOption.names().constFirst(), parser.value(platformUrlOption), &input.platformUrl))
    {
        return ExitUsage;
    }
    input.clientId = parser.value(clientIdOption).trimmed();
    if (input.clientId.isEmpty())
    {
        context.usageError(tr("--client-id is required."));
        return ExitUsage;
    }
    if (parser.isSet(actingUserOption))
    {
        bool ok = false;
        const qint64 id = parser.value(actingUserOption).trimmed().toLongLong(&ok);
        if (!ok || id <= 0)
        {
            context.usageError(tr("--acting-user must be a numeric Greenhouse user ID."));
            return ExitUsage;
        }
        input.actingUserId = id;
    }

    input.clientSecret = secretFrom(kClientSecretVariable, tr("Greenhouse client secret: "));
    if (input.clientSecret.isEmpty())
    {
        context.error(tr("no client secret: set %1 or run on a terminal to be asked for it.")
                          .arg(QLatin1String(kClientSecretVariable)));
        return ExitFailure;
    }
    input.platformToken = secretFrom(kPlatformTokenVariable, tr("SmartDreamers API token: "));
    if (input.platformToken.isEmpty())
    {
        context.error(tr("no SmartDreamers token: set %1 or run on a terminal to be asked for it.")
                          .arg(QLatin1String(kPlatformTokenVariable)));
        return ExitFailure;
    }

    // Find out now whether a keychain answers at all, so nobody verifies for nothing; this
    // only reads. Nothing is written before the verification has passed.
    CredentialSession session(*context.store, context.profile.id());
    const CredentialResult probe = blockingLoad(session);
    if (!probe.ok() && probe.error != CredentialError::NotFound)
    {
        context.error(probe.message);
        return probe.error == CredentialError::NoBackend || probe.error == CredentialError::AccessDenied
            ? ExitKeychainUnavailable
            : ExitFailure;
    }

    // Ctrl-C cancels the verification cleanly (nothing has been written yet).
    std::stop_source stop;
    StopSignalWatcher watcher;
    QObject::connect(&watcher, &StopSignalWatcher::stopRequested, &watcher, [&stop](int) { stop.request_stop(); });

    context.out << tr("Verifying the connection for profile %1").arg(context.profile.dir()) << Qt::endl;
    const Setup::ConnectionVerifier verifier(input);
    const Setup::VerificationResult result = verifier.run(stop.get_token(),
        [&context](const Setup::CheckItem &item)
        {
            if (item.status == Setup::CheckItem::Status::Pending)
            {
                return;
            }
            context.out << QStringLiteral("  %1 %2").arg(statusTag(item.status), -8).arg(item.title);
            if (!item.detail.isEmpty())
            {
                context.out << QStringLiteral(" (%1)").arg(item.detail);
            }
            context.out << Qt::endl;
        });

    if (result.cancelled)
    {
        context.error(tr("cancelled; nothing was stored."));
        return ExitFailure;
    }
    if (!result.passed())
    {
        bool rejected = false;
        for (const Setup::CheckItem &item : result.failures())
        {
            rejected = rejected || isRejection(item.problem);
            if (item.problem == Setup::CheckItem::Problem::MissingScope)
            {
                context.error(tr("missing scope %1: %2").arg(item.scope, item.fix));
            }
            else
            {
                context.error(tr("%1 failed: %2").arg(item.title, item.fix));
            }
        }
        context.error(tr("not connected; nothing was stored."));
        return rejected ? ExitRejected : ExitFailure;
    }

    // The source is looked up by name now, while the secret is at hand, so that a misspelt one
    // fails before anything is stored.
    std::optional<qint64> sourceId;
    const QString sourceName = parser.value(sourceOption).trimmed();
    if (!sourceName.isEmpty())
    {
        const Net::Result<QList<Harvest::Source>> sources
            = Harvest::HarvestClient(input.harvestConfig()).sources(stop.get_token());
        if (!sources.ok())
        {
            context.error(tr("cannot read the Greenhouse sources: %1").arg(sources.error().message()));
            context.error(tr("not connected; nothing was stored."));
            return ExitFailure;
        }
        QStringList names;
        for (const Harvest::Source &source : sources.value())
        {
            names.append(source.name);
            if (source.name.compare(sourceName, Qt::CaseInsensitive) == 0)
            {
                sourceId = source.id;
            }
        }
        if (!sourceId && parser.isSet(sourceOption))
        {
            context.error(tr("Greenhouse has no source named \"%1\". Sources: %2.")
                              .arg(sourceName, names.join(QStringLiteral(", "))));
            context.error(tr("not connected; nothing was stored."));
            return ExitUsage;
        }
        if (!sourceId)
        {
            context.out << tr("Note: Greenhouse has no source named \"%1\", so imported candidates carry no "
                              "source. Add it in Greenhouse or run connect again with --source NAME.")
                               .arg(sourceName)
                        << Qt::endl;
        }
        else
        {
            qCInfo(lcApp) << "imported candidates are credited to source" << *sourceId;
        }
    }

    // Verified: now, and only now, the secrets go to the keychain.
    Credentials credentials;
    credentials.harvestClientId = input.clientId;
    credentials.harvestClientSecret = input.clientSecret;
    credentials.platformToken = input.platformToken;
    const CredentialResult stored = blockingReplace(session, credentials);
    credentials = {};
    input.clientSecret.clear();
    input.platformToken.clear();
    if (!stored.ok())
    {
        context.error(stored.message);
        return stored.error == CredentialError::NoBackend || stored.error == CredentialError::AccessDenied
            ? ExitKeychainUnavailable
            : ExitFailure;
    }

    ProfileSettings settings(context.profile);
    ConnectionSettings connection = settings.connection();
    connection.harvestUrl = input.harvestUrl;
    connection.tokenUrl = input.tokenUrl;
    connection.introspectUrl = input.introspectUrl;
    connection.actingUserId = input.actingUserId;
    connection.platformUrl = input.platformUrl;
    connection.connected = true;
    settings.setConnection(connection);
    SyncSettings sync = settings.sync();
    sync.sourceId = sourceId;
    settings.setSync(sync);

    // New credentials: the failures and backoff of the old ones no longer apply; `run` starts
    // both lanes at once instead of when the backoff ends.
    Store store(context.profile.databasePath());
    if (store.open())
    {
        SyncScheduler(&store, {}).resetFailures(QStringLiteral("connected"));
    }
    else
    {
        qCWarning(lcApp).noquote() << "lane state not reset:" << store.errorString();
    }

    context.out << tr("Connected: Greenhouse organisation %1, acting as %2; SmartDreamers account %3. "
                      "Secrets are in the keychain; settings in %4.")
                       .arg(result.organizationName.isEmpty() ? result.organizationId : result.organizationName,
                           result.actingUserName.isEmpty() ? result.actingUserId : result.actingUserName,
                           result.platformAccount, context.profile.settingsPath())
                << Qt::endl;
    return ExitOk;
}

} // namespace Cli
