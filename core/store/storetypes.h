#pragma once

#include <QDateTime>
#include <QHash>
#include <QString>

#include <optional>

// Values the Store reads and writes. Timestamps are UTC; an invalid QDateTime means "never".

enum class PlatformJobStatus
{
    None, // never exported
    Open,
    Closed,
};

QString platformJobStatusName(PlatformJobStatus status);
std::optional<PlatformJobStatus> platformJobStatusFromString(const QString &text);

struct JobRecord
{
    qint64 jobId = 0; // Greenhouse job id
    QString title;
    QString department;
    QString offices; // display text, e.g. "Berlin, Remote - EU"
    QString greenhouseStatus; // "open", "closed", "draft", ...
    PlatformJobStatus platformStatus = PlatformJobStatus::None;
    QString contentHash; // of the last body PUT to the platform
    QDateTime greenhouseUpdatedAt;
    QDateTime lastExportedAt;
    QString lastError;
};

enum class ApplicantState
{
    Seen,
    Creating,
    Created,
    Attached,
    Acked,
    Quarantined,
    Dismissed,
};

QString applicantStateName(ApplicantState state);
std::optional<ApplicantState> applicantStateFromString(const QString &text);

inline size_t qHash(ApplicantState state, size_t seed = 0) noexcept
{
    return ::qHash(static_cast<int>(state), seed);
}

struct ApplicantRecord
{
    QString applicantId; // the platform's id, primary key
    QString sourceJobId;
    QString firstName;
    QString lastName;
    QString email;
    QDateTime appliedAt;
    QByteArray payload; // the platform's JSON object, whole (compact UTF-8)
    ApplicantState state = ApplicantState::Seen;
    QString reason; // human readable, for quarantined/dismissed
    bool transient = false; // the quarantine cause may go away by itself
    int attempts = 0; // times markCreating() was called
    std::optional<qint64> candidateId;
    std::optional<qint64> applicationId;
    std::optional<qint64> attachmentId;
    QDateTime ackedAt; // the platform acknowledged (imported or rejected)
    QDateTime createdAt;
    QDateTime updatedAt;
};

struct RunCounts
{
    int created = 0;
    int updated = 0;
    int closed = 0;
    int imported = 0;
    int quarantined = 0;
    int requests = 0;

    friend bool operator==(const RunCounts &, const RunCounts &) = default;
};

struct RunRecord
{
    qint64 id = -1;
    QString lane; // "jobs" or "applicants"
    QDateTime startedAt;
    QDateTime finishedAt; // invalid while running (or if the process died)
    std::optional<bool> ok;
    RunCounts counts;
    QString error;
};

struct LaneStateRecord
{
    QString lane;
    QDateTime nextDue;
    QDateTime lastRun; // last start
    QDateTime lastSuccess; // last successful finish
    int consecutiveFailures = 0;
    QString lastError;

    friend bool operator==(const LaneStateRecord &, const LaneStateRecord &) = default;
};

// What a UI list model asks for. Sorting and filtering happen in SQL on indexed columns.
struct ApplicantQuery
{
    enum class SortColumn
    {
        AppliedAt,
        Name, // last name, first name (case-folded)
        Email,
        State,
        JobId,
        UpdatedAt,
    };

    QString search; // case-insensitive substring of id, names, email, job id; empty = all
    std::optional<ApplicantState> state;
    SortColumn sortColumn = SortColumn::AppliedAt;
    Qt::SortOrder order = Qt::DescendingOrder;

    friend bool operator==(const ApplicantQuery &, const ApplicantQuery &) = default;
};

struct JobQuery
{
    enum class SortColumn
    {
        Title,
        Department,
        PlatformStatus,
        GreenhouseUpdatedAt,
        LastExportedAt,
        JobId,
    };

    QString search; // case-insensitive substring of title, department, offices, job id
    std::optional<PlatformJobStatus> platformStatus;
    SortColumn sortColumn = SortColumn::Title;
    Qt::SortOrder order = Qt::AscendingOrder;

    friend bool operator==(const JobQuery &, const JobQuery &) = default;
};
