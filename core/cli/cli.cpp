#include "core/cli/cli.h"

#include "core/cli/commands.h"
#include "core/credentials/blockingcredentials.h"
#include "core/credentials/keychaincredentialstore.h"
#include "core/logfile/logfile.h"
#include "core/logging.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>

#include <memory>

namespace Cli
{

namespace
{
QString tr(const char *text)
{
    return QCoreApplication::translate("Cli", text);
}

QString usage()
{
    return tr(
        "Usage:\n"
        "  talentbridge [--profile DIR] connect --harvest-url URL --token-url URL [--introspect-url URL]\n"
        "               --client-id ID [--acting-user ID] --platform-url URL [--source NAME]\n"
        "      Secrets come from TALENTBRIDGE_CLIENT_SECRET and TALENTBRIDGE_PLATFORM_TOKEN, else a prompt.\n"
        "  talentbridge [--profile DIR] sync jobs|applicants\n"
        "  talentbridge [--profile DIR] run\n"
        "  talentbridge [--profile DIR] status [--json]\n"
        "  talentbridge [--profile DIR] disconnect\n"
        "Exit codes: 0 ok, 1 failure, 2 usage, 3 credentials or scopes rejected (connect; run: refused while\n"
        "running), 4 keychain unavailable or access refused.");
}
} // namespace

void Context::error(const QString &message)
{
    err << program << ' ' << command << ": " << message << Qt::endl;
}

void Context::usageError(const QString &message)
{
    error(tr("%1 Try `%2 %3 --help`.").arg(message, program, command));
}

bool Context::parse(QCommandLineParser &parser, int *exitCode, qsizetype positionalArguments)
{
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption profileOption(QStringLiteral("profile"), tr("The profile folder."), QStringLiteral("DIR"));
    const QCommandLineOption verboseOption(QStringLiteral("verbose"), tr("Log progress to stderr."));
    parser.addOption(profileOption);
    parser.addOption(verboseOption);
    if (!parser.parse(arguments))
    {
        usageError(parser.errorText());
        *exitCode = ExitUsage;
        return false;
    }
    if (parser.isSet(helpOption))
    {
        out << parser.helpText() << Qt::flush;
        *exitCode = ExitOk;
        return false;
    }
    if (parser.positionalArguments().size() > positionalArguments)
    {
        usageError(tr("unexpected argument \"%1\".").arg(parser.positionalArguments().at(positionalArguments)));
        *exitCode = ExitUsage;
        return false;
    }
    if (parser.isSet(profileOption))
    {
        if (parser.value(profileOption).isEmpty())
        {
            usageError(tr("--profile needs a directory."));
            *exitCode = ExitUsage;
            return false;
        }
        profile = Profile(parser.value(profileOption));
    }
    if (parser.isSet(verboseOption))
    {
        verbose = true;
    }
    QString problem;
    if (!profile.ensureExists(&problem))
    {
        error(problem);
        *exitCode = ExitFailure;
        return false;
    }

    // Every command leaves its trace in the profile's support log. On stderr, log lines would
    // drown the one-line answers, `run`'s summary lines too: only --verbose shows them there.
    if (!LogFile::install(profile.logDir(), verbose ? LogFile::Echo::Previous : LogFile::Echo::None, &problem))
    {
        error(problem);
        if (!verbose)
        {
            QLoggingCategory::setFilterRules(QStringLiteral("talentbridge.*.info=false\ntalentbridge.*.warning=false"));
        }
    }
    qCInfo(lcApp).noquote() << "headless" << command << "with profile" << profile.dir();
    return true;
}

bool loadConnection(Context &context, Connection *connection, int *exitCode)
{
    ProfileSettings settings(context.profile);
    connection->settings = settings.connection();
    if (!connection->settings.connected)
    {
        context.error(
            tr("the profile %1 is not connected; run `talentbridge connect` first.").arg(context.profile.dir()));
        *exitCode = ExitFailure;
        return false;
    }
    CredentialSession session(*context.store, context.profile.id());
    const CredentialResult loaded = blockingLoad(session);
    if (!loaded.ok())
    {
        if (loaded.error == CredentialError::NotFound)
        {
            context.error(tr("no secrets for this profile in the keychain; run `talentbridge connect` again."));
        }
        else
        {
            context.error(loaded.message);
        }
        *exitCode = loaded.error == CredentialError::NoBackend || loaded.error == CredentialError::AccessDenied
            ? ExitKeychainUnavailable
            : ExitFailure;
        return false;
    }
    connection->credentials = session.credentials();
    if (!connection->credentials.isComplete())
    {
        context.error(tr("the keychain holds only part of this profile's secrets; run `talentbridge connect` again."));
        *exitCode = ExitFailure;
        return false;
    }
    return true;
}

int run(const QStringList &arguments, CredentialStore *store)
{
    QTextStream err(stderr);
    const QString program = QStringLiteral("talentbridge");

    // First pass: the global options and the command word; everything after the command is
    // the command's own and parsed by it.
    QCommandLineParser parser;
    parser.setApplicationDescription(usage());
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    const QCommandLineOption profileOption(QStringLiteral("profile"),
        tr("The profile folder (settings and database). Default: the platform's app-data folder."),
        QStringLiteral("DIR"));
    const QCommandLineOption verboseOption(QStringLiteral("verbose"), tr("Log progress to stderr."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    parser.addOption(profileOption);
    parser.addOption(verboseOption);
    parser.addPositionalArgument(QStringLiteral("command"), tr("connect, sync, run, status or disconnect"));
    if (!parser.parse(arguments))
    {
        err << program << ": " << tr("%1 Try `%2 --help`.").arg(parser.errorText(), program) << Qt::endl;
        return ExitUsage;
    }
    const QStringList positional = parser.positionalArguments();
    if (parser.isSet(helpOption) && positional.isEmpty())
    {
        QTextStream(stdout) << usage() << Qt::endl;
        return ExitOk;
    }
    if (positional.isEmpty())
    {
        err << program << ": " << tr("no command given.") << '\n' << usage() << Qt::endl;
        return ExitUsage;
    }

    QString profileDir = parser.value(profileOption);
    if (parser.isSet(profileOption) && profileDir.isEmpty())
    {
        err << program << ": " << tr("--profile needs a directory.") << Qt::endl;
        return ExitUsage;
    }

    Context context(Profile { profileDir });
    context.program = program;
    context.command = positional.constFirst();
    context.arguments = QStringList { program + QLatin1Char(' ') + context.command } + positional.mid(1);
    context.verbose = parser.isSet(verboseOption);

    std::unique_ptr<KeychainCredentialStore> keychain;
    if (!store)
    {
        keychain = std::make_unique<KeychainCredentialStore>();
        store = keychain.get();
    }
    context.store = store;

    if (context.command == QLatin1String("connect"))
    {
        return connectCommand(context);
    }
    if (context.command == QLatin1String("sync"))
    {
        return syncCommand(context);
    }
    if (context.command == QLatin1String("run"))
    {
        return runCommand(context);
    }
    if (context.command == QLatin1String("status"))
    {
        return statusCommand(context);
    }
    if (context.command == QLatin1String("disconnect"))
    {
        return disconnectCommand(context);
    }
    err << program << ": " << tr("unknown command \"%1\".").arg(context.command) << '\n' << usage() << Qt::endl;
    return ExitUsage;
}

} // namespace Cli
