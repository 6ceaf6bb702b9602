// The child that TestLogFile::survivesMessagesAfterMain runs: it logs from a destructor that
// runs during static destruction, after the log file's own statics have been torn down, the
// way Qt logs while it unloads plugins at exit with debug output turned on.
#include "core/logfile/logfile.h"

#include <QCoreApplication>
#include <QDebug>

namespace
{
struct LogsAtExit
{
    LogsAtExit() = default;
    ~LogsAtExit()
    {
        qWarning("at exit: Authorization: Bearer abc.def.ghi");
    }
    Q_DISABLE_COPY_MOVE(LogsAtExit)
};
} // namespace

int main(int argc, char **argv)
{
    // Constructed before the log file's state, so destroyed after it.
    static LogsAtExit logsAtExit;

    QCoreApplication app(argc, argv);
    if (argc < 2 || !LogFile::install(QString::fromLocal8Bit(argv[1])))
    {
        return 2;
    }
    qInfo("helper started");
    return 0;
}
