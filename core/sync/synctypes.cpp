#include "core/sync/synctypes.h"

namespace Sync
{

RunCounts RunSummary::toCounts() const
{
    RunCounts counts;
    counts.created = created;
    counts.updated = updated;
    counts.closed = closed;
    counts.imported = imported;
    counts.quarantined = quarantined;
    counts.requests = requests();
    return counts;
}

void RunSummary::setError(const Net::Error &failure)
{
    error = failure.message();
    credentialsRejected = failure.rejectsCredentials();
    rejectedService = credentialsRejected ? failure.service : QString();
}

QString RunSummary::toLine() const
{
    QString line = lane
        + (ok ? QStringLiteral(": ok") : (cancelled ? QStringLiteral(": cancelled") : QStringLiteral(": failed")));
    if (lane == QLatin1String(kJobsLane))
    {
        line += QStringLiteral("%1 created=%2 updated=%3 closed=%4 unchanged=%5 failed=%6")
                    .arg(fullReconciliation ? QStringLiteral(" (full)") : QString())
                    .arg(created)
                    .arg(updated)
                    .arg(closed)
                    .arg(unchanged)
                    .arg(failed);
    }
    else
    {
        line += QStringLiteral(" imported=%1 quarantined=%2 rejected=%3 resolved=%4")
                    .arg(imported)
                    .arg(quarantined)
                    .arg(rejected)
                    .arg(resolved);
    }
    line += QStringLiteral(" requests=%1 (greenhouse %2, smartdreamers %3)")
                .arg(requests())
                .arg(harvestRequests)
                .arg(platformRequests);
    return line;
}

} // namespace Sync
