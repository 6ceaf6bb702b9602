#include "core/platform/platformclient.h"

#include "core/logging.h"
#include "core/net/httputil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace Platform
{

namespace
{
const QByteArray kJson = QByteArrayLiteral("application/json");

Net::Error malformed(const QString &what)
{
    return Net::Error::make(Net::Error::Kind::MalformedResponse, serviceName(), 0, what);
}

QString str(const QJsonObject &object, QLatin1String key)
{
    const QJsonValue value = object.value(key);
    if (value.isDouble())
    {
        return QString::number(value.toInteger());
    }
    return value.toString();
}

Net::SessionConfig withService(Net::SessionConfig config)
{
    config.service = serviceName();
    return config;
}
} // namespace

QJsonObject JobPayload::toJson() const
{
    return QJsonObject {
        { QStringLiteral("source"), QStringLiteral("greenhouse") },
        { QStringLiteral("source_job_id"), sourceJobId },
        { QStringLiteral("requisition_id"), requisitionId.isEmpty() ? QJsonValue() : QJsonValue(requisitionId) },
        { QStringLiteral("title"), title },
        { QStringLiteral("status"), status },
        { QStringLiteral("department"), department.isEmpty() ? QJsonValue() : QJsonValue(department) },
        { QStringLiteral("offices"), QJsonArray::fromStringList(offices) },
        { QStringLiteral("employment_type"), employmentType.isEmpty() ? QJsonValue() : QJsonValue(employmentType) },
        { QStringLiteral("openings"), openings },
        { QStringLiteral("description_html"), descriptionHtml },
        { QStringLiteral("apply_url"), applyUrl.isEmpty() ? QJsonValue() : QJsonValue(applyUrl) },
        { QStringLiteral("updated_at"), updatedAt.isValid() ? QJsonValue(Net::formatUtc(updatedAt)) : QJsonValue() },
    };
}

QJsonObject Ack::toJson() const
{
    if (outcome == Outcome::Imported)
    {
        return QJsonObject {
            { QStringLiteral("outcome"), QStringLiteral("imported") },
            { QStringLiteral("ats_candidate_id"), atsCandidateId },
            { QStringLiteral("ats_application_id"), atsApplicationId },
        };
    }
    return QJsonObject {
        { QStringLiteral("outcome"), QStringLiteral("rejected") },
        { QStringLiteral("reason"), reason },
    };
}

Net::Result<ListPage> parseListPage(const QByteArray &body)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
    {
        return malformed(QStringLiteral("list response is not a JSON object"));
    }
    const QJsonObject object = document.object();
    const QJsonValue data = object.value(QLatin1String("data"));
    if (!data.isArray() && !data.isNull() && !data.isUndefined())
    {
        return malformed(QStringLiteral("list response without a data array"));
    }
    ListPage page;
    const QJsonArray items = data.toArray();
    for (const QJsonValue &item : items)
    {
        if (!item.isObject())
        {
            return malformed(QStringLiteral("list item is not an object"));
        }
        page.items.append(item.toObject());
    }
    page.nextCursor = object.value(QLatin1String("next_cursor")).toString();
    return page;
}

Net::Result<Account> parseAccount(const QByteArray &body)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    Account account { str(object, QLatin1String("account_id")), str(object, QLatin1String("name")) };
    if (account.accountId.isEmpty())
    {
        return malformed(QStringLiteral("account without account_id"));
    }
    return account;
}

std::optional<Applicant> parseApplicant(const QJsonObject &o)
{
    Applicant applicant;
    applicant.id = str(o, QLatin1String("id"));
    applicant.sourceJobId = str(o, QLatin1String("source_job_id"));
    if (applicant.id.isEmpty() || applicant.sourceJobId.isEmpty())
    {
        return std::nullopt;
    }
    applicant.firstName = str(o, QLatin1String("first_name"));
    applicant.lastName = str(o, QLatin1String("last_name"));
    applicant.email = str(o, QLatin1String("email"));
    applicant.phone = str(o, QLatin1String("phone"));
    applicant.location = str(o, QLatin1String("location"));
    applicant.linkedinUrl = str(o, QLatin1String("linkedin_url"));
    applicant.appliedAt = Net::parseDateTime(str(o, QLatin1String("applied_at")));
    applicant.channel = str(o, QLatin1String("channel"));
    applicant.campaign = str(o, QLatin1String("campaign"));
    const QJsonObject consent = o.value(QLatin1String("consent")).toObject();
    applicant.consentGiven = consent.value(QLatin1String("given")).toBool();
    applicant.consentAt = Net::parseDateTime(consent.value(QLatin1String("at")).toString());
    const QJsonObject resume = o.value(QLatin1String("resume")).toObject();
    if (!resume.isEmpty())
    {
        applicant.resume = ResumeRef { str(resume, QLatin1String("filename")),
            str(resume, QLatin1String("content_type")), QUrl(str(resume, QLatin1String("url"))) };
    }
    const QJsonArray answers = o.value(QLatin1String("answers")).toArray();
    for (const QJsonValue &value : answers)
    {
        const QJsonObject answer = value.toObject();
        if (!answer.isEmpty())
        {
            applicant.answers.append({ str(answer, QLatin1String("question")), str(answer, QLatin1String("answer")) });
        }
    }
    return applicant;
}

Net::Error classifyError(int status, const QByteArray &body)
{
    using Net::Error;
    const QJsonObject error = QJsonDocument::fromJson(body).object().value(QLatin1String("error")).toObject();
    const QString code = error.value(QLatin1String("code")).toString();
    const QString message = error.value(QLatin1String("message")).toString().left(300);
    Error result = Error::make(Error::Kind::Server, serviceName(), status, message);
    if (status == 401)
    {
        result.kind = Error::Kind::Auth;
        result.authProblem = Error::AuthProblem::BadPlatformToken;
    }
    else if (status == 403)
    {
        result.kind = Error::Kind::Forbidden;
    }
    else if (status == 404)
    {
        result.kind = Error::Kind::NotFound;
    }
    else if (status == 429)
    {
        result.kind = Error::Kind::RateLimited;
    }
    else if (status >= 400 && status < 500)
    {
        result.kind = Error::Kind::Validation;
        if (!message.isEmpty())
        {
            result.fieldMessages = { code.isEmpty() ? message : code + QStringLiteral(": ") + message };
        }
    }
    else if (status < 200 || (status >= 300 && status < 400))
    {
        result.kind = Error::Kind::MalformedResponse;
        result.detail = QStringLiteral("unexpected HTTP %1").arg(status);
    }
    return result;
}

PlatformClient::PlatformClient(
    const ClientConfig &config, std::shared_ptr<Net::RateLimiter> limiter, std::shared_ptr<Net::Clock> clock)
    : m_config(config)
    , m_limiter(limiter
              ? std::move(limiter)
              : std::make_shared<Net::RateLimiter>(serviceName(), clock ? clock : Net::SystemClock::instance()))
    , m_session(withService(config.session), m_limiter, clock)
{
}

std::optional<Net::Error> PlatformClient::checkUrl(const QUrl &url) const
{
    if (!url.isValid() || url.host().isEmpty())
    {
        return Net::Error::make(Net::Error::Kind::NotFound, serviceName(), 0, QStringLiteral("invalid base URL"));
    }
    if (url.scheme() == QLatin1String("https")
        || (url.scheme() == QLatin1String("http") && Net::isLoopbackHost(url.host())))
    {
        return std::nullopt;
    }
    return Net::Error::make(Net::Error::Kind::InsecureUrl, serviceName());
}

QUrl PlatformClient::endpoint(const QByteArray &encodedPath, const QByteArray &encodedQuery) const
{
    QByteArray url = m_config.baseUrl.toEncoded(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::StripTrailingSlash);
    url += encodedPath;
    if (!encodedQuery.isEmpty())
    {
        url += '?' + encodedQuery;
    }
    return QUrl::fromEncoded(url, QUrl::StrictMode);
}

Net::Result<Net::Response> PlatformClient::call(Net::Request request, std::stop_token stop) const
{
    if (const auto bad = checkUrl(m_config.baseUrl))
    {
        return *bad;
    }
    if (const auto bad = checkUrl(request.url))
    {
        return *bad;
    }
    request.headers.append({ QByteArrayLiteral("Accept"), kJson });
    // The bearer token belongs to the platform's own origin only.
    if (Net::sameOrigin(request.url, m_config.baseUrl))
    {
        request.authorization = QByteArrayLiteral("Bearer ") + m_config.token.toUtf8();
    }
    Net::Result<Net::Response> result = m_session.send(request, stop);
    if (!result.ok())
    {
        return result;
    }
    if (!result->isSuccess())
    {
        Net::Error error = classifyError(result->status, result->body);
        if (result->status >= 500 && !request.retryable)
        {
            error.outcomeUnknown = true;
        }
        qCWarning(lcPlatform) << request.method << request.url.path() << "failed: HTTP" << result->status
                              << error.kindName();
        return error;
    }
    return result;
}

Net::Result<Account> PlatformClient::me(std::stop_token stop) const
{
    Net::Request request;
    request.url = endpoint("/v1/me");
    request.retryable = true;
    Net::Result<Net::Response> response = call(request, stop);
    if (!response.ok())
    {
        return response.error();
    }
    return parseAccount(response->body);
}

Net::Result<PutJobResult> PlatformClient::putJob(const JobPayload &job, std::stop_token stop) const
{
    Net::Request request;
    request.method = QByteArrayLiteral("PUT");
    request.url = endpoint("/v1/jobs/" + QUrl::toPercentEncoding(job.sourceJobId));
    request.headers = { { QByteArrayLiteral("Content-Type"), kJson } };
    request.body = QJsonDocument(job.toJson()).toJson(QJsonDocument::Compact);
    request.retryable = true; // PUT replaces: idempotent by contract
    Net::Result<Net::Response> response = call(request, stop);
    if (!response.ok())
    {
        return response.error();
    }
    PutJobResult result;
    result.created = response->status == 201;
    result.stored = QJsonDocument::fromJson(response->body).object();
    qCDebug(lcPlatform) << "job" << job.sourceJobId << (result.created ? "created" : "replaced");
    return result;
}

Net::Result<QList<QJsonObject>> PlatformClient::listAll(
    const QByteArray &path, const QList<std::pair<QString, QString>> &filters, std::stop_token stop) const
{
    const int limit = std::clamp(m_config.pageLimit, 1, 200);
    Net::QueryBuilder first;
    for (const auto &[key, value] : filters)
    {
        first.add(key, value);
    }
    first.add(QStringLiteral("limit"), limit);
    QUrl url = endpoint(path, first.encoded());

    QList<QJsonObject> items;
    QSet<QString> seenCursors;
    QSet<QString> seenIds;
    for (;;)
    {
        Net::Request request;
        request.url = url;
        request.retryable = true;
        Net::Result<Net::Response> response = call(request, stop);
        if (!response.ok())
        {
            return response.error();
        }
        Net::Result<ListPage> page = parseListPage(response->body);
        if (!page.ok())
        {
            return page.error();
        }
        bool anyNew = page->items.isEmpty();
        for (const QJsonObject &item : page->items)
        {
            const QString id = str(item, QLatin1String("id")) + str(item, QLatin1String("source_job_id"));
            if (!seenIds.contains(id))
            {
                anyNew = true;
                seenIds.insert(id);
            }
        }
        if (!anyNew || (!page->nextCursor.isEmpty() && seenCursors.contains(page->nextCursor)))
        {
            return Net::Error::make(Net::Error::Kind::PaginationNotAdvancing, serviceName());
        }
        items.append(page->items);
        if (page->nextCursor.isEmpty())
        {
            break;
        }
        seenCursors.insert(page->nextCursor);
        // With a cursor only limit may travel along (contract).
        Net::QueryBuilder next;
        next.add(QStringLiteral("limit"), limit).add(QStringLiteral("cursor"), page->nextCursor);
        url = endpoint(path, next.encoded());
    }
    return items;
}

Net::Result<QList<QJsonObject>> PlatformClient::jobs(std::stop_token stop) const
{
    return listAll("/v1/jobs", {}, stop);
}

Net::Result<QList<Applicant>> PlatformClient::pendingApplicants(std::stop_token stop, int *skipped) const
{
    Net::Result<QList<QJsonObject>> objects
        = listAll("/v1/applicants", { { QStringLiteral("status"), QStringLiteral("pending") } }, stop);
    if (!objects.ok())
    {
        return objects.error();
    }
    QList<Applicant> result;
    int bad = 0;
    for (const QJsonObject &object : objects.value())
    {
        if (std::optional<Applicant> applicant = parseApplicant(object))
        {
            result.append(*applicant);
        }
        else
        {
            ++bad;
        }
    }
    if (bad > 0)
    {
        qCWarning(lcPlatform) << bad << "pending applicants without id or job id skipped";
    }
    if (skipped)
    {
        *skipped = bad;
    }
    return result;
}

Net::Result<QByteArray> PlatformClient::downloadResume(const QUrl &url, std::stop_token stop) const
{
    Net::Request request;
    request.url = url.isRelative() ? m_config.baseUrl.resolved(url) : url;
    request.retryable = true;
    request.maxBodyBytes = m_config.maxResumeBytes;
    Net::Result<Net::Response> response = call(request, stop);
    if (!response.ok())
    {
        return response.error();
    }
    qCDebug(lcPlatform) << "resume downloaded," << response->body.size() << "bytes";
    return response->body;
}

Net::Status PlatformClient::ack(const QString &applicantId, const Ack &ack, std::stop_token stop) const
{
    Net::Request request;
    request.method = QByteArrayLiteral("POST");
    request.url = endpoint("/v1/applicants/" + QUrl::toPercentEncoding(applicantId) + "/ack");
    request.headers = { { QByteArrayLiteral("Content-Type"), kJson } };
    request.body = QJsonDocument(ack.toJson()).toJson(QJsonDocument::Compact);
    Net::Result<Net::Response> response = call(request, stop);
    if (!response.ok())
    {
        return response.error();
    }
    qCDebug(lcPlatform) << "applicant" << applicantId << "acknowledged";
    return Net::success();
}

} // namespace Platform
