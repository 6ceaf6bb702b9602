#include "core/net/ratelimiter.h"

#include <QElapsedTimer>
#include <QTest>

#include <mutex>
#include <thread>

using namespace Net;
using namespace std::chrono_literals;

namespace
{
// Time only moves when someone sleeps; every sleep is recorded.
class FakeClock final : public Clock
{
public:
    TimePoint now() const override
    {
        std::lock_guard lock(m_mutex);
        return m_now;
    }
    bool sleepFor(std::chrono::milliseconds duration, std::stop_token stop) override
    {
        if (stop.stop_requested())
        {
            return false;
        }
        std::lock_guard lock(m_mutex);
        m_sleeps.append(duration);
        m_now += duration;
        return true;
    }
    double random() override { return m_random; }

    QList<std::chrono::milliseconds> sleeps() const
    {
        std::lock_guard lock(m_mutex);
        return m_sleeps;
    }
    qint64 epochSeconds() const
    {
        return std::chrono::duration_cast<std::chrono::seconds>(now().time_since_epoch()).count();
    }

    double m_random = 0.0;

private:
    mutable std::mutex m_mutex;
    TimePoint m_now { std::chrono::seconds(1'796'300'000) };
    QList<std::chrono::milliseconds> m_sleeps;
};

RawHeaders limits(qint64 limit, qint64 remaining, qint64 reset)
{
    return { { "X-RateLimit-Limit", QByteArray::number(limit) },
        { "X-RateLimit-Remaining", QByteArray::number(remaining) },
        { "X-RateLimit-Reset", QByteArray::number(reset) } };
}
} // namespace

class TestRateLimiter final : public QObject
{
    Q_OBJECT

private slots:
    void unknownBudgetDoesNotWait();
    void waitsForResetBeforeBudgetIsGone();
    void headersAreCaseInsensitive();
    void resetGivenAsDelta();
    void absurdNumbersAreIgnored_data();
    void absurdNumbersAreIgnored();
    void tooManyRequests_data();
    void tooManyRequests();
    void olderAnswerDoesNotRaiseBudget();
    void exhaustedWithoutResetPausesBriefly();
    void stopEndsWait();
    void systemClockSleepIsInterruptible();
    void threadsShareOneBudget();
};

void TestRateLimiter::unknownBudgetDoesNotWait()
{
    auto clock = std::make_shared<FakeClock>();
    RateLimiter limiter(QStringLiteral("test"), clock);
    QCOMPARE(limiter.delayBeforeNextRequest(), 0ms);
    QVERIFY(limiter.acquire({}));
    QVERIFY(clock->sleeps().isEmpty());
}

void TestRateLimiter::waitsForResetBeforeBudgetIsGone()
{
    auto clock = std::make_shared<FakeClock>();
    RateLimiter::Config config;
    config.maxJitter = 0ms;
    RateLimiter limiter(QStringLiteral("test"), clock, config);
    limiter.observe(limits(75, 2, clock->epochSeconds() + 10));

    QVERIFY(limiter.acquire({}));
    QVERIFY(limiter.acquire({}));
    QVERIFY(clock->sleeps().isEmpty());
    QCOMPARE(limiter.delayBeforeNextRequest(), 10'000ms);

    // The third request waits for the announced reset, not for an assumed window.
    QVERIFY(limiter.acquire({}));
    QCOMPARE(clock->sleeps(), QList<std::chrono::milliseconds> { 10'000ms });
    QCOMPARE(limiter.state().remaining, std::optional<int>(74));
}

void TestRateLimiter::headersAreCaseInsensitive()
{
    auto clock = std::make_shared<FakeClock>();
    RateLimiter limiter(QStringLiteral("test"), clock);
    limiter.observe({ { "x-ratelimit-limit", "50" }, { "X-RATELIMIT-REMAINING", "0" },
        { "x-RateLimit-reset", QByteArray::number(clock->epochSeconds() + 3) } });
    const RateLimiter::State state = limiter.state();
    QCOMPARE(state.limit, std::optional<int>(50));
    QCOMPARE(state.remaining, std::optional<int>(0));
    QCOMPARE(limiter.delayBeforeNextRequest(), 3'000ms);
}

void TestRateLimiter::resetGivenAsDelta()
{
    auto clock = std::make_shared<FakeClock>();
    RateLimiter limiter(QStringLiteral("test"), clock);
    limiter.observe(limits(10, 0, 4));
    QCOMPARE(limiter.delayBeforeNextRequest(), 4'000ms);
}

void TestRateLimiter::absurdNumbersAreIgnored_data()
{
    QTest::addColumn<QByteArray>("value");

    // Found by fuzz-http-headers: converting these to an integer was undefined and, on x86,
    // turned "plenty left" into a hugely negative budget that stalled every request.
    QTest::newRow("1e30") << QByteArray("1e30");
    QTest::newRow("inf") << QByteArray("inf");
    QTest::newRow("nan") << QByteArray("nan");
    QTest::newRow("20 digits") << QByteArray("99999999999999999999");
    QTest::newRow("year 2264") << QByteArray("9300000000");
}

void TestRateLimiter::absurdNumbersAreIgnored()
{
    QFETCH(QByteArray, value);
    auto clock = std::make_shared<FakeClock>();
    RateLimiter limiter(QStringLiteral("test"), clock);
    limiter.observe({ { "X-RateLimit-Limit", value }, { "X-RateLimit-Remaining", value },
        { "X-RateLimit-Reset", QByteArray::number(clock->epochSeconds() + 60) } });
    QCOMPARE(limiter.state().remaining, std::nullopt);
    QCOMPARE(limiter.delayBeforeNextRequest(), 0ms);

    limiter.observe({ { "X-RateLimit-Reset", value }, { "X-RateLimit-Remaining", "0" } });
    QVERIFY(limiter.delayBeforeNextRequest() <= 60'000ms);
}

void TestRateLimiter::tooManyRequests_data()
{
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<qint64>("resetIn"); // 0 = no reset header
    QTest::addColumn<qint64>("expectedMs");

    // Jitter: random 0.5 * maxJitter 400 ms = 200 ms on top.
    QTest::newRow("retry-after wins") << QByteArray("7") << qint64(20) << qint64(7'200);
    QTest::newRow("reset when no retry-after") << QByteArray() << qint64(12) << qint64(12'200);
    QTest::newRow("fallback") << QByteArray() << qint64(0) << qint64(5'200);
    QTest::newRow("zero retry-after") << QByteArray("0") << qint64(0) << qint64(200);
}

void TestRateLimiter::tooManyRequests()
{
    QFETCH(QByteArray, retryAfter);
    QFETCH(qint64, resetIn);
    QFETCH(qint64, expectedMs);

    auto clock = std::make_shared<FakeClock>();
    clock->m_random = 0.5;
    RateLimiter limiter(QStringLiteral("test"), clock);
    RawHeaders headers;
    if (!retryAfter.isEmpty())
    {
        headers.append(std::pair<QByteArray, QByteArray>("retry-after", retryAfter));
    }
    if (resetIn > 0)
    {
        headers.append(std::pair<QByteArray, QByteArray>(
            "X-RateLimit-Reset", QByteArray::number(clock->epochSeconds() + resetIn)));
        headers.append(std::pair<QByteArray, QByteArray>("X-RateLimit-Remaining", "0"));
    }
    const auto imposed = limiter.observeTooManyRequests(headers);
    QCOMPARE(imposed.count(), expectedMs);
    QCOMPARE(limiter.delayBeforeNextRequest().count(), expectedMs);

    // Every caller now waits that long (plus its own jitter) before its next request.
    clock->m_random = 0.0;
    QVERIFY(limiter.acquire({}));
    qint64 slept = 0;
    for (auto sleep : clock->sleeps())
    {
        slept += sleep.count();
    }
    QVERIFY2(slept >= expectedMs, qPrintable(QString::number(slept)));
}

void TestRateLimiter::olderAnswerDoesNotRaiseBudget()
{
    auto clock = std::make_shared<FakeClock>();
    RateLimiter limiter(QStringLiteral("test"), clock);
    const qint64 reset = clock->epochSeconds() + 30;
    limiter.observe(limits(75, 10, reset));
    limiter.observe(limits(75, 40, reset)); // arrived late, same window
    QCOMPARE(limiter.state().remaining, std::optional<int>(10));
    limiter.observe(limits(75, 74, reset + 30)); // next window
    QCOMPARE(limiter.state().remaining, std::optional<int>(74));
}

void TestRateLimiter::exhaustedWithoutResetPausesBriefly()
{
    auto clock = std::make_shared<FakeClock>();
    RateLimiter::Config config;
    config.maxJitter = 0ms;
    config.unknownResetPause = 750ms;
    RateLimiter limiter(QStringLiteral("test"), clock, config);
    limiter.observe({ { "X-RateLimit-Remaining", "0" } });
    QCOMPARE(limiter.delayBeforeNextRequest(), 750ms);
    QVERIFY(limiter.acquire({}));
    QCOMPARE(clock->sleeps(), QList<std::chrono::milliseconds> { 750ms });
}

void TestRateLimiter::stopEndsWait()
{
    auto clock = std::make_shared<FakeClock>();
    RateLimiter limiter(QStringLiteral("test"), clock);
    limiter.observe(limits(75, 0, clock->epochSeconds() + 30));
    std::stop_source source;
    source.request_stop();
    QVERIFY(!limiter.acquire(source.get_token()));
}

void TestRateLimiter::systemClockSleepIsInterruptible()
{
    SystemClock clock;
    std::stop_source source;
    std::thread stopper(
        [&source]
        {
            std::this_thread::sleep_for(50ms);
            source.request_stop();
        });
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!clock.sleepFor(10'000ms, source.get_token()));
    stopper.join();
    QVERIFY(timer.elapsed() < 5'000);

    QVERIFY(clock.sleepFor(20ms, {}));
}

void TestRateLimiter::threadsShareOneBudget()
{
    auto clock = std::make_shared<FakeClock>();
    RateLimiter::Config config;
    config.maxJitter = 0ms;
    auto limiter = std::make_shared<RateLimiter>(QStringLiteral("test"), clock, config);
    limiter->observe(limits(5, 5, clock->epochSeconds() + 60));

    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i)
    {
        threads.emplace_back([limiter] { limiter->acquire({}); });
    }
    for (std::thread &thread : threads)
    {
        thread.join();
    }
    // Five went at once; the sixth had to wait for the window to end.
    QVERIFY(!clock->sleeps().isEmpty());
    QCOMPARE(clock->sleeps().first(), 60'000ms);
    QCOMPARE(limiter->state().remaining, std::optional<int>(2));
}

QTEST_GUILESS_MAIN(TestRateLimiter)
#include "testratelimiter.moc"
