#pragma once

#include "core/net/error.h"
#include "core/store/storetypes.h"

#include <QList>
#include <QMetaType>
#include <QString>

#include <chrono>
#include <functional>
#include <optional>

namespace Sync
{

inline constexpr char kJobsLane[] = "jobs";
inline constexpr char kApplicantsLane[] = "applicants";

// What one run did. Stored in the run history (RunCounts) and sent to the UI.
struct RunSummary
{
    QString lane; // "jobs" or "applicants"
    bool ok = false;
    bool cancelled = false; // a stop was requested; the current step was finished
    bool fullReconciliation = false;
    QString error; // translated, for the status line; empty when ok
    // The run failed because the stored credentials were refused (Net::Error::rejectsCredentials):
    // the cadences stop until the user reconnects. Typed, so no one matches translated text.
    bool credentialsRejected = false;
    QString rejectedService; // with credentialsRejected: "Greenhouse" or "SmartDreamers"

    // Jobs lane.
    int created = 0; // PUT, the platform did not have it (201)
    int updated = 0; // PUT, content changed
    int closed = 0; // PUT with status closed
    int unchanged = 0; // looked at, same content: no write
    int failed = 0; // a job the platform refused (kept with its error)

    // Applicants lane.
    int imported = 0; // acked as imported
    int quarantined = 0; // newly quarantined in this run
    int rejected = 0; // dismissed applicants acked as rejected
    int resolved = 0; // stuck "creating" rows resolved by a Greenhouse lookup

    int harvestRequests = 0;
    int platformRequests = 0;

    int requests() const { return harvestRequests + platformRequests; }
    RunCounts toCounts() const;
    QString toLine() const; // one line for the CLI and the log (counts only)

    // A failed run: the error's message, and whether it refused the credentials.
    void setError(const Net::Error &failure);
};

// Job export settings. Filters: empty = everything; a department or office includes its
// sub-departments / sub-offices.
struct ExportOptions
{
    QList<qint64> departmentFilter;
    QList<qint64> officeFilter;
    QString employmentTypeKey = QStringLiteral("employment_type");
    std::chrono::hours fullReconcileEvery { 24 };
    // The incremental window starts this much before the last watermark, against clock skew.
    std::chrono::seconds windowOverlap { 120 };
    int batchSize = 50; // ids per request (Harvest's maximum)
    bool forceFull = false; // reconcile fully in this run
};

// Applicant import settings.
struct ImportOptions
{
    std::optional<qint64> sourceId; // the Greenhouse source credited ("SmartDreamers")
    qint64 maxResumeBytes = 20 * 1024 * 1024;
    QString tagPrefix = QStringLiteral("smartdreamers-"); // + applicant id, on created candidates
    QString sourceTag = QStringLiteral("SmartDreamers");
    int batchSize = 50;
};

// Progress of the current step, for a status line. Called on the worker thread.
using ProgressFn = std::function<void(const QString &step, int done, int total)>;

} // namespace Sync

Q_DECLARE_METATYPE(Sync::RunSummary)
