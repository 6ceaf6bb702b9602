#pragma once

#include "core/harvest/harvesttypes.h"
#include "core/net/error.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>

// Pure functions from Harvest's bytes to typed values and typed errors. They never throw,
// never crash on hostile input, and are lenient where the reference says the server is
// inconsistent (null arrays, datetimes with or without milliseconds, offsets).
namespace Harvest
{

inline QString serviceName()
{
    return QStringLiteral("Greenhouse");
}

// Token endpoint (reference §1.1).
Net::Result<Token> parseTokenResponse(const QByteArray &body, const QDateTime &nowUtc);
Net::Error classifyTokenFailure(int status, const QByteArray &body);

// API error bodies (reference §5). 403 is narrowed by the client, which knows the scope.
QStringList parseErrorMessages(const QByteArray &body);
Net::Error classifyApiError(int status, const QByteArray &body);

Net::Result<Introspection> parseIntrospection(const QByteArray &body);

// "gte|2026-11-01T00:00:00Z|lte|2026-12-01T00:00:00Z"; either bound may be invalid (left out).
QString dateRangeFilter(const QDateTime &from, const QDateTime &to);

// A list page: a bare JSON array (null counts as empty).
Net::Result<QList<QJsonObject>> parseListPage(const QByteArray &body);
Net::Result<QList<QJsonObject>> parseListPage(const QJsonDocument &document);

Job parseJob(const QJsonObject &object);
JobPost parseJobPost(const QJsonObject &object);
JobPostLocation parseJobPostLocation(const QJsonObject &object);
Department parseDepartment(const QJsonObject &object);
Office parseOffice(const QJsonObject &object);
Opening parseOpening(const QJsonObject &object);
User parseUser(const QJsonObject &object);
Source parseSource(const QJsonObject &object);
JobInterviewStage parseJobInterviewStage(const QJsonObject &object);
Candidate parseCandidate(const QJsonObject &object);
Application parseApplication(const QJsonObject &object);
Attachment parseAttachment(const QJsonObject &object);

// Whole pages, for fuzzers and tests.
Net::Result<QList<Job>> parseJobs(const QByteArray &body);
Net::Result<QList<Candidate>> parseCandidates(const QByteArray &body);
Net::Result<QList<Application>> parseApplications(const QByteArray &body);

// Candidate create answers either the candidate or {"candidate":..,"application":..}.
Net::Result<CreatedCandidate> parseCandidateCreateResponse(const QByteArray &body);
// A create that answers one object.
Net::Result<QJsonObject> parseObject(const QByteArray &body);

QByteArray candidateCreateBody(const NewCandidate &candidate);
QByteArray applicationCreateBody(const NewApplication &application);
QByteArray attachmentCreateBody(const NewAttachment &attachment);

} // namespace Harvest
