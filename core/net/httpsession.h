#pragma once

#include "core/net/clock.h"
#include "core/net/error.h"
#include "core/net/httputil.h"
#include "core/net/ratelimiter.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <chrono>
#include <memory>
#include <stop_token>

class QNetworkAccessManager;

namespace Net
{

struct Request
{
    QByteArray method = QByteArrayLiteral("GET");
    QUrl url;
    RawHeaders headers; // e.g. Content-Type, Accept
    QByteArray authorization; // sent to the origin of `url` only, never logged
    QByteArray body;
    bool retryable = false; // idempotent by contract: repeated on 5xx and network errors
    qint64 maxBodyBytes = 0; // 0 = the session's limit
};

struct Response
{
    int status = 0;
    RawHeaders headers;
    QByteArray body;
    QUrl url; // where the answer finally came from (after redirects)

    QByteArray header(QByteArrayView name) const { return headerValue(headers, name); }
    bool isSuccess() const { return status >= 200 && status < 300; }
};

struct SessionConfig
{
    QString service; // "Greenhouse", "SmartDreamers"
    std::chrono::milliseconds transferTimeout { 30'000 }; // QNetworkRequest::setTransferTimeout
    int maxRetries = 3; // 5xx / network, retryable requests only
    std::chrono::milliseconds backoffBase { 500 };
    std::chrono::milliseconds backoffMax { 30'000 };
    int maxRateLimitRetries = 4; // 429s in a row before giving up
    int maxRedirects = 5;
    qint64 maxBodyBytes = 64 * 1024 * 1024;
};

// Blocking HTTP for worker threads (CONTRIBUTING.md): each calling thread uses its own
// QNetworkAccessManager and waits in a local event loop. Adds the shared rate limiter,
// retries with jittered exponential backoff (retryable requests only), a transfer
// timeout, and redirects that never carry Authorization to another origin.
// An HttpSession is immutable after construction and may be used from any thread.
class HttpSession final
{
public:
    HttpSession(const SessionConfig &config, std::shared_ptr<RateLimiter> limiter, std::shared_ptr<Clock> clock = {});

    // Any HTTP status comes back as a Response (5xx only after the retries); an Error means
    // no usable answer: network, timeout, cancelled, too large, still rate limited.
    Result<Response> send(const Request &request, std::stop_token stop) const;

    // The backoff before retry number `attempt` (0-based) for a random draw in [0, 1).
    static std::chrono::milliseconds backoffDelay(const SessionConfig &config, int attempt, double random);

    const SessionConfig &config() const { return m_config; }
    const std::shared_ptr<RateLimiter> &limiter() const { return m_limiter; }

    // This thread's manager (created on first use, deleted when the thread ends).
    static QNetworkAccessManager *threadNetworkAccessManager();

private:
    struct Hop
    {
        QByteArray method;
        QUrl url;
        QByteArray authorization;
        QByteArray body;
    };
    Result<Response> exchange(const Request &request, const Hop &hop, std::stop_token stop) const;

    SessionConfig m_config;
    std::shared_ptr<RateLimiter> m_limiter;
    std::shared_ptr<Clock> m_clock;
};

} // namespace Net
