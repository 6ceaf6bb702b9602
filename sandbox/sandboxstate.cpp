#include "sandbox/sandboxstate.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace Sandbox
{

void HttpResponse::setHeader(const QByteArray &name, const QByteArray &value)
{
    for (auto &header : headers)
    {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
        {
            header.second = value;
            return;
        }
    }
    headers.append({ name, value });
}

HttpResponse jsonResponse(int status, const QJsonObject &body)
{
    HttpResponse response;
    response.status = status;
    response.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    response.setHeader("Content-Type", "application/json; charset=utf-8");
    return response;
}

HttpResponse jsonResponse(int status, const QJsonArray &body)
{
    HttpResponse response;
    response.status = status;
    response.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    response.setHeader("Content-Type", "application/json; charset=utf-8");
    return response;
}

qint64 *State::counterFor(const QString &resource)
{
    if (resource == QLatin1String("candidates"))
    {
        return &nextCandidateId;
    }
    if (resource == QLatin1String("applications"))
    {
        return &nextApplicationId;
    }
    return &nextAttachmentId;
}

QJsonObject *State::findById(const QString &resource, qint64 id)
{
    auto it = resources.find(resource);
    if (it == resources.end())
    {
        return nullptr;
    }
    for (QJsonObject &row : *it)
    {
        if (row.value(QStringLiteral("id")).toInteger() == id)
        {
            return &row;
        }
    }
    return nullptr;
}

QString State::nowStamp() const
{
    return harvestTimestamp(QDateTime::currentDateTimeUtc());
}

bool consumeRate(QHash<QString, RateWindow> &windows, const QString &key, int limit, int windowSeconds,
    HttpResponse &response, bool withHeaders)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const qint64 window = qMax(1, windowSeconds);
    RateWindow &w = windows[key];
    if (now >= w.windowStart + window)
    {
        // Fixed windows aligned to the epoch, so Reset is predictable.
        w.windowStart = now - (now % window);
        w.count = 0;
    }
    ++w.count;
    const qint64 reset = w.windowStart + window;
    const bool allowed = w.count <= limit;
    if (withHeaders)
    {
        response.setHeader("X-RateLimit-Limit", QByteArray::number(limit));
        response.setHeader("X-RateLimit-Remaining", QByteArray::number(qMax(0, limit - w.count)));
        response.setHeader("X-RateLimit-Reset", QByteArray::number(reset));
    }
    if (!allowed)
    {
        response.setHeader("Retry-After", QByteArray::number(qMax<qint64>(1, reset - now)));
    }
    return allowed;
}

QString harvestTimestamp(const QDateTime &utc)
{
    return utc.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
}

QByteArray base64Url(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

} // namespace Sandbox

namespace Sandbox
{

namespace
{
bool targeted(const Options &o, bool platformSide)
{
    return o.faultTarget == FaultTarget::Both || (o.faultTarget == FaultTarget::Platform) == platformSide;
}

// An error in each service's shape: {"error": {"code", "message"}} on the platform,
// {"message"} on Harvest.
HttpResponse errorJson(
    bool platformSide, int status, const QString &code, const QString &platformText, const QString &harvestText)
{
    return platformSide ? jsonResponse(status,
               QJsonObject { { QStringLiteral("error"),
                   QJsonObject { { QStringLiteral("code"), code }, { QStringLiteral("message"), platformText } } } })
                        : jsonResponse(status, QJsonObject { { QStringLiteral("message"), harvestText } });
}

// A 500 (kind 0), a proxy's HTML 502 (1) or a 503 with Retry-After (2).
HttpResponse serverError(int kind, bool platformSide)
{
    if (kind == 1)
    {
        // What a proxy in front of the service answers: HTML, not JSON.
        HttpResponse fault;
        fault.status = 502;
        fault.body = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>"
                     "</center></body></html>";
        fault.setHeader("Content-Type", "text/html");
        return fault;
    }
    if (kind == 2)
    {
        HttpResponse fault = errorJson(platformSide, 503, QStringLiteral("unavailable"),
            QStringLiteral("Service temporarily unavailable"), QStringLiteral("Service Unavailable"));
        fault.setHeader("Retry-After", "1");
        return fault;
    }
    return errorJson(platformSide, 500, QStringLiteral("internal"), QStringLiteral("Internal error"),
        QStringLiteral("Internal Server Error"));
}

HttpResponse tooManyRequests(bool platformSide)
{
    return errorJson(platformSide, 429, QStringLiteral("rate_limited"), QStringLiteral("Too many requests"),
        QStringLiteral("Too Many Requests"));
}

// The fault replaces the answer; the rate-limit headers already in it are kept.
void replaceKeepingHeaders(HttpResponse &response, HttpResponse fault)
{
    for (const auto &header : std::as_const(response.headers))
    {
        fault.setHeader(header.first, header.second);
    }
    response = fault;
}
} // namespace

bool drawFault(State &state, HttpResponse &response, bool platformSide)
{
    const Options &o = state.options;
    if (!targeted(o, platformSide))
    {
        return false;
    }
    if (state.rateLimitsLeft > 0)
    {
        --state.rateLimitsLeft;
        replaceKeepingHeaders(response, tooManyRequests(platformSide));
        if (!platformSide)
        {
            response.setHeader("X-RateLimit-Remaining", "0");
        }
        response.setHeader("Retry-After", "1");
        return true;
    }
    if (state.serverErrorsLeft > 0)
    {
        const int kind = (o.serverErrorBurst - state.serverErrorsLeft) % 3;
        --state.serverErrorsLeft;
        replaceKeepingHeaders(response, serverError(kind, platformSide));
        return true;
    }
    if (o.dropRate > 0.0 && state.faultRng.generateDouble() < o.dropRate)
    {
        response.drop = true;
        return true;
    }
    if (o.serverErrorRate > 0.0 && state.faultRng.generateDouble() < o.serverErrorRate)
    {
        replaceKeepingHeaders(response, serverError(state.faultRng.bounded(3), platformSide));
        return true;
    }
    return false;
}

void truncateJson(State &state, HttpResponse &response, bool platformSide)
{
    if (response.status == 200 && targeted(state.options, platformSide) && state.options.malformedJsonRate > 0.0
        && state.faultRng.generateDouble() < state.options.malformedJsonRate)
    {
        if (state.options.malformedJsonWrongType)
        {
            // Well-formed, but not what the endpoint documents: an array for an object and back.
            response.body = response.body.startsWith('[') ? QByteArray("{\"data\":null}") : QByteArray("[1,2,3]");
        }
        else
        {
            response.body.truncate(qMax<qsizetype>(1, response.body.size() / 2));
        }
    }
}

QList<QPair<QString, QString>> parseQuery(const QByteArray &query)
{
    QList<QPair<QString, QString>> result;
    for (const QByteArray &part : query.split('&'))
    {
        if (part.isEmpty())
        {
            continue;
        }
        const qsizetype eq = part.indexOf('=');
        QByteArray key = eq < 0 ? part : part.left(eq);
        QByteArray value = eq < 0 ? QByteArray() : part.mid(eq + 1);
        key.replace('+', ' ');
        value.replace('+', ' ');
        result.append({ QString::fromUtf8(QByteArray::fromPercentEncoding(key)),
            QString::fromUtf8(QByteArray::fromPercentEncoding(value)) });
    }
    return result;
}

QString queryValue(const QList<QPair<QString, QString>> &query, const QString &key)
{
    QString value;
    for (const auto &item : query)
    {
        if (item.first == key)
        {
            value = item.second;
        }
    }
    return value;
}

bool queryHas(const QList<QPair<QString, QString>> &query, const QString &key)
{
    for (const auto &item : query)
    {
        if (item.first == key)
        {
            return true;
        }
    }
    return false;
}

} // namespace Sandbox
