#include "core/clock.h"

#include <QTest>

using namespace std::chrono_literals;

class TestClock final : public QObject
{
    Q_OBJECT

private slots:
    void systemClockIsUtcAndMonotonic();
    void fakeClock();
};

void TestClock::systemClockIsUtcAndMonotonic()
{
    const Clock *clock = Clock::system();
    QVERIFY(clock);
    QCOMPARE(clock, Clock::system());
    QCOMPARE(clock->now().timeSpec(), Qt::UTC);
    QVERIFY(qAbs(clock->now().secsTo(QDateTime::currentDateTimeUtc())) <= 1);
    const auto before = clock->monotonic();
    QTest::qWait(20);
    QVERIFY(clock->monotonic() - before >= 15ms);
}

void TestClock::fakeClock()
{
    const QDateTime start(QDate(2026, 12, 1), QTime(8, 0), QTimeZone::utc());
    FakeClock clock(start);
    QCOMPARE(clock.now(), start);
    QCOMPARE(clock.monotonic(), 0ms);

    clock.advance(5min);
    QCOMPARE(clock.now(), start.addSecs(300));
    QCOMPARE(clock.monotonic(), 5min);

    clock.sleep(2h);
    QCOMPARE(clock.now(), start.addSecs(300 + 7200));
    QCOMPARE(clock.monotonic(), 5min);

    clock.jump(-3h);
    QCOMPARE(clock.now(), start.addSecs(300 + 7200 - 10800));
    QCOMPARE(clock.monotonic(), 5min);

    clock.setNow(start);
    QCOMPARE(clock.now(), start);
    QCOMPARE(clock.now().timeSpec(), Qt::UTC);
}

QTEST_GUILESS_MAIN(TestClock)
#include "testclock.moc"
