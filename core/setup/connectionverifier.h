#pragma once

#include "core/harvest/harvestclient.h"
#include "core/net/httpsession.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <optional>
#include <stop_token>

// The live checks behind the wizard's Verify page and `talentbridge connect`: a token, the
// introspection, every required scope, the acting user and the SmartDreamers side, each
// reported as it finishes, each failure with the exact fix for the admin.
namespace Setup
{

// What to verify. Holds secrets in memory only; never logged.
struct VerificationInput
{
    QUrl harvestUrl;
    QUrl tokenUrl;
    QUrl introspectUrl;
    QString clientId;
    QString clientSecret;
    std::optional<qint64> actingUserId; // the token's "sub"
    QUrl platformUrl;
    QString platformToken;
    bool checkPlatform = true; // false: the Greenhouse side only (wizard page 4)
    Net::SessionConfig session = defaultSession();

    // Shorter timeouts and fewer retries than a sync: an admin is waiting for the answer.
    static Net::SessionConfig defaultSession();

    // A Harvest client configuration for these credentials (secret included, in memory only).
    Harvest::ClientConfig harvestConfig() const;
};

// One line of the checklist.
struct CheckItem
{
    enum class Status
    {
        Pending,
        Ok,
        Failed,
        Skipped, // not tried: an earlier check failed, the run was cancelled, or it cannot be known
    };

    // Why a check failed; the CLI maps these to exit codes, the wizard to a page to go back to.
    enum class Problem
    {
        None,
        WrongCredentials, // invalid_client: wrong client id or secret
        MalformedClientId, // not a Greenhouse client id (no "-<n>" suffix)
        TokenRefused, // another refusal at the token endpoint (e.g. unknown acting user)
        MissingScope, // `scope` is not ticked on the credential
        NotSiteAdmin, // the acting user is missing, inactive or not a Site Admin
        PlatformToken, // SmartDreamers refused the token
        Network, // no answer: DNS, proxy, firewall, TLS, timeout
        ServiceDown, // 5xx after the retries
        Other,
        Cancelled,
    };

    QString id; // stable: "token", "introspection", "scope:harvest:jobs:list", "site_admin", "platform"
    QString title; // translated, for the checklist
    Status status = Status::Pending;
    bool required = true; // a required check must be Ok for the connection to pass
    Problem problem = Problem::None;
    QString scope; // scope checks: the scope
    QString detail; // what was found (organisation, user, HTTP status); never a secret
    QString fix; // what the admin should do; empty unless Failed (or an unknowable Skipped)

    bool isOk() const { return status == Status::Ok; }
    bool isFailed() const { return status == Status::Failed; }
};

QString checkStatusName(CheckItem::Status status); // "pending", "ok", "failed", "skipped"
QString checkProblemName(CheckItem::Problem problem); // "wrong_credentials", "missing_scope", ...

struct VerificationResult
{
    QList<CheckItem> checks; // in checklist order, none Pending
    bool cancelled = false;
    QString organizationName;
    QString organizationId;
    QString actingUserId; // as introspection reported it ("sub")
    QString actingUserName;
    QString platformAccount; // SmartDreamers account name
    QStringList grantedScopes; // from introspection; empty when unknown

    // Every required check is Ok (and the run was not cancelled).
    bool passed() const;
    QList<CheckItem> failures() const;
    // The scopes whose check failed as missing, in checklist order.
    QStringList missingScopes() const;
};

// Blocking; call from a worker thread (or the CLI's main thread). Thread-safe: run() only
// reads the input. Each run uses fresh token state, so "Check again" sees changes made in
// Greenhouse since the last run.
class ConnectionVerifier final
{
public:
    using Callback = std::function<void(const CheckItem &item)>;

    explicit ConnectionVerifier(VerificationInput input);

    // The checklist as run() will fill it, every item Pending (for the UI to lay out first).
    static QList<CheckItem> plannedChecks(bool checkPlatform = true);

    // Runs every check in order. `onUpdate` is called on the calling thread: once with Pending
    // when a check starts, once more with its outcome. A stop request ends the current wait
    // promptly; the checks not done are reported Skipped and the result is cancelled.
    VerificationResult run(std::stop_token stop = {}, const Callback &onUpdate = {}) const;

private:
    VerificationInput m_input;
};

} // namespace Setup

Q_DECLARE_METATYPE(Setup::CheckItem)
Q_DECLARE_METATYPE(Setup::VerificationResult)
