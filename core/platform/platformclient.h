#pragma once

#include "core/net/error.h"
#include "core/net/httpsession.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>
#include <optional>
#include <stop_token>
#include <utility>

// The SmartDreamers side, as the contract in shared/reference/smartdreamers-contract.md
// defines it. Everything that knows the wire format is here and in the parsers below.
namespace Platform
{

inline QString serviceName()
{
    return QStringLiteral("SmartDreamers");
}

struct ClientConfig
{
    QUrl baseUrl; // https://..., or http:// on a loopback host
    QString token; // bearer; a secret
    int pageLimit = 100; // 1-200
    qint64 maxResumeBytes = 20 * 1024 * 1024;
    Net::SessionConfig session;
};

struct Account
{
    QString accountId;
    QString name;
};

// PUT /v1/jobs/{source_job_id}
struct JobPayload
{
    QString sourceJobId;
    QString requisitionId;
    QString title;
    QString status; // open | closed
    QString department;
    QStringList offices;
    QString employmentType;
    int openings = 0;
    QString descriptionHtml;
    QString applyUrl;
    QDateTime updatedAt;

    QJsonObject toJson() const;
};

struct PutJobResult
{
    bool created = false; // 201, else 200 (replaced)
    QJsonObject stored;
};

struct ResumeRef
{
    QString filename;
    QString contentType;
    QUrl url;
};

struct Answer
{
    QString question;
    QString answer;
};

struct Applicant
{
    QString id;
    QString sourceJobId;
    QString firstName;
    QString lastName;
    QString email;
    QString phone;
    QString location;
    QString linkedinUrl;
    QDateTime appliedAt;
    QString channel;
    QString campaign;
    bool consentGiven = false;
    QDateTime consentAt;
    std::optional<ResumeRef> resume;
    QList<Answer> answers;
};

struct Ack
{
    enum class Outcome
    {
        Imported,
        Rejected,
    };
    Outcome outcome = Outcome::Imported;
    QString atsCandidateId;
    QString atsApplicationId;
    QString reason; // for Rejected

    QJsonObject toJson() const;
};

// Pure parsers (fuzzable).
struct ListPage
{
    QList<QJsonObject> items;
    QString nextCursor; // empty at the end
};
Net::Result<ListPage> parseListPage(const QByteArray &body);
Net::Result<Account> parseAccount(const QByteArray &body);
// Nullopt for an item without the two required ids.
std::optional<Applicant> parseApplicant(const QJsonObject &object);
Net::Error classifyError(int status, const QByteArray &body);

// Blocking, for worker threads; thread-safe (immutable apart from the shared limiter).
class PlatformClient final
{
public:
    explicit PlatformClient(const ClientConfig &config, std::shared_ptr<Net::RateLimiter> limiter = {},
        std::shared_ptr<Net::Clock> clock = {});

    Net::Result<Account> me(std::stop_token stop = {}) const;
    Net::Result<PutJobResult> putJob(const JobPayload &job, std::stop_token stop = {}) const;
    Net::Result<QList<QJsonObject>> jobs(std::stop_token stop = {}) const;
    // Malformed items (no id or job id) are skipped and counted in `skipped` when given.
    Net::Result<QList<Applicant>> pendingApplicants(std::stop_token stop = {}, int *skipped = nullptr) const;
    // The resume bytes, at most ClientConfig::maxResumeBytes. Never logged.
    Net::Result<QByteArray> downloadResume(const QUrl &url, std::stop_token stop = {}) const;
    // Sent once (a POST): on outcomeUnknown the caller may ack again, the contract makes it a no-op.
    Net::Status ack(const QString &applicantId, const Ack &ack, std::stop_token stop = {}) const;

    const std::shared_ptr<Net::RateLimiter> &limiter() const { return m_limiter; }
    QUrl baseUrl() const { return m_config.baseUrl; }

private:
    std::optional<Net::Error> checkUrl(const QUrl &url) const;
    QUrl endpoint(const QByteArray &encodedPath, const QByteArray &encodedQuery = {}) const;
    Net::Result<Net::Response> call(Net::Request request, std::stop_token stop) const;
    Net::Result<QList<QJsonObject>> listAll(
        const QByteArray &path, const QList<std::pair<QString, QString>> &filters, std::stop_token stop) const;

    ClientConfig m_config;
    std::shared_ptr<Net::RateLimiter> m_limiter;
    Net::HttpSession m_session;
};

} // namespace Platform
