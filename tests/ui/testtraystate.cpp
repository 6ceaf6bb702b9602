#include "ui/traystate.h"

#include <QTest>

using namespace Tray;

Q_DECLARE_METATYPE(Tray::TrayState)
Q_DECLARE_METATYPE(Tray::OverallState)

namespace
{
const QDateTime kNow(QDate(2025, 3, 14), QTime(15, 30));

LaneStatus ok()
{
    LaneStatus lane;
    lane.lastResult = RunResult::Ok;
    lane.lastFinished = kNow.addSecs(-120);
    return lane;
}

LaneStatus failed(int times, const QString &message = QStringLiteral("Greenhouse answered 503"))
{
    LaneStatus lane;
    lane.lastResult = RunResult::Failed;
    lane.lastMessage = message;
    lane.lastFinished = kNow.addSecs(-60);
    lane.consecutiveFailures = times;
    return lane;
}

LaneStatus running(LaneStatus lane)
{
    lane.running = true;
    return lane;
}

TrayState make(LaneStatus jobs, LaneStatus applicants, int quarantined = 0, bool authLost = false, bool paused = false,
    bool connected = true)
{
    TrayState state;
    state.lane(Lane::Jobs) = jobs;
    state.lane(Lane::Applicants) = applicants;
    state.quarantinedApplicants = quarantined;
    state.authLost = authLost;
    state.paused = paused;
    state.connected = connected;
    return state;
}
} // namespace

class TestTrayState final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mapping_data();
    void mapping();
    void toolTipFitsWithLongMessages();
    void notifications_data();
    void notifications();
};

void TestTrayState::mapping_data()
{
    QTest::addColumn<TrayState>("state");
    QTest::addColumn<OverallState>("expected");
    QTest::addColumn<QString>("icon");
    QTest::addColumn<QStringList>("toolTipParts");

    const QString longMessage = QStringLiteral("The SmartDreamers platform rejected the job body because the "
                                               "field description exceeds the allowed length of 65535 characters");
    QTest::newRow("fresh start") << make({}, {}) << OverallState::Ok << QStringLiteral(":/icons/tray-ok.svg")
                                 << QStringList { QStringLiteral("up to date"), QStringLiteral("Jobs: not run yet") };
    QTest::newRow("both ok") << make(ok(), ok()) << OverallState::Ok << QStringLiteral(":/icons/tray-ok.svg")
                             << QStringList { QStringLiteral("Jobs: ok"), QStringLiteral("Applicants: ok") };
    QTest::newRow("jobs running") << make(running(ok()), ok()) << OverallState::Syncing
                                  << QStringLiteral(":/icons/tray-syncing.svg")
                                  << QStringList { QStringLiteral("Jobs: running") };
    QTest::newRow("one failure") << make(failed(1), ok()) << OverallState::Warning
                                 << QStringLiteral(":/icons/tray-warning.svg")
                                 << QStringList { QStringLiteral("Jobs: failed"), QStringLiteral("503") };
    QTest::newRow("repeated failures") << make(ok(), failed(kRepeatedFailureThreshold)) << OverallState::Error
                                       << QStringLiteral(":/icons/tray-error.svg")
                                       << QStringList { QStringLiteral("keeps failing") };
    QTest::newRow("repeated failures beat a run")
        << make(running(failed(5)), ok()) << OverallState::Error << QStringLiteral(":/icons/tray-error.svg")
        << QStringList { QStringLiteral("Jobs: running") };
    QTest::newRow("quarantined") << make(ok(), ok(), 4) << OverallState::Warning
                                 << QStringLiteral(":/icons/tray-warning.svg")
                                 << QStringList { QStringLiteral("4 applicant(s) need a look") };
    QTest::newRow("run beats quarantine") << make(ok(), running(ok()), 2) << OverallState::Syncing
                                          << QStringLiteral(":/icons/tray-syncing.svg") << QStringList {};
    QTest::newRow("auth lost") << make(failed(1), failed(1), 0, true) << OverallState::Error
                               << QStringLiteral(":/icons/tray-error.svg")
                               << QStringList { QStringLiteral("sign-in rejected") };
    QTest::newRow("auth lost while paused")
        << make(ok(), ok(), 0, true, true) << OverallState::Error << QStringLiteral(":/icons/tray-error.svg")
        << QStringList { QStringLiteral("sign-in rejected") };
    QTest::newRow("paused") << make(failed(4), running(ok()), 3, false, true) << OverallState::Paused
                            << QStringLiteral(":/icons/tray-paused.svg") << QStringList { QStringLiteral("paused") };
    QTest::newRow("not connected") << make({}, {}, 0, false, false, false) << OverallState::Warning
                                   << QStringLiteral(":/icons/tray-warning.svg")
                                   << QStringList { QStringLiteral("not connected") };
    QTest::newRow("long messages") << make(failed(1, longMessage), failed(2, longMessage), 123456)
                                   << OverallState::Warning << QStringLiteral(":/icons/tray-warning.svg")
                                   << QStringList { QStringLiteral("Jobs: failed"),
                                          QStringLiteral("Applicants: failed"), QStringLiteral("need a look") };
}

void TestTrayState::mapping()
{
    QFETCH(TrayState, state);
    QFETCH(OverallState, expected);
    QFETCH(QString, icon);
    QFETCH(QStringList, toolTipParts);

    const TrayPresentation presentation = presentTrayState(state, kNow);
    QCOMPARE(presentation.state, expected);
    QCOMPARE(presentation.iconPath, icon);
    QCOMPARE(iconPathFor(expected), icon);
    QVERIFY2(presentation.toolTip.size() <= kMaxToolTipLength, qPrintable(presentation.toolTip));
    QVERIFY(!presentation.toolTip.isEmpty());
    for (const QString &part : toolTipParts)
        QVERIFY2(presentation.toolTip.contains(part), qPrintable(presentation.toolTip));

    // The icon exists in the resources and renders.
    QVERIFY(QFile::exists(icon));
}

void TestTrayState::toolTipFitsWithLongMessages()
{
    // Every combination of long, odd messages stays within Windows' limit.
    const QString huge = QString(300, QLatin1Char('x'));
    const QString emoji = QString::fromUtf8("\xF0\x9F\x98\x80").repeated(100);
    for (const QString &message : { huge, emoji, QStringLiteral("short") })
    {
        for (int quarantined : { 0, 1, 999999 })
        {
            const TrayState state = make(failed(1, message), failed(7, message), quarantined);
            const QString toolTip = presentTrayState(state, kNow).toolTip;
            QVERIFY2(toolTip.size() <= kMaxToolTipLength, qPrintable(toolTip));
            QVERIFY(!toolTip.back().isHighSurrogate());
        }
    }
}

// Each row is a sequence of states; `expected` counts the notifications after each step.
void TestTrayState::notifications_data()
{
    QTest::addColumn<QList<TrayState>>("steps");
    QTest::addColumn<QList<int>>("expected");

    QTest::newRow("ok stays quiet") << QList<TrayState> { make(ok(), ok()), make(ok(), ok()) } << QList<int> { 0, 0 };
    QTest::newRow("failure then retries") << QList<TrayState> { make(failed(1), ok()), make(running(failed(1)), ok()),
        make(failed(2), ok()), make(failed(3), ok()) }
                                          << QList<int> { 1, 0, 0, 0 };
    QTest::newRow("recovery re-arms") << QList<TrayState> { make(failed(1), ok()), make(ok(), ok()),
        make(failed(1), ok()) } << QList<int> { 1, 0, 1 };
    QTest::newRow("lanes are separate") << QList<TrayState> { make(failed(1), ok()), make(failed(2), failed(1)) }
                                        << QList<int> { 1, 1 };
    QTest::newRow("auth lost once") << QList<TrayState> { make(failed(1), failed(1), 0, true),
        make(failed(2), failed(2), 0, true) }
                                    << QList<int> { 1, 0 };
    QTest::newRow("auth restored re-arms") << QList<TrayState> { make(ok(), ok(), 0, true), make(ok(), ok()),
        make(ok(), ok(), 0, true) } << QList<int> { 1, 0, 1 };
    QTest::newRow("failure seen while auth lost stays quiet after") << QList<TrayState> {
        make(failed(1), ok(), 0, true), make(failed(1), ok()), make(ok(), ok()), make(failed(1), ok())
    } << QList<int> { 1, 0, 0, 1 };
    QTest::newRow("never ran does not re-arm")
        << QList<TrayState> { make(failed(1), ok()), make({}, ok()), make(failed(1), ok()) } << QList<int> { 1, 0, 0 };
}

void TestTrayState::notifications()
{
    QFETCH(QList<TrayState>, steps);
    QFETCH(QList<int>, expected);
    QCOMPARE(steps.size(), expected.size());

    FailureNotifier notifier;
    for (int i = 0; i < steps.size(); ++i)
    {
        const QList<Notification> shown = notifier.update(steps[i]);
        QVERIFY2(shown.size() == expected[i], qPrintable(QStringLiteral("step %1: %2").arg(i).arg(shown.size())));
        for (const Notification &notification : shown)
        {
            QVERIFY(!notification.title.isEmpty());
            QVERIFY(!notification.message.isEmpty());
        }
    }
}

QTEST_GUILESS_MAIN(TestTrayState)
#include "testtraystate.moc"
