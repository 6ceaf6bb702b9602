#pragma once

#include <chrono>
#include <memory>
#include <stop_token>

namespace Net
{

// Time and waiting, injectable so rate-limit and backoff decisions are testable without
// real sleeping. Implementations are thread-safe.
class Clock
{
public:
    using TimePoint = std::chrono::system_clock::time_point;

    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
    // Waits for `duration` or until a stop is requested. False when stopped.
    virtual bool sleepFor(std::chrono::milliseconds duration, std::stop_token stop) = 0;
    // A uniformly distributed number in [0, 1), for jitter.
    virtual double random() = 0;
};

// Wall clock (X-RateLimit-Reset is epoch seconds) and a real, interruptible sleep.
class SystemClock final : public Clock
{
public:
    TimePoint now() const override;
    bool sleepFor(std::chrono::milliseconds duration, std::stop_token stop) override;
    double random() override;

    static std::shared_ptr<Clock> instance();
};

} // namespace Net
