#include "core/net/clock.h"

#include <QRandomGenerator>

#include <condition_variable>
#include <mutex>

namespace Net
{

Clock::TimePoint SystemClock::now() const
{
    return std::chrono::system_clock::now();
}

bool SystemClock::sleepFor(std::chrono::milliseconds duration, std::stop_token stop)
{
    if (duration <= std::chrono::milliseconds::zero())
    {
        return !stop.stop_requested();
    }
    std::mutex mutex;
    std::condition_variable_any wakeUp;
    std::unique_lock lock(mutex);
    // The predicate is only "stopped": the wait ends early on a stop request alone.
    wakeUp.wait_for(lock, stop, duration, [] { return false; });
    return !stop.stop_requested();
}

double SystemClock::random()
{
    return QRandomGenerator::global()->generateDouble();
}

std::shared_ptr<Clock> SystemClock::instance()
{
    static const std::shared_ptr<Clock> clock = std::make_shared<SystemClock>();
    return clock;
}

} // namespace Net
