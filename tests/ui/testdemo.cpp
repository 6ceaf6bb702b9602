// The demo end to end, in-process: the sandbox starts inside the app, the wizard opens prefilled,
// is completed programmatically, both cadences run and the tables fill. Screenshots of the
// dashboard during and after a run go to $TALENTBRIDGE_SCREENSHOT_DIR
// (default <temp>/talentbridge-screenshots). scripts/run-tests.sh runs it on xcb under Xvfb with
// a tray host ("xvfb" label): then the tray icon must be shown and whole-screen shots are saved.
#include "app/application.h"
#include "app/singleinstance.h"
#include "core/credentials/credentialsession.h"
#include "core/credentials/memorycredentialstore.h"
#include "core/store/store.h"
#include "core/sync/syncengine.h"
#include "sandbox/sandboxserver.h"
#include "tests/ui/modaldialogs.h"
#include "ui/dashboard/lanepanel.h"
#include "ui/mainwindow.h"
#include "ui/settingsdialog.h"
#include "ui/models/applicantsmodel.h"
#include "ui/models/jobsmodel.h"
#include "ui/models/runsmodel.h"
#include "ui/traycontroller.h"
#include "ui/wizard/setupwizard.h"
#include "ui/wizard/syncfilterswidget.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QListWidget>
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace
{
QString screenshotDir()
{
    QString dir = qEnvironmentVariable("TALENTBRIDGE_SCREENSHOT_DIR");
    if (dir.isEmpty())
        dir = QDir::temp().filePath(u"talentbridge-screenshots"_s);
    QDir().mkpath(dir);
    return dir;
}

bool onXcb()
{
    return QGuiApplication::platformName() == "xcb"_L1;
}

// The widget as it paints itself and, under X (Xvfb in scripts/run-tests.sh), the whole screen
// as screen-<name>, so the window manager's frame and the tray icon are in the picture too.
bool saveShot(QWidget *widget, const QString &name)
{
    const QString path = QDir(screenshotDir()).filePath(name);
    bool ok = widget->grab().save(path);
    qInfo() << "screenshot" << path << ok;
    if (onXcb())
    {
        QCoreApplication::processEvents();
        const QString screenPath = QDir(screenshotDir()).filePath("screen-"_L1 + name);
        const bool screenOk = QGuiApplication::primaryScreen()->grabWindow(0).save(screenPath);
        qInfo() << "screenshot" << screenPath << screenOk;
        ok = ok && screenOk;
    }
    return ok;
}

// Walks the wizard forward as an admin would: confirm, test, next, finish. The wizard deletes
// itself on close, so it is only looked at through a QPointer.
bool completeWizard(Wizard::SetupWizard *setupWizard, int timeoutMs)
{
    const QPointer<Wizard::SetupWizard> wizard(setupWizard);
    QElapsedTimer timer;
    timer.start();
    QWizardPage *tested = nullptr;
    while (wizard && wizard->isVisible() && timer.elapsed() < timeoutMs)
    {
        QWizardPage *page = wizard->currentPage();
        if (!page)
        {
            QTest::qWait(50);
            continue;
        }
        if (auto *confirm = page->findChild<QCheckBox *>(u"permissionConfirmedCheckBox"_s);
            confirm && !confirm->isChecked())
            confirm->setChecked(true);
        if (auto *test = page->findChild<QPushButton *>(u"testPlatformButton"_s);
            test && tested != page && !page->isComplete() && test->isEnabled())
        {
            tested = page;
            test->click();
        }
        if (page->isComplete())
        {
            if (QAbstractButton *finish = wizard->button(QWizard::FinishButton);
                finish->isVisible() && finish->isEnabled())
                finish->click();
            else
                wizard->next();
        }
        QTest::qWait(100);
    }
    return !wizard || !wizard->isVisible();
}
} // namespace

class TestDemo final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void demoEndToEnd();
    void secondDemoLaunchKeepsTheRunningDemo();
    void minimizedStartStaysInTheTray();
};

void TestDemo::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestDemo::demoEndToEnd()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());

    CommandLine commandLine;
    commandLine.demo = true;
    commandLine.profileDirectory = dir.path();
    Application app(commandLine);
    app.setCredentialStore(std::make_unique<MemoryCredentialStore>());
    QSignalSpy syncStarted(&app, &Application::syncStarted);
    QString error;
    QVERIFY2(app.start(&error), qPrintable(error));
    QCOMPARE(app.profile().dir(), QDir(dir.path()).filePath(u"demo"_s));
    QVERIFY(app.sandbox());
    QVERIFY(app.setupWizard());
    QVERIFY(app.setupWizard()->isVisible());

    // Behind the wizard the dashboard says it is not connected and how to get there.
    auto *setupButton = app.mainWindow()->findChild<QPushButton *>(u"setupConnectionButton"_s);
    QVERIFY(setupButton);
    QVERIFY(setupButton->isVisible());
    QVERIFY(saveShot(app.mainWindow(), u"dashboard-not-connected.png"_s));

    QVERIFY(completeWizard(app.setupWizard(), 60000));
    QTRY_COMPARE_WITH_TIMEOUT(syncStarted.size(), 1, 10000);

    MainWindow *window = app.mainWindow();
    QVERIFY(window->isVisible());
    QVERIFY(app.scheduler()->isStarted());

    // Under X there is a tray host (trayer in scripts/run-tests.sh): the icon must be in it.
    if (onXcb())
    {
        QTRY_VERIFY_WITH_TIMEOUT(QSystemTrayIcon::isSystemTrayAvailable(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(app.tray()->isIconVisible(), 10000);
        QVERIFY(app.tray()->trayIcon()->isVisible());
        QVERIFY(QTest::qWaitForWindowExposed(window));
    }

    // Both lanes are overdue on a fresh profile: they start by themselves. The "during" shot
    // must show a run in progress: the jobs lane running, its progress bar and step showing.
    LanePanel *jobsPanel = window->lanePanel(SyncScheduler::Lane::Jobs);
    auto *jobsStep = jobsPanel->findChild<QLabel *>(u"jobsStepLabel"_s);
    QVERIFY(jobsStep);
    QTRY_VERIFY_WITH_TIMEOUT(app.scheduler()->isRunning(SyncScheduler::Lane::Jobs)
            && jobsPanel->progressBar()->isVisible() && !jobsStep->text().isEmpty(),
        20000);
    QVERIFY(saveShot(window, u"dashboard-during-run.png"_s));
    // grab() paints synchronously: nothing changed between the check and the shot.
    QVERIFY(jobsPanel->progressBar()->isVisible());

    QTRY_VERIFY_WITH_TIMEOUT(!app.scheduler()->isRunning(SyncScheduler::Lane::Jobs)
            && !app.scheduler()->isRunning(SyncScheduler::Lane::Applicants) && app.store()->runCount(QString()) >= 2,
        120000);

    // "Sync now" from the dashboard runs again.
    const int runsBefore = app.store()->runCount(u"jobs"_s);
    window->lanePanel(SyncScheduler::Lane::Jobs)->syncNowButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(
        app.scheduler()->isRunning(SyncScheduler::Lane::Jobs) || app.store()->runCount(u"jobs"_s) > runsBefore, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(
        !app.scheduler()->isRunning(SyncScheduler::Lane::Jobs) && app.store()->runCount(u"jobs"_s) > runsBefore, 60000);
    window->lanePanel(SyncScheduler::Lane::Applicants)->syncNowButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(!app.scheduler()->isRunning(SyncScheduler::Lane::Applicants), 60000);

    // The tables fill.
    QTRY_VERIFY_WITH_TIMEOUT(window->jobsModel()->rowCount() > 0, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(window->applicantsModel()->rowCount() > 0, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(window->runsModel()->rowCount() >= 3, 5000);
    const std::optional<RunRecord> jobsRun = app.store()->lastRun(u"jobs"_s);
    QVERIFY(jobsRun);
    QVERIFY2(jobsRun->ok.value_or(false), qPrintable(jobsRun->error));
    const std::optional<RunRecord> applicantsRun = app.store()->lastRun(u"applicants"_s);
    QVERIFY(applicantsRun);
    QVERIFY2(applicantsRun->ok.value_or(false), qPrintable(applicantsRun->error));

    QTest::qWait(500);
    QVERIFY(saveShot(window, u"dashboard-after-run.png"_s));
    window->showTab(MainWindow::Tab::Jobs);
    QVERIFY(saveShot(window, u"dashboard-jobs.png"_s));
    window->showTab(MainWindow::Tab::Applicants);
    // A quarantined applicant selected: Retry and Dismiss are offered under the table.
    int quarantinedRow = -1;
    for (int row = 0; row < window->applicantsModel()->rowCount() && quarantinedRow < 0; ++row)
    {
        if (window->applicantsModel()->canRetry(row))
            quarantinedRow = row;
    }
    QVERIFY(quarantinedRow >= 0);
    window->applicantsView()->selectRow(quarantinedRow);
    auto *retryButton = window->findChild<QPushButton *>(u"retryApplicantButton"_s);
    QVERIFY(retryButton);
    QVERIFY(retryButton->isVisible());
    QVERIFY(retryButton->isEnabled());
    QVERIFY(saveShot(window, u"dashboard-applicants.png"_s));
    window->applicantsView()->clearSelection();
    window->showTab(MainWindow::Tab::Runs);
    QVERIFY(saveShot(window, u"dashboard-runs.png"_s));
    window->showTab(MainWindow::Tab::Overview);
    QVERIFY(!setupButton->isVisible());

    // Settings picks the filters by name from the demo's Greenhouse.
    bool settingsShot = false;
    int departments = 0;
    TestSupport::whenModal(
        [&](QWidget *modal)
        {
            auto *dialog = qobject_cast<SettingsDialog *>(modal);
            if (!dialog || !dialog->filters()->isLoaded())
                return false;
            departments = dialog->filters()->departmentList()->count();
            QCoreApplication::processEvents();
            settingsShot = saveShot(dialog, u"settings.png"_s);
            dialog->findChild<QDialogButtonBox *>(u"settingsButtonBox"_s)->button(QDialogButtonBox::Cancel)->click();
            return true;
        });
    window->findChild<QAction *>(u"settingsAction"_s)->trigger();
    QVERIFY(settingsShot);
    QVERIFY(departments > 0);

    // The secret is rotated on the Greenhouse side: the next run is refused. Both cadences stop,
    // the tray turns red, one notification, and the app offers to reconnect.
    QSignalSpy notifications(app.tray(), &TrayController::notificationPosted);
    app.sandbox()->setClientSecret(u"rotated-elsewhere"_s);
    app.sandbox()->expireAllTokens();
    window->lanePanel(SyncScheduler::Lane::Jobs)->syncNowButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(app.tray()->presentation().state, Tray::OverallState::Error, 60000);
    QVERIFY(app.tray()->state().authLost);
    QVERIFY(!app.scheduler()->isStarted());
    QTRY_VERIFY(window->findChild<QMessageBox *>(u"authLostMessageBox"_s));
    QCOMPARE(notifications.size(), 1);
    window->findChild<QMessageBox *>(u"authLostMessageBox"_s)->close();

    // The panels say so too: no countdown to a run that will not come, no "Sync now" that
    // could do nothing, and one clear way back.
    QVERIFY(window->isAuthLost());
    auto *authLost = window->findChild<QLabel *>(u"authLostLabel"_s);
    QVERIFY(authLost);
    QTRY_VERIFY(authLost->isVisible());
    QVERIFY2(authLost->text().contains(u"Sign-in to Greenhouse lost"_s), qPrintable(authLost->text()));
    QTest::qWait(1100); // one countdown tick
    for (SyncScheduler::Lane lane : SyncScheduler::lanes)
    {
        LanePanel *panel = window->lanePanel(lane);
        QVERIFY(!panel->syncNowButton()->isEnabled());
        QVERIFY2(panel->syncNowButton()->toolTip().contains(u"Reconnect"_s),
            qPrintable(panel->syncNowButton()->toolTip()));
        QVERIFY2(!panel->nextRunText().startsWith(u"in "_s), qPrintable(panel->nextRunText()));
        QVERIFY(!panel->progressBar()->isVisible());
    }
    QVERIFY(saveShot(window, u"dashboard-auth-lost.png"_s));

    // Reconnect reopens the wizard at the credentials.
    auto *reconnect = window->findChild<QPushButton *>(u"dashboardReconnectButton"_s);
    QVERIFY(reconnect);
    QVERIFY(reconnect->isVisible());
    reconnect->click();
    QTRY_VERIFY(app.setupWizard() && app.setupWizard()->isVisible());
    QCOMPARE(app.setupWizard()->currentId(), static_cast<int>(Wizard::PageId::PasteCredentials));
    app.setupWizard()->close();

    // Under a real display, leave time to look (TALENTBRIDGE_DEMO_LINGER_MS).
    const int linger = qEnvironmentVariableIntValue("TALENTBRIDGE_DEMO_LINGER_MS");
    if (linger > 0)
        QTest::qWait(linger);

    // Quit from the tray with the dashboard open ends the event loop. It once only hid the
    // window: Qt 6's quit() closes every window first, and the window's "keep running in the
    // tray" close handling cancelled the quit.
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    auto *quitAction = app.tray()->menu()->findChild<QAction *>(u"quitAction"_s);
    QVERIFY(quitAction);
    QTimer::singleShot(0, quitAction, &QAction::trigger);
    QTimer::singleShot(10000, qApp, []() { QCoreApplication::exit(42); });
    QCOMPARE(QCoreApplication::exec(), 0);
}

void TestDemo::secondDemoLaunchKeepsTheRunningDemo()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString demoDir = Application::demoProfileDirectory(dir.path());

    // A running demo owns its profile (the single-instance lock) and has data in it.
    SingleInstance running(demoDir);
    QCOMPARE(running.start(), SingleInstance::Role::Primary);
    QFile data(QDir(demoDir).filePath(u"talentbridge.sqlite"_s));
    QVERIFY(data.open(QIODevice::WriteOnly));
    data.write("rows of the running demo");
    data.close();

    // A second `--demo` only asks the first to show its window; it must not empty the folder.
    QSignalSpy raised(&running, &SingleInstance::raiseRequested);
    CommandLine commandLine;
    commandLine.demo = true;
    commandLine.profileDirectory = dir.path();
    {
        Application second(commandLine);
        second.setCredentialStore(std::make_unique<MemoryCredentialStore>());
        QString error;
        QVERIFY(!second.start(&error));
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
    QTRY_COMPARE(raised.size(), 1);
    QVERIFY(data.exists());
    QCOMPARE(data.size(), qint64(qstrlen("rows of the running demo")));
}

// `--minimized` (how autostart launches it at login) with a stored connection: the icon goes to
// the tray and syncing starts, and the dashboard stays closed. It once opened as soon as the
// secrets were read from the keychain.
void TestDemo::minimizedStartStaysInTheTray()
{
    if (!onXcb())
        QSKIP("needs a tray host: scripts/run-tests.sh runs this under Xvfb with trayer");
    Sandbox::Server server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const Sandbox::Credentials secrets = server.credentials();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Profile profile(dir.path());

    ConnectionSettings connection;
    connection.harvestUrl = server.harvestBaseUrl();
    connection.tokenUrl = server.tokenUrl();
    connection.introspectUrl = server.introspectUrl();
    connection.platformUrl = server.platformBaseUrl();
    connection.actingUserId = secrets.siteAdminUserId;
    connection.connected = true;
    ProfileSettings(profile).setConnection(connection);
    auto credentialStore = std::make_unique<MemoryCredentialStore>();
    {
        CredentialSession session(*credentialStore, profile.id());
        Credentials credentials;
        credentials.harvestClientId = secrets.clientId;
        credentials.harvestClientSecret = secrets.clientSecret;
        credentials.platformToken = secrets.platformToken;
        bool saved = false;
        QObject context;
        session.replace(credentials, &context, [&saved](const CredentialResult &result) { saved = result.ok(); });
        QTRY_VERIFY(saved);
    }

    CommandLine commandLine;
    commandLine.profileDirectory = dir.path();
    commandLine.minimized = true;
    Application app(commandLine);
    app.setCredentialStore(std::move(credentialStore));
    QSignalSpy syncStarted(&app, &Application::syncStarted);
    QString error;
    QVERIFY2(app.start(&error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(syncStarted.size(), 1, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(app.tray()->isIconVisible(), 10000);
    QTest::qWait(200);
    QVERIFY(!app.setupWizard());
    QVERIFY(!app.mainWindow()->isVisible());
}

QTEST_MAIN(TestDemo)
#include "testdemo.moc"
