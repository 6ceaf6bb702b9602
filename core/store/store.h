#pragma once

#include "core/store/storetypes.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QSet>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

class Clock;

// Emits after a commit, from whichever thread committed. It lives in the thread that created the
// Store (the UI thread), so receivers there get the signals queued when a worker committed.
class StoreNotifier final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreNotifier)

public:
    explicit StoreNotifier(QObject *parent = nullptr);

signals:
    void jobsChanged(const QList<qint64> &jobIds);
    void applicantsChanged(const QStringList &applicantIds);
    void runsChanged();
    void laneStateChanged(const QString &lane);
    void metaChanged(const QString &key);
};

// The profile's SQLite database: job mirror, applicant ledger, run history, lane state, meta.
//
// Thread-safe: every thread that calls in gets its own QSqlDatabase connection (named after the
// file, this Store instance and the thread) and every multi-step change runs in one transaction.
// The database is in WAL mode, so the UI reads while the sync worker writes. A failed call
// returns false / nullopt / -1, logs through lcStore and leaves errorString() for this thread.
//
// No secret is ever written here: the applicant payload is the platform's JSON, which carries a
// resume URL but no token.
class Store final
{
    Q_DISABLE_COPY_MOVE(Store)

public:
    static constexpr int schemaVersion = 2;

    // databasePath: usually databasePathFor(profileDir). clock: nullptr = Clock::system().
    explicit Store(const QString &databasePath, const Clock *clock = nullptr);
    ~Store();

    static QString databasePathFor(const QString &profileDir);

    // Opens the calling thread's connection and migrates the schema up to `upToVersion`
    // (tests pass a lower number to build an old database). False if the file cannot be opened,
    // a migration fails (rolled back) or the file was written by a newer TalentBridge.
    bool open(int upToVersion = schemaVersion);
    bool isOpen() const;
    QString databasePath() const { return m_path; }
    int userVersion() const;

    // The last error of the calling thread, translated where it reaches the user.
    QString errorString() const;

    StoreNotifier *notifier() const { return m_notifier.get(); }

    // --- Job mirror -------------------------------------------------------------------------
    bool upsertJob(const JobRecord &job);
    bool upsertJobs(const QList<JobRecord> &jobs); // one transaction
    std::optional<JobRecord> job(qint64 jobId) const;
    QList<qint64> openJobIds() const; // platform_status = open
    QList<qint64> allJobIds() const;
    // Records that a job was PUT with status closed (or never needs to be).
    bool markJobClosed(qint64 jobId, const QDateTime &exportedAt);
    bool setJobError(qint64 jobId, const QString &error);
    QList<JobRecord> jobsPage(const JobQuery &query, int offset, int limit) const;
    int jobCount(const JobQuery &query) const;

    // --- Applicant ledger (the exactly-once record) -----------------------------------------
    // Records an applicant offered by the platform. A new one is stored as `seen`; a known one
    // keeps its state and, while nothing was created for it yet (seen/quarantined), gets the
    // newer payload. nullopt on error; otherwise the record as stored after the call.
    std::optional<ApplicantRecord> recordSeen(const QJsonObject &platformApplicant);
    // The same for one page of the platform's list, in one transaction. Returns how many were
    // new, -1 on error (nothing stored). Items without an "id" are skipped and logged.
    int recordSeen(const QList<QJsonObject> &platformApplicants);
    std::optional<ApplicantRecord> applicant(const QString &applicantId) const;

    // Transitions. Each is one transaction, durable when it returns true, and false (with
    // errorString()) if the applicant is not in an allowed source state.
    //   seen|creating          -> creating     attempts + 1; call BEFORE the Greenhouse write
    //   creating               -> created      with the Greenhouse ids
    //   created                -> attached     with the attachment id
    //   created|attached       -> acked        the platform has the outcome
    //   seen..attached         -> quarantined  with a reason; transient = retried automatically
    //   quarantined            -> seen/created/attached   retry: back to where it stopped
    //   quarantined            -> dismissed    the user gave up; the engine acks `rejected`
    //   dismissed              -> dismissed    markRejectionAcked() records that ack
    bool markCreating(const QString &applicantId);
    bool markCreated(const QString &applicantId, qint64 candidateId, qint64 applicationId);
    bool markAttached(const QString &applicantId, qint64 attachmentId);
    bool markAcked(const QString &applicantId);
    bool quarantine(const QString &applicantId, const QString &reason, bool transient);
    // Batch calls: one transaction; applicants not quarantined are left alone. Return how many
    // changed, -1 on error.
    int retry(const QStringList &applicantIds);
    int retryTransient(); // all transient quarantines
    int dismiss(const QStringList &applicantIds, const QString &reason = {});
    bool markRejectionAcked(const QString &applicantId);

    QList<ApplicantRecord> applicantsInState(ApplicantState state, int limit = -1) const;
    QList<ApplicantRecord> stuckCreating() const { return applicantsInState(ApplicantState::Creating); }
    QList<ApplicantRecord> quarantined() const { return applicantsInState(ApplicantState::Quarantined); }
    QList<ApplicantRecord> dismissedNotAcked() const;
    QHash<ApplicantState, int> applicantCounts() const;
    // One page in the query's order (ties broken by applicant id), payload left empty. Pass
    // applicantCount(query) as matchCount when you have it; it picks the query plan.
    QList<ApplicantRecord> applicantsPage(
        const ApplicantQuery &query, int offset, int limit, int matchCount = -1) const;
    // The page after `last` (a row of the previous page, same query): cost independent of depth,
    // what a fetchMore() model should use.
    QList<ApplicantRecord> applicantsAfter(
        const ApplicantQuery &query, const ApplicantRecord &last, int limit, int matchCount = -1) const;
    int applicantCount(const ApplicantQuery &query) const;

    // --- Run history ------------------------------------------------------------------------
    qint64 startRun(const QString &lane, const QDateTime &startedAt); // run id, -1 on error
    bool finishRun(qint64 runId, const QDateTime &finishedAt, bool ok, const RunCounts &counts, const QString &error);
    std::optional<RunRecord> run(qint64 runId) const;
    std::optional<RunRecord> lastRun(const QString &lane) const;
    QList<RunRecord> runsPage(const QString &laneFilter, int offset, int limit) const; // newest first
    int runCount(const QString &laneFilter) const;

    // --- Lane state and meta ----------------------------------------------------------------
    std::optional<LaneStateRecord> laneState(const QString &lane) const; // nullopt: never saved
    bool saveLaneState(const LaneStateRecord &state);
    QString meta(const QString &key, const QString &defaultValue = {}) const;
    bool setMeta(const QString &key, const QString &value);

private:
    QSqlDatabase connection() const;
    bool migrate(QSqlDatabase &db, int upToVersion);
    void setError(const QString &error) const;
    bool transition(const QString &applicantId, const QString &sql, const QVariantList &binds, const QString &expected);
    int batchTransition(const QStringList &applicantIds, const QString &sql, const QVariantList &binds);
    template <typename Fn> bool inTransaction(QSqlDatabase &db, const QString &what, Fn &&fn);
    QDateTime now() const;
    QList<ApplicantRecord> applicantsQuery(
        const ApplicantQuery &query, const ApplicantRecord *after, int offset, int limit, int matchCount) const;

    const QString m_path;
    const Clock *m_clock;
    const QString m_connectionPrefix;
    const std::unique_ptr<StoreNotifier> m_notifier;
    mutable QMutex m_connectionsMutex;
    mutable QSet<QString> m_connections;
};
