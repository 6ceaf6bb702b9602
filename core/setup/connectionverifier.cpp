#include "core/setup/connectionverifier.h"

#include "core/harvest/harvestclient.h"
#include "core/harvest/harvestparsers.h"
#include "core/harvest/scopes.h"
#include "core/logging.h"
#include "core/platform/platformclient.h"

#include <QCoreApplication>
#include <QHash>

#include <chrono>

namespace Setup
{

namespace
{
using namespace std::chrono_literals;

// An admin is watching the checklist: a dead host should fail within seconds, not minutes.
constexpr std::chrono::milliseconds kVerifyTransferTimeout = 15s;
constexpr std::chrono::milliseconds kVerifyBackoffBase = 300ms;
constexpr std::chrono::milliseconds kVerifyBackoffMax = 3s;

const QString kTokenId = QStringLiteral("token");
const QString kIntrospectionId = QStringLiteral("introspection");
const QString kSiteAdminId = QStringLiteral("site_admin");
const QString kPlatformId = QStringLiteral("platform");

QString tr(const char *text)
{
    return QCoreApplication::translate("Setup::ConnectionVerifier", text);
}

QString scopeCheckId(const QString &scope)
{
    return QStringLiteral("scope:") + scope;
}

QString credentialPath()
{
    return tr("Configure > Dev Center > API Credential Management");
}

QString tickScopeFix(const QString &scope)
{
    return tr("In Greenhouse, %1 > edit the credential and tick %2, save, then check again.")
        .arg(credentialPath(), scope);
}

QString siteAdminFix(const QString &actingUser)
{
    return tr("Greenhouse lets only active Site Admins read lists. Make user %1 a Site Admin (Configure > Users > "
              "the user > Permissions > Site Admin), or enter the ID of an active Site Admin as the acting user.")
        .arg(actingUser);
}

bool isSiteAdminRole(const QString &role)
{
    return role.compare(QLatin1String("Site Admin"), Qt::CaseInsensitive) == 0;
}

QString noActingUserFix()
{
    return tr("No acting user is set, so the token acts as the credential's Integration Service User, which may not "
              "read lists. Enter the numeric ID of an active Site Admin (Configure > Users > the user: the number at "
              "the end of the page address).");
}

bool looksLikeTls(const QString &detail)
{
    return detail.contains(QLatin1String("SSL"), Qt::CaseInsensitive)
        || detail.contains(QLatin1String("TLS"), Qt::CaseInsensitive)
        || detail.contains(QLatin1String("certificate"), Qt::CaseInsensitive)
        || detail.contains(QLatin1String("handshake"), Qt::CaseInsensitive);
}

// Fills problem, detail and fix for an error that is not about a specific scope.
void applyError(CheckItem &item, const Net::Error &error, const QUrl &url)
{
    using Kind = Net::Error::Kind;
    using Auth = Net::Error::AuthProblem;
    item.status = CheckItem::Status::Failed;
    const QString host = url.host().isEmpty() ? url.toString() : url.host();
    const QString service = error.service.isEmpty() ? host : error.service;
    item.detail
        = error.httpStatus > 0 ? tr("HTTP %1: %2").arg(error.httpStatus).arg(error.kindName()) : error.kindName();
    switch (error.kind)
    {
    case Kind::Auth:
        switch (error.authProblem)
        {
        case Auth::WrongClientCredentials:
            item.problem = CheckItem::Problem::WrongCredentials;
            item.fix = tr("Greenhouse did not accept the client ID and secret (invalid_client). In %1, copy the "
                          "client ID again and paste the secret shown when the credential was created or last "
                          "rotated; if it is lost, rotate the secret and use the new one.")
                           .arg(credentialPath());
            break;
        case Auth::MalformedClientId:
            item.problem = CheckItem::Problem::MalformedClientId;
            item.fix = tr("This is not a Harvest V3 (OAuth) client ID: those end in a dash and a number (\"...-1\"). "
                          "Copy the whole client ID from %1.")
                           .arg(credentialPath());
            break;
        case Auth::BadPlatformToken:
            item.problem = CheckItem::Problem::PlatformToken;
            item.fix = tr("SmartDreamers did not accept the API token. Copy a current API token from your "
                          "SmartDreamers account and enter it again.");
            break;
        case Auth::TokenRejected:
            item.problem = CheckItem::Problem::WrongCredentials;
            item.fix = tr("Greenhouse refused a token it had just issued: the credential may have been revoked. "
                          "Create a new Harvest V3 (OAuth) credential in %1.")
                           .arg(credentialPath());
            break;
        case Auth::TokenRequestRejected:
        case Auth::None:
            item.problem = CheckItem::Problem::TokenRefused;
            item.fix = tr("Greenhouse refused to issue a token. Check that the credential is of type Harvest V3 "
                          "(OAuth) and that the acting user ID is the number of an active Greenhouse user "
                          "(Configure > Users > the user: the number at the end of the page address).");
            break;
        }
        break;
    case Kind::Network:
    case Kind::Timeout:
        item.problem = CheckItem::Problem::Network;
        if (!error.detail.isEmpty())
        {
            item.detail = error.detail;
        }
        if (looksLikeTls(error.detail))
        {
            item.fix = tr("The secure connection to %1 failed (%2). If a proxy inspects HTTPS traffic, install its "
                          "certificate in the system's trust store, and check the computer's date and time.")
                           .arg(host, error.detail);
        }
        else if (error.kind == Kind::Timeout)
        {
            item.fix = tr("%1 did not answer in time. Check the internet connection, the proxy settings "
                          "(HTTPS_PROXY) and that the firewall allows %1, then check again.")
                           .arg(host);
        }
        else
        {
            item.fix = tr("Could not reach %1 (%2). Check the address, the internet connection, the proxy settings "
                          "(HTTPS_PROXY) and that the firewall allows %1.")
                           .arg(host, error.detail);
        }
        break;
    case Kind::InsecureUrl:
        item.problem = CheckItem::Problem::Network;
        item.fix = tr("%1 must be an https:// address (plain http:// is accepted only for 127.0.0.1 and localhost).")
                       .arg(url.toString());
        break;
    case Kind::Server:
    case Kind::RateLimited:
        item.problem = CheckItem::Problem::ServiceDown;
        item.fix = tr("%1 is having problems of its own (HTTP %2). Check its status page and try again in a few "
                      "minutes.")
                       .arg(service)
                       .arg(error.httpStatus);
        break;
    case Kind::Cancelled:
        item.status = CheckItem::Status::Skipped;
        item.problem = CheckItem::Problem::Cancelled;
        item.detail = tr("Cancelled");
        item.fix.clear();
        break;
    case Kind::NotFound:
        item.problem = CheckItem::Problem::Other;
        item.fix = tr("%1 does not know the address %2. Check the URL (the Harvest URL ends in /v3).")
                       .arg(service, url.toString());
        break;
    case Kind::MissingScope:
    case Kind::ForbiddenUser:
    case Kind::Forbidden:
    case Kind::Validation:
    case Kind::MalformedResponse:
    case Kind::PaginationNotAdvancing:
    case Kind::CursorRejected:
    case Kind::TooLarge:
        item.problem = CheckItem::Problem::Other;
        item.fix = error.message();
        break;
    }
}

class Run
{
public:
    Run(const VerificationInput &input, std::stop_token stop, const ConnectionVerifier::Callback &onUpdate)
        : m_input(input)
        , m_stop(std::move(stop))
        , m_onUpdate(onUpdate)
        , m_shared(Harvest::SharedState::create())
        , m_client(input.harvestConfig(), m_shared)
        , m_api(apiSession(input.session), m_shared.apiLimiter, m_shared.clock)
    {
        m_result.checks = ConnectionVerifier::plannedChecks(input.checkPlatform);
    }

    VerificationResult execute()
    {
        const bool haveToken = checkToken();
        if (haveToken)
        {
            checkIntrospection();
            for (const Harvest::ScopeRequirement &requirement : Harvest::requiredScopes())
            {
                checkScope(requirement);
            }
            checkSiteAdmin();
        }
        else
        {
            skipHarvestChecks(tr("Not checked: no access token."));
        }
        if (m_input.checkPlatform)
        {
            checkPlatform();
        }
        return m_result;
    }

private:
    static Net::SessionConfig apiSession(Net::SessionConfig config)
    {
        config.service = Harvest::serviceName();
        return config;
    }

    CheckItem &item(const QString &id)
    {
        for (CheckItem &check : m_result.checks)
        {
            if (check.id == id)
            {
                return check;
            }
        }
        Q_UNREACHABLE();
    }

    void report(const CheckItem &check)
    {
        if (m_onUpdate)
        {
            m_onUpdate(check);
        }
    }

    // False (and the item reported Skipped) when a stop was requested before the check.
    bool begin(CheckItem &check)
    {
        if (m_stop.stop_requested())
        {
            cancel(check);
            return false;
        }
        report(check);
        return true;
    }

    void cancel(CheckItem &check)
    {
        m_result.cancelled = true;
        check.status = CheckItem::Status::Skipped;
        check.problem = CheckItem::Problem::Cancelled;
        check.detail = tr("Cancelled");
        check.fix.clear();
        report(check);
    }

    void finish(CheckItem &check)
    {
        if (check.problem == CheckItem::Problem::Cancelled)
        {
            m_result.cancelled = true;
        }
        qCInfo(lcHarvest).noquote() << "verify" << check.id << checkStatusName(check.status)
                                    << checkProblemName(check.problem);
        report(check);
    }

    void skipHarvestChecks(const QString &why)
    {
        for (CheckItem &check : m_result.checks)
        {
            if (check.id != kTokenId && check.id != kPlatformId && check.status == CheckItem::Status::Pending)
            {
                if (m_stop.stop_requested())
                {
                    cancel(check);
                    continue;
                }
                check.status = CheckItem::Status::Skipped;
                check.detail = why;
                report(check);
            }
        }
    }

    bool checkToken()
    {
        CheckItem &check = item(kTokenId);
        if (!begin(check))
        {
            return false;
        }
        if (m_input.clientId.trimmed().isEmpty() || m_input.clientSecret.isEmpty())
        {
            check.status = CheckItem::Status::Failed;
            check.problem = CheckItem::Problem::WrongCredentials;
            check.fix = tr("Enter both the client ID and the client secret of the Harvest V3 (OAuth) credential.");
            finish(check);
            return false;
        }
        const Net::Result<Harvest::Token> token = m_client.accessToken(m_stop);
        if (!token.ok())
        {
            applyError(check, token.error(), m_input.tokenUrl);
            finish(check);
            return false;
        }
        check.status = CheckItem::Status::Ok;
        check.detail = tr("Token issued, valid until %1").arg(token->expiresAt.toString(Qt::ISODate));
        finish(check);
        return true;
    }

    void checkIntrospection()
    {
        CheckItem &check = item(kIntrospectionId);
        if (!begin(check))
        {
            return;
        }
        const Net::Result<Harvest::Introspection> info = m_client.introspect(m_stop);
        if (!info.ok())
        {
            applyError(check, info.error(), m_input.introspectUrl);
            if (check.status == CheckItem::Status::Failed)
            {
                check.fix = tr("Greenhouse's token introspection at %1 did not answer usefully, so the write "
                               "permissions cannot be confirmed. Check the introspection URL. %2")
                                .arg(m_input.introspectUrl.toString(), check.fix);
            }
            finish(check);
            return;
        }
        if (!info->active)
        {
            check.status = CheckItem::Status::Failed;
            check.problem = CheckItem::Problem::TokenRefused;
            check.detail = tr("Greenhouse reports the new token as inactive.");
            check.fix = tr("The credential may have been revoked or its secret rotated. Create or rotate it in %1 "
                           "and enter the new secret.")
                            .arg(credentialPath());
            finish(check);
            return;
        }
        m_introspected = true;
        m_result.organizationId = info->organizationId;
        m_result.organizationName = info->organizationName;
        m_result.actingUserId = info->actingUserId;
        m_result.grantedScopes = info->scopes;
        m_userRole = info->userRole;
        check.status = CheckItem::Status::Ok;
        check.detail = tr("Organisation %1; acting as user %2 (%3); %4 scopes granted")
                           .arg(info->organizationName.isEmpty() ? info->organizationId : info->organizationName,
                               info->actingUserId.isEmpty() ? tr("unknown") : info->actingUserId,
                               info->userRole.isEmpty() ? tr("role unknown") : info->userRole)
                           .arg(info->scopes.size());
        finish(check);
    }

    bool scopesKnown() const { return m_introspected && !m_result.grantedScopes.isEmpty(); }

    QString actingUserText() const
    {
        if (m_input.actingUserId)
        {
            return QString::number(*m_input.actingUserId);
        }
        return m_result.actingUserId.isEmpty() ? tr("(none)") : m_result.actingUserId;
    }

    void checkScope(const Harvest::ScopeRequirement &requirement)
    {
        CheckItem &check = item(scopeCheckId(requirement.scope));
        if (!begin(check))
        {
            return;
        }
        if (requirement.probePath.isEmpty())
        {
            checkWriteScope(check);
        }
        else
        {
            probeListScope(check, requirement.probePath);
        }
        m_scopeOutcome.insert(requirement.scope, check.problem);
        finish(check);
    }

    void checkWriteScope(CheckItem &check)
    {
        if (!scopesKnown())
        {
            // Writes cannot be probed without creating a record in the customer's Greenhouse.
            check.status = CheckItem::Status::Skipped;
            check.required = false;
            check.detail = tr("Greenhouse did not report the credential's scopes.");
            check.fix = tr("This permission cannot be checked without creating a record: make sure %1 is ticked "
                           "on the credential (%2).")
                            .arg(check.scope, credentialPath());
            return;
        }
        if (m_result.grantedScopes.contains(check.scope))
        {
            check.status = CheckItem::Status::Ok;
            check.detail = tr("Granted on the credential");
            return;
        }
        check.status = CheckItem::Status::Failed;
        check.problem = CheckItem::Problem::MissingScope;
        check.detail = tr("Not granted on the credential");
        check.fix = tickScopeFix(check.scope);
    }

    void probeListScope(CheckItem &check, const QString &probePath)
    {
        const Net::Result<Harvest::Token> token = m_client.accessToken(m_stop);
        if (!token.ok())
        {
            applyError(check, token.error(), m_input.tokenUrl);
            return;
        }
        QUrl url = m_input.harvestUrl;
        QString path = url.path();
        while (path.endsWith(QLatin1Char('/')))
        {
            path.chop(1);
        }
        url.setPath(path + probePath);
        url.setQuery(QStringLiteral("per_page=1"));

        Net::Request request;
        request.url = url;
        request.headers = { { QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json") } };
        request.authorization = QByteArrayLiteral("Bearer ") + token->accessToken;
        request.retryable = true;
        const Net::Result<Net::Response> response = m_api.send(request, m_stop);
        if (!response.ok())
        {
            applyError(check, response.error(), url);
            return;
        }
        const int status = response->status;
        if (response->isSuccess())
        {
            m_listProbeSucceeded = true;
            check.status = CheckItem::Status::Ok;
            check.detail = tr("GET %1 answered %2").arg(probePath).arg(status);
            return;
        }
        check.status = CheckItem::Status::Failed;
        check.detail = tr("GET %1 answered %2").arg(probePath).arg(status);
        if (status == 403)
        {
            // A 403 is a missing scope or an acting user without rights; introspection tells which.
            if (scopesKnown() && !m_result.grantedScopes.contains(check.scope))
            {
                check.problem = CheckItem::Problem::MissingScope;
                check.fix = tickScopeFix(check.scope);
            }
            else if (scopesKnown() && (m_listProbeSucceeded || isSiteAdminRole(m_userRole)))
            {
                // The scope looks granted and the acting user may read other lists: this route
                // wants a permission under another name (scope names are not all confirmed).
                check.problem = CheckItem::Problem::MissingScope;
                check.fix = tr("Greenhouse refused GET %1 although the credential lists %2 and the acting user "
                               "can read other lists: your Greenhouse names this permission differently. In %3, "
                               "look for the permission that covers %1 and tick it, then check again.")
                                .arg(probePath, check.scope, credentialPath());
            }
            else if (scopesKnown())
            {
                check.problem = CheckItem::Problem::NotSiteAdmin;
                check.fix = m_input.actingUserId ? siteAdminFix(actingUserText()) : noActingUserFix();
            }
            else
            {
                check.problem = CheckItem::Problem::MissingScope;
                check.fix = tr("Greenhouse refused this read. Either the credential lacks %1 (%2) or the acting user "
                               "is not an active Site Admin. %3")
                                .arg(check.scope, tickScopeFix(check.scope), siteAdminFix(actingUserText()));
            }
            return;
        }
        if (status == 401)
        {
            Net::Error error = Net::Error::make(Net::Error::Kind::Auth, Harvest::serviceName(), status);
            error.authProblem = Net::Error::AuthProblem::TokenRejected;
            applyError(check, error, url);
            return;
        }
        applyError(check, Harvest::classifyApiError(status, response->body), url);
    }

    void checkSiteAdmin()
    {
        CheckItem &check = item(kSiteAdminId);
        if (!begin(check))
        {
            return;
        }
        if (!m_input.actingUserId)
        {
            check.status = CheckItem::Status::Failed;
            check.problem = CheckItem::Problem::NotSiteAdmin;
            check.detail = tr("No acting user");
            check.fix = noActingUserFix();
            finish(check);
            return;
        }
        const CheckItem::Problem usersScope
            = m_scopeOutcome.value(QStringLiteral("harvest:users:list"), CheckItem::Problem::None);
        if (usersScope == CheckItem::Problem::MissingScope || usersScope == CheckItem::Problem::Cancelled)
        {
            check.status = CheckItem::Status::Skipped;
            check.detail = tr("Not checked: needs harvest:users:list.");
            finish(check);
            return;
        }
        const QString userId = QString::number(*m_input.actingUserId);
        Harvest::ListOptions options;
        options.filter(QStringLiteral("ids"), userId);
        options.perPage = 1;
        const Net::Result<QList<Harvest::User>> users = m_client.users(options, m_stop);
        if (!users.ok())
        {
            const Net::Error &error = users.error();
            if (error.kind == Net::Error::Kind::ForbiddenUser || error.kind == Net::Error::Kind::Forbidden)
            {
                check.status = CheckItem::Status::Failed;
                check.problem = CheckItem::Problem::NotSiteAdmin;
                check.detail = tr("Greenhouse refused to list users for user %1").arg(userId);
                check.fix = siteAdminFix(userId);
            }
            else
            {
                applyError(check, error, m_input.harvestUrl);
            }
            finish(check);
            return;
        }
        const Harvest::User *found = nullptr;
        for (const Harvest::User &user : users.value())
        {
            if (user.id == *m_input.actingUserId)
            {
                found = &user;
            }
        }
        check.status = CheckItem::Status::Failed;
        check.problem = CheckItem::Problem::NotSiteAdmin;
        if (!found)
        {
            check.detail = tr("User %1 not found").arg(userId);
            check.fix = tr("There is no Greenhouse user %1. Enter the numeric ID of an active Site Admin (Configure "
                           "> Users > the user: the number at the end of the page address).")
                            .arg(userId);
        }
        else if (found->deactivated)
        {
            check.detail = tr("%1 (user %2) is deactivated").arg(found->name, userId);
            check.fix = tr("User %1 is deactivated. Reactivate them (Configure > Users) or enter the ID of an active "
                           "Site Admin.")
                            .arg(userId);
        }
        else if (!found->siteAdmin)
        {
            check.detail = tr("%1 (user %2) is not a Site Admin").arg(found->name, userId);
            check.fix = siteAdminFix(userId);
        }
        else
        {
            check.status = CheckItem::Status::Ok;
            check.problem = CheckItem::Problem::None;
            check.detail = tr("%1 (user %2) is an active Site Admin").arg(found->name, userId);
            m_result.actingUserName = found->name;
        }
        finish(check);
    }

    void checkPlatform()
    {
        CheckItem &check = item(kPlatformId);
        if (!begin(check))
        {
            return;
        }
        if (!m_input.platformUrl.isValid() || m_input.platformUrl.isEmpty() || m_input.platformToken.isEmpty())
        {
            check.status = CheckItem::Status::Failed;
            check.problem = CheckItem::Problem::PlatformToken;
            check.fix = tr("Enter the SmartDreamers API address and token.");
            finish(check);
            return;
        }
        Platform::ClientConfig config;
        config.baseUrl = m_input.platformUrl;
        config.token = m_input.platformToken;
        config.session = m_input.session;
        config.session.service = Platform::serviceName();
        const Platform::PlatformClient client(config);
        const Net::Result<Platform::Account> account = client.me(m_stop);
        if (!account.ok())
        {
            Net::Error error = account.error();
            if (error.kind == Net::Error::Kind::Auth)
            {
                error.authProblem = Net::Error::AuthProblem::BadPlatformToken;
            }
            applyError(check, error, m_input.platformUrl);
            finish(check);
            return;
        }
        m_result.platformAccount = account->name;
        check.status = CheckItem::Status::Ok;
        check.detail = tr("Account %1 (%2)").arg(account->name, account->accountId);
        finish(check);
    }

    const VerificationInput &m_input;
    const std::stop_token m_stop;
    const ConnectionVerifier::Callback &m_onUpdate;
    Harvest::SharedState m_shared;
    Harvest::HarvestClient m_client;
    Net::HttpSession m_api;
    VerificationResult m_result;
    bool m_introspected = false;
    QString m_userRole;
    bool m_listProbeSucceeded = false; // some list read worked: the acting user is not the problem
    QHash<QString, CheckItem::Problem> m_scopeOutcome;
};
} // namespace

Net::SessionConfig VerificationInput::defaultSession()
{
    Net::SessionConfig config;
    config.transferTimeout = kVerifyTransferTimeout;
    config.maxRetries = 1;
    config.backoffBase = kVerifyBackoffBase;
    config.backoffMax = kVerifyBackoffMax;
    config.maxRateLimitRetries = 2;
    return config;
}

Harvest::ClientConfig VerificationInput::harvestConfig() const
{
    Harvest::ClientConfig config;
    config.baseUrl = harvestUrl;
    config.tokenUrl = tokenUrl;
    config.introspectUrl = introspectUrl;
    config.clientId = clientId;
    config.clientSecret = clientSecret;
    config.actingUserId = actingUserId;
    config.perPage = 100;
    config.session = session;
    return config;
}

QString checkStatusName(CheckItem::Status status)
{
    switch (status)
    {
    case CheckItem::Status::Pending:
        return QStringLiteral("pending");
    case CheckItem::Status::Ok:
        return QStringLiteral("ok");
    case CheckItem::Status::Failed:
        return QStringLiteral("failed");
    case CheckItem::Status::Skipped:
        return QStringLiteral("skipped");
    }
    return {};
}

QString checkProblemName(CheckItem::Problem problem)
{
    switch (problem)
    {
    case CheckItem::Problem::None:
        return QStringLiteral("none");
    case CheckItem::Problem::WrongCredentials:
        return QStringLiteral("wrong_credentials");
    case CheckItem::Problem::MalformedClientId:
        return QStringLiteral("malformed_client_id");
    case CheckItem::Problem::TokenRefused:
        return QStringLiteral("token_refused");
    case CheckItem::Problem::MissingScope:
        return QStringLiteral("missing_scope");
    case CheckItem::Problem::NotSiteAdmin:
        return QStringLiteral("not_site_admin");
    case CheckItem::Problem::PlatformToken:
        return QStringLiteral("platform_token");
    case CheckItem::Problem::Network:
        return QStringLiteral("network");
    case CheckItem::Problem::ServiceDown:
        return QStringLiteral("service_down");
    case CheckItem::Problem::Other:
        return QStringLiteral("other");
    case CheckItem::Problem::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

bool VerificationResult::passed() const
{
    if (cancelled || checks.isEmpty())
    {
        return false;
    }
    for (const CheckItem &check : checks)
    {
        if (check.required && !check.isOk())
        {
            return false;
        }
    }
    return true;
}

QList<CheckItem> VerificationResult::failures() const
{
    QList<CheckItem> result;
    for (const CheckItem &check : checks)
    {
        if (check.isFailed())
        {
            result.append(check);
        }
    }
    return result;
}

QStringList VerificationResult::missingScopes() const
{
    QStringList result;
    for (const CheckItem &check : checks)
    {
        if (check.isFailed() && check.problem == CheckItem::Problem::MissingScope && !check.scope.isEmpty())
        {
            result.append(check.scope);
        }
    }
    return result;
}

ConnectionVerifier::ConnectionVerifier(VerificationInput input) : m_input(std::move(input)) { }

QList<CheckItem> ConnectionVerifier::plannedChecks(bool checkPlatform)
{
    QList<CheckItem> checks;
    CheckItem token;
    token.id = kTokenId;
    token.title = tr("Greenhouse issues an access token");
    checks.append(token);

    CheckItem introspection;
    introspection.id = kIntrospectionId;
    introspection.title = tr("Greenhouse describes the credential (organisation, acting user, scopes)");
    // Its shape is not documented for sure (reference §1.2): the live reads below are the proof.
    introspection.required = false;
    checks.append(introspection);

    for (const Harvest::ScopeRequirement &requirement : Harvest::requiredScopes())
    {
        CheckItem scope;
        scope.id = scopeCheckId(requirement.scope);
        scope.scope = requirement.scope;
        scope.title = requirement.scope + QStringLiteral(": ") + requirement.reason;
        checks.append(scope);
    }

    CheckItem siteAdmin;
    siteAdmin.id = kSiteAdminId;
    siteAdmin.title = tr("The acting user is an active Site Admin");
    checks.append(siteAdmin);

    if (checkPlatform)
    {
        CheckItem platform;
        platform.id = kPlatformId;
        platform.title = tr("SmartDreamers accepts the API token");
        checks.append(platform);
    }
    return checks;
}

VerificationResult ConnectionVerifier::run(std::stop_token stop, const Callback &onUpdate) const
{
    Run run(m_input, std::move(stop), onUpdate);
    return run.execute();
}

} // namespace Setup
