#include "ui/traycontroller.h"

#include <QAction>
#include <QMenu>
#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;

class TestTrayController final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void menuActionsEmit_data();
    void menuActionsEmit();
    void pauseActionFollowsState();
    void setupActionOnlyWhileNotConnected();
    void leftClickOpensDashboard();
    void retriesWhenNoTray();
    void notifiesOncePerNewFailure();
    void presentationFollowsState();
};

void TestTrayController::initTestCase()
{
    // The offscreen platform has no tray host: exactly the "tray not up yet" case.
    QVERIFY(!QSystemTrayIcon::isSystemTrayAvailable());
}

void TestTrayController::menuActionsEmit_data()
{
    QTest::addColumn<QString>("actionName");
    QTest::addColumn<QByteArray>("signal");

    QTest::newRow("open") << QStringLiteral("openDashboardAction") << QByteArray(SIGNAL(openDashboardRequested()));
    QTest::newRow("sync jobs") << QStringLiteral("syncJobsAction") << QByteArray(SIGNAL(syncJobsRequested()));
    QTest::newRow("import") << QStringLiteral("importApplicantsAction")
                            << QByteArray(SIGNAL(importApplicantsRequested()));
    QTest::newRow("pause") << QStringLiteral("pauseAction") << QByteArray(SIGNAL(pauseRequested()));
    QTest::newRow("settings") << QStringLiteral("settingsAction") << QByteArray(SIGNAL(settingsRequested()));
    QTest::newRow("quit") << QStringLiteral("quitAction") << QByteArray(SIGNAL(quitRequested()));
}

void TestTrayController::menuActionsEmit()
{
    QFETCH(QString, actionName);
    QFETCH(QByteArray, signal);

    TrayController tray;
    auto *action = tray.menu()->findChild<QAction *>(actionName);
    QVERIFY(action);
    QVERIFY(!action->text().isEmpty());
    QSignalSpy spy(&tray, signal.constData());
    action->trigger();
    QCOMPARE(spy.count(), 1);
}

void TestTrayController::pauseActionFollowsState()
{
    TrayController tray;
    auto *action = tray.menu()->findChild<QAction *>(QStringLiteral("pauseAction"));
    QVERIFY(action);
    QCOMPARE(action->text(), QStringLiteral("Pause syncing"));

    Tray::TrayState state;
    state.paused = true;
    tray.setState(state);
    QCOMPARE(action->text(), QStringLiteral("Resume syncing"));
    QSignalSpy resume(&tray, &TrayController::resumeRequested);
    QSignalSpy pause(&tray, &TrayController::pauseRequested);
    action->trigger();
    QCOMPARE(resume.count(), 1);
    QCOMPARE(pause.count(), 0);

    tray.setSyncActionsEnabled(false);
    QVERIFY(!action->isEnabled());
    QVERIFY(!tray.menu()->findChild<QAction *>(QStringLiteral("syncJobsAction"))->isEnabled());
    QVERIFY(tray.menu()->findChild<QAction *>(QStringLiteral("quitAction"))->isEnabled());
}

// After a cancelled setup (or a disconnect) the tray is one way back to the wizard.
void TestTrayController::setupActionOnlyWhileNotConnected()
{
    TrayController tray;
    auto *action = tray.menu()->findChild<QAction *>(QStringLiteral("setupConnectionAction"));
    QVERIFY(action);
    QVERIFY(!action->text().isEmpty());

    Tray::TrayState state;
    state.connected = false;
    tray.setState(state);
    QVERIFY(action->isVisible());
    QSignalSpy setup(&tray, &TrayController::setupRequested);
    action->trigger();
    QCOMPARE(setup.count(), 1);

    state.connected = true;
    tray.setState(state);
    QVERIFY(!action->isVisible());
}

void TestTrayController::leftClickOpensDashboard()
{
    TrayController tray;
    QSignalSpy spy(&tray, &TrayController::openDashboardRequested);
    Q_EMIT tray.trayIcon()->activated(QSystemTrayIcon::Context);
    Q_EMIT tray.trayIcon()->activated(QSystemTrayIcon::MiddleClick);
    QCOMPARE(spy.count(), 0);
    Q_EMIT tray.trayIcon()->activated(QSystemTrayIcon::Trigger);
    QCOMPARE(spy.count(), 1);
}

void TestTrayController::retriesWhenNoTray()
{
    TrayController tray;
    tray.setRetryPolicy(3, 20ms);
    QSignalSpy availability(&tray, &TrayController::trayAvailabilityChanged);
    tray.show();
    QVERIFY(!tray.isIconVisible());
    QCOMPARE(availability.count(), 0); // still retrying

    QTRY_COMPARE_WITH_TIMEOUT(availability.count(), 1, 2000);
    QCOMPARE(availability.first().first().toBool(), false);
    QVERIFY(!tray.isIconVisible());

    // Given up: no further attempts.
    QTest::qWait(100);
    QCOMPARE(availability.count(), 1);
}

void TestTrayController::notifiesOncePerNewFailure()
{
    TrayController tray;
    QSignalSpy spy(&tray, &TrayController::notificationPosted);

    Tray::TrayState state;
    auto &jobs = state.lane(Tray::Lane::Jobs);
    jobs.lastResult = Tray::RunResult::Failed;
    jobs.lastMessage = QStringLiteral("Greenhouse did not answer");
    jobs.consecutiveFailures = 1;
    tray.setState(state);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("Jobs sync failed"));
    QCOMPARE(spy.at(0).at(1).toString(), QStringLiteral("Greenhouse did not answer"));

    // Retries: running, failing again, more failures: quiet.
    jobs.running = true;
    tray.setState(state);
    jobs.running = false;
    jobs.consecutiveFailures = 4;
    tray.setState(state);
    QCOMPARE(spy.count(), 1);

    // Recovery re-arms, the next failure notifies again.
    jobs.lastResult = Tray::RunResult::Ok;
    jobs.consecutiveFailures = 0;
    tray.setState(state);
    jobs.lastResult = Tray::RunResult::Failed;
    jobs.consecutiveFailures = 1;
    tray.setState(state);
    QCOMPARE(spy.count(), 2);
}

void TestTrayController::presentationFollowsState()
{
    TrayController tray;
    Tray::TrayState state;
    state.quarantinedApplicants = 2;
    tray.setState(state);
    QCOMPARE(tray.presentation().state, Tray::OverallState::Warning);
    QCOMPARE(tray.trayIcon()->toolTip(), tray.presentation().toolTip);
    QVERIFY(tray.trayIcon()->toolTip().size() <= Tray::kMaxToolTipLength);
    QVERIFY(!tray.trayIcon()->icon().isNull());
}

QTEST_MAIN(TestTrayController)
#include "testtraycontroller.moc"
