#include "sandbox/harvestemulator.h"

#include "core/logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>
#include <optional>

namespace Sandbox
{

namespace
{
constexpr int kDefaultPerPage = 100;
constexpr int kMaxPerPage = 500;
constexpr int kMaxIds = 50;

const QString kMessage = QStringLiteral("message");
const QString kErrors = QStringLiteral("errors");

struct ListRoute
{
    const char *resource;
    const char *scope;
};

constexpr ListRoute kListRoutes[] = {
    { "jobs", "harvest:jobs:list" },
    { "job_posts", "harvest:job_posts:list" },
    { "job_post_locations", "harvest:job_post_locations:list" },
    { "departments", "harvest:departments:list" },
    { "offices", "harvest:offices:list" },
    { "openings", "harvest:openings:list" },
    { "custom_fields", "harvest:custom_fields:list" },
    { "users", "harvest:users:list" },
    { "sources", "harvest:sources:list" },
    { "job_interview_stages", "harvest:job_interview_stages:list" },
    { "candidates", "harvest:candidates:list" },
    { "applications", "harvest:applications:list" },
    { "attachments", "harvest:attachments:list" },
};

// Parent-id list filters ("job_ids=1,2") and the field each one matches.
struct IdListFilter
{
    const char *param;
    const char *field;
};
constexpr IdListFilter kIdListFilters[] = {
    { "job_ids", "job_id" },
    { "job_post_ids", "job_post_id" },
    { "candidate_ids", "candidate_id" },
    { "application_ids", "application_id" },
    { "source_ids", "source_id" },
    { "stage_ids", "stage_id" },
    { "office_ids", "office_ids" },
    { "department_ids", "department_ids" },
    { "job_board_ids", "job_board_id" },
};

constexpr const char *kBoolFilters[]
    = { "active", "live", "internal", "featured", "open", "deactivated", "confidential", "prospect", "private" };
constexpr const char *kDateFilters[] = { "created_at", "updated_at", "opened_at", "closed_at", "last_activity_at" };
constexpr const char *kStringFilters[] = { "requisition_id", "external_id", "field_type", "type", "stage_name" };
constexpr const char *kBlockedExtensions[]
    = { "exe", "bat", "cmd", "com", "msi", "scr", "vbs", "js", "jar", "dll", "sh", "ps1" };
constexpr const char *kAttachmentTypes[] = { "resume", "cover_letter", "take_home_test", "offer_packet", "offer_letter",
    "signed_offer_letter", "midfunnel_agreement", "automated_agreement", "form_attachment", "other" };

HttpResponse message(int status, const QString &text)
{
    return jsonResponse(status, QJsonObject { { kMessage, text } });
}

HttpResponse unprocessable(const QJsonArray &errors)
{
    return jsonResponse(
        422, QJsonObject { { kMessage, QStringLiteral("Unprocessable Content") }, { kErrors, errors } });
}

HttpResponse unprocessable(const QString &field, const QString &text)
{
    return unprocessable(QJsonArray { QJsonObject { { field, text } } });
}

HttpResponse unauthorized()
{
    return jsonResponse(401,
        QJsonObject { { kMessage, QStringLiteral("Unauthorized") },
            { kErrors,
                QJsonArray { QStringLiteral("Token could not be decoded. Please ensure your token is "
                                            "from a trusted source.") } } });
}

QString errorId(State &state)
{
    return QStringLiteral("err-%1").arg(state.tokenRng.generate(), 8, 16, QLatin1Char('0'));
}

QDateTime parseTimestamp(const QString &text)
{
    QDateTime at = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!at.isValid() || !text.contains(QLatin1Char('T')))
    {
        return {};
    }
    return at.toUTC();
}

// "gte|A|lte|B" into (operator, instant) pairs; nullopt when malformed.
std::optional<QList<QPair<QString, QDateTime>>> parseDateFilter(const QString &value)
{
    const QStringList parts = value.split(QLatin1Char('|'));
    if (parts.size() % 2 != 0 || parts.isEmpty())
    {
        return std::nullopt;
    }
    QList<QPair<QString, QDateTime>> result;
    for (qsizetype i = 0; i < parts.size(); i += 2)
    {
        const QString op = parts.at(i);
        const QDateTime at = parseTimestamp(parts.at(i + 1));
        if (!QStringList { QStringLiteral("gte"), QStringLiteral("lte"), QStringLiteral("gt"), QStringLiteral("lt") }
                 .contains(op)
            || !at.isValid())
        {
            return std::nullopt;
        }
        result.append({ op, at });
    }
    return result;
}

std::optional<QList<qint64>> parseIdList(const QString &value)
{
    QList<qint64> ids;
    for (const QString &part : value.split(QLatin1Char(','), Qt::SkipEmptyParts))
    {
        bool ok = false;
        const qint64 id = part.trimmed().toLongLong(&ok);
        if (!ok)
        {
            return std::nullopt;
        }
        ids.append(id);
    }
    return ids;
}

bool matchesIdList(const QJsonValue &field, const QList<qint64> &ids)
{
    if (field.isArray())
    {
        const QJsonArray values = field.toArray();
        return std::any_of(
            values.begin(), values.end(), [&ids](const QJsonValue &v) { return ids.contains(v.toInteger()); });
    }
    return !field.isNull() && ids.contains(field.toInteger());
}

QByteArray basicCredentials(const QByteArray &authorization)
{
    if (!authorization.startsWith("Basic "))
    {
        return {};
    }
    return QByteArray::fromBase64(authorization.mid(6).trimmed());
}

QString jsonTypeError(const QJsonObject &body, const QString &key, QJsonValue::Type type)
{
    return body.contains(key) && !body.value(key).isNull() && body.value(key).type() != type
        ? QStringLiteral("has the wrong type")
        : QString();
}

} // namespace

HarvestEmulator::HarvestEmulator(State &state) : m_state(state) { }

bool HarvestEmulator::isKnownListRoute(const QString &resource)
{
    return std::any_of(std::begin(kListRoutes), std::end(kListRoutes),
        [&resource](const ListRoute &r) { return resource == QLatin1String(r.resource); });
}

HttpResponse HarvestEmulator::handle(const HttpRequest &request)
{
    if (request.path == QLatin1String("/token"))
    {
        return handleToken(request);
    }
    if (request.path == QLatin1String("/introspect"))
    {
        return handleIntrospect(request);
    }

    // Every other answer carries the client's rate-limit headers, errors and 404s included.
    const Token *token = validToken(request);
    const QString clientKey = token ? token->clientId : QString();
    HttpResponse limits;
    const bool allowed = consumeRate(m_state.harvestWindows, clientKey, m_state.options.harvestRateLimit,
        m_state.options.harvestWindowSeconds, limits, true);
    HttpResponse response;
    if (!allowed)
    {
        response = message(429, QStringLiteral("Too Many Requests"));
    }
    else if (request.method == "GET" && m_state.redirects.contains(request.path))
    {
        response.status = 302;
        response.setHeader("Location", m_state.redirects.value(request.path).toEncoded());
    }
    else if (request.method == "GET" && !m_state.options.unavailableGetPrefix.isEmpty()
        && request.path.startsWith(QStringLiteral("/v3") + m_state.options.unavailableGetPrefix))
    {
        response = message(503, QStringLiteral("Service Unavailable"));
    }
    else if (!drawFault(m_state, limits, false))
    {
        response = handleV3(request, clientKey, token);
    }
    else
    {
        response = limits;
    }
    for (const auto &header : std::as_const(limits.headers))
    {
        response.setHeader(header.first, header.second);
    }
    response.drop = limits.drop;
    return response;
}

const Token *HarvestEmulator::validToken(const HttpRequest &request) const
{
    if (!request.authorization.startsWith("Bearer "))
    {
        return nullptr;
    }
    const QString value = QString::fromLatin1(request.authorization.mid(7).trimmed());
    const auto it = m_state.tokens.constFind(value);
    if (it == m_state.tokens.cend() || it->expiresAt <= QDateTime::currentDateTimeUtc())
    {
        return nullptr;
    }
    return &it.value();
}

bool HarvestEmulator::userIsSiteAdmin(qint64 userId) const
{
    for (const QJsonObject &user : m_state.resources.value(QStringLiteral("users")))
    {
        if (user.value(QStringLiteral("id")).toInteger() == userId)
        {
            return user.value(QStringLiteral("site_admin")).toBool()
                && !user.value(QStringLiteral("deactivated")).toBool();
        }
    }
    return false;
}

QString HarvestEmulator::issueToken(const QString &clientId, qint64 sub, const QDateTime &expiresAt)
{
    // Shaped like a JWT so a client that peeks at it sees the usual parts; the signature
    // is random and only this sandbox can validate it (by lookup).
    const QJsonObject header { { QStringLiteral("alg"), QStringLiteral("RS256") },
        { QStringLiteral("typ"), QStringLiteral("JWT") } };
    QJsonObject payload { { QStringLiteral("iss"), QStringLiteral("https://auth.greenhouse.io") },
        { QStringLiteral("client_id"), clientId }, { QStringLiteral("exp"), expiresAt.toSecsSinceEpoch() },
        { QStringLiteral("jti"), QString::number(m_state.tokenRng.generate64(), 16) } };
    if (sub)
    {
        payload.insert(QStringLiteral("sub"), QString::number(sub));
    }
    QByteArray signature(32, Qt::Uninitialized);
    for (char &c : signature)
    {
        c = char(m_state.tokenRng.bounded(256));
    }
    const QString token = QString::fromLatin1(base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
        + base64Url(QJsonDocument(payload).toJson(QJsonDocument::Compact)) + '.' + base64Url(signature));
    m_state.tokens.insert(token, Token { clientId, sub, expiresAt });
    return token;
}

HttpResponse HarvestEmulator::handleToken(const HttpRequest &request)
{
    const QByteArray basic = basicCredentials(request.authorization);
    const qsizetype colon = basic.indexOf(':');
    const QString clientId = colon < 0 ? QString() : QString::fromUtf8(basic.left(colon));
    const QString secret = colon < 0 ? QString() : QString::fromUtf8(basic.mid(colon + 1));

    HttpResponse limits;
    if (!consumeRate(m_state.tokenWindows, clientId, m_state.options.tokenRateLimit, 60, limits, true))
    {
        HttpResponse response = message(429, QStringLiteral("Too Many Requests"));
        response.headers += limits.headers;
        return response;
    }

    HttpResponse response;
    if (request.method != "POST")
    {
        response = message(404, QStringLiteral("Resource not found"));
    }
    else if (colon < 0)
    {
        response = jsonResponse(401,
            QJsonObject {
                { kMessage, QStringLiteral("Unauthorized") }, { QStringLiteral("errorId"), errorId(m_state) } });
    }
    else if (!QRegularExpression(QStringLiteral("-\\d+$")).match(clientId).hasMatch())
    {
        response = jsonResponse(400,
            QJsonObject { { kMessage,
                              QStringLiteral("client_id=%1 does not contain a valid "
                                             "client ID suffix")
                                  .arg(clientId) },
                { QStringLiteral("errorId"), errorId(m_state) } });
    }
    else if (clientId != m_state.credentials.clientId || secret != m_state.credentials.clientSecret)
    {
        response = jsonResponse(401, QJsonObject { { QStringLiteral("error"), QStringLiteral("invalid_client") } });
    }
    else
    {
        // The form body wins; the query string is accepted too (Greenhouse's PHP client).
        QList<QPair<QString, QString>> params = request.query;
        params += parseQuery(request.body);
        const QString grantType = queryValue(params, QStringLiteral("grant_type"));
        const QString sub = queryValue(params, QStringLiteral("sub"));
        const QStringList knownGrants { QStringLiteral("authorization_code"), QStringLiteral("refresh_token"),
            QStringLiteral("client_credentials"), QStringLiteral("urn:ietf:params:oauth:grant-type:token-exchange") };
        bool subOk = true;
        const qint64 subId = sub.toLongLong(&subOk);
        bool subKnown = false;
        for (const QJsonObject &user : m_state.resources.value(QStringLiteral("users")))
        {
            subKnown = subKnown
                || (user.value(QStringLiteral("id")).toInteger() == subId
                    && !user.value(QStringLiteral("deactivated")).toBool());
        }

        if (grantType.isEmpty())
        {
            response = message(400, QStringLiteral("Must include 'grant_type' parameter in the request"));
        }
        else if (!knownGrants.contains(grantType))
        {
            response = message(400,
                QStringLiteral("grant_type=%1 is invalid, please use one of: authorization_code, "
                               "refresh_token, client_credentials, "
                               "urn:ietf:params:oauth:grant-type:token-exchange")
                    .arg(grantType));
        }
        else if (grantType != QLatin1String("client_credentials"))
        {
            response
                = jsonResponse(400, QJsonObject { { QStringLiteral("error"), QStringLiteral("unauthorized_client") } });
        }
        else if (!sub.isEmpty() && (!subOk || !subKnown))
        {
            // How Greenhouse answers an unknown or deactivated sub is not documented (reference
            // §9, [L]); Options::unknownSub picks one of the plausible answers. Clients must not depend on it.
            const QString text = QStringLiteral("sub=%1 is not an active user of this organization").arg(sub);
            switch (m_state.options.unknownSub)
            {
            case UnknownSubAnswer::Message400:
                response = message(400, text);
                break;
            case UnknownSubAnswer::InvalidGrant400:
                response
                    = jsonResponse(400, QJsonObject { { QStringLiteral("error"), QStringLiteral("invalid_grant") } });
                break;
            case UnknownSubAnswer::InvalidClient401:
                response
                    = jsonResponse(401, QJsonObject { { QStringLiteral("error"), QStringLiteral("invalid_client") } });
                break;
            case UnknownSubAnswer::Forbidden403:
                response = message(403, text);
                break;
            }
        }
        else
        {
            const QDateTime expiresAt = QDateTime::currentDateTimeUtc().addSecs(m_state.options.tokenLifetimeSeconds);
            QJsonObject body { { QStringLiteral("access_token"),
                                   issueToken(clientId, sub.isEmpty() ? 0 : subId, expiresAt) },
                { QStringLiteral("token_type"), QStringLiteral("Bearer") } };
            const TokenBodyShape shape = m_state.options.tokenBodyShape;
            if (shape != TokenBodyShape::ExpiresInOnly)
            {
                body.insert(
                    QStringLiteral("expires_at"), expiresAt.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss+00:00")));
            }
            if (shape != TokenBodyShape::ExpiresAt)
            {
                body.insert(QStringLiteral("expires_in"), m_state.options.tokenLifetimeSeconds);
            }
            response = jsonResponse(200, body);
            qCDebug(lcSandbox) << "token issued, lifetime" << m_state.options.tokenLifetimeSeconds;
        }
    }
    for (const auto &header : std::as_const(limits.headers))
    {
        response.setHeader(header.first, header.second);
    }
    return response;
}

HttpResponse HarvestEmulator::handleIntrospect(const HttpRequest &request)
{
    const QByteArray basic = basicCredentials(request.authorization);
    const qsizetype colon = basic.indexOf(':');
    if (request.method != "POST")
    {
        return message(404, QStringLiteral("Resource not found"));
    }
    if (colon < 0)
    {
        return jsonResponse(401,
            QJsonObject {
                { kMessage, QStringLiteral("Unauthorized") }, { QStringLiteral("errorId"), errorId(m_state) } });
    }
    if (QString::fromUtf8(basic.left(colon)) != m_state.credentials.clientId
        || QString::fromUtf8(basic.mid(colon + 1)) != m_state.credentials.clientSecret)
    {
        return jsonResponse(401, QJsonObject { { QStringLiteral("error"), QStringLiteral("invalid_client") } });
    }
    const QString value = queryValue(parseQuery(request.body), QStringLiteral("token"));
    const auto it = m_state.tokens.constFind(value);
    if (value.isEmpty() || it == m_state.tokens.cend() || it->expiresAt <= QDateTime::currentDateTimeUtc())
    {
        return jsonResponse(200, QJsonObject { { QStringLiteral("active"), false } });
    }
    QString role = QStringLiteral("Basic");
    if (it->sub == 0)
    {
        role = QStringLiteral("Integration Service User");
    }
    else if (userIsSiteAdmin(it->sub))
    {
        role = QStringLiteral("Site Admin");
    }
    const QString isuId = QString::number(
        m_state.resources.value(QStringLiteral("users")).constLast().value(QStringLiteral("id")).toInteger());
    return jsonResponse(200,
        QJsonObject { { QStringLiteral("active"), true }, { QStringLiteral("client_id"), it->clientId },
            { QStringLiteral("sub"), it->sub ? QString::number(it->sub) : isuId },
            { QStringLiteral("scope"), m_state.grantedScopes.join(QLatin1Char(' ')) },
            { QStringLiteral("token_type"), QStringLiteral("Bearer") },
            { QStringLiteral("exp"), it->expiresAt.toSecsSinceEpoch() },
            { QStringLiteral("https://auth.greenhouse.io/claims"),
                QJsonObject { { QStringLiteral("organization"), m_state.organization },
                    { QStringLiteral("user_role"), role } } } });
}

HttpResponse HarvestEmulator::handleV3(const HttpRequest &request, const QString &clientKey, const Token *token)
{
    Q_UNUSED(clientKey)
    // v3 routes before it authenticates: an unknown path is a 404 even without a token.
    static const QRegularExpression route(QStringLiteral("^/v3/([a-z_]+)/?$"));
    const QRegularExpressionMatch match = route.match(request.path);
    const QString resource = match.captured(1);
    const bool isList = request.method == "GET" && isKnownListRoute(resource);
    const bool isCreate = request.method == "POST"
        && (resource == QLatin1String("candidates") || resource == QLatin1String("applications")
            || resource == QLatin1String("attachments"));
    if (!match.hasMatch() || (!isList && !isCreate))
    {
        return message(404, QStringLiteral("Resource not found"));
    }
    if (!token)
    {
        return unauthorized();
    }

    const QString scope = isList && resource == QLatin1String("job_post_locations")
        ? m_state.options.jobPostLocationsScope
        : QStringLiteral("harvest:%1:%2").arg(resource, isList ? QStringLiteral("list") : QStringLiteral("create"));
    if (!m_state.grantedScopes.contains(scope))
    {
        return message(403, QStringLiteral("Forbidden"));
    }
    if (isList)
    {
        // Every list needs a Site Admin; a token without sub acts as the ISU, which is not one.
        if (token->sub == 0 || !userIsSiteAdmin(token->sub))
        {
            return message(403, QStringLiteral("Forbidden"));
        }
        HttpResponse response = list(resource, request);
        truncateJson(m_state, response, false);
        return response;
    }

    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
    {
        return message(400, QStringLiteral("Bad Request"));
    }
    if (resource == QLatin1String("candidates"))
    {
        return createCandidate(document.object(), *token);
    }
    if (resource == QLatin1String("applications"))
    {
        return createApplication(document.object());
    }
    return createAttachment(document.object());
}

HttpResponse HarvestEmulator::list(const QString &resource, const HttpRequest &request)
{
    QJsonObject filters;
    int perPage = kDefaultPerPage;
    std::optional<qint64> lastId;

    if (queryHas(request.query, QStringLiteral("cursor")))
    {
        if (request.query.size() > 1)
        {
            return unprocessable(
                QJsonArray { QStringLiteral("When passing a cursor, do not include other query params.") });
        }
        const QByteArray raw = QByteArray::fromBase64(
            queryValue(request.query, QStringLiteral("cursor")).toLatin1(), QByteArray::Base64UrlEncoding);
        const QJsonObject cursor = QJsonDocument::fromJson(raw).object();
        if (cursor.value(QStringLiteral("resource")).toString() != resource
            || !cursor.value(QStringLiteral("filters")).isObject())
        {
            return unprocessable(QJsonArray { QStringLiteral("The cursor is invalid or has expired.") });
        }
        filters = cursor.value(QStringLiteral("filters")).toObject();
        perPage = cursor.value(QStringLiteral("per_page")).toInt(kDefaultPerPage);
        if (!cursor.value(QStringLiteral("last_id")).isNull())
        {
            lastId = cursor.value(QStringLiteral("last_id")).toInteger();
        }
    }
    else
    {
        for (const auto &[key, value] : request.query)
        {
            if (key == QLatin1String("per_page"))
            {
                bool ok = false;
                perPage = value.toInt(&ok);
                if (!ok)
                {
                    return unprocessable(QStringLiteral("per_page"), QStringLiteral("`%1` is not a number").arg(value));
                }
                if (perPage > kMaxPerPage)
                {
                    return unprocessable(QStringLiteral("per_page"),
                        QStringLiteral("`%1` number is greater than: %2").arg(perPage).arg(kMaxPerPage));
                }
                if (perPage < 1)
                {
                    return unprocessable(
                        QStringLiteral("per_page"), QStringLiteral("`%1` number is less than: 1").arg(perPage));
                }
                continue;
            }
            static const QRegularExpression bracket(QStringLiteral("^([a-z_]+)\\[(gte|lte|gt|lt)\\]$"));
            const QRegularExpressionMatch b = bracket.match(key);
            if (b.hasMatch())
            {
                // The bracket form is not documented (reference §6, [L]): strict by default.
                if (m_state.options.bracketFilters == BracketFilterMode::Reject)
                {
                    return unprocessable(key,
                        QStringLiteral("is not a permitted parameter; use %1=%2|<timestamp>")
                            .arg(b.captured(1), b.captured(2)));
                }
                const QString previous = filters.value(b.captured(1)).toString();
                const QString condition = b.captured(2) + QLatin1Char('|') + value;
                filters.insert(
                    b.captured(1), previous.isEmpty() ? condition : QString(previous + QLatin1Char('|') + condition));
                continue;
            }
            filters.insert(key, value);
        }
    }

    // Validate every filter before touching the data, as the real API does.
    QHash<QString, QList<QPair<QString, QDateTime>>> dates;
    QHash<QString, QList<qint64>> idLists;
    for (auto it = filters.constBegin(); it != filters.constEnd(); ++it)
    {
        const QString key = it.key();
        const QString value = it.value().toString();
        if (std::any_of(std::begin(kDateFilters), std::end(kDateFilters),
                [&key](const char *k) { return key == QLatin1String(k); }))
        {
            const auto parsed = parseDateFilter(value);
            if (!parsed)
            {
                return unprocessable(key,
                    QStringLiteral("`%1` is not a valid filter; expected e.g. gte|2026-11-01T00:00:00Z").arg(value));
            }
            dates.insert(key, *parsed);
        }
        else if (key == QLatin1String("ids")
            || std::any_of(std::begin(kIdListFilters), std::end(kIdListFilters),
                [&key](const IdListFilter &f) { return key == QLatin1String(f.param); })
            || key == QLatin1String("department_id") || key == QLatin1String("office_id")
            || key == QLatin1String("parent_id"))
        {
            const auto parsed = parseIdList(value);
            if (!parsed)
            {
                return unprocessable(key, QStringLiteral("`%1` is not a list of integers").arg(value));
            }
            if (parsed->size() > kMaxIds)
            {
                return unprocessable(key, QStringLiteral("may contain at most %1 ids").arg(kMaxIds));
            }
            idLists.insert(key, *parsed);
        }
        else if (std::any_of(std::begin(kBoolFilters), std::end(kBoolFilters),
                     [&key](const char *k) { return key == QLatin1String(k); }))
        {
            if (value != QLatin1String("true") && value != QLatin1String("false"))
            {
                return unprocessable(key, QStringLiteral("`%1` is not a boolean").arg(value));
            }
        }
        else if (key == QLatin1String("status"))
        {
            const QStringList allowed = resource == QLatin1String("jobs")
                ? QStringList { QStringLiteral("open"), QStringLiteral("draft"), QStringLiteral("closed") }
                : QStringList { QStringLiteral("active"), QStringLiteral("rejected"), QStringLiteral("hired"),
                      QStringLiteral("converted") };
            if (!allowed.contains(value))
            {
                return unprocessable(
                    key, QStringLiteral("`%1` is not one of: %2").arg(value, allowed.join(QStringLiteral(", "))));
            }
        }
    }

    const auto matches = [&](const QJsonObject &row)
    {
        for (auto it = filters.constBegin(); it != filters.constEnd(); ++it)
        {
            const QString key = it.key();
            const QString value = it.value().toString();
            if (dates.contains(key))
            {
                const QDateTime at = parseTimestamp(row.value(key).toString());
                if (!at.isValid())
                {
                    return false;
                }
                for (const auto &[op, bound] : dates.value(key))
                {
                    if ((op == QLatin1String("gte") && at < bound) || (op == QLatin1String("gt") && at <= bound)
                        || (op == QLatin1String("lte") && at > bound) || (op == QLatin1String("lt") && at >= bound))
                    {
                        return false;
                    }
                }
            }
            else if (key == QLatin1String("ids"))
            {
                if (!idLists.value(key).contains(row.value(QStringLiteral("id")).toInteger()))
                {
                    return false;
                }
            }
            else if (key == QLatin1String("department_id") || key == QLatin1String("parent_id"))
            {
                if (!matchesIdList(row.value(key), idLists.value(key)))
                {
                    return false;
                }
            }
            else if (key == QLatin1String("office_id"))
            {
                if (!matchesIdList(row.value(QStringLiteral("office_ids")), idLists.value(key)))
                {
                    return false;
                }
            }
            else if (idLists.contains(key))
            {
                for (const IdListFilter &f : kIdListFilters)
                {
                    if (key == QLatin1String(f.param)
                        && !matchesIdList(row.value(QLatin1String(f.field)), idLists.value(key)))
                    {
                        return false;
                    }
                }
            }
            else if (std::any_of(std::begin(kBoolFilters), std::end(kBoolFilters),
                         [&key](const char *k) { return key == QLatin1String(k); }))
            {
                if (row.contains(key) && row.value(key).toBool() != (value == QLatin1String("true")))
                {
                    return false;
                }
            }
            else if (key == QLatin1String("status"))
            {
                const QString wanted = value == QLatin1String("active") ? QStringLiteral("in_process") : value;
                if (row.value(key).toString() != wanted)
                {
                    return false;
                }
            }
            else if (key == QLatin1String("email"))
            {
                const QString wanted = value.trimmed();
                const QJsonArray emails = row.value(QStringLiteral("email_addresses")).toArray();
                if (!std::any_of(emails.begin(), emails.end(),
                        [&wanted](const QJsonValue &e) {
                            return e.toObject()
                                       .value(QStringLiteral("value"))
                                       .toString()
                                       .trimmed()
                                       .compare(wanted, Qt::CaseInsensitive)
                                == 0;
                        }))
                {
                    return false;
                }
            }
            else if (key == QLatin1String("tag"))
            {
                // Candidates carry tag names; the filter matches one exactly, ignoring case.
                const QJsonArray tags = row.value(QStringLiteral("tags")).toArray();
                if (!std::any_of(tags.begin(), tags.end(),
                        [&value](const QJsonValue &t)
                        { return t.toString().compare(value, Qt::CaseInsensitive) == 0; }))
                {
                    return false;
                }
            }
            else if (key == QLatin1String("primary_email"))
            {
                if (row.value(key).toString().compare(value.trimmed(), Qt::CaseInsensitive) != 0)
                {
                    return false;
                }
            }
            else if (std::any_of(std::begin(kStringFilters), std::end(kStringFilters),
                         [&key](const char *k) { return key == QLatin1String(k); }))
            {
                if (row.value(key).toString() != value)
                {
                    return false;
                }
            }
        }
        // Integration service users are hidden from /users unless asked for.
        if (resource == QLatin1String("users") && row.value(QStringLiteral("service_account")).toBool()
            && filters.value(QStringLiteral("show_service_accounts")).toString() != QLatin1String("true"))
        {
            return false;
        }
        return true;
    };

    const QList<QJsonObject> &rows = m_state.resources[resource];
    QJsonArray page;
    bool more = false;
    qint64 lastServed = 0;
    for (auto it = rows.crbegin(); it != rows.crend(); ++it)
    {
        const qint64 id = it->value(QStringLiteral("id")).toInteger();
        if ((lastId && id >= *lastId) || !matches(*it))
        {
            continue;
        }
        if (page.size() == perPage)
        {
            more = true;
            break;
        }
        QJsonObject row = *it;
        row.remove(QStringLiteral("service_account"));
        page.append(row);
        lastServed = id;
    }

    HttpResponse response = jsonResponse(200, page);
    if (more)
    {
        // The cursor embeds the filters and page size; stuckNextLink makes it point at the
        // page just served, to test a client's loop guard.
        const QJsonObject cursor { { QStringLiteral("resource"), resource }, { QStringLiteral("filters"), filters },
            { QStringLiteral("per_page"), perPage },
            { QStringLiteral("last_id"),
                m_state.options.stuckNextLink ? (lastId ? QJsonValue(*lastId) : QJsonValue())
                                              : QJsonValue(lastServed) } };
        QUrl next = m_state.harvestBase;
        next.setPath(QStringLiteral("/v3/") + resource);
        // badNextCursor: what a cursor looks like after an expiry or a proxy that mangles it.
        const QByteArray encoded = m_state.options.badNextCursor
            ? base64Url("{\"expired\":true}")
            : base64Url(QJsonDocument(cursor).toJson(QJsonDocument::Compact));
        next.setQuery(QStringLiteral("cursor=") + QString::fromLatin1(encoded));
        response.setHeader("Link", "<" + next.toEncoded() + ">; rel=\"next\"");
    }
    return response;
}

QJsonObject HarvestEmulator::insertApplication(const QJsonObject &body, QJsonArray &errors)
{
    const qint64 candidateId = body.value(QStringLiteral("candidate_id")).toInteger();
    const bool prospect = body.value(QStringLiteral("prospect")).toBool();
    if (!m_state.findById(QStringLiteral("candidates"), candidateId))
    {
        errors.append(
            QJsonObject { { QStringLiteral("candidate_id"), QStringLiteral("must be an existing candidate") } });
    }
    for (const QString &key :
        { QStringLiteral("source_id"), QStringLiteral("referrer_id"), QStringLiteral("recruiter_id"),
            QStringLiteral("coordinator_id"), QStringLiteral("initial_stage_id"), QStringLiteral("job_id") })
    {
        if (!jsonTypeError(body, key, QJsonValue::Double).isEmpty())
        {
            errors.append(QJsonObject { { key, QStringLiteral("must be an integer") } });
        }
    }
    if (body.contains(QStringLiteral("source_id")) && !body.value(QStringLiteral("source_id")).isNull()
        && !m_state.findById(QStringLiteral("sources"), body.value(QStringLiteral("source_id")).toInteger()))
    {
        errors.append(QJsonObject { { QStringLiteral("source_id"), QStringLiteral("is not a valid source") } });
    }

    QJsonObject stage;
    QJsonArray prospectiveJobs;
    qint64 jobId = 0;
    if (prospect)
    {
        // Prospect arm: job_ids (plural) is optional, job_id belongs to the other arm.
        if (body.contains(QStringLiteral("job_id")) || body.contains(QStringLiteral("initial_stage_id")))
        {
            errors.append(QJsonObject {
                { QStringLiteral("job_id"), QStringLiteral("is not permitted for a prospect; use job_ids") } });
        }
        prospectiveJobs = body.value(QStringLiteral("job_ids")).toArray();
        for (const QJsonValue &id : std::as_const(prospectiveJobs))
        {
            if (!m_state.findById(QStringLiteral("jobs"), id.toInteger()))
            {
                errors.append(QJsonObject { { QStringLiteral("job_ids"), QStringLiteral("contains an unknown job") } });
            }
        }
    }
    else
    {
        if (body.contains(QStringLiteral("job_ids")))
        {
            errors.append(QJsonObject {
                { QStringLiteral("job_ids"), QStringLiteral("is only permitted for prospects; use job_id") } });
        }
        jobId = body.value(QStringLiteral("job_id")).toInteger();
        if (!body.contains(QStringLiteral("job_id")))
        {
            errors.append(QJsonObject { { QStringLiteral("job_id"), QStringLiteral("is required") } });
        }
        else if (!m_state.findById(QStringLiteral("jobs"), jobId))
        {
            errors.append(QJsonObject { { QStringLiteral("job_id"), QStringLiteral("must be an existing job") } });
        }
        const qint64 wantedStage = body.value(QStringLiteral("initial_stage_id")).toInteger();
        for (const QJsonObject &s : m_state.resources.value(QStringLiteral("job_interview_stages")))
        {
            if (s.value(QStringLiteral("job_id")).toInteger() != jobId)
            {
                continue;
            }
            const bool wanted = wantedStage ? s.value(QStringLiteral("id")).toInteger() == wantedStage
                                            : (stage.isEmpty()
                                                || s.value(QStringLiteral("sort_order")).toInt()
                                                    < stage.value(QStringLiteral("sort_order")).toInt());
            if (wanted)
            {
                stage = s;
            }
        }
        if (wantedStage && stage.isEmpty())
        {
            errors.append(
                QJsonObject { { QStringLiteral("initial_stage_id"), QStringLiteral("is not a stage of this job") } });
        }
    }
    if (!errors.isEmpty())
    {
        return {};
    }

    const QString now = m_state.nowStamp();
    QJsonObject application {
        { QStringLiteral("id"), m_state.nextApplicationId++ },
        { QStringLiteral("candidate_id"), candidateId },
        { QStringLiteral("job_id"), jobId ? QJsonValue(jobId) : QJsonValue() },
        { QStringLiteral("job_post_id"), QJsonValue() },
        { QStringLiteral("prospect"), prospect },
        { QStringLiteral("prospective_job_ids"), prospectiveJobs },
        { QStringLiteral("status"), QStringLiteral("in_process") },
        { QStringLiteral("stage_id"), stage.isEmpty() ? QJsonValue() : stage.value(QStringLiteral("id")) },
        { QStringLiteral("stage_name"), stage.isEmpty() ? QJsonValue() : stage.value(QStringLiteral("name")) },
        { QStringLiteral("job_interview_stage_id"),
            stage.isEmpty() ? QJsonValue() : stage.value(QStringLiteral("id")) },
        { QStringLiteral("source_id"), body.value(QStringLiteral("source_id")) },
        { QStringLiteral("referrer_id"), body.value(QStringLiteral("referrer_id")) },
        { QStringLiteral("recruiter_id"), body.value(QStringLiteral("recruiter_id")) },
        { QStringLiteral("coordinator_id"), body.value(QStringLiteral("coordinator_id")) },
        { QStringLiteral("rejected_at"), QJsonValue() },
        { QStringLiteral("rejection_reason_id"), QJsonValue() },
        { QStringLiteral("last_activity_at"), now },
        { QStringLiteral("needs_decision"), false },
        { QStringLiteral("location_address"), QJsonValue() },
        { QStringLiteral("answers"), QJsonArray() },
        { QStringLiteral("agency_note_id"), QJsonValue() },
        { QStringLiteral("custom_fields"), QJsonObject() },
        { QStringLiteral("created_at"), now },
        { QStringLiteral("updated_at"), now },
    };
    for (const QString &key : { QStringLiteral("source_id"), QStringLiteral("referrer_id"),
             QStringLiteral("recruiter_id"), QStringLiteral("coordinator_id") })
    {
        if (application.value(key).isUndefined())
        {
            application.insert(key, QJsonValue());
        }
    }
    m_state.resources[QStringLiteral("applications")].append(application);
    m_state.createdApplications.append(application);
    return application;
}

HttpResponse HarvestEmulator::createCandidate(const QJsonObject &body, const Token &token)
{
    Q_UNUSED(token)
    QJsonArray errors;
    for (const QString &key : { QStringLiteral("first_name"), QStringLiteral("last_name") })
    {
        if (body.value(key).toString().trimmed().isEmpty())
        {
            errors.append(QJsonObject { { key, QStringLiteral("is required") } });
        }
    }
    const QJsonArray emails = body.value(QStringLiteral("email_addresses")).toArray();
    for (const QJsonValue &email : emails)
    {
        const QJsonObject e = email.toObject();
        if (e.value(QStringLiteral("value")).toString().isEmpty()
            || !QStringList { QStringLiteral("personal"), QStringLiteral("work"), QStringLiteral("other") }.contains(
                e.value(QStringLiteral("type")).toString()))
        {
            errors.append(QJsonObject { { QStringLiteral("email_addresses"),
                QStringLiteral("each needs a value and a type (personal, work, other)") } });
        }
    }
    const QJsonValue nested = body.value(QStringLiteral("application"));
    if (!nested.isUndefined() && !nested.isNull() && !nested.isObject())
    {
        errors.append(QJsonObject { { QStringLiteral("application"), QStringLiteral("must be an object") } });
    }
    if (!errors.isEmpty())
    {
        return unprocessable(errors);
    }

    const QString now = m_state.nowStamp();
    const qint64 candidateId = m_state.nextCandidateId++;
    QJsonObject candidate {
        { QStringLiteral("id"), candidateId },
        { QStringLiteral("first_name"), body.value(QStringLiteral("first_name")) },
        { QStringLiteral("last_name"), body.value(QStringLiteral("last_name")) },
        { QStringLiteral("preferred_name"),
            body.value(QStringLiteral("preferred_name")).isUndefined() ? QJsonValue()
                                                                       : body.value(QStringLiteral("preferred_name")) },
        { QStringLiteral("company"),
            body.value(QStringLiteral("company")).isUndefined() ? QJsonValue()
                                                                : body.value(QStringLiteral("company")) },
        { QStringLiteral("title"),
            body.value(QStringLiteral("title")).isUndefined() ? QJsonValue() : body.value(QStringLiteral("title")) },
        { QStringLiteral("time_zone"), QJsonValue() },
        { QStringLiteral("private"), false },
        { QStringLiteral("can_email"), body.value(QStringLiteral("can_email")).toBool(true) },
        { QStringLiteral("tags"), body.value(QStringLiteral("tags")).toArray() },
        { QStringLiteral("linked_user_ids"), QJsonArray() },
        { QStringLiteral("email_addresses"), emails },
        { QStringLiteral("phone_numbers"), body.value(QStringLiteral("phone_numbers")).toArray() },
        { QStringLiteral("addresses"), body.value(QStringLiteral("addresses")).toArray() },
        { QStringLiteral("website_addresses"), body.value(QStringLiteral("website_addresses")).toArray() },
        { QStringLiteral("social_media_addresses"), body.value(QStringLiteral("social_media_addresses")).toArray() },
        { QStringLiteral("custom_fields"), QJsonObject() },
        { QStringLiteral("last_activity_at"), now },
        { QStringLiteral("created_at"), now },
        { QStringLiteral("updated_at"), now },
    };

    // Add the candidate first so the nested application can find it; undo on a 422.
    m_state.resources[QStringLiteral("candidates")].append(candidate);
    QJsonObject application;
    if (nested.isObject())
    {
        QJsonObject applicationBody = nested.toObject();
        applicationBody.insert(QStringLiteral("candidate_id"), candidateId);
        QJsonArray applicationErrors;
        application = insertApplication(applicationBody, applicationErrors);
        if (!applicationErrors.isEmpty())
        {
            m_state.resources[QStringLiteral("candidates")].removeLast();
            --m_state.nextCandidateId;
            QJsonArray prefixed;
            for (const QJsonValue &e : std::as_const(applicationErrors))
            {
                const QJsonObject o = e.toObject();
                prefixed.append(QJsonObject {
                    { QString(QStringLiteral("application.") + o.constBegin().key()), o.constBegin().value() } });
            }
            return unprocessable(prefixed);
        }
    }
    m_state.createdCandidates.append(candidate);

    if (m_state.options.candidateCreateShape == CandidateCreateShape::Wrapped)
    {
        return jsonResponse(201,
            QJsonObject { { QStringLiteral("candidate"), candidate },
                { QStringLiteral("application"), application.isEmpty() ? QJsonValue() : QJsonValue(application) } });
    }
    return jsonResponse(201, candidate);
}

HttpResponse HarvestEmulator::createApplication(const QJsonObject &body)
{
    QJsonArray errors;
    if (!body.contains(QStringLiteral("candidate_id")))
    {
        return unprocessable(QStringLiteral("candidate_id"), QStringLiteral("is required"));
    }
    const QJsonObject application = insertApplication(body, errors);
    if (!errors.isEmpty())
    {
        return unprocessable(errors);
    }
    return jsonResponse(201, application);
}

HttpResponse HarvestEmulator::createAttachment(const QJsonObject &body)
{
    QJsonArray errors;
    const qint64 applicationId = body.value(QStringLiteral("application_id")).toInteger();
    const QJsonObject *application = m_state.findById(QStringLiteral("applications"), applicationId);
    if (!application)
    {
        errors.append(
            QJsonObject { { QStringLiteral("application_id"), QStringLiteral("must be an existing application") } });
    }
    const QString filename = body.value(QStringLiteral("filename")).toString();
    const QString extension = filename.section(QLatin1Char('.'), -1).toLower();
    if (filename.trimmed().isEmpty())
    {
        errors.append(QJsonObject { { QStringLiteral("filename"), QStringLiteral("is required") } });
    }
    else if (filename.contains(QLatin1Char('.'))
        && std::any_of(std::begin(kBlockedExtensions), std::end(kBlockedExtensions),
            [&extension](const char *e) { return extension == QLatin1String(e); }))
    {
        errors.append(QJsonObject {
            { QStringLiteral("filename"), QStringLiteral("has a blocked file extension (.%1)").arg(extension) } });
    }
    const QString type = body.value(QStringLiteral("type")).toString();
    if (!std::any_of(std::begin(kAttachmentTypes), std::end(kAttachmentTypes),
            [&type](const char *t) { return type == QLatin1String(t); }))
    {
        errors.append(QJsonObject { { QStringLiteral("type"), QStringLiteral("is not a valid attachment type") } });
    }
    const bool hasContent = body.contains(QStringLiteral("content"));
    const bool hasUrl = body.contains(QStringLiteral("url"));
    QByteArray bytes;
    if (hasContent == hasUrl)
    {
        errors.append(QStringLiteral("Exactly one of content or url must be given."));
    }
    else if (hasContent)
    {
        const auto decoded = QByteArray::fromBase64Encoding(
            body.value(QStringLiteral("content")).toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
        {
            errors.append(QJsonObject { { QStringLiteral("content"), QStringLiteral("is not valid base64") } });
        }
        else if (decoded.decoded.isEmpty())
        {
            errors.append(QJsonObject { { QStringLiteral("content"), QStringLiteral("is empty") } });
        }
        bytes = decoded.decoded;
    }
    const QString visibility = body.value(QStringLiteral("visibility")).toString();
    if (!visibility.isEmpty()
        && !QStringList { QStringLiteral("public"), QStringLiteral("admin_only"), QStringLiteral("private") }.contains(
            visibility))
    {
        errors.append(QJsonObject { { QStringLiteral("visibility"), QStringLiteral("is not valid") } });
    }
    if (!errors.isEmpty())
    {
        return unprocessable(errors);
    }

    // A new resume or cover letter demotes the previous one of that type to "other".
    QList<QJsonObject> &attachments = m_state.resources[QStringLiteral("attachments")];
    if (type == QLatin1String("resume") || type == QLatin1String("cover_letter"))
    {
        for (QJsonObject &a : attachments)
        {
            if (a.value(QStringLiteral("application_id")).toInteger() == applicationId
                && a.value(QStringLiteral("type")).toString() == type)
            {
                a.insert(QStringLiteral("type"), QStringLiteral("other"));
            }
        }
    }
    const qint64 id = m_state.nextAttachmentId++;
    const QString now = m_state.nowStamp();
    QJsonObject attachment {
        { QStringLiteral("id"), id },
        { QStringLiteral("application_id"), applicationId },
        { QStringLiteral("candidate_id"), application->value(QStringLiteral("candidate_id")) },
        { QStringLiteral("type"), type },
        { QStringLiteral("filename"), filename },
        { QStringLiteral("visibility"), visibility.isEmpty() ? QStringLiteral("admin_only") : visibility },
        { QStringLiteral("url"),
            QStringLiteral("https://sandbox-attachments.invalid/%1/%2?Expires=%3&Signature=sandbox")
                .arg(id)
                .arg(QString::fromLatin1(QUrl::toPercentEncoding(filename)))
                .arg(QDateTime::currentSecsSinceEpoch() + 7 * 86400) },
        { QStringLiteral("created_at"), now },
        { QStringLiteral("updated_at"), now },
    };
    attachments.append(attachment);
    QJsonObject recorded = attachment;
    recorded.insert(QStringLiteral("size"), bytes.size());
    recorded.insert(QStringLiteral("source_url"), hasUrl ? body.value(QStringLiteral("url")) : QJsonValue());
    m_state.createdAttachments.append(recorded);
    m_state.attachmentBytes.insert(id, bytes);
    return jsonResponse(201, attachment);
}

} // namespace Sandbox
