#include "core/cli/commands.h"
#include "core/credentials/blockingcredentials.h"
#include "core/scheduler/syncscheduler.h"
#include "core/store/store.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace Cli
{

namespace
{
QString tr(const char *text)
{
    return QCoreApplication::translate("Cli", text);
}

QJsonValue timestamp(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODate)) : QJsonValue(QJsonValue::Null);
}

QString text(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODate) : tr("never");
}

struct LaneReport
{
    QString lane;
    QString state; // never_run | ok | failing | running | interrupted | disconnected
    QDateTime lastRun;
    QDateTime lastSuccess;
    QDateTime nextDue; // invalid: due now
    int consecutiveFailures = 0;
    QString lastError;
    QList<std::pair<QString, int>> counts;
};

LaneReport laneReport(const Store &store, SyncScheduler::Lane lane, bool connected)
{
    LaneReport report;
    report.lane = SyncScheduler::laneName(lane);
    if (const std::optional<LaneStateRecord> saved = store.laneState(report.lane))
    {
        report.lastRun = saved->lastRun;
        report.lastSuccess = saved->lastSuccess;
        report.nextDue = saved->nextDue;
        report.consecutiveFailures = saved->consecutiveFailures;
        report.lastError = saved->lastError;
    }

    // The run history also knows runs made without the scheduler, and unfinished ones.
    const std::optional<RunRecord> last = store.lastRun(report.lane);
    if (last && (!report.lastRun.isValid() || last->startedAt > report.lastRun))
    {
        report.lastRun = last->startedAt;
    }
    if (!connected)
    {
        report.state = QStringLiteral("disconnected");
    }
    else if (last && !last->finishedAt.isValid())
    {
        // Another process is running it, or one died mid-run (the next run resumes safely).
        report.state = QStringLiteral("running_or_interrupted");
    }
    else if (report.consecutiveFailures > 0 || (last && last->ok == std::optional<bool>(false)))
    {
        report.state = QStringLiteral("failing");
        if (report.lastError.isEmpty() && last)
        {
            report.lastError = last->error;
        }
    }
    else if (report.lastRun.isValid())
    {
        report.state = QStringLiteral("ok");
    }
    else
    {
        report.state = QStringLiteral("never_run");
    }
    if (!report.lastSuccess.isValid())
    {
        for (const RunRecord &run : store.runsPage(report.lane, 0, 50))
        {
            if (run.ok == std::optional<bool>(true))
            {
                report.lastSuccess = run.finishedAt;
                break;
            }
        }
    }

    if (lane == SyncScheduler::Lane::Jobs)
    {
        JobQuery open;
        open.platformStatus = PlatformJobStatus::Open;
        report.counts.append({ QStringLiteral("exported"), std::max(0, store.jobCount(open)) });
    }
    else
    {
        const QHash<ApplicantState, int> counts = store.applicantCounts();
        report.counts.append({ QStringLiteral("imported"), counts.value(ApplicantState::Acked) });
        report.counts.append({ QStringLiteral("quarantined"), counts.value(ApplicantState::Quarantined) });
    }
    return report;
}
} // namespace

int statusCommand(Context &context)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Shows each lane's state, last run, last success, next due time and counts."));
    const QCommandLineOption jsonOption(QStringLiteral("json"), tr("Print JSON instead of text."));
    parser.addOption(jsonOption);
    int exitCode = ExitOk;
    if (!context.parse(parser, &exitCode))
    {
        return exitCode;
    }

    const ConnectionSettings connection = ProfileSettings(context.profile).connection();
    // Opening creates an empty database for a fresh profile, which is what status then shows.
    Store store(context.profile.databasePath());
    if (!store.open())
    {
        context.error(tr("cannot open the database %1: %2").arg(store.databasePath(), store.errorString()));
        return ExitFailure;
    }

    QList<LaneReport> reports;
    for (SyncScheduler::Lane lane : SyncScheduler::lanes)
    {
        reports.append(laneReport(store, lane, connection.connected));
    }

    if (parser.isSet(jsonOption))
    {
        QJsonObject lanes;
        QJsonObject totals;
        for (const LaneReport &report : reports)
        {
            QJsonObject counts;
            for (const auto &[name, value] : report.counts)
            {
                counts.insert(name, value);
                totals.insert(name, value);
            }
            lanes.insert(report.lane,
                QJsonObject { { QStringLiteral("state"), report.state },
                    { QStringLiteral("last_run"), timestamp(report.lastRun) },
                    { QStringLiteral("last_success"), timestamp(report.lastSuccess) },
                    { QStringLiteral("next_due"), timestamp(report.nextDue) },
                    { QStringLiteral("consecutive_failures"), report.consecutiveFailures },
                    { QStringLiteral("last_error"),
                        report.lastError.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(report.lastError) },
                    { QStringLiteral("counts"), counts } });
        }
        const QJsonObject root { { QStringLiteral("profile"), context.profile.dir() },
            { QStringLiteral("connected"), connection.connected }, { QStringLiteral("lanes"), lanes },
            { QStringLiteral("counts"), totals } };
        context.out << QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented)) << Qt::flush;
        return ExitOk;
    }

    context.out
        << tr("Profile %1: %2").arg(context.profile.dir(), connection.connected ? tr("connected") : tr("not connected"))
        << Qt::endl;
    for (const LaneReport &report : reports)
    {
        QStringList counts;
        for (const auto &[name, value] : report.counts)
        {
            counts.append(QStringLiteral("%1=%2").arg(name).arg(value));
        }
        context.out << QStringLiteral("%1 %2 last_run=%3 last_success=%4 next_due=%5 %6")
                           .arg(report.lane, -10)
                           .arg(report.state, -12)
                           .arg(text(report.lastRun), text(report.lastSuccess),
                               report.nextDue.isValid() ? text(report.nextDue) : tr("now"),
                               counts.join(QLatin1Char(' ')))
                    << Qt::endl;
        if (!report.lastError.isEmpty())
        {
            context.out << QStringLiteral("%1 last_error: %2").arg(QString(), -10).arg(report.lastError) << Qt::endl;
        }
    }
    return ExitOk;
}

int disconnectCommand(Context &context)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Removes this profile's secrets from the keychain; keeps the settings and the history."));
    int exitCode = ExitOk;
    if (!context.parse(parser, &exitCode))
    {
        return exitCode;
    }

    CredentialSession session(*context.store, context.profile.id());
    const CredentialResult removed = blockingRemoveAll(session);
    if (!removed.ok() && removed.error != CredentialError::NotFound)
    {
        context.error(removed.message);
        return removed.error == CredentialError::NoBackend || removed.error == CredentialError::AccessDenied
            ? ExitKeychainUnavailable
            : ExitFailure;
    }
    ProfileSettings settings(context.profile);
    ConnectionSettings connection = settings.connection();
    connection.connected = false;
    settings.setConnection(connection);
    context.out << tr("Disconnected: the keychain entries of profile %1 are removed; settings and history are kept.")
                       .arg(context.profile.dir())
                << Qt::endl;
    return ExitOk;
}

} // namespace Cli
