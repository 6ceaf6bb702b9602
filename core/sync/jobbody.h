#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// The platform's job body (smartdreamers-contract.md, "Job body") built from Harvest v3 data.
// Pure functions: no network, no store, so every rule here is unit-tested.
namespace Sync
{

// Names of the reference data a job points at by id.
struct JobReferenceData
{
    QHash<qint64, QString> departmentNames;
    QHash<qint64, QString> officeNames;
};

// Everything known about one Harvest job that goes into its body.
struct JobSource
{
    QJsonObject job; // a /v3/jobs row
    std::optional<QJsonObject> livePost; // its live external post (/v3/job_posts), if any
    QStringList postLocations; // free-text locations of that post ("Remote")
    int openOpenings = 0; // open rows in /v3/openings for this job
};

// The custom field that carries the employment type (a job field's name_key).
inline constexpr char kDefaultEmploymentTypeKey[] = "employment_type";

// Picks the post a candidate would see: external (not internal), live and active; the
// lowest id wins so the choice is stable. nullopt when the job has none.
std::optional<QJsonObject> pickLiveExternalPost(const QList<QJsonObject> &postsOfOneJob);

// Counts the open openings of one job.
int countOpenOpenings(const QList<QJsonObject> &openingsOfOneJob);

// The employment type read from the job's custom fields (read shape: an object keyed by
// name_key whose value is {name, type, value}); value may be a string or an option object.
QString employmentType(const QJsonObject &job, const QString &nameKey = QString::fromLatin1(kDefaultEmploymentTypeKey));

// The body PUT to /v1/jobs/{id}. status is "open" or "closed". Optional fields that are
// unknown are sent as null (never omitted), so the body's shape never depends on the data.
QJsonObject buildJobBody(const JobSource &source, const JobReferenceData &reference, const QString &status,
    const QString &employmentTypeKey = QString::fromLatin1(kDefaultEmploymentTypeKey));

// The body that closes a job: the last open body with status "closed", or a minimal one
// when nothing was ever exported for it.
QJsonObject closedJobBody(qint64 jobId, const std::optional<QJsonObject> &lastBody = std::nullopt);

// Canonical JSON: object keys sorted, no whitespace, numbers as Qt prints them. Equal for
// two values that differ only in the order of their fields.
QByteArray canonicalJson(const QJsonValue &value);

// The hex SHA-256 of the body's canonical JSON without "updated_at": a job whose Harvest
// timestamp moved but whose exported content did not is not PUT again.
QString jobContentHash(const QJsonObject &body);

} // namespace Sync
