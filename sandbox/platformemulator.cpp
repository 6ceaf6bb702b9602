#include "sandbox/platformemulator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace Sandbox
{

namespace
{
constexpr int kDefaultLimit = 50;
constexpr int kMaxLimit = 200;

HttpResponse platformError(int status, const QString &code, const QString &text)
{
    return jsonResponse(status,
        QJsonObject { { QStringLiteral("error"),
            QJsonObject { { QStringLiteral("code"), code }, { QStringLiteral("message"), text } } } });
}

struct Paging
{
    int limit = kDefaultLimit;
    QJsonObject cursor; // empty on the first page
    HttpResponse error;
    bool ok = true;
};

// limit and cursor; a cursor travels alone (besides limit) and must belong to this list.
Paging parsePaging(const HttpRequest &request, const QString &list)
{
    Paging paging;
    const auto fail = [&paging](const QString &text)
    {
        paging.ok = false;
        paging.error = platformError(400, QStringLiteral("invalid_request"), text);
        return paging;
    };
    if (queryHas(request.query, QStringLiteral("limit")))
    {
        bool ok = false;
        paging.limit = queryValue(request.query, QStringLiteral("limit")).toInt(&ok);
        if (!ok || paging.limit < 1 || paging.limit > kMaxLimit)
        {
            return fail(QStringLiteral("limit must be between 1 and %1").arg(kMaxLimit));
        }
    }
    if (queryHas(request.query, QStringLiteral("cursor")))
    {
        for (const auto &item : request.query)
        {
            if (item.first != QLatin1String("cursor") && item.first != QLatin1String("limit"))
            {
                return fail(QStringLiteral("a cursor must be the only parameter besides limit"));
            }
        }
        const QByteArray raw = QByteArray::fromBase64(
            queryValue(request.query, QStringLiteral("cursor")).toLatin1(), QByteArray::Base64UrlEncoding);
        paging.cursor = QJsonDocument::fromJson(raw).object();
        if (paging.cursor.value(QStringLiteral("list")).toString() != list)
        {
            return fail(QStringLiteral("the cursor is invalid"));
        }
    }
    return paging;
}

QString encodeCursor(const QJsonObject &cursor)
{
    return QString::fromLatin1(base64Url(QJsonDocument(cursor).toJson(QJsonDocument::Compact)));
}

} // namespace

PlatformEmulator::PlatformEmulator(State &state) : m_state(state) { }

HttpResponse PlatformEmulator::handle(const HttpRequest &request)
{
    const QByteArray presented
        = request.authorization.startsWith("Bearer ") ? request.authorization.mid(7).trimmed() : QByteArray();
    HttpResponse limits;
    if (!consumeRate(m_state.platformWindows, QString::fromLatin1(presented), m_state.options.platformRateLimit,
            m_state.options.platformWindowSeconds, limits, false))
    {
        HttpResponse response = platformError(429, QStringLiteral("rate_limited"), QStringLiteral("Too many requests"));
        response.headers += limits.headers;
        return response;
    }
    if (drawFault(m_state, limits, true))
    {
        return limits;
    }
    if (presented.isEmpty() || QString::fromLatin1(presented) != m_state.credentials.platformToken)
    {
        return platformError(401, QStringLiteral("unauthorized"), QStringLiteral("The token is missing or not valid"));
    }

    static const QRegularExpression jobPath(QStringLiteral("^/v1/jobs/([^/]+)$"));
    static const QRegularExpression applicantPath(QStringLiteral("^/v1/applicants/([^/]+)/(resume|ack)$"));
    const QRegularExpressionMatch job = jobPath.match(request.path);
    const QRegularExpressionMatch applicant = applicantPath.match(request.path);
    HttpResponse response;
    if (request.path == QLatin1String("/v1/me") && request.method == "GET")
    {
        response = jsonResponse(200,
            QJsonObject { { QStringLiteral("account_id"), QStringLiteral("acct_sandbox") },
                { QStringLiteral("name"), QStringLiteral("SmartDreamers Sandbox") } });
    }
    else if (job.hasMatch() && request.method == "PUT")
    {
        response = putJob(job.captured(1), request);
    }
    else if (request.path == QLatin1String("/v1/jobs") && request.method == "GET")
    {
        response = listJobs(request);
        truncateJson(m_state, response, true);
    }
    else if (request.path == QLatin1String("/v1/applicants") && request.method == "GET")
    {
        response = listApplicants(request);
        truncateJson(m_state, response, true);
    }
    else if (applicant.hasMatch() && applicant.captured(2) == QLatin1String("resume") && request.method == "GET")
    {
        response = resume(applicant.captured(1));
    }
    else if (applicant.hasMatch() && applicant.captured(2) == QLatin1String("ack") && request.method == "POST")
    {
        response = ack(applicant.captured(1), request);
    }
    else
    {
        response = platformError(404, QStringLiteral("not_found"), QStringLiteral("No such resource"));
    }
    return response;
}

QJsonObject PlatformEmulator::publicApplicant(const QJsonObject &stored) const
{
    QJsonObject applicant = stored;
    applicant.remove(QStringLiteral("status"));
    applicant.remove(QStringLiteral("ack"));
    if (applicant.value(QStringLiteral("resume")).isObject())
    {
        QJsonObject resume = applicant.value(QStringLiteral("resume")).toObject();
        QUrl url = m_state.platformBase;
        url.setPath(QStringLiteral("/v1/applicants/%1/resume").arg(stored.value(QStringLiteral("id")).toString()));
        resume.insert(QStringLiteral("url"), url.toString());
        applicant.insert(QStringLiteral("resume"), resume);
    }
    return applicant;
}

HttpResponse PlatformEmulator::putJob(const QString &sourceJobId, const HttpRequest &request)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
    {
        return platformError(400, QStringLiteral("invalid_json"), QStringLiteral("The body is not a JSON object"));
    }
    const QJsonObject job = document.object();
    QStringList problems;
    if (job.value(QStringLiteral("source")).toString() != QLatin1String("greenhouse"))
    {
        problems << QStringLiteral("source must be \"greenhouse\"");
    }
    if (job.value(QStringLiteral("source_job_id")).toString() != sourceJobId)
    {
        problems << QStringLiteral("source_job_id must be a string equal to the id in the path");
    }
    if (job.value(QStringLiteral("title")).toString().trimmed().isEmpty())
    {
        problems << QStringLiteral("title is required");
    }
    const QString status = job.value(QStringLiteral("status")).toString();
    if (status != QLatin1String("open") && status != QLatin1String("closed"))
    {
        problems << QStringLiteral("status must be open or closed");
    }
    if (job.contains(QStringLiteral("offices")) && !job.value(QStringLiteral("offices")).isNull())
    {
        const QJsonValue offices = job.value(QStringLiteral("offices"));
        const QJsonArray array = offices.toArray();
        if (!offices.isArray()
            || std::any_of(array.begin(), array.end(), [](const QJsonValue &v) { return !v.isString(); }))
        {
            problems << QStringLiteral("offices must be an array of strings");
        }
    }
    if (job.contains(QStringLiteral("openings")) && !job.value(QStringLiteral("openings")).isNull()
        && (!job.value(QStringLiteral("openings")).isDouble() || job.value(QStringLiteral("openings")).toDouble() < 0))
    {
        problems << QStringLiteral("openings must be a non-negative integer");
    }
    for (const QString &key : { QStringLiteral("updated_at") })
    {
        const QString value = job.value(key).toString();
        if (job.contains(key) && !job.value(key).isNull()
            && (!value.endsWith(QLatin1Char('Z')) || !QDateTime::fromString(value, Qt::ISODateWithMs).isValid()))
        {
            problems << QStringLiteral("%1 must be ISO 8601 in UTC with a Z").arg(key);
        }
    }
    const QString apply = job.value(QStringLiteral("apply_url")).toString();
    if (job.contains(QStringLiteral("apply_url")) && !job.value(QStringLiteral("apply_url")).isNull()
        && !QUrl(apply, QUrl::StrictMode).isValid())
    {
        problems << QStringLiteral("apply_url must be a URL");
    }
    if (!problems.isEmpty())
    {
        return platformError(422, QStringLiteral("invalid_job"), problems.join(QStringLiteral("; ")));
    }
    const bool existed = m_state.platformJobs.contains(sourceJobId);
    QJsonObject stored = job;
    stored.insert(QStringLiteral("received_at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    m_state.platformJobs.insert(sourceJobId, stored);
    return jsonResponse(existed ? 200 : 201, stored);
}

HttpResponse PlatformEmulator::listJobs(const HttpRequest &request)
{
    const Paging paging = parsePaging(request, QStringLiteral("jobs"));
    if (!paging.ok)
    {
        return paging.error;
    }
    const QString after = paging.cursor.value(QStringLiteral("after")).toString();
    QJsonArray data;
    QString lastKey;
    bool more = false;
    for (auto it = m_state.platformJobs.cbegin(); it != m_state.platformJobs.cend(); ++it)
    {
        if (!after.isEmpty() && it.key() <= after)
        {
            continue;
        }
        if (data.size() == paging.limit)
        {
            more = true;
            break;
        }
        data.append(it.value());
        lastKey = it.key();
    }
    const QString nextAfter = m_state.options.stuckNextLink ? after : lastKey;
    return jsonResponse(200,
        QJsonObject { { QStringLiteral("data"), data },
            { QStringLiteral("next_cursor"),
                more ? QJsonValue(encodeCursor(
                    { { QStringLiteral("list"), QStringLiteral("jobs") }, { QStringLiteral("after"), nextAfter } }))
                     : QJsonValue() } });
}

HttpResponse PlatformEmulator::listApplicants(const HttpRequest &request)
{
    const Paging paging = parsePaging(request, QStringLiteral("applicants"));
    if (!paging.ok)
    {
        return paging.error;
    }
    QString status = paging.cursor.isEmpty() ? queryValue(request.query, QStringLiteral("status"))
                                             : paging.cursor.value(QStringLiteral("status")).toString();
    if (status.isEmpty())
    {
        status = QStringLiteral("pending");
    }
    if (status != QLatin1String("pending") && status != QLatin1String("acked") && status != QLatin1String("all"))
    {
        return platformError(
            400, QStringLiteral("invalid_request"), QStringLiteral("status must be pending, acked or all"));
    }
    // Positions in delivery order; applicants are only ever appended, so they stay stable.
    const int after = paging.cursor.value(QStringLiteral("after")).toInt(-1);
    QJsonArray data;
    int last = after;
    bool more = false;
    for (int i = after + 1; i < m_state.applicants.size(); ++i)
    {
        const QJsonObject &stored = m_state.applicants.at(i);
        if (status != QLatin1String("all") && stored.value(QStringLiteral("status")).toString() != status)
        {
            continue;
        }
        if (data.size() == paging.limit)
        {
            more = true;
            break;
        }
        data.append(publicApplicant(stored));
        last = i;
    }
    const int nextAfter = m_state.options.stuckNextLink ? after : last;
    return jsonResponse(200,
        QJsonObject { { QStringLiteral("data"), data },
            { QStringLiteral("next_cursor"),
                more ? QJsonValue(encodeCursor({ { QStringLiteral("list"), QStringLiteral("applicants") },
                    { QStringLiteral("status"), status }, { QStringLiteral("after"), nextAfter } }))
                     : QJsonValue() } });
}

HttpResponse PlatformEmulator::resume(const QString &applicantId)
{
    const auto it = m_state.resumes.constFind(applicantId);
    if (it == m_state.resumes.cend())
    {
        return platformError(404, QStringLiteral("not_found"), QStringLiteral("This applicant has no resume"));
    }
    HttpResponse response;
    response.body = it->bytes;
    if (it->servedSize > response.body.size())
    {
        // A large file without keeping it: the stored bytes, padded with spaces for this answer.
        response.body.append(QByteArray(it->servedSize - response.body.size(), ' '));
    }
    response.setHeader("Content-Type", it->contentType);
    return response;
}

HttpResponse PlatformEmulator::ack(const QString &applicantId, const HttpRequest &request)
{
    QJsonObject *applicant = nullptr;
    for (QJsonObject &stored : m_state.applicants)
    {
        if (stored.value(QStringLiteral("id")).toString() == applicantId)
        {
            applicant = &stored;
        }
    }
    if (!applicant)
    {
        return platformError(404, QStringLiteral("not_found"), QStringLiteral("No such applicant"));
    }
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    const QString outcome = body.value(QStringLiteral("outcome")).toString();
    if (outcome == QLatin1String("imported"))
    {
        if (body.value(QStringLiteral("ats_candidate_id")).toString().isEmpty())
        {
            return platformError(
                422, QStringLiteral("invalid_ack"), QStringLiteral("ats_candidate_id is required for imported"));
        }
    }
    else if (outcome == QLatin1String("rejected"))
    {
        if (body.value(QStringLiteral("reason")).toString().trimmed().isEmpty())
        {
            return platformError(422, QStringLiteral("invalid_ack"), QStringLiteral("reason is required for rejected"));
        }
    }
    else
    {
        return platformError(
            422, QStringLiteral("invalid_ack"), QStringLiteral("outcome must be imported or rejected"));
    }

    const QJsonObject previous = applicant->value(QStringLiteral("ack")).toObject();
    if (!previous.isEmpty() && previous.value(QStringLiteral("outcome")).toString() != outcome)
    {
        return platformError(
            409, QStringLiteral("conflict"), QStringLiteral("Already acknowledged with another outcome"));
    }
    if (previous.isEmpty())
    {
        QJsonObject recorded = body;
        recorded.insert(QStringLiteral("at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
        applicant->insert(QStringLiteral("ack"), recorded);
        applicant->insert(QStringLiteral("status"), QStringLiteral("acked"));
    }
    return jsonResponse(200,
        QJsonObject { { QStringLiteral("id"), applicantId }, { QStringLiteral("status"), QStringLiteral("acked") },
            { QStringLiteral("ack"), applicant->value(QStringLiteral("ack")) } });
}

} // namespace Sandbox
