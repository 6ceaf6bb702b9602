#include "app/headless.h"

#include <QTextStream>

bool isHeadlessCommand(const QString &word)
{
    static const QStringList commands { QStringLiteral("connect"), QStringLiteral("sync"), QStringLiteral("run"),
                                        QStringLiteral("status"), QStringLiteral("disconnect") };
    return commands.contains(word);
}

int runHeadless(const QStringList &arguments)
{
    // TODO(#3): dispatch to core/cli; the headless commands are written there next.
    // Until then say so plainly, with the exit code for "usage/unsupported".
    QStringList rest = arguments.mid(1);
    while (!rest.isEmpty() && !isHeadlessCommand(rest.constFirst()))
        rest.removeFirst();
    const QString command = rest.isEmpty() ? QStringLiteral("command") : rest.constFirst();
    QTextStream(stderr) << "talentbridge " << command << ": not available yet" << Qt::endl;
    return 2;
}
