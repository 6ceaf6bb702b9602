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

bool drawFault(State &state, HttpResponse &response, bool platformErrors)
{
    const Options &o = state.options;
    if (o.dropRate > 0.0 && state.faultRng.generateDouble() < o.dropRate)
    {
        response.drop = true;
        return true;
    }
    if (o.serverErrorRate > 0.0 && state.faultRng.generateDouble() < o.serverErrorRate)
    {
        const int kind = state.faultRng.bounded(3);
        HttpResponse fault;
        if (kind == 1)
        {
            // What a proxy in front of the service answers: HTML, not JSON.
            fault.status = 502;
            fault.body = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>"
                         "</center></body></html>";
            fault.setHeader("Content-Type", "text/html");
        }
        else if (kind == 2)
        {
            fault = platformErrors
                ? jsonResponse(503,
                    QJsonObject { { QStringLiteral("error"),
                        QJsonObject { { QStringLiteral("code"), QStringLiteral("unavailable") },
                            { QStringLiteral("message"), QStringLiteral("Service temporarily unavailable") } } } })
                : jsonResponse(
                    503, QJsonObject { { QStringLiteral("message"), QStringLiteral("Service Unavailable") } });
            fault.setHeader("Retry-After", "1");
        }
        else
        {
            fault = platformErrors
                ? jsonResponse(500,
                    QJsonObject { { QStringLiteral("error"),
                        QJsonObject { { QStringLiteral("code"), QStringLiteral("internal") },
                            { QStringLiteral("message"), QStringLiteral("Internal error") } } } })
                : jsonResponse(
                    500, QJsonObject { { QStringLiteral("message"), QStringLiteral("Internal Server Error") } });
        }
        for (const auto &header : std::as_const(response.headers))
        {
            fault.setHeader(header.first, header.second);
        }
        response = fault;
        return true;
    }
    return false;
}

void truncateJson(State &state, HttpResponse &response)
{
    if (response.status == 200 && state.options.malformedJsonRate > 0.0
        && state.faultRng.generateDouble() < state.options.malformedJsonRate)
    {
        response.body.truncate(qMax<qsizetype>(1, response.body.size() / 2));
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
