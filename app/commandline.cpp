#include "app/commandline.h"

#include "app/headless.h"
#include "talentbridge/version.h"

#include <QCommandLineParser>
#include <QCoreApplication>

QString versionText()
{
    return QString::fromLatin1(TalentBridge::kApplicationName) + QLatin1Char(' ')
        + QString::fromLatin1(TalentBridge::kVersion);
}

CommandLine parseCommandLine(const QStringList &arguments)
{
    const auto tr = [](const char *text) { return QCoreApplication::translate("CommandLine", text); };

    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Keeps Greenhouse jobs and SmartDreamers applicants in sync.\n\n"
                                        "Commands without a window: connect, sync, run, status, disconnect\n"
                                        "(`talentbridge <command> --help` describes each).\n\n"
                                        "Exit codes: 0 ok, 1 failure, 2 usage error (a wrong option or argument),\n"
                                        "3 credentials or scopes rejected, 4 keychain unavailable or access refused."));
    // A headless command's own options come after it and are its business.
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    const QCommandLineOption helpOption({ QStringLiteral("h"), QStringLiteral("help") }, tr("Show this help."));
    const QCommandLineOption versionOption(
        { QStringLiteral("v"), QStringLiteral("version") }, tr("Show the version and exit."));
    const QCommandLineOption demoOption(
        QStringLiteral("demo"), tr("Run against a built-in Greenhouse and SmartDreamers emulator."));
    const QCommandLineOption profileOption(
        QStringLiteral("profile"), tr("Keep settings, data and logs in <dir> instead of the default."), tr("dir"));
    const QCommandLineOption minimizedOption(
        QStringLiteral("minimized"), tr("Start in the system tray without opening the window."));
    // Accepted before the command word too; the headless commands read it themselves.
    const QCommandLineOption verboseOption(QStringLiteral("verbose"), tr("Headless commands: log progress to stderr."));
    parser.addOptions({ helpOption, versionOption, demoOption, profileOption, minimizedOption, verboseOption });
    parser.addPositionalArgument(
        QStringLiteral("command"), tr("A command to run without a window."), QStringLiteral("[command [options]]"));

    CommandLine result;
    if (!parser.parse(arguments))
    {
        result.mode = CommandLine::Mode::Error;
        result.message = tr("%1 Try `talentbridge --help`.").arg(parser.errorText());
        return result;
    }
    if (parser.isSet(helpOption))
    {
        result.mode = CommandLine::Mode::Help;
        result.message = parser.helpText();
        return result;
    }
    if (parser.isSet(versionOption))
    {
        result.mode = CommandLine::Mode::Version;
        result.message = versionText();
        return result;
    }

    result.demo = parser.isSet(demoOption);
    result.minimized = parser.isSet(minimizedOption);
    result.profileDirectory = parser.value(profileOption);
    if (parser.isSet(profileOption) && result.profileDirectory.isEmpty())
    {
        result.mode = CommandLine::Mode::Error;
        result.message = tr("--profile needs a directory. Try `talentbridge --help`.");
        return result;
    }

    const QStringList positional = parser.positionalArguments();
    if (!positional.isEmpty())
    {
        if (!isHeadlessCommand(positional.constFirst()))
        {
            result.mode = CommandLine::Mode::Error;
            result.message = tr("Unknown command \"%1\". Try `talentbridge --help`.").arg(positional.constFirst());
            return result;
        }
        result.mode = CommandLine::Mode::Headless;
    }
    return result;
}
