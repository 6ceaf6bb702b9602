#include "app/headless.h"

#include "core/cli/cli.h"

bool isHeadlessCommand(const QString &word)
{
    static const QStringList commands { QStringLiteral("connect"), QStringLiteral("sync"), QStringLiteral("run"),
        QStringLiteral("status"), QStringLiteral("disconnect") };
    return commands.contains(word);
}

int runHeadless(const QStringList &arguments)
{
    return Cli::run(arguments);
}
