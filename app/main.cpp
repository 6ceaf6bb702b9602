#include "app/application.h"
#include "app/commandline.h"
#include "app/headless.h"
#include "app/startupprobe.h"
#include "core/cli/cli.h"
#include "talentbridge/version.h"

#include <QApplication>
#include <QCoreApplication>
#include <QTextStream>

namespace
{
QStringList argumentsOf(int argc, char **argv)
{
    QStringList result;
    result.reserve(argc);
    for (int i = 0; i < argc; ++i)
        result.append(QString::fromLocal8Bit(argv[i]));
    return result;
}

void setApplicationNames()
{
    QCoreApplication::setApplicationName(QString::fromLatin1(TalentBridge::kApplicationName));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(TalentBridge::kVersion));
    QCoreApplication::setOrganizationName(QString::fromLatin1(TalentBridge::kOrganizationName));
    QCoreApplication::setOrganizationDomain(QString::fromLatin1(TalentBridge::kOrganizationDomain));
}
} // namespace

int main(int argc, char **argv)
{
    StartupProbe::markMainEntered();
    setApplicationNames();

    // Decide before creating the application object: --version and the headless commands
    // must work where there is no display.
    const CommandLine commandLine = parseCommandLine(argumentsOf(argc, argv));
    switch (commandLine.mode)
    {
    case CommandLine::Mode::Version:
    case CommandLine::Mode::Help:
        QTextStream(stdout) << commandLine.message << Qt::endl;
        return 0;
    case CommandLine::Mode::Error:
        QTextStream(stderr) << "talentbridge: " << commandLine.message << Qt::endl;
        return Cli::ExitUsage;
    case CommandLine::Mode::Headless:
    {
        QCoreApplication app(argc, argv);
        return runHeadless(QCoreApplication::arguments());
    }
    case CommandLine::Mode::Gui:
        break;
    }

    QApplication app(argc, argv);
    Application application(commandLine);
    return application.run();
}
