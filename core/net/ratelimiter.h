#pragma once

#include "core/net/clock.h"
#include "core/net/httputil.h"

#include <QString>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>

namespace Net
{

// One request budget per service, shared (via shared_ptr) by every thread that calls it.
// It learns the budget from X-RateLimit-Limit / -Remaining / -Reset on every response and
// never assumes a window length: when the budget is used up it waits for the announced
// reset; on a 429 it waits for Retry-After (else the reset), plus jitter.
class RateLimiter final
{
public:
    struct Config
    {
        int reserve = 0; // requests kept back for other tools
        std::chrono::milliseconds maxJitter { 400 }; // added to every wait
        std::chrono::milliseconds unknownResetPause { 1000 }; // budget gone, no reset announced
        std::chrono::seconds fallbackRetryAfter { 5 }; // 429 with neither Retry-After nor reset
        std::chrono::seconds maxWait { 600 }; // a cap against absurd or skewed resets
    };

    struct State
    {
        std::optional<int> limit;
        std::optional<int> remaining;
        std::optional<Clock::TimePoint> resetAt;
        std::optional<Clock::TimePoint> blockedUntil; // after a 429
    };

    explicit RateLimiter(const QString &name, std::shared_ptr<Clock> clock = SystemClock::instance());
    RateLimiter(const QString &name, std::shared_ptr<Clock> clock, const Config &config);
    Q_DISABLE_COPY_MOVE(RateLimiter)

    // How long a request would have to wait right now (no jitter, no state change).
    std::chrono::milliseconds delayBeforeNextRequest() const;

    // Waits until one request fits the budget and takes it. False when stopped.
    bool acquire(std::stop_token stop);

    // Every response, whatever its status: learns limit, remaining and reset.
    void observe(const RawHeaders &headers);
    // A 429: blocks every caller until Retry-After (else reset, else the fallback) + jitter.
    // Returns the wait it imposed.
    std::chrono::milliseconds observeTooManyRequests(const RawHeaders &headers);

    State state() const;
    QString name() const { return m_name; }
    Clock &clock() const { return *m_clock; }

private:
    std::chrono::milliseconds delayLocked(Clock::TimePoint now) const;
    void rollWindowLocked(Clock::TimePoint now);
    std::chrono::milliseconds jitter();

    const QString m_name;
    const std::shared_ptr<Clock> m_clock;
    const Config m_config;
    mutable std::mutex m_mutex;
    State m_state;
};

} // namespace Net
