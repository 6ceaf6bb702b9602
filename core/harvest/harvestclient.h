#pragma once

#include "core/harvest/harvestparsers.h"
#include "core/harvest/harvesttypes.h"
#include "core/harvest/tokencache.h"
#include "core/net/httpsession.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <utility>

namespace Harvest
{

struct ClientConfig
{
    QUrl baseUrl; // https://harvest.greenhouse.io/v3
    QUrl tokenUrl; // https://auth.greenhouse.io/token
    QUrl introspectUrl; // https://auth.greenhouse.io/introspect
    QString clientId;
    QString clientSecret;
    std::optional<qint64> actingUserId; // token "sub"; a Site Admin for lists
    int perPage = 100; // 1-500
    Net::SessionConfig session; // timeouts, retries (service name is set by the client)
};

// What every client of the same Greenhouse account shares across threads.
struct SharedState
{
    std::shared_ptr<Net::RateLimiter> apiLimiter; // the /v3 budget
    std::shared_ptr<Net::RateLimiter> authLimiter; // the token endpoint's own window
    std::shared_ptr<TokenCache> tokens;
    std::shared_ptr<Net::Clock> clock;

    static SharedState create(std::shared_ptr<Net::Clock> clock = {});
};

// Filters for the first request of a listing; the cursor links carry them afterwards.
struct ListOptions
{
    QList<std::pair<QString, QString>> filters;
    QDateTime updatedFrom; // -> updated_at=gte|...Z
    QDateTime updatedTo; //             ...|lte|...Z
    int perPage = 0; // 0 = ClientConfig::perPage
    // Called after each page (1-based page number, items on it). Runs on the calling thread.
    std::function<void(int page, int items)> onPage;

    ListOptions &filter(const QString &key, const QString &value)
    {
        filters.append({ key, value });
        return *this;
    }
};

// Greenhouse Harvest v3, blocking (call from a worker thread). Stateless apart from the
// SharedState, so one instance may serve several threads.
class HarvestClient final
{
public:
    explicit HarvestClient(const ClientConfig &config, SharedState shared = SharedState::create());

    // A valid access token (cached, else minted).
    Net::Result<Token> accessToken(std::stop_token stop = {}) const;
    // Organisation, acting user and granted scopes ("Test connection").
    Net::Result<Introspection> introspect(std::stop_token stop = {}) const;

    // Every item of a list endpoint ("jobs", "job_posts", ...), following rel="next".
    Net::Result<QList<QJsonObject>> list(
        const QString &resource, const ListOptions &options, std::stop_token stop = {}) const;

    Net::Result<QList<Job>> jobs(const ListOptions &options = {}, std::stop_token stop = {}) const;
    Net::Result<QList<JobPost>> jobPosts(const ListOptions &options = {}, std::stop_token stop = {}) const;
    Net::Result<QList<JobPostLocation>> jobPostLocations(
        const QList<qint64> &jobPostIds, std::stop_token stop = {}) const;
    Net::Result<QList<Department>> departments(std::stop_token stop = {}) const;
    Net::Result<QList<Office>> offices(std::stop_token stop = {}) const;
    Net::Result<QList<Opening>> openings(const ListOptions &options = {}, std::stop_token stop = {}) const;
    Net::Result<QList<User>> users(const ListOptions &options = {}, std::stop_token stop = {}) const;
    Net::Result<QList<Source>> sources(std::stop_token stop = {}) const;
    Net::Result<QList<JobInterviewStage>> jobInterviewStages(
        const QList<qint64> &jobIds, std::stop_token stop = {}) const;
    Net::Result<QList<Candidate>> candidatesByEmail(const QString &email, std::stop_token stop = {}) const;
    Net::Result<QList<Application>> applications(
        qint64 candidateId, std::optional<qint64> jobId, std::stop_token stop = {}) const;

    // Writes are sent once: on a lost answer the error has outcomeUnknown set, and the
    // caller looks (candidatesByEmail / applications) before trying again.
    // With a flat answer the client looks up the application created with the candidate, unless
    // the caller asks to do that itself (ApplicationLookup::Caller, e.g. once for a whole batch).
    enum class ApplicationLookup
    {
        Client,
        Caller,
    };
    Net::Result<CreatedCandidate> createCandidate(const NewCandidate &candidate, std::stop_token stop = {},
        ApplicationLookup lookup = ApplicationLookup::Client) const;
    Net::Result<Application> createApplication(const NewApplication &application, std::stop_token stop = {}) const;
    Net::Result<Attachment> createAttachment(const NewAttachment &attachment, std::stop_token stop = {}) const;

    const ClientConfig &config() const { return m_config; }

    // The scope a call needs: "harvest:<resource>:list" for GET, ":create" for POST.
    static QString scopeFor(const QByteArray &method, const QString &resource);

private:
    Net::Result<Token> mintToken(std::stop_token stop) const;
    Net::Result<Net::Response> call(const QByteArray &method, const QUrl &url, const QString &scope,
        const QByteArray &body, std::stop_token stop) const;
    Net::Error classifyForbidden(const QString &scope, const QByteArray &body, std::stop_token stop) const;
    Net::Result<QJsonObject> create(const QString &resource, const QByteArray &body, std::stop_token stop) const;
    QUrl resourceUrl(const QString &resource) const;
    QByteArray basicAuthorization() const;
    QDateTime nowUtc() const;
    std::optional<Net::Error> checkUrls() const;

    template <typename T>
    Net::Result<QList<T>> listTyped(const QString &resource, const ListOptions &options,
        T (*parse)(const QJsonObject &), std::stop_token stop) const;

    ClientConfig m_config;
    SharedState m_shared;
    Net::HttpSession m_api;
    Net::HttpSession m_auth;
    QByteArray m_tokenKey;
};

} // namespace Harvest
