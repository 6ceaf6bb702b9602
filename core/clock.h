#pragma once

#include <QDateTime>
#include <QTimeZone>

#include <chrono>
#include <mutex>

// An injectable source of time. The scheduler keeps its due times on the wall clock (they are
// persisted and must survive restarts) and uses the monotonic reading only to notice that the
// wall clock moved in a way elapsed time cannot explain (sleep, a manual clock change).
class Clock
{
public:
    virtual ~Clock() = default;

    // Wall clock, always in UTC.
    virtual QDateTime now() const = 0;

    // Monotonic time since an arbitrary origin; never goes backwards, does not count sleep.
    virtual std::chrono::milliseconds monotonic() const = 0;

    // The process-wide system clock; never null, never deleted.
    static const Clock *system();
};

class SystemClock final : public Clock
{
public:
    QDateTime now() const override;
    std::chrono::milliseconds monotonic() const override;
};

// A clock for tests. Thread-safe, so a test may read it from a worker thread.
class FakeClock final : public Clock
{
public:
    explicit FakeClock(const QDateTime &start = QDateTime(QDate(2026, 12, 1), QTime(8, 0), QTimeZone::utc()));

    QDateTime now() const override;
    std::chrono::milliseconds monotonic() const override;

    // Time passes normally: wall and monotonic move together.
    void advance(std::chrono::milliseconds delta);

    // The machine slept: the wall clock moves, the monotonic clock does not.
    void sleep(std::chrono::milliseconds duration);

    // The user or NTP changed the clock: the wall clock jumps (negative = backwards).
    void jump(std::chrono::milliseconds delta);
    void setNow(const QDateTime &wall);

private:
    mutable std::mutex m_mutex;
    QDateTime m_wall;
    std::chrono::milliseconds m_monotonic { 0 };
};
