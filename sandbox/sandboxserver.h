#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>

// The sandbox: a local emulator of Greenhouse Harvest v3 (token, introspection, /v3 lists
// and creates) and of the SmartDreamers contract, served by QHttpServer on loopback.
// Tests, benchmarks and the app's demo mode start it in-process; talentbridge-sandbox
// runs it standalone.
//
// Threading: SandboxServer runs its HTTP servers on a thread of its own, so a caller that
// blocks (a test making synchronous requests) never starves it. Every public member is
// thread-safe.

namespace Sandbox
{

// Switches for the facts the Harvest reference marks [L] (unconfirmed).
enum class TokenBodyShape
{
    ExpiresAt, // {"access_token","token_type","expires_at"} (documented by Greenhouse's PHP client)
    ExpiresAtAndIn, // also "expires_in"
    ExpiresInOnly, // only "expires_in" (seen in some connectors)
};

enum class CandidateCreateShape
{
    Flat, // the candidate object at top level
    Wrapped, // {"candidate": {...}, "application": {...}}
};

// Which service the faults in Options hit.
enum class FaultTarget
{
    Both,
    Harvest, // Harvest v3 lists and writes (not the token endpoint)
    Platform, // SmartDreamers
};

// How POST /token answers a `sub` that is not an active user (reference §9, [L]).
enum class UnknownSubAnswer
{
    Message400, // 400 {"message": "sub=... is not an active user of this organization"} (the default)
    InvalidGrant400, // 400 {"error": "invalid_grant"} (RFC 6749 style)
    InvalidClient401, // 401 {"error": "invalid_client"}: looks exactly like a wrong secret
    Forbidden403, // 403 {"message": "..."}
};

enum class BracketFilterMode
{
    Reject, // updated_at[gte]=... answers 422 (strict; the default)
    Accept, // treated like the pipe form
};

struct Options
{
    quint32 seed = 20261203;
    int jobCount = 300; // jobs in all states; about 60% open
    int applicantCount = 60; // pending applicants on the platform, a few deliberately bad
    quint16 harvestPort = 0; // 0 = pick a free loopback port
    quint16 platformPort = 0;

    int harvestRateLimit = 75; // requests per window, per client id
    int harvestWindowSeconds = 30;
    int tokenRateLimit = 60; // token endpoint: requests per 60 s window
    int platformRateLimit = 600; // SmartDreamers: requests per window per token
    int platformWindowSeconds = 60;
    int tokenLifetimeSeconds = 3600;

    TokenBodyShape tokenBodyShape = TokenBodyShape::ExpiresAt;
    CandidateCreateShape candidateCreateShape = CandidateCreateShape::Flat;
    BracketFilterMode bracketFilters = BracketFilterMode::Reject;
    UnknownSubAnswer unknownSub = UnknownSubAnswer::Message400;
    // The scope /v3/job_post_locations requires (reference §6.3, [L]). A real tenant may name it
    // otherwise or cover it by harvest:job_posts:list.
    QString jobPostLocationsScope = QStringLiteral("harvest:job_post_locations:list");

    // Faults. Rates are probabilities in [0, 1] drawn from a generator seeded by `seed`.
    int latencyMs = 0; // added to every response
    double serverErrorRate = 0.0; // 500/502/503 (HTML body for 502, as a proxy would)
    double dropRate = 0.0; // close the connection without an answer
    double malformedJsonRate = 0.0; // truncated JSON body with status 200 (GET lists only)
    bool malformedJsonWrongType = false; // instead of truncating: valid JSON of the wrong type
    bool stuckNextLink = false; // list Link rel=next points at the page just served
    // Harvest GETs whose path (below /v3) starts with this answer 503, every time: one endpoint
    // down while the rest work. Empty = none.
    QString unavailableGetPrefix;
    bool badNextCursor = false; // Harvest list Link rel=next carries a cursor the service rejects (422)
    FaultTarget faultTarget = FaultTarget::Both;
    // Bursts, counted from start() or setOptions(): the next N answers of the targeted service
    // are faults, then it recovers.
    int serverErrorBurst = 0; // 500, 502 (HTML) and 503 in turn
    int rateLimitBurst = 0; // 429 with Retry-After: 1
};

// What the admin pastes in: printed by talentbridge-sandbox and prefilled in demo mode.
struct Credentials
{
    QString clientId; // Greenhouse shape, with a "-<n>" suffix
    QString clientSecret;
    qint64 siteAdminUserId = 0; // a Site Admin to act as (token "sub")
    qint64 regularUserId = 0; // an active user who is not a Site Admin
    QString platformToken;
};

struct LoggedRequest
{
    QString service; // "harvest", "auth" or "platform"
    QByteArray method;
    QByteArray rawTarget; // path + query exactly as received on the request line
    QString path;
    QByteArray authorization; // as received (tests check what was sent, and where)
    QByteArray body;
    int status = 0; // what the sandbox answered
    QDateTime at;
};

class Server final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Server)

public:
    explicit Server(const Options &options = {}, QObject *parent = nullptr);
    ~Server() override;

    // Binds both services to 127.0.0.1 and seeds the data. False (with errorString()) if a
    // port cannot be bound.
    bool start();
    void stop();
    QString errorString() const;

    Options options() const;
    Credentials credentials() const;

    QUrl authBaseUrl() const; // http://127.0.0.1:P  (token: /token, introspect: /introspect)
    QUrl tokenUrl() const; // authBaseUrl + /token
    QUrl introspectUrl() const; // authBaseUrl + /introspect
    QUrl harvestBaseUrl() const; // http://127.0.0.1:P/v3
    QUrl platformBaseUrl() const; // http://127.0.0.1:Q  (paths /v1/...)

    // Live controls.
    void setOptions(const Options &options); // faults, limits, shapes; data kept
    void setGrantedScopes(const QStringList &scopes); // scopes on the credential
    QStringList grantedScopes() const;
    static QStringList allConnectorScopes(); // what TalentBridge needs
    void setClientSecret(const QString &secret); // rotate (old one stops working)
    void expireAllTokens(); // every issued bearer answers 401
    void setUserSiteAdmin(qint64 userId, bool siteAdmin);

    // Data controls, for tests of the sync engine.
    QJsonObject updateJob(qint64 jobId, const QJsonObject &changes); // bumps updated_at; returns the job
    // Any Harvest row ("job_posts", "openings", ...) the same way; empty if there is no such row.
    QJsonObject updateRow(const QString &resource, qint64 id, const QJsonObject &changes);
    // Platform side, pending. Its resume's bytes may come as "resume_base64" (else a small PDF);
    // "resume_size" serves them padded to that many bytes, without keeping the padding.
    void addApplicant(const QJsonObject &applicant);
    void setRedirect(const QString &path, const QUrl &target); // harvest GET path -> 302 target

    // Inspection.
    QList<LoggedRequest> requestLog() const;
    void clearRequestLog();
    QList<QJsonObject> harvestJobs() const;
    QList<QJsonObject> harvestRows(const QString &resource) const; // e.g. "job_posts", "openings"
    QList<QJsonObject> createdCandidates() const; // candidates created through the API
    QList<QJsonObject> createdApplications() const;
    QList<QJsonObject> createdAttachments() const; // content omitted, size kept
    QList<QJsonObject> platformJobs() const; // what the platform holds (PUT bodies)
    QList<QJsonObject> platformApplicants() const; // with "status" pending|acked and the ack
    QByteArray resumeBytes(const QString &applicantId) const;
    QByteArray attachmentBytes(qint64 attachmentId) const; // decoded content of an uploaded attachment
    QUrl echoUrl() const; // http://127.0.0.1:Q/echo: logs the request, answers what it saw

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace Sandbox
