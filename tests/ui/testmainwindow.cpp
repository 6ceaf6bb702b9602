#include "core/store/store.h"
#include "tests/ui/modaldialogs.h"
#include "ui/dashboard/lanepanel.h"
#include "ui/mainwindow.h"
#include "ui/models/applicantsmodel.h"
#include "ui/models/jobsmodel.h"
#include "ui/models/runsmodel.h"

#include <QAction>
#include <QCloseEvent>
#include <QJsonObject>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using TestSupport::clickInNextMessageBox;

class TestMainWindow final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void smoke();
    void closeHidesToTrayOnce();
    void tablesGiveTheirWidthToText();
    void countdownTicksOnlyWhileShown();
    void setupButtonWhileNotConnected();
    void applicantButtonsFollowSelection();
    void retryButtonRequeuesQuarantined();
    void dismissByKeyboard();
    void closeWithoutTrayAsks_data();
    void closeWithoutTrayAsks();
};

namespace
{
// A dashboard on the Applicants tab over two applicants: "a" quarantined, "b" just seen.
struct ApplicantsDashboard
{
    QTemporaryDir dir;
    Store store { Store::databasePathFor(dir.path()) };
    std::unique_ptr<MainWindow> window;

    bool open()
    {
        const bool seeded = store.open()
            && store.recordSeen(QJsonObject { { u"id"_s, u"a"_s }, { u"source_job_id"_s, u"42"_s },
                { u"first_name"_s, u"Ada"_s }, { u"last_name"_s, u"Quarantined"_s } })
            && store.recordSeen(QJsonObject { { u"id"_s, u"b"_s }, { u"source_job_id"_s, u"42"_s },
                { u"first_name"_s, u"Bo"_s }, { u"last_name"_s, u"Waiting"_s } })
            && store.quarantine(u"a"_s, u"job not found"_s, false);
        if (!seeded)
            return false;
        window = std::make_unique<MainWindow>(&store);
        window->show();
        window->showTab(MainWindow::Tab::Applicants);
        return QTest::qWaitForWindowExposed(window.get());
    }
};

int rowOf(const ApplicantsModel *model, const QString &applicantId)
{
    for (int row = 0; row < model->rowCount(); ++row)
    {
        if (model->applicantIds({ row }) == QStringList { applicantId })
            return row;
    }
    return -1;
}

std::optional<ApplicantState> stateOf(Store &store, const QString &applicantId)
{
    const std::optional<ApplicantRecord> record = store.applicant(applicantId);
    return record ? std::optional<ApplicantState>(record->state) : std::nullopt;
}
} // namespace

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestMainWindow::smoke()
{
    QTemporaryDir dir;
    Store store(Store::databasePathFor(dir.path()));
    QVERIFY(store.open());
    JobRecord job;
    job.jobId = 42;
    job.title = u"Nurse"_s;
    QVERIFY(store.upsertJob(job));
    QVERIFY(store.recordSeen(QJsonObject { { u"id"_s, u"sd-1"_s }, { u"source_job_id"_s, u"42"_s },
        { u"first_name"_s, u"Dana"_s }, { u"last_name"_s, u"Example"_s } }));

    MainWindow window(&store);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    QCOMPARE(window.jobsModel()->rowCount(), 1);
    QCOMPARE(window.applicantsModel()->index(0, ApplicantsModel::JobColumn).data().toString(), u"Nurse"_s);

    // Not connected: no sync buttons, the panels say why.
    LanePanel *jobs = window.lanePanel(SyncScheduler::Lane::Jobs);
    QVERIFY(!jobs->syncNowButton()->isEnabled());
    QCOMPARE(jobs->stateText(), u"Not connected"_s);
    QVERIFY(!jobs->progressBar()->isVisible());

    // Search goes to the model.
    auto *search = window.findChild<QLineEdit *>(u"jobsSearchLineEdit"_s);
    QVERIFY(search);
    search->setText(u"zzz"_s);
    QCOMPARE(window.jobsModel()->rowCount(), 0);
    search->clear();
    QCOMPARE(window.jobsModel()->rowCount(), 1);

    // Menus.
    QVERIFY(window.findChild<QAction *>(u"settingsAction"_s));
    QVERIFY(window.findChild<QAction *>(u"exportDiagnosticsAction"_s));
    QSignalSpy settings(&window, &MainWindow::settingsRequested);
    window.findChild<QAction *>(u"settingsAction"_s)->trigger();
    QCOMPARE(settings.size(), 1);

    // Progress shows while a lane runs.
    SyncScheduler::LaneStatus running;
    running.running = true;
    jobs->setStatus(running, false, LanePanel::Connection::Connected);
    jobs->setProgress(u"Exporting jobs"_s, 3, 10);
    QVERIFY(jobs->progressBar()->isVisible());
    QCOMPARE(jobs->progressBar()->value(), 3);
    QCOMPARE(jobs->nextRunText(), u"running now"_s);

    SyncScheduler::LaneStatus waiting;
    waiting.nextDue = QDateTime::currentDateTimeUtc().addSecs(125);
    jobs->setStatus(waiting, false, LanePanel::Connection::Connected);
    QVERIFY(!jobs->progressBar()->isVisible());
    QVERIFY(jobs->nextRunText().startsWith(u"in 2:0"_s));
    QVERIFY(jobs->syncNowButton()->isEnabled());
}

void TestMainWindow::closeHidesToTrayOnce()
{
    QTemporaryDir dir;
    Store store(Store::databasePathFor(dir.path()));
    QVERIFY(store.open());
    MainWindow window(&store);
    window.setTrayAvailable(true);
    window.setTrayHintShown(true); // no message box in the test
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy quit(&window, &MainWindow::quitRequested);
    window.close();
    QVERIFY(!window.isVisible());
    QCOMPARE(quit.size(), 0);
}

// Seen in the Xvfb screenshots: the Jobs title was cut off while the empty Error column took
// 140 px, and the Runs counts were cut off. Long text gets the width; short columns fit it.
void TestMainWindow::tablesGiveTheirWidthToText()
{
    QTemporaryDir dir;
    Store store(Store::databasePathFor(dir.path()));
    QVERIFY(store.open());
    JobRecord job;
    job.jobId = 4012337;
    job.title = u"Principal Site Reliability Engineer"_s;
    QVERIFY(store.upsertJob(job));
    const qint64 run = store.startRun(u"jobs"_s, QDateTime::currentDateTimeUtc());
    RunCounts counts;
    counts.created = 179;
    counts.requests = 12;
    QVERIFY(store.finishRun(run, QDateTime::currentDateTimeUtc(), true, counts, {}));

    MainWindow window(&store);
    window.resize(1100, 680);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    window.showTab(MainWindow::Tab::Jobs);
    auto *jobs = window.findChild<QTableView *>(u"jobsTableView"_s);
    QVERIFY(jobs);
    QTRY_COMPARE(jobs->model()->rowCount(), 1);
    const QFontMetrics metrics(jobs->font());
    QVERIFY2(jobs->columnWidth(JobsModel::TitleColumn) >= metrics.horizontalAdvance(job.title),
        qPrintable(QString::number(jobs->columnWidth(JobsModel::TitleColumn))));
    QVERIFY(jobs->columnWidth(JobsModel::ErrorColumn) < jobs->columnWidth(JobsModel::TitleColumn) / 2);

    window.showTab(MainWindow::Tab::Runs);
    auto *runs = window.findChild<QTableView *>(u"runsTableView"_s);
    QVERIFY(runs);
    QTRY_COMPARE(runs->model()->rowCount(), 1);
    const QString countsText = runs->model()->index(0, RunsModel::CountsColumn).data().toString();
    QVERIFY(!countsText.isEmpty());
    QVERIFY2(runs->columnWidth(RunsModel::CountsColumn) >= metrics.horizontalAdvance(countsText),
        qPrintable(countsText));
}

// The countdowns are for someone looking at them: hidden in the tray (most of the app's life)
// the window must not wake the process once a second to redraw labels nobody sees.
void TestMainWindow::countdownTicksOnlyWhileShown()
{
    QTemporaryDir dir;
    Store store(Store::databasePathFor(dir.path()));
    QVERIFY(store.open());
    MainWindow window(&store);
    QVERIFY(!window.isCountdownTicking());
    window.setTrayAvailable(true);
    window.setTrayHintShown(true);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.isCountdownTicking());
    window.close(); // to the tray
    QVERIFY(!window.isVisible());
    QVERIFY(!window.isCountdownTicking());
    window.show();
    QVERIFY(window.isCountdownTicking());
}

// After a cancelled setup the dashboard was a dead end: nothing on it started the wizard.
void TestMainWindow::setupButtonWhileNotConnected()
{
    QTemporaryDir dir;
    Store store(Store::databasePathFor(dir.path()));
    QVERIFY(store.open());
    MainWindow window(&store);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    auto *setup = window.findChild<QPushButton *>(u"setupConnectionButton"_s);
    QVERIFY(setup);
    QVERIFY(setup->isVisible());
    QSignalSpy requested(&window, &MainWindow::setupRequested);
    QTest::mouseClick(setup, Qt::LeftButton);
    QCOMPARE(requested.size(), 1);

    window.setConnected(true);
    QVERIFY(!setup->isVisible());
    // Sign-in lost has its own way back (Reconnect), not a second call to action.
    window.setConnected(false);
    window.setAuthLost(u"Greenhouse"_s);
    QVERIFY(!setup->isVisible());
    window.setAuthLost({});
    QVERIFY(setup->isVisible());
}

// Retry and Dismiss were only in the context menu; now they are buttons under the table,
// enabled when the selection holds an applicant they apply to.
void TestMainWindow::applicantButtonsFollowSelection()
{
    ApplicantsDashboard dashboard;
    QVERIFY(dashboard.open());
    MainWindow &window = *dashboard.window;

    auto *retry = window.findChild<QPushButton *>(u"retryApplicantButton"_s);
    auto *dismiss = window.findChild<QPushButton *>(u"dismissApplicantButton"_s);
    QVERIFY(retry && dismiss);
    QVERIFY(retry->isVisible());
    QVERIFY(dismiss->isVisible());
    QVERIFY(!retry->isEnabled());
    QVERIFY(!dismiss->isEnabled());

    QTableView *view = window.applicantsView();
    const int waiting = rowOf(window.applicantsModel(), u"b"_s);
    QVERIFY(waiting >= 0);
    view->selectRow(waiting);
    QVERIFY(!retry->isEnabled());
    QVERIFY(!dismiss->isEnabled());

    const int quarantined = rowOf(window.applicantsModel(), u"a"_s);
    view->selectRow(quarantined);
    QVERIFY(retry->isEnabled());
    QVERIFY(dismiss->isEnabled());
    QVERIFY(!retry->toolTip().isEmpty());

    view->clearSelection();
    view->setCurrentIndex({});
    QVERIFY(!retry->isEnabled());
}

void TestMainWindow::retryButtonRequeuesQuarantined()
{
    ApplicantsDashboard dashboard;
    QVERIFY(dashboard.open());
    MainWindow &window = *dashboard.window;
    Store &store = dashboard.store;

    window.applicantsView()->selectRow(rowOf(window.applicantsModel(), u"a"_s));
    auto *retry = window.findChild<QPushButton *>(u"retryApplicantButton"_s);
    QVERIFY(retry && retry->isEnabled());
    QTest::mouseClick(retry, Qt::LeftButton);

    const std::optional<ApplicantState> state = stateOf(store, u"a"_s);
    QVERIFY(state);
    QVERIFY(*state != ApplicantState::Quarantined);
    QVERIFY(*state != ApplicantState::Dismissed);
    QCOMPARE(store.applicantCounts().value(ApplicantState::Quarantined), 0);
    // Requeued: nothing left to retry in this selection.
    QTRY_VERIFY(!retry->isEnabled());
    QCOMPARE(stateOf(store, u"b"_s), std::optional<ApplicantState>(ApplicantState::Seen));
}

void TestMainWindow::dismissByKeyboard()
{
    ApplicantsDashboard dashboard;
    QVERIFY(dashboard.open());
    MainWindow &window = *dashboard.window;
    Store &store = dashboard.store;
    window.activateWindow();
    QTableView *view = window.applicantsView();
    view->setFocus();
    view->selectRow(rowOf(window.applicantsModel(), u"a"_s));
    QTRY_VERIFY(view->hasFocus());

    QTest::keyClick(view, Qt::Key_Delete);
    QCOMPARE(stateOf(store, u"a"_s), std::optional<ApplicantState>(ApplicantState::Dismissed));
}

void TestMainWindow::closeWithoutTrayAsks_data()
{
    QTest::addColumn<bool>("yes");
    QTest::newRow("yes quits") << true;
    QTest::newRow("no stays") << false;
}

// Without a tray a hidden window could not come back: closing asks, and quits on yes only.
void TestMainWindow::closeWithoutTrayAsks()
{
    QFETCH(bool, yes);
    QTemporaryDir dir;
    Store store(Store::databasePathFor(dir.path()));
    QVERIFY(store.open());
    MainWindow window(&store);
    window.setTrayAvailable(false);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy quit(&window, &MainWindow::quitRequested);

    bool asked = false;
    clickInNextMessageBox(yes ? QMessageBox::Yes : QMessageBox::No, &asked);
    const bool closed = window.close();
    QVERIFY(asked);
    QCOMPARE(closed, yes);
    QCOMPARE(quit.size(), yes ? 1 : 0);
    QCOMPARE(window.isVisible(), !yes);
}

QTEST_MAIN(TestMainWindow)
#include "testmainwindow.moc"

