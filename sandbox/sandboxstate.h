#pragma once

#include "sandbox/sandboxserver.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QPair>
#include <QRandomGenerator>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

// Internal to the sandbox: the data both emulators share. Everything here is guarded by
// Server's mutex; the emulators are called with it held.

namespace Sandbox
{

// One parsed request, independent of the QtHttpServer version in use.
struct HttpRequest
{
    QByteArray method;
    QByteArray rawTarget;
    QString path;
    QList<QPair<QString, QString>> query; // decoded with form rules: '+' is a space
    QByteArray authorization;
    QByteArray contentType;
    QByteArray body;
};

struct HttpResponse
{
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool drop = false; // close the connection without answering

    void setHeader(const QByteArray &name, const QByteArray &value);
};

HttpResponse jsonResponse(int status, const QJsonObject &body);
HttpResponse jsonResponse(int status, const QJsonArray &body);

struct Token
{
    QString clientId;
    qint64 sub = 0; // 0: the credential's integration service user
    QDateTime expiresAt;
};

struct RateWindow
{
    qint64 windowStart = 0; // epoch seconds
    int count = 0;
};

struct Resume
{
    QByteArray bytes;
    QByteArray contentType;
    qint64 servedSize = 0; // when larger than bytes: served padded to this size (not stored)
};

struct State
{
    Options options;
    Credentials credentials;
    QStringList grantedScopes;
    QRandomGenerator faultRng; // fault draws, seeded by options.seed
    QRandomGenerator tokenRng; // token ids, seeded too so a run is reproducible

    QUrl harvestBase; // http://127.0.0.1:P
    QUrl platformBase; // http://127.0.0.1:Q
    QJsonObject organization;

    // Harvest resources by route name ("jobs", "job_posts", ...), ascending by id.
    QMap<QString, QList<QJsonObject>> resources;
    qint64 nextCandidateId = 0;
    qint64 nextApplicationId = 0;
    qint64 nextAttachmentId = 0;
    QList<QJsonObject> createdCandidates;
    QList<QJsonObject> createdApplications;
    QList<QJsonObject> createdAttachments;
    QHash<qint64, QByteArray> attachmentBytes;

    QHash<QString, Token> tokens;
    QHash<QString, RateWindow> harvestWindows; // per client id ("" = unauthenticated)
    QHash<QString, RateWindow> tokenWindows; // per client id presented at /token
    QHash<QString, RateWindow> platformWindows;
    QHash<QString, QUrl> redirects;

    // Platform side.
    QMap<QString, QJsonObject> platformJobs; // by source_job_id
    QList<QJsonObject> applicants; // delivery order, each with "status" and "ack"
    QHash<QString, Resume> resumes; // by applicant id

    QList<LoggedRequest> log;

    // What is left of the bursts in options (reset by start() and setOptions()).
    int serverErrorsLeft = 0;
    int rateLimitsLeft = 0;

    qint64 *counterFor(const QString &resource);
    QJsonObject *findById(const QString &resource, qint64 id);
    QString nowStamp() const; // Harvest style, with milliseconds and Z
};

// Fixed-window accounting shared by both services. Returns false when over the limit.
bool consumeRate(QHash<QString, RateWindow> &windows, const QString &key, int limit, int windowSeconds,
    HttpResponse &response, bool withHeaders);

QString harvestTimestamp(const QDateTime &utc);
QByteArray base64Url(const QByteArray &data);

} // namespace Sandbox

namespace Sandbox
{

// Fault injection shared by both emulators. drawFault() answers true when it replaced the
// response with a 429 or 5xx of a burst, a drawn 5xx or a drop; truncateJson() applies
// malformedJsonRate to a list body. Both honour options.faultTarget.
bool drawFault(State &state, HttpResponse &response, bool platformSide);
void truncateJson(State &state, HttpResponse &response, bool platformSide);

// "a=1&b=c+d" with form rules ('+' is a space, %XX decoded).
QList<QPair<QString, QString>> parseQuery(const QByteArray &query);
QString queryValue(const QList<QPair<QString, QString>> &query, const QString &key);
bool queryHas(const QList<QPair<QString, QString>> &query, const QString &key);

} // namespace Sandbox
