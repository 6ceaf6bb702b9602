#include "core/harvest/harvestclient.h"

#include "core/logging.h"
#include "core/net/httputil.h"

#include <QSet>
#include <QTimeZone>

namespace Harvest
{

namespace
{
// Reference §6: ids and parent-id lists take at most 50 values.
constexpr int kMaxIdsPerRequest = 50;

const QByteArray kJson = QByteArrayLiteral("application/json");

QString joinIds(const QList<qint64> &ids)
{
    QStringList parts;
    parts.reserve(ids.size());
    for (qint64 id : ids)
    {
        parts.append(QString::number(id));
    }
    return parts.join(QLatin1Char(','));
}

bool urlAllowed(const QUrl &url)
{
    return url.isValid()
        && (url.scheme() == QLatin1String("https")
            || (url.scheme() == QLatin1String("http") && Net::isLoopbackHost(url.host())));
}

Net::SessionConfig withService(Net::SessionConfig config)
{
    config.service = serviceName();
    return config;
}
} // namespace

SharedState SharedState::create(std::shared_ptr<Net::Clock> clock)
{
    if (!clock)
    {
        clock = Net::SystemClock::instance();
    }
    SharedState state;
    state.clock = clock;
    state.apiLimiter = std::make_shared<Net::RateLimiter>(QStringLiteral("Greenhouse API"), clock);
    state.authLimiter = std::make_shared<Net::RateLimiter>(QStringLiteral("Greenhouse auth"), clock);
    state.tokens = std::make_shared<TokenCache>();
    return state;
}

HarvestClient::HarvestClient(const ClientConfig &config, SharedState shared)
    : m_config(config)
    , m_shared(std::move(shared))
    , m_api(withService(config.session), m_shared.apiLimiter, m_shared.clock)
    , m_auth(withService(config.session), m_shared.authLimiter, m_shared.clock)
{
    if (!m_shared.clock)
    {
        m_shared.clock = Net::SystemClock::instance();
    }
    if (!m_shared.tokens)
    {
        m_shared.tokens = std::make_shared<TokenCache>();
    }
    m_tokenKey = TokenCache::makeKey(m_config.tokenUrl.toString(), m_config.clientId, m_config.clientSecret,
        m_config.actingUserId ? QString::number(*m_config.actingUserId) : QString());
}

QDateTime HarvestClient::nowUtc() const
{
    const auto since = std::chrono::duration_cast<std::chrono::milliseconds>(m_shared.clock->now().time_since_epoch());
    return QDateTime::fromMSecsSinceEpoch(since.count(), QTimeZone::utc());
}

std::optional<Net::Error> HarvestClient::checkUrls() const
{
    for (const QUrl &url : { m_config.baseUrl, m_config.tokenUrl })
    {
        if (!urlAllowed(url))
        {
            return Net::Error::make(Net::Error::Kind::InsecureUrl, serviceName());
        }
    }
    return std::nullopt;
}

QByteArray HarvestClient::basicAuthorization() const
{
    return QByteArrayLiteral("Basic ")
        + (m_config.clientId + QLatin1Char(':') + m_config.clientSecret).toUtf8().toBase64();
}

QUrl HarvestClient::resourceUrl(const QString &resource) const
{
    QUrl url = m_config.baseUrl;
    QString path = url.path();
    if (!path.endsWith(QLatin1Char('/')))
    {
        path += QLatin1Char('/');
    }
    url.setPath(path + resource);
    url.setQuery(QString());
    return url;
}

QString HarvestClient::scopeFor(const QByteArray &method, const QString &resource)
{
    const QString name = resource.section(QLatin1Char('/'), 0, 0);
    const QString action = method == "GET" ? QStringLiteral("list")
        : method == "POST"                 ? QStringLiteral("create")
        : method == "DELETE"               ? QStringLiteral("destroy")
                                           : QStringLiteral("update");
    return QStringLiteral("harvest:%1:%2").arg(name, action);
}

Net::Result<Token> HarvestClient::mintToken(std::stop_token stop) const
{
    if (const auto insecure = checkUrls())
    {
        return *insecure;
    }
    Net::QueryBuilder form;
    form.add(QStringLiteral("grant_type"), QStringLiteral("client_credentials"));
    if (m_config.actingUserId)
    {
        form.add(QStringLiteral("sub"), *m_config.actingUserId);
    }

    Net::Request request;
    request.method = QByteArrayLiteral("POST");
    request.url = m_config.tokenUrl;
    request.authorization = basicAuthorization();
    request.headers = { { QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/x-www-form-urlencoded") },
        { QByteArrayLiteral("Accept"), kJson } };
    request.body = form.encoded();
    // Minting has no side effect, so unlike other POSTs it may be repeated.
    request.retryable = true;

    const QDateTime issuedAt = nowUtc();
    Net::Result<Net::Response> result = m_auth.send(request, stop);
    if (!result.ok())
    {
        return result.error();
    }
    const Net::Response &response = result.value();
    if (!response.isSuccess())
    {
        Net::Error error = classifyTokenFailure(response.status, response.body);
        if (m_config.actingUserId && error.kind == Net::Error::Kind::Auth
            && error.authProblem == Net::Error::AuthProblem::WrongClientCredentials)
        {
            // How the token endpoint refuses an unknown `sub` is unknown (reference §9 [L]); if it
            // answers invalid_client, that looks like a wrong secret. Ask once without `sub`: if that
            // is granted, the secret is fine and the acting user is what was refused.
            Net::Request probe = request;
            Net::QueryBuilder bare;
            bare.add(QStringLiteral("grant_type"), QStringLiteral("client_credentials"));
            probe.body = bare.encoded();
            const Net::Result<Net::Response> without = m_auth.send(probe, stop);
            if (without.ok() && without->isSuccess())
            {
                error.authProblem = Net::Error::AuthProblem::TokenRequestRejected;
                error.detail = QStringLiteral("acting user (sub) refused");
            }
        }
        qCWarning(lcHarvest) << "token request failed: HTTP" << response.status << error.kindName();
        return error;
    }
    Net::Result<Token> token = parseTokenResponse(response.body, issuedAt);
    if (token.ok())
    {
        m_shared.tokens->store(m_tokenKey, token.value(), issuedAt);
        qCInfo(lcHarvest) << "access token minted; valid until" << token->expiresAt.toString(Qt::ISODate);
    }
    return token;
}

Net::Result<Token> HarvestClient::accessToken(std::stop_token stop) const
{
    if (const std::optional<Token> cached = m_shared.tokens->find(m_tokenKey, nowUtc()))
    {
        return *cached;
    }
    return mintToken(stop);
}

Net::Result<Introspection> HarvestClient::introspect(std::stop_token stop) const
{
    Net::Result<Token> token = accessToken(stop);
    if (!token.ok())
    {
        return token.error();
    }
    if (!urlAllowed(m_config.introspectUrl))
    {
        return Net::Error::make(Net::Error::Kind::InsecureUrl, serviceName());
    }
    Net::QueryBuilder form;
    form.add(QStringLiteral("token"), QString::fromLatin1(token->accessToken));
    form.add(QStringLiteral("token_type_hint"), QStringLiteral("access_token"));

    Net::Request request;
    request.method = QByteArrayLiteral("POST");
    request.url = m_config.introspectUrl;
    request.authorization = basicAuthorization();
    request.headers = { { QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/x-www-form-urlencoded") },
        { QByteArrayLiteral("Accept"), kJson } };
    request.body = form.encoded();
    request.retryable = true; // read-only

    Net::Result<Net::Response> result = m_auth.send(request, stop);
    if (!result.ok())
    {
        return result.error();
    }
    if (!result->isSuccess())
    {
        return classifyTokenFailure(result->status, result->body);
    }
    return parseIntrospection(result->body);
}

Net::Error HarvestClient::classifyForbidden(const QString &scope, const QByteArray &body, std::stop_token stop) const
{
    // A 403 means a missing scope or an acting user without rights; introspection tells which.
    Net::Error error = classifyApiError(403, body);
    Net::Result<Introspection> info = introspect(stop);
    if (info.ok() && !info->scopes.isEmpty() && !info->scopes.contains(scope))
    {
        error.kind = Net::Error::Kind::MissingScope;
        error.scope = scope;
    }
    else if (info.ok())
    {
        error.kind = Net::Error::Kind::ForbiddenUser;
        error.scope = scope;
    }
    qCWarning(lcHarvest) << "403 for" << scope << "->" << error.kindName();
    return error;
}

Net::Result<Net::Response> HarvestClient::call(
    const QByteArray &method, const QUrl &url, const QString &scope, const QByteArray &body, std::stop_token stop) const
{
    if (const auto insecure = checkUrls())
    {
        return *insecure;
    }
    Net::Request request;
    request.method = method;
    request.url = url;
    request.body = body;
    request.headers = { { QByteArrayLiteral("Accept"), kJson } };
    if (!body.isEmpty())
    {
        request.headers.append({ QByteArrayLiteral("Content-Type"), kJson });
    }
    request.retryable = method == "GET";

    bool reminted = false;
    for (;;)
    {
        Net::Result<Token> token = reminted ? mintToken(stop) : accessToken(stop);
        if (!token.ok())
        {
            return token.error();
        }
        request.authorization = QByteArrayLiteral("Bearer ") + token->accessToken;
        Net::Result<Net::Response> result = m_api.send(request, stop);
        if (!result.ok())
        {
            return result.error();
        }
        const int status = result->status;
        if (status == 401 && !reminted)
        {
            // Expired or revoked early: one fresh token, then the same request again.
            qCInfo(lcHarvest) << "401 from" << url.path() << "- minting a new token and retrying once";
            m_shared.tokens->invalidate(m_tokenKey, token->accessToken);
            reminted = true;
            continue;
        }
        if (result->isSuccess())
        {
            return result;
        }
        if (status == 403)
        {
            return classifyForbidden(scope, result->body, stop);
        }
        Net::Error error = classifyApiError(status, result->body);
        if (status >= 500 && method != "GET")
        {
            error.outcomeUnknown = true;
        }
        qCWarning(lcHarvest) << method << url.path() << "failed: HTTP" << status << error.kindName();
        return error;
    }
}

Net::Result<QList<QJsonObject>> HarvestClient::list(
    const QString &resource, const ListOptions &options, std::stop_token stop) const
{
    // Filters and per_page go on the first request only; the cursor carries them after.
    Net::QueryBuilder query;
    for (const auto &[key, value] : options.filters)
    {
        query.add(key, value);
    }
    if (options.updatedFrom.isValid() || options.updatedTo.isValid())
    {
        query.add(QStringLiteral("updated_at"), dateRangeFilter(options.updatedFrom, options.updatedTo));
    }
    const int perPage = options.perPage > 0 ? options.perPage : m_config.perPage;
    if (perPage > 0)
    {
        query.add(QStringLiteral("per_page"), std::clamp(perPage, 1, 500));
    }
    const QString scope = scopeFor("GET", resource);
    QUrl url = query.applyTo(resourceUrl(resource));

    QList<QJsonObject> items;
    QSet<QByteArray> seenUrls;
    QSet<qint64> seenIds;
    int page = 0;
    for (;;)
    {
        const QByteArray key = url.toEncoded();
        if (seenUrls.contains(key))
        {
            qCWarning(lcHarvest) << resource << "next link repeats a page already fetched; stopping";
            return Net::Error::make(Net::Error::Kind::PaginationNotAdvancing, serviceName());
        }
        seenUrls.insert(key);

        Net::Result<Net::Response> response = call("GET", url, scope, {}, stop);
        if (!response.ok())
        {
            Net::Error error = response.error();
            if (page > 0 && error.kind == Net::Error::Kind::Validation)
            {
                // Past the first page the request is Greenhouse's own next link: nothing of ours
                // to correct, only its cursor to be refused (invalid or expired).
                error.kind = Net::Error::Kind::CursorRejected;
                qCWarning(lcHarvest) << resource << "page" << page + 1 << "cursor refused: HTTP" << error.httpStatus;
            }
            return error;
        }
        Net::Result<QList<QJsonObject>> parsed = parseListPage(response->body);
        if (!parsed.ok())
        {
            return parsed.error();
        }
        const QList<QJsonObject> &pageItems = parsed.value();
        bool anyNew = pageItems.isEmpty();
        for (const QJsonObject &item : pageItems)
        {
            const qint64 id = item.value(QLatin1String("id")).toInteger();
            if (!seenIds.contains(id))
            {
                anyNew = true;
                seenIds.insert(id);
            }
        }
        if (!anyNew)
        {
            qCWarning(lcHarvest) << resource << "page" << page + 1 << "repeats items already received; stopping";
            return Net::Error::make(Net::Error::Kind::PaginationNotAdvancing, serviceName());
        }
        items.append(pageItems);
        ++page;
        qCDebug(lcHarvest) << resource << "page" << page << "items" << pageItems.size();
        if (options.onPage)
        {
            options.onPage(page, int(pageItems.size()));
        }

        const QByteArray next = Net::nextLinkTarget(response->header("Link"));
        if (next.isEmpty())
        {
            break;
        }
        // Followed exactly as received: no re-encoding, nothing added.
        QUrl nextUrl = QUrl::fromEncoded(next, QUrl::StrictMode);
        if (nextUrl.isValid() && nextUrl.isRelative())
        {
            nextUrl = url.resolved(nextUrl);
        }
        if (!nextUrl.isValid() || !Net::sameOrigin(nextUrl, m_config.baseUrl))
        {
            // Our bearer token goes with it, so it must stay on Harvest's host.
            return Net::Error::make(Net::Error::Kind::MalformedResponse, serviceName(), response->status,
                QStringLiteral("unusable next link"));
        }
        url = nextUrl;
    }
    qCInfo(lcHarvest) << resource << "listed" << items.size() << "items in" << page << "pages";
    return items;
}

template <typename T>
Net::Result<QList<T>> HarvestClient::listTyped(
    const QString &resource, const ListOptions &options, T (*parse)(const QJsonObject &), std::stop_token stop) const
{
    Net::Result<QList<QJsonObject>> objects = list(resource, options, stop);
    if (!objects.ok())
    {
        return objects.error();
    }
    QList<T> result;
    result.reserve(objects->size());
    for (const QJsonObject &object : objects.value())
    {
        result.append(parse(object));
    }
    return result;
}

Net::Result<QList<Job>> HarvestClient::jobs(const ListOptions &options, std::stop_token stop) const
{
    return listTyped<Job>(QStringLiteral("jobs"), options, &parseJob, stop);
}

Net::Result<QList<JobPost>> HarvestClient::jobPosts(const ListOptions &options, std::stop_token stop) const
{
    return listTyped<JobPost>(QStringLiteral("job_posts"), options, &parseJobPost, stop);
}

Net::Result<QList<JobPostLocation>> HarvestClient::jobPostLocations(
    const QList<qint64> &jobPostIds, std::stop_token stop) const
{
    QList<JobPostLocation> result;
    for (qsizetype i = 0; i < jobPostIds.size(); i += kMaxIdsPerRequest)
    {
        ListOptions options;
        options.filter(QStringLiteral("job_post_ids"), joinIds(jobPostIds.mid(i, kMaxIdsPerRequest)));
        auto chunk
            = listTyped<JobPostLocation>(QStringLiteral("job_post_locations"), options, &parseJobPostLocation, stop);
        if (!chunk.ok())
        {
            return chunk.error();
        }
        result.append(chunk.value());
    }
    return result;
}

Net::Result<QList<Department>> HarvestClient::departments(std::stop_token stop) const
{
    return listTyped<Department>(QStringLiteral("departments"), {}, &parseDepartment, stop);
}

Net::Result<QList<Office>> HarvestClient::offices(std::stop_token stop) const
{
    return listTyped<Office>(QStringLiteral("offices"), {}, &parseOffice, stop);
}

Net::Result<QList<Opening>> HarvestClient::openings(const ListOptions &options, std::stop_token stop) const
{
    return listTyped<Opening>(QStringLiteral("openings"), options, &parseOpening, stop);
}

Net::Result<QList<User>> HarvestClient::users(const ListOptions &options, std::stop_token stop) const
{
    return listTyped<User>(QStringLiteral("users"), options, &parseUser, stop);
}

Net::Result<QList<Source>> HarvestClient::sources(std::stop_token stop) const
{
    return listTyped<Source>(QStringLiteral("sources"), {}, &parseSource, stop);
}

Net::Result<QList<JobInterviewStage>> HarvestClient::jobInterviewStages(
    const QList<qint64> &jobIds, std::stop_token stop) const
{
    QList<JobInterviewStage> result;
    for (qsizetype i = 0; i < jobIds.size(); i += kMaxIdsPerRequest)
    {
        ListOptions options;
        options.filter(QStringLiteral("job_ids"), joinIds(jobIds.mid(i, kMaxIdsPerRequest)));
        auto chunk = listTyped<JobInterviewStage>(
            QStringLiteral("job_interview_stages"), options, &parseJobInterviewStage, stop);
        if (!chunk.ok())
        {
            return chunk.error();
        }
        result.append(chunk.value());
    }
    return result;
}

Net::Result<QList<Candidate>> HarvestClient::candidatesByEmail(const QString &email, std::stop_token stop) const
{
    ListOptions options;
    options.filter(QStringLiteral("email"), email.trimmed());
    return listTyped<Candidate>(QStringLiteral("candidates"), options, &parseCandidate, stop);
}

Net::Result<QList<Application>> HarvestClient::applications(
    qint64 candidateId, std::optional<qint64> jobId, std::stop_token stop) const
{
    ListOptions options;
    options.filter(QStringLiteral("candidate_ids"), QString::number(candidateId));
    if (jobId)
    {
        options.filter(QStringLiteral("job_ids"), QString::number(*jobId));
    }
    return listTyped<Application>(QStringLiteral("applications"), options, &parseApplication, stop);
}

Net::Result<QJsonObject> HarvestClient::create(
    const QString &resource, const QByteArray &body, std::stop_token stop) const
{
    Net::Result<Net::Response> response = call("POST", resourceUrl(resource), scopeFor("POST", resource), body, stop);
    if (!response.ok())
    {
        return response.error();
    }
    return parseObject(response->body);
}

Net::Result<CreatedCandidate> HarvestClient::createCandidate(
    const NewCandidate &candidate, std::stop_token stop, ApplicationLookup lookup) const
{
    const QString resource = QStringLiteral("candidates");
    Net::Result<Net::Response> response
        = call("POST", resourceUrl(resource), scopeFor("POST", resource), candidateCreateBody(candidate), stop);
    if (!response.ok())
    {
        return response.error();
    }
    Net::Result<CreatedCandidate> created = parseCandidateCreateResponse(response->body);
    if (!created.ok() || created->application || !candidate.application || lookup == ApplicationLookup::Caller)
    {
        return created;
    }

    // The flat shape does not say which application was made: look it up.
    CreatedCandidate result = created.value();
    result.applicationLookedUp = true;
    Net::Result<QList<Application>> found = applications(result.candidate.id, candidate.application->jobId, stop);
    if (found.ok() && !found->isEmpty())
    {
        result.application = found->first();
    }
    else if (!found.ok())
    {
        qCWarning(lcHarvest) << "candidate" << result.candidate.id
                             << "created; application lookup failed:" << found.error().kindName();
    }
    qCInfo(lcHarvest) << "candidate" << result.candidate.id << "created"
                      << (result.application ? result.application->id : 0);
    return result;
}

Net::Result<Application> HarvestClient::createApplication(const NewApplication &application, std::stop_token stop) const
{
    Net::Result<QJsonObject> object = create(QStringLiteral("applications"), applicationCreateBody(application), stop);
    if (!object.ok())
    {
        return object.error();
    }
    Application created = parseApplication(object.value());
    if (created.id <= 0)
    {
        return Net::Error::make(Net::Error::Kind::MalformedResponse, serviceName(), 0,
            QStringLiteral("application create response without an id"));
    }
    return created;
}

Net::Result<Attachment> HarvestClient::createAttachment(const NewAttachment &attachment, std::stop_token stop) const
{
    Net::Result<QJsonObject> object = create(QStringLiteral("attachments"), attachmentCreateBody(attachment), stop);
    if (!object.ok())
    {
        return object.error();
    }
    Attachment created = parseAttachment(object.value());
    if (!created.applicationId)
    {
        created.applicationId = attachment.applicationId;
    }
    return created;
}

} // namespace Harvest
