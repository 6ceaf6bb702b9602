#include "core/harvest/harvestparsers.h"

#include "core/net/httputil.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonValue>

#include <chrono>

namespace Harvest
{

namespace
{
constexpr std::chrono::seconds kDefaultTokenLifetime { 3600 };

Net::Error malformed(const QString &what)
{
    return Net::Error::make(Net::Error::Kind::MalformedResponse, serviceName(), 0, what);
}

QString str(const QJsonObject &object, QLatin1String key)
{
    const QJsonValue value = object.value(key);
    if (value.isString())
    {
        return value.toString();
    }
    if (value.isDouble())
    {
        return QString::number(value.toInteger());
    }
    return {};
}

qint64 toId(const QJsonValue &value)
{
    if (value.isDouble())
    {
        return value.toInteger();
    }
    if (value.isString())
    {
        return value.toString().toLongLong();
    }
    return 0;
}

qint64 id(const QJsonObject &object, QLatin1String key)
{
    return toId(object.value(key));
}

std::optional<qint64> optId(const QJsonObject &object, QLatin1String key)
{
    const QJsonValue value = object.value(key);
    if (value.isDouble() || (value.isString() && !value.toString().isEmpty()))
    {
        return toId(value);
    }
    return std::nullopt;
}

bool flag(const QJsonObject &object, QLatin1String key, bool fallback = false)
{
    const QJsonValue value = object.value(key);
    return value.isBool() ? value.toBool() : fallback;
}

QDateTime date(const QJsonObject &object, QLatin1String key)
{
    return Net::parseDateTime(object.value(key).toString());
}

// Arrays may be [] or null.
QJsonArray array(const QJsonObject &object, QLatin1String key)
{
    return object.value(key).toArray();
}

QList<qint64> ids(const QJsonObject &object, QLatin1String key)
{
    QList<qint64> result;
    const QJsonArray values = array(object, key);
    for (const QJsonValue &value : values)
    {
        if (value.isDouble() || value.isString())
        {
            result.append(toId(value));
        }
    }
    return result;
}

QList<TypedValue> typedValues(const QJsonObject &object, QLatin1String key)
{
    QList<TypedValue> result;
    const QJsonArray values = array(object, key);
    for (const QJsonValue &value : values)
    {
        const QJsonObject item = value.toObject();
        if (!item.isEmpty())
        {
            result.append({ str(item, QLatin1String("value")), str(item, QLatin1String("type")) });
        }
    }
    return result;
}

QStringList strings(const QJsonObject &object, QLatin1String key)
{
    QStringList result;
    const QJsonArray values = array(object, key);
    for (const QJsonValue &value : values)
    {
        if (value.isString())
        {
            result.append(value.toString());
        }
        else if (value.isObject())
        {
            const QString text = value.toObject().value(QLatin1String("value")).toString();
            if (!text.isEmpty())
            {
                result.append(text);
            }
        }
    }
    return result;
}

// Custom field values come as {"name","type","value"}; value may be a string, an option
// object {"name": ..} or a list of them.
QString customFieldText(const QJsonValue &field)
{
    const QJsonValue value = field.isObject() ? field.toObject().value(QLatin1String("value")) : field;
    if (value.isString())
    {
        return value.toString();
    }
    if (value.isDouble())
    {
        return QString::number(value.toDouble());
    }
    if (value.isObject())
    {
        const QJsonObject option = value.toObject();
        return option.contains(QLatin1String("name")) ? option.value(QLatin1String("name")).toString()
                                                      : option.value(QLatin1String("value")).toString();
    }
    if (value.isArray())
    {
        QStringList parts;
        const QJsonArray items = value.toArray();
        for (const QJsonValue &item : items)
        {
            const QString text = customFieldText(item.isObject() ? QJsonValue(item.toObject()) : item);
            if (!text.isEmpty())
            {
                parts.append(text);
            }
        }
        return parts.join(QStringLiteral(", "));
    }
    return {};
}

template <typename T, typename F> Net::Result<QList<T>> parseTyped(const QByteArray &body, F parseOne)
{
    Net::Result<QList<QJsonObject>> page = parseListPage(body);
    if (!page.ok())
    {
        return page.error();
    }
    QList<T> result;
    result.reserve(page.value().size());
    for (const QJsonObject &object : page.value())
    {
        result.append(parseOne(object));
    }
    return result;
}

void putOpt(QJsonObject &object, QLatin1String key, const std::optional<qint64> &value)
{
    if (value)
    {
        object.insert(key, *value);
    }
}

QJsonArray typedArray(const QList<TypedValue> &values)
{
    QJsonArray array;
    for (const TypedValue &value : values)
    {
        array.append(QJsonObject { { QStringLiteral("value"), value.value }, { QStringLiteral("type"), value.type } });
    }
    return array;
}
} // namespace

Net::Result<Token> parseTokenResponse(const QByteArray &body, const QDateTime &nowUtc)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
    {
        return malformed(QStringLiteral("token response is not a JSON object"));
    }
    const QJsonObject object = document.object();
    Token token;
    token.accessToken = object.value(QLatin1String("access_token")).toString().toUtf8();
    if (token.accessToken.isEmpty())
    {
        return malformed(QStringLiteral("token response without access_token"));
    }
    const QString tokenType = object.value(QLatin1String("token_type")).toString();
    if (!tokenType.isEmpty() && tokenType.compare(QLatin1String("bearer"), Qt::CaseInsensitive) != 0)
    {
        return malformed(QStringLiteral("unexpected token_type"));
    }

    const QDateTime expiresAt = Net::parseDateTime(object.value(QLatin1String("expires_at")).toString());
    const QJsonValue expiresIn = object.value(QLatin1String("expires_in"));
    if (expiresAt.isValid())
    {
        token.expiresAt = expiresAt;
    }
    else if (expiresIn.isDouble() || (expiresIn.isString() && expiresIn.toString().toLongLong() > 0))
    {
        const qint64 seconds = expiresIn.isDouble() ? expiresIn.toInteger() : expiresIn.toString().toLongLong();
        token.expiresAt = nowUtc.addSecs(std::max<qint64>(0, seconds));
    }
    else
    {
        token.expiresAt = nowUtc.addSecs(kDefaultTokenLifetime.count());
    }
    return token;
}

Net::Error classifyTokenFailure(int status, const QByteArray &body)
{
    using Net::Error;
    Error error = Error::make(Error::Kind::Auth, serviceName(), status);
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    const QString code = object.value(QLatin1String("error")).toString();
    const QString message = object.value(QLatin1String("message")).toString();

    if (status == 429)
    {
        error.kind = Error::Kind::RateLimited;
        return error;
    }
    if (status >= 500)
    {
        error.kind = Error::Kind::Server;
        return error;
    }
    if (code == QLatin1String("invalid_client") || code == QLatin1String("unauthorized_client"))
    {
        error.authProblem = Error::AuthProblem::WrongClientCredentials;
    }
    else if (message.contains(QLatin1String("client_id"), Qt::CaseInsensitive)
        && message.contains(QLatin1String("suffix"), Qt::CaseInsensitive))
    {
        // The message echoes the client id: keep it out of `detail` (it gets logged).
        error.authProblem = Error::AuthProblem::MalformedClientId;
    }
    else if (status == 401 && code.isEmpty())
    {
        error.authProblem = Error::AuthProblem::WrongClientCredentials;
    }
    else
    {
        error.authProblem = Error::AuthProblem::TokenRequestRejected;
        // Only messages that cannot echo an id: the grant_type and sub complaints.
        if (!message.contains(QLatin1String("client_id"), Qt::CaseInsensitive))
        {
            error.detail = !code.isEmpty() ? code : message.left(200);
        }
    }
    return error;
}

QStringList parseErrorMessages(const QByteArray &body)
{
    QStringList messages;
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    const QJsonArray errors = object.value(QLatin1String("errors")).toArray();
    for (const QJsonValue &value : errors)
    {
        if (value.isString())
        {
            messages.append(value.toString());
        }
        else if (value.isObject())
        {
            const QJsonObject item = value.toObject();
            // v1 style {"message","field"} still seen in examples.
            if (item.contains(QLatin1String("message")) && item.value(QLatin1String("message")).isString())
            {
                const QString field = item.value(QLatin1String("field")).toString();
                const QString text = item.value(QLatin1String("message")).toString();
                messages.append(field.isEmpty() ? text : field + QStringLiteral(": ") + text);
                continue;
            }
            for (auto it = item.begin(); it != item.end(); ++it)
            {
                const QString text = it.value().isString()
                    ? it.value().toString()
                    : QString::fromUtf8(QJsonDocument(QJsonArray { it.value() }).toJson(QJsonDocument::Compact));
                messages.append(it.key() + QStringLiteral(": ") + text);
            }
        }
    }
    return messages;
}

Net::Error classifyApiError(int status, const QByteArray &body)
{
    using Net::Error;
    Error error = Error::make(Error::Kind::Server, serviceName(), status);
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    error.detail = object.value(QLatin1String("message")).toString().left(300);
    if (status == 401)
    {
        error.kind = Error::Kind::Auth;
        error.authProblem = Error::AuthProblem::TokenRejected;
    }
    else if (status == 403)
    {
        error.kind = Error::Kind::Forbidden;
    }
    else if (status == 404)
    {
        error.kind = Error::Kind::NotFound;
    }
    else if (status == 429)
    {
        error.kind = Error::Kind::RateLimited;
    }
    else if (status >= 400 && status < 500)
    {
        error.kind = Error::Kind::Validation;
        error.fieldMessages = parseErrorMessages(body);
        if (error.fieldMessages.isEmpty() && error.detail.isEmpty())
        {
            error.detail = QStringLiteral("HTTP %1").arg(status);
        }
    }
    else if (status >= 500)
    {
        error.kind = Error::Kind::Server;
        error.detail.clear(); // may be a proxy's HTML page
    }
    else
    {
        error.kind = Error::Kind::MalformedResponse;
        error.detail = QStringLiteral("unexpected HTTP %1").arg(status);
    }
    return error;
}

Net::Result<Introspection> parseIntrospection(const QByteArray &body)
{
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (!document.isObject())
    {
        return malformed(QStringLiteral("introspection response is not a JSON object"));
    }
    const QJsonObject object = document.object();
    Introspection result;
    result.active = flag(object, QLatin1String("active"));
    result.actingUserId = str(object, QLatin1String("sub"));
    const QJsonValue scope = object.value(QLatin1String("scope"));
    if (scope.isString())
    {
        result.scopes = scope.toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    }
    else if (scope.isArray())
    {
        const QJsonArray scopes = scope.toArray();
        for (const QJsonValue &value : scopes)
        {
            result.scopes.append(value.toString());
        }
    }
    const QJsonObject claims = object.value(QLatin1String("https://auth.greenhouse.io/claims")).toObject();
    const QJsonObject organization = claims.value(QLatin1String("organization")).toObject();
    result.organizationId = str(organization, QLatin1String("id"));
    result.organizationName = str(organization, QLatin1String("name"));
    result.userRole = str(claims, QLatin1String("user_role"));
    return result;
}

QString dateRangeFilter(const QDateTime &from, const QDateTime &to)
{
    QStringList parts;
    if (from.isValid())
    {
        parts << QStringLiteral("gte") << Net::formatUtc(from);
    }
    if (to.isValid())
    {
        parts << QStringLiteral("lte") << Net::formatUtc(to);
    }
    return parts.join(QLatin1Char('|'));
}

Net::Result<QList<QJsonObject>> parseListPage(const QJsonDocument &document)
{
    if (document.isNull() && !document.isArray())
    {
        return QList<QJsonObject> {};
    }
    if (!document.isArray())
    {
        return malformed(QStringLiteral("list response is not a JSON array"));
    }
    QList<QJsonObject> result;
    const QJsonArray items = document.array();
    result.reserve(items.size());
    for (const QJsonValue &item : items)
    {
        if (!item.isObject())
        {
            return malformed(QStringLiteral("list item is not an object"));
        }
        result.append(item.toObject());
    }
    return result;
}

Net::Result<QList<QJsonObject>> parseListPage(const QByteArray &body)
{
    const QByteArray trimmed = body.trimmed();
    if (trimmed == "null")
    {
        return QList<QJsonObject> {};
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(trimmed, &parseError);
    if (parseError.error != QJsonParseError::NoError)
    {
        return malformed(QStringLiteral("invalid JSON: %1").arg(parseError.errorString()));
    }
    return parseListPage(document);
}

Job parseJob(const QJsonObject &o)
{
    Job job;
    job.id = id(o, QLatin1String("id"));
    job.name = str(o, QLatin1String("name"));
    job.requisitionId = str(o, QLatin1String("requisition_id"));
    job.notes = str(o, QLatin1String("notes"));
    job.confidential = flag(o, QLatin1String("confidential"));
    job.status = str(o, QLatin1String("status"));
    job.openedAt = date(o, QLatin1String("opened_at"));
    job.closedAt = date(o, QLatin1String("closed_at"));
    job.isTemplate = flag(o, QLatin1String("is_template"));
    job.departmentId = optId(o, QLatin1String("department_id"));
    job.officeIds = ids(o, QLatin1String("office_ids"));
    job.customFields = o.value(QLatin1String("custom_fields")).toObject();
    job.employmentType = customFieldText(job.customFields.value(QLatin1String("employment_type")));
    job.createdAt = date(o, QLatin1String("created_at"));
    job.updatedAt = date(o, QLatin1String("updated_at"));
    return job;
}

JobPost parseJobPost(const QJsonObject &o)
{
    JobPost post;
    post.id = id(o, QLatin1String("id"));
    post.jobId = id(o, QLatin1String("job_id"));
    post.jobBoardId = optId(o, QLatin1String("job_board_id"));
    post.title = str(o, QLatin1String("title"));
    post.content = str(o, QLatin1String("content"));
    post.internalContent = str(o, QLatin1String("internal_content"));
    post.internal = flag(o, QLatin1String("internal"));
    post.live = flag(o, QLatin1String("live"));
    post.active = flag(o, QLatin1String("active"), true);
    post.featured = flag(o, QLatin1String("featured"));
    post.firstPublishedAt = date(o, QLatin1String("first_published_at"));
    post.language = str(o, QLatin1String("language"));
    post.publicUrl = str(o, QLatin1String("public_url"));
    post.createdAt = date(o, QLatin1String("created_at"));
    post.updatedAt = date(o, QLatin1String("updated_at"));
    return post;
}

JobPostLocation parseJobPostLocation(const QJsonObject &o)
{
    JobPostLocation location;
    location.id = id(o, QLatin1String("id"));
    location.jobPostId = id(o, QLatin1String("job_post_id"));
    location.type = str(o, QLatin1String("type"));
    location.plainTextLocation = str(o, QLatin1String("plain_text_location"));
    location.officeId = optId(o, QLatin1String("office_id"));
    location.customLocationId = optId(o, QLatin1String("custom_location_id"));
    return location;
}

Department parseDepartment(const QJsonObject &o)
{
    Department department;
    department.id = id(o, QLatin1String("id"));
    department.name = str(o, QLatin1String("name"));
    department.parentId = optId(o, QLatin1String("parent_id"));
    department.externalId = str(o, QLatin1String("external_id"));
    department.updatedAt = date(o, QLatin1String("updated_at"));
    return department;
}

Office parseOffice(const QJsonObject &o)
{
    Office office;
    office.id = id(o, QLatin1String("id"));
    office.name = str(o, QLatin1String("name"));
    office.parentId = optId(o, QLatin1String("parent_id"));
    office.externalId = str(o, QLatin1String("external_id"));
    const QJsonValue location = o.value(QLatin1String("location"));
    office.location
        = location.isObject() ? location.toObject().value(QLatin1String("name")).toString() : location.toString();
    office.updatedAt = date(o, QLatin1String("updated_at"));
    return office;
}

Opening parseOpening(const QJsonObject &o)
{
    Opening opening;
    opening.id = id(o, QLatin1String("id"));
    opening.jobId = id(o, QLatin1String("job_id"));
    opening.openingId = str(o, QLatin1String("opening_id"));
    opening.open = flag(o, QLatin1String("open"));
    opening.openedAt = date(o, QLatin1String("opened_at"));
    opening.closedAt = date(o, QLatin1String("closed_at"));
    opening.closeReasonId = optId(o, QLatin1String("close_reason_id"));
    opening.applicationId = optId(o, QLatin1String("application_id"));
    return opening;
}

User parseUser(const QJsonObject &o)
{
    User user;
    user.id = id(o, QLatin1String("id"));
    user.firstName = str(o, QLatin1String("first_name"));
    user.lastName = str(o, QLatin1String("last_name"));
    user.name = str(o, QLatin1String("name"));
    user.primaryEmail = str(o, QLatin1String("primary_email"));
    user.emails = strings(o, QLatin1String("emails"));
    user.jobTitle = str(o, QLatin1String("job_title"));
    user.deactivated = flag(o, QLatin1String("deactivated"));
    user.siteAdmin = flag(o, QLatin1String("site_admin"));
    return user;
}

Source parseSource(const QJsonObject &o)
{
    Source source;
    source.id = id(o, QLatin1String("id"));
    source.name = str(o, QLatin1String("name"));
    const QJsonObject type = o.value(QLatin1String("type")).toObject();
    source.typeId = optId(type, QLatin1String("id"));
    source.typeName = str(type, QLatin1String("name"));
    return source;
}

JobInterviewStage parseJobInterviewStage(const QJsonObject &o)
{
    JobInterviewStage stage;
    stage.id = id(o, QLatin1String("id"));
    stage.jobId = id(o, QLatin1String("job_id"));
    stage.name = str(o, QLatin1String("name"));
    stage.sortOrder = int(o.value(QLatin1String("sort_order")).toInteger());
    stage.active = flag(o, QLatin1String("active"), true);
    return stage;
}

Candidate parseCandidate(const QJsonObject &o)
{
    Candidate candidate;
    candidate.id = id(o, QLatin1String("id"));
    candidate.firstName = str(o, QLatin1String("first_name"));
    candidate.lastName = str(o, QLatin1String("last_name"));
    candidate.preferredName = str(o, QLatin1String("preferred_name"));
    candidate.company = str(o, QLatin1String("company"));
    candidate.title = str(o, QLatin1String("title"));
    candidate.emailAddresses = typedValues(o, QLatin1String("email_addresses"));
    candidate.phoneNumbers = typedValues(o, QLatin1String("phone_numbers"));
    candidate.addresses = typedValues(o, QLatin1String("addresses"));
    candidate.websiteAddresses = typedValues(o, QLatin1String("website_addresses"));
    candidate.socialMediaAddresses = strings(o, QLatin1String("social_media_addresses"));
    candidate.tags = strings(o, QLatin1String("tags"));
    candidate.applicationIds = ids(o, QLatin1String("application_ids"));
    candidate.createdAt = date(o, QLatin1String("created_at"));
    candidate.updatedAt = date(o, QLatin1String("updated_at"));
    return candidate;
}

Application parseApplication(const QJsonObject &o)
{
    Application application;
    application.id = id(o, QLatin1String("id"));
    application.candidateId = id(o, QLatin1String("candidate_id"));
    application.jobId = optId(o, QLatin1String("job_id"));
    application.prospect = flag(o, QLatin1String("prospect"));
    application.status = str(o, QLatin1String("status"));
    application.stageId = optId(o, QLatin1String("stage_id"));
    if (!application.stageId)
    {
        application.stageId = optId(o, QLatin1String("job_interview_stage_id"));
    }
    application.stageName = str(o, QLatin1String("stage_name"));
    application.sourceId = optId(o, QLatin1String("source_id"));
    application.createdAt = date(o, QLatin1String("created_at"));
    application.updatedAt = date(o, QLatin1String("updated_at"));
    return application;
}

Attachment parseAttachment(const QJsonObject &o)
{
    Attachment attachment;
    attachment.id = id(o, QLatin1String("id"));
    attachment.applicationId = optId(o, QLatin1String("application_id"));
    attachment.candidateId = optId(o, QLatin1String("candidate_id"));
    attachment.type = str(o, QLatin1String("type"));
    attachment.filename = str(o, QLatin1String("filename"));
    attachment.url = str(o, QLatin1String("url"));
    return attachment;
}

Net::Result<QList<Job>> parseJobs(const QByteArray &body)
{
    return parseTyped<Job>(body, parseJob);
}

Net::Result<QList<Candidate>> parseCandidates(const QByteArray &body)
{
    return parseTyped<Candidate>(body, parseCandidate);
}

Net::Result<QList<Application>> parseApplications(const QByteArray &body)
{
    return parseTyped<Application>(body, parseApplication);
}

Net::Result<QJsonObject> parseObject(const QByteArray &body)
{
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (!document.isObject())
    {
        return malformed(QStringLiteral("response is not a JSON object"));
    }
    return document.object();
}

Net::Result<CreatedCandidate> parseCandidateCreateResponse(const QByteArray &body)
{
    Net::Result<QJsonObject> parsed = parseObject(body);
    if (!parsed.ok())
    {
        return parsed.error();
    }
    const QJsonObject object = parsed.value();
    CreatedCandidate result;
    if (object.value(QLatin1String("candidate")).isObject())
    {
        result.candidate = parseCandidate(object.value(QLatin1String("candidate")).toObject());
        const QJsonObject application = object.value(QLatin1String("application")).toObject();
        if (!application.isEmpty())
        {
            result.application = parseApplication(application);
        }
    }
    else
    {
        result.candidate = parseCandidate(object);
        // Some shapes embed the applications created with the candidate.
        const QJsonValue embedded = object.value(QLatin1String("application"));
        const QJsonArray applications = object.value(QLatin1String("applications")).toArray();
        if (embedded.isObject())
        {
            result.application = parseApplication(embedded.toObject());
        }
        else if (!applications.isEmpty() && applications.first().isObject())
        {
            result.application = parseApplication(applications.first().toObject());
        }
    }
    if (result.candidate.id <= 0)
    {
        return malformed(QStringLiteral("candidate create response without an id"));
    }
    if (result.application && result.application->id <= 0)
    {
        result.application.reset();
    }
    if (result.application && result.application->candidateId == 0)
    {
        result.application->candidateId = result.candidate.id;
    }
    return result;
}

QByteArray candidateCreateBody(const NewCandidate &c)
{
    QJsonObject object {
        { QStringLiteral("first_name"), c.firstName },
        { QStringLiteral("last_name"), c.lastName },
    };
    if (!c.company.isEmpty())
    {
        object.insert(QLatin1String("company"), c.company);
    }
    if (!c.title.isEmpty())
    {
        object.insert(QLatin1String("title"), c.title);
    }
    if (!c.emailAddresses.isEmpty())
    {
        object.insert(QLatin1String("email_addresses"), typedArray(c.emailAddresses));
    }
    if (!c.phoneNumbers.isEmpty())
    {
        object.insert(QLatin1String("phone_numbers"), typedArray(c.phoneNumbers));
    }
    if (!c.addresses.isEmpty())
    {
        object.insert(QLatin1String("addresses"), typedArray(c.addresses));
    }
    if (!c.websiteAddresses.isEmpty())
    {
        object.insert(QLatin1String("website_addresses"), typedArray(c.websiteAddresses));
    }
    if (!c.socialMediaAddresses.isEmpty())
    {
        QJsonArray social;
        for (const QString &value : c.socialMediaAddresses)
        {
            social.append(QJsonObject { { QStringLiteral("value"), value } });
        }
        object.insert(QLatin1String("social_media_addresses"), social);
    }
    if (!c.tags.isEmpty())
    {
        object.insert(QLatin1String("tags"), QJsonArray::fromStringList(c.tags));
    }
    if (c.application)
    {
        QJsonObject application { { QStringLiteral("job_id"), c.application->jobId } };
        putOpt(application, QLatin1String("source_id"), c.application->sourceId);
        putOpt(application, QLatin1String("recruiter_id"), c.application->recruiterId);
        putOpt(application, QLatin1String("coordinator_id"), c.application->coordinatorId);
        putOpt(application, QLatin1String("initial_stage_id"), c.application->initialStageId);
        object.insert(QLatin1String("application"), application);
    }
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray applicationCreateBody(const NewApplication &a)
{
    QJsonObject object {
        { QStringLiteral("candidate_id"), a.candidateId },
        { QStringLiteral("job_id"), a.jobId },
    };
    putOpt(object, QLatin1String("initial_stage_id"), a.initialStageId);
    putOpt(object, QLatin1String("source_id"), a.sourceId);
    putOpt(object, QLatin1String("referrer_id"), a.referrerId);
    putOpt(object, QLatin1String("recruiter_id"), a.recruiterId);
    putOpt(object, QLatin1String("coordinator_id"), a.coordinatorId);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray attachmentCreateBody(const NewAttachment &a)
{
    QJsonObject object {
        { QStringLiteral("application_id"), a.applicationId },
        { QStringLiteral("filename"), a.filename },
        { QStringLiteral("type"), a.type },
        { QStringLiteral("content"), QString::fromLatin1(a.content.toBase64()) },
    };
    if (!a.visibility.isEmpty())
    {
        object.insert(QLatin1String("visibility"), a.visibility);
    }
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace Harvest
