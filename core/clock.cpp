#include "core/clock.h"

#include <QElapsedTimer>

const Clock *Clock::system()
{
    static const SystemClock clock;
    return &clock;
}

QDateTime SystemClock::now() const
{
    return QDateTime::currentDateTimeUtc();
}

std::chrono::milliseconds SystemClock::monotonic() const
{
    // QElapsedTimer uses CLOCK_MONOTONIC (Linux), mach_absolute_time (macOS) or
    // QueryPerformanceCounter (Windows); msecsSinceReference() is its raw reading.
    static const QElapsedTimer origin = []
    {
        QElapsedTimer timer;
        timer.start();
        return timer;
    }();
    return std::chrono::milliseconds(origin.elapsed());
}

FakeClock::FakeClock(const QDateTime &start) : m_wall(start.toUTC()) { }

QDateTime FakeClock::now() const
{
    const std::lock_guard lock(m_mutex);
    return m_wall;
}

std::chrono::milliseconds FakeClock::monotonic() const
{
    const std::lock_guard lock(m_mutex);
    return m_monotonic;
}

void FakeClock::advance(std::chrono::milliseconds delta)
{
    const std::lock_guard lock(m_mutex);
    m_wall = m_wall.addMSecs(delta.count());
    m_monotonic += delta;
}

void FakeClock::sleep(std::chrono::milliseconds duration)
{
    const std::lock_guard lock(m_mutex);
    m_wall = m_wall.addMSecs(duration.count());
}

void FakeClock::jump(std::chrono::milliseconds delta)
{
    const std::lock_guard lock(m_mutex);
    m_wall = m_wall.addMSecs(delta.count());
}

void FakeClock::setNow(const QDateTime &wall)
{
    const std::lock_guard lock(m_mutex);
    m_wall = wall.toUTC();
}
