#include "core/net/ratelimiter.h"

#include "core/logging.h"

#include <QDateTime>
#include <QTimeZone>

#include <algorithm>
#include <cmath>
#include <limits>

namespace Net
{

namespace
{
using std::chrono::duration_cast;
using std::chrono::milliseconds;
using std::chrono::seconds;

// Resets below this are "seconds from now" (some services send a delta), above it epoch.
constexpr qint64 kEpochThreshold = 1'000'000'000;

// No budget, count or epoch second a server means comes near this (as a reset it is the year
// 2096; the clock's nanosecond time points end in 2262). Anything larger, or not a finite
// number, is a broken header and is ignored rather than converted.
constexpr double kLargestHeaderNumber = 4e9;

std::optional<qint64> headerNumber(const RawHeaders &headers, QByteArrayView name)
{
    const QByteArray value = headerValue(headers, name).trimmed();
    if (value.isEmpty())
    {
        return std::nullopt;
    }
    bool ok = false;
    // Some servers send "75.0" or a decimal reset; whole seconds are enough.
    const double number = value.toDouble(&ok);
    if (!ok || !std::isfinite(number) || number < 0 || number > kLargestHeaderNumber)
    {
        return std::nullopt;
    }
    return qint64(number);
}

milliseconds untilPoint(Clock::TimePoint now, Clock::TimePoint then)
{
    return then > now ? std::chrono::ceil<milliseconds>(then - now) : milliseconds::zero();
}
} // namespace

RateLimiter::RateLimiter(const QString &name, std::shared_ptr<Clock> clock)
    : RateLimiter(name, std::move(clock), Config {})
{
}

RateLimiter::RateLimiter(const QString &name, std::shared_ptr<Clock> clock, const Config &config)
    : m_name(name), m_clock(clock ? std::move(clock) : SystemClock::instance()), m_config(config)
{
}

void RateLimiter::rollWindowLocked(Clock::TimePoint now)
{
    // The announced window is over: the budget is whole again.
    if (m_state.resetAt && now >= *m_state.resetAt)
    {
        m_state.remaining = m_state.limit;
        m_state.resetAt.reset();
    }
    if (m_state.blockedUntil && now >= *m_state.blockedUntil)
    {
        m_state.blockedUntil.reset();
    }
}

milliseconds RateLimiter::delayLocked(Clock::TimePoint now) const
{
    milliseconds delay = milliseconds::zero();
    if (m_state.blockedUntil)
    {
        delay = std::max(delay, untilPoint(now, *m_state.blockedUntil));
    }
    if (m_state.remaining && *m_state.remaining <= m_config.reserve)
    {
        if (m_state.resetAt && *m_state.resetAt > now)
        {
            delay = std::max(delay, untilPoint(now, *m_state.resetAt));
        }
        else if (!m_state.resetAt)
        {
            delay = std::max(delay, m_config.unknownResetPause);
        }
    }
    return std::min<milliseconds>(delay, m_config.maxWait);
}

milliseconds RateLimiter::delayBeforeNextRequest() const
{
    std::lock_guard lock(m_mutex);
    const Clock::TimePoint now = m_clock->now();
    State copy = m_state;
    if (copy.resetAt && now >= *copy.resetAt)
    {
        return copy.blockedUntil ? std::min<milliseconds>(untilPoint(now, *copy.blockedUntil), m_config.maxWait)
                                 : milliseconds::zero();
    }
    return delayLocked(now);
}

milliseconds RateLimiter::jitter()
{
    if (m_config.maxJitter <= milliseconds::zero())
    {
        return milliseconds::zero();
    }
    return milliseconds(qint64(m_clock->random() * double(m_config.maxJitter.count())));
}

bool RateLimiter::acquire(std::stop_token stop)
{
    bool loggedWait = false;
    for (;;)
    {
        if (stop.stop_requested())
        {
            return false;
        }
        milliseconds wait;
        {
            std::lock_guard lock(m_mutex);
            const Clock::TimePoint now = m_clock->now();
            rollWindowLocked(now);
            wait = delayLocked(now);
            if (wait <= milliseconds::zero())
            {
                if (m_state.remaining)
                {
                    m_state.remaining = *m_state.remaining - 1;
                }
                return true;
            }
            // Without a known reset nothing changes by itself: spend the pause, then probe.
            if (!m_state.resetAt && !m_state.blockedUntil && m_state.remaining)
            {
                m_state.remaining.reset();
            }
        }
        wait += jitter();
        if (!loggedWait)
        {
            qCInfo(lcNet) << m_name << "rate limit: waiting" << wait.count() << "ms before the next request";
            loggedWait = true;
        }
        if (!m_clock->sleepFor(wait, stop))
        {
            return false;
        }
    }
}

void RateLimiter::observe(const RawHeaders &headers)
{
    const std::optional<qint64> limit = headerNumber(headers, "X-RateLimit-Limit");
    const std::optional<qint64> remaining = headerNumber(headers, "X-RateLimit-Remaining");
    const std::optional<qint64> reset = headerNumber(headers, "X-RateLimit-Reset");
    if (!limit && !remaining && !reset)
    {
        return;
    }

    std::lock_guard lock(m_mutex);
    const Clock::TimePoint now = m_clock->now();
    std::optional<Clock::TimePoint> resetAt;
    if (reset)
    {
        resetAt = *reset >= kEpochThreshold ? Clock::TimePoint(seconds(*reset)) : now + seconds(*reset);
    }

    if (limit)
    {
        m_state.limit = int(std::min<qint64>(*limit, std::numeric_limits<int>::max()));
    }
    // A later reset means a new window: its remaining count replaces ours. Within the same
    // window answers may arrive out of order, so the smallest count is the truest.
    const bool newWindow = resetAt && (!m_state.resetAt || *resetAt > *m_state.resetAt + seconds(1));
    if (remaining)
    {
        const int value = int(std::min<qint64>(*remaining, std::numeric_limits<int>::max()));
        if (newWindow || !m_state.remaining)
        {
            m_state.remaining = value;
        }
        else
        {
            m_state.remaining = std::min(*m_state.remaining, value);
        }
    }
    if (resetAt && (newWindow || !m_state.resetAt))
    {
        m_state.resetAt = resetAt;
    }
}

milliseconds RateLimiter::observeTooManyRequests(const RawHeaders &headers)
{
    observe(headers);
    const QDateTime nowUtc = QDateTime::fromMSecsSinceEpoch(
        duration_cast<milliseconds>(m_clock->now().time_since_epoch()).count(), QTimeZone::utc());
    const std::optional<seconds> retryAfter = parseRetryAfter(headerValue(headers, "Retry-After"), nowUtc);

    std::lock_guard lock(m_mutex);
    const Clock::TimePoint now = m_clock->now();
    milliseconds wait;
    if (retryAfter)
    {
        wait = *retryAfter;
    }
    else if (m_state.resetAt && *m_state.resetAt > now)
    {
        wait = untilPoint(now, *m_state.resetAt);
    }
    else
    {
        wait = m_config.fallbackRetryAfter;
    }
    wait = std::min<milliseconds>(wait + jitter(), m_config.maxWait);
    const Clock::TimePoint until = now + wait;
    if (!m_state.blockedUntil || until > *m_state.blockedUntil)
    {
        m_state.blockedUntil = until;
    }
    // The server said when to come back; that overrides what the headers announced.
    m_state.remaining = 0;
    m_state.resetAt = m_state.blockedUntil;
    qCInfo(lcNet) << m_name << "answered 429; pausing all requests for" << wait.count() << "ms";
    return wait;
}

RateLimiter::State RateLimiter::state() const
{
    std::lock_guard lock(m_mutex);
    return m_state;
}

} // namespace Net
