#include "ui/mainwindow.h"

#include "core/logging.h"
#include "core/store/store.h"
#include "core/sync/syncengine.h"
#include "talentbridge/version.h"
#include "ui/dashboard/lanepanel.h"
#include "ui/models/applicantsmodel.h"
#include "ui/models/jobsmodel.h"
#include "ui/models/modelformat.h"
#include "ui/models/runsmodel.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalBlocker>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <memory>

namespace
{
constexpr std::chrono::seconds kTickInterval { 1 };
constexpr std::chrono::milliseconds kCountsDelay { 300 };

// The store sorts by some columns only; a click on another header keeps the indicator where
// the sort really is instead of pretending.
template <typename Model> void keepSortIndicatorOnSortableColumns(QTableView *view, const Model *model)
{
    QHeaderView *header = view->horizontalHeader();
    auto last
        = std::make_shared<std::pair<int, Qt::SortOrder>>(header->sortIndicatorSection(), header->sortIndicatorOrder());
    QObject::connect(header, &QHeaderView::sortIndicatorChanged, view,
        [header, last, model](int section, Qt::SortOrder order)
        {
            if (model->isSortable(section))
            {
                *last = { section, order };
                return;
            }
            const QSignalBlocker blocker(header);
            header->setSortIndicator(last->first, last->second);
        });
}

void fitColumns(QTableView *view, std::initializer_list<int> toContents, std::initializer_list<int> stretched)
{
    QHeaderView *header = view->horizontalHeader();
    for (int column : toContents)
        header->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    for (int column : stretched)
        header->setSectionResizeMode(column, QHeaderView::Stretch);
}
} // namespace

MainWindow::MainWindow(Store *store, QWidget *parent) : QMainWindow(parent), m_store(store)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("TalentBridge"));

    m_jobsModel = new JobsModel(store, this);
    m_applicantsModel = new ApplicantsModel(store, this);
    m_runsModel = new RunsModel(store, this);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("dashboardTabs"));
    m_tabs->addTab(createOverview(), tr("Overview"));
    m_tabs->addTab(createTablePage(QStringLiteral("jobs"), m_jobsModel, &m_jobsView, &m_jobsSearch,
                       tr("Search title, department, office or id")),
        tr("Jobs"));
    m_tabs->addTab(createTablePage(QStringLiteral("applicants"), m_applicantsModel, &m_applicantsView,
                       &m_applicantsSearch, tr("Search name, email, job or id")),
        tr("Applicants"));
    m_tabs->addTab(createTablePage(QStringLiteral("runs"), m_runsModel, &m_runsView, nullptr, {}), tr("Runs"));
    setCentralWidget(m_tabs);

    // Sorting is done by the models in SQL; the header shows what they sort by.
    m_jobsView->sortByColumn(JobsModel::TitleColumn, Qt::AscendingOrder);
    m_applicantsView->sortByColumn(ApplicantsModel::AppliedColumn, Qt::DescendingOrder);
    m_runsView->setSortingEnabled(false);
    keepSortIndicatorOnSortableColumns(m_jobsView, m_jobsModel);
    keepSortIndicatorOnSortableColumns(m_applicantsView, m_applicantsModel);
    connect(m_jobsSearch, &QLineEdit::textChanged, m_jobsModel, &JobsModel::setSearch);
    connect(m_applicantsSearch, &QLineEdit::textChanged, m_applicantsModel, &ApplicantsModel::setSearch);
    // Free text (titles, states, errors) gets the spare width; ids, statuses, dates and counts
    // are as wide as they need. The jobs' Error column is empty unless an export failed.
    fitColumns(m_jobsView,
        { JobsModel::JobIdColumn, JobsModel::GreenhouseStatusColumn, JobsModel::PlatformStatusColumn,
            JobsModel::LastExportedColumn, JobsModel::ErrorColumn },
        { JobsModel::TitleColumn });
    fitColumns(m_applicantsView,
        { ApplicantsModel::AppliedColumn, ApplicantsModel::CandidateColumn, ApplicantsModel::AttemptsColumn },
        { ApplicantsModel::JobColumn, ApplicantsModel::StateColumn });
    fitColumns(m_runsView,
        { RunsModel::StartedColumn, RunsModel::LaneColumn, RunsModel::DurationColumn, RunsModel::ResultColumn,
            RunsModel::CountsColumn },
        { RunsModel::ErrorColumn });

    createApplicantActions(m_applicantsView->parentWidget());
    m_applicantsView->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_applicantsView, &QTableView::customContextMenuRequested, this, &MainWindow::onApplicantsContextMenu);
    connect(m_applicantsView, &QTableView::activated, this, &MainWindow::onApplicantActivated);

    createMenus();
    statusBar()->setObjectName(QStringLiteral("statusBar"));

    // Started by showEvent(): hidden in the tray, the window keeps the process asleep.
    m_tick.setInterval(kTickInterval);
    connect(&m_tick, &QTimer::timeout, this, &MainWindow::onTick);

    m_countsTimer.setSingleShot(true);
    m_countsTimer.setInterval(kCountsDelay);
    connect(&m_countsTimer, &QTimer::timeout, this, &MainWindow::refreshCounts);
    const auto scheduleCounts = [this]() { m_countsTimer.start(); };
    connect(store->notifier(), &StoreNotifier::jobsChanged, this, scheduleCounts);
    connect(store->notifier(), &StoreNotifier::applicantsChanged, this, scheduleCounts);
    connect(store->notifier(), &StoreNotifier::runsChanged, this, scheduleCounts);

    refreshLanes();
    refreshCounts();
    resize(1100, 680);
}

MainWindow::~MainWindow() = default;

QWidget *MainWindow::createOverview()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("overviewPage"));
    auto *layout = new QVBoxLayout(page);
    m_summary = new QLabel(page);
    m_summary->setObjectName(QStringLiteral("summaryLabel"));
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);

    // Shown only after sign-in was lost: the one way to get syncing back.
    m_authLostBar = new QWidget(page);
    m_authLostBar->setObjectName(QStringLiteral("authLostBar"));
    auto *authLostLayout = new QHBoxLayout(m_authLostBar);
    authLostLayout->setContentsMargins(0, 0, 0, 0);
    m_authLostLabel = new QLabel(m_authLostBar);
    m_authLostLabel->setObjectName(QStringLiteral("authLostLabel"));
    m_authLostLabel->setWordWrap(true);
    m_authLostLabel->setStyleSheet(QStringLiteral("color: #d32f2f;"));
    auto *reconnect = new QPushButton(tr("Reconnect..."), m_authLostBar);
    reconnect->setObjectName(QStringLiteral("dashboardReconnectButton"));
    connect(reconnect, &QPushButton::clicked, this, &MainWindow::reconnectRequested);
    authLostLayout->addWidget(m_authLostLabel, 1);
    authLostLayout->addWidget(reconnect);
    m_authLostBar->setVisible(false);
    layout->addWidget(m_authLostBar);

    // Shown while not connected (a cancelled setup, a disconnect): the way to start setup.
    m_setupBar = new QWidget(page);
    m_setupBar->setObjectName(QStringLiteral("setupBar"));
    auto *setupLayout = new QHBoxLayout(m_setupBar);
    setupLayout->setContentsMargins(0, 0, 0, 0);
    auto *setup = new QPushButton(tr("&Set up connection..."), m_setupBar);
    setup->setObjectName(QStringLiteral("setupConnectionButton"));
    setup->setToolTip(tr("Connect Greenhouse and SmartDreamers, step by step"));
    connect(setup, &QPushButton::clicked, this, &MainWindow::setupRequested);
    setupLayout->addWidget(setup);
    setupLayout->addStretch(1);
    layout->addWidget(m_setupBar);

    auto *panels = new QHBoxLayout;
    for (SyncScheduler::Lane lane : SyncScheduler::lanes)
    {
        auto *panel = new LanePanel(lane, page);
        connect(panel, &LanePanel::syncNowClicked, this, &MainWindow::syncNowRequested);
        m_panels[static_cast<size_t>(lane)] = panel;
        panels->addWidget(panel, 1);
    }
    layout->addLayout(panels);
    layout->addStretch(1);
    return page;
}

QWidget *MainWindow::createTablePage(
    const QString &name, QAbstractItemModel *model, QTableView **view, QLineEdit **search, const QString &placeholder)
{
    auto *page = new QWidget(this);
    page->setObjectName(name + QStringLiteral("Page"));
    auto *layout = new QVBoxLayout(page);
    if (search)
    {
        *search = new QLineEdit(page);
        (*search)->setObjectName(name + QStringLiteral("SearchLineEdit"));
        (*search)->setPlaceholderText(placeholder);
        (*search)->setClearButtonEnabled(true);
        layout->addWidget(*search);
    }
    *view = new QTableView(page);
    (*view)->setObjectName(name + QStringLiteral("TableView"));
    (*view)->setModel(model);
    (*view)->setSelectionBehavior(QAbstractItemView::SelectRows);
    (*view)->setSelectionMode(QAbstractItemView::ExtendedSelection);
    (*view)->setSortingEnabled(true);
    (*view)->setAlternatingRowColors(true);
    (*view)->setWordWrap(false);
    (*view)->verticalHeader()->setVisible(false);
    (*view)->horizontalHeader()->setHighlightSections(false);
    (*view)->horizontalHeader()->setDefaultSectionSize(140);
    layout->addWidget(*view);
    return page;
}

void MainWindow::createApplicantActions(QWidget *page)
{
    const auto makeAction = [this, page](const QString &text, const char *objectName, const QKeySequence &shortcut,
                                const QString &tip, void (MainWindow::*slot)())
    {
        auto *action = new QAction(text, page);
        action->setObjectName(QString::fromLatin1(objectName));
        action->setShortcut(shortcut);
        // Only while the applicants page has the focus: Delete elsewhere means something else.
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        action->setToolTip(QStringLiteral("%1 (%2)").arg(tip, shortcut.toString(QKeySequence::NativeText)));
        action->setEnabled(false);
        page->addAction(action);
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    m_retryAction = makeAction(tr("&Retry"), "retryApplicantAction", QKeySequence(Qt::CTRL | Qt::Key_R),
        tr("Import the selected applicants again in the next run"), &MainWindow::retrySelectedApplicants);
    m_dismissAction = makeAction(tr("&Dismiss"), "dismissApplicantAction", QKeySequence(Qt::Key_Delete),
        tr("Give up on the selected applicants; SmartDreamers is told"), &MainWindow::dismissSelectedApplicants);
    m_openAction = makeAction(tr("&Open in Greenhouse"), "openInGreenhouseAction", QKeySequence(Qt::CTRL | Qt::Key_O),
        tr("Open the selected candidates in Greenhouse"), &MainWindow::openSelectedInGreenhouse);

    auto *buttons = new QHBoxLayout;
    for (QAction *action : { m_retryAction, m_dismissAction, m_openAction })
    {
        auto *button = new QPushButton(action->text(), page);
        button->setObjectName(action->objectName().replace(QStringLiteral("Action"), QStringLiteral("Button")));
        button->setToolTip(action->toolTip());
        button->setEnabled(action->isEnabled());
        connect(action, &QAction::enabledChanged, button, &QPushButton::setEnabled);
        connect(button, &QPushButton::clicked, action, &QAction::trigger);
        buttons->addWidget(button);
    }
    buttons->addStretch(1);
    static_cast<QVBoxLayout *>(page->layout())->addLayout(buttons);

    // The buttons follow the selection and the rows' states (a retried row is no longer
    // quarantined once the model refreshes).
    connect(m_applicantsView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &MainWindow::updateApplicantActions);
    connect(m_applicantsView->selectionModel(), &QItemSelectionModel::currentChanged, this,
        &MainWindow::updateApplicantActions);
    connect(m_applicantsModel, &QAbstractItemModel::dataChanged, this, &MainWindow::updateApplicantActions);
    connect(m_applicantsModel, &QAbstractItemModel::modelReset, this, &MainWindow::updateApplicantActions);
    connect(m_applicantsModel, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateApplicantActions);
}

void MainWindow::updateApplicantActions()
{
    bool canRetry = false;
    bool canDismiss = false;
    bool anyLink = false;
    for (int row : selectedApplicantRows())
    {
        canRetry = canRetry || m_applicantsModel->canRetry(row);
        canDismiss = canDismiss || m_applicantsModel->canDismiss(row);
        anyLink = anyLink || m_applicantsModel->index(row, 0).data(ModelRoles::LinkRole).toUrl().isValid();
    }
    m_retryAction->setEnabled(canRetry);
    m_dismissAction->setEnabled(canDismiss);
    m_openAction->setEnabled(anyLink);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("fileMenu"));
    QAction *settings = file->addAction(tr("&Settings..."));
    settings->setObjectName(QStringLiteral("settingsAction"));
    settings->setMenuRole(QAction::PreferencesRole);
    connect(settings, &QAction::triggered, this, &MainWindow::settingsRequested);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"));
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, &MainWindow::quitRequested);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("helpMenu"));
    QAction *diagnostics = help->addAction(tr("&Export diagnostics..."));
    diagnostics->setObjectName(QStringLiteral("exportDiagnosticsAction"));
    connect(diagnostics, &QAction::triggered, this, &MainWindow::exportDiagnosticsRequested);
    QAction *about = help->addAction(tr("&About TalentBridge"));
    about->setObjectName(QStringLiteral("aboutAction"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::setScheduler(SyncScheduler *scheduler)
{
    if (m_scheduler)
        disconnect(m_scheduler, nullptr, this, nullptr);
    m_scheduler = scheduler;
    if (scheduler)
    {
        connect(scheduler, &SyncScheduler::laneStateChanged, this, &MainWindow::refreshLanes);
        connect(scheduler, &SyncScheduler::runStarted, this, &MainWindow::refreshLanes);
        connect(scheduler, &SyncScheduler::runFinished, this, &MainWindow::refreshLanes);
    }
    refreshLanes();
}

void MainWindow::setEngine(Sync::SyncEngine *engine)
{
    if (m_engine)
        disconnect(m_engine, nullptr, this, nullptr);
    m_engine = engine;
    if (engine)
        connect(engine, &Sync::SyncEngine::progress, this, &MainWindow::onRunProgress);
}

void MainWindow::setConnected(bool connected)
{
    m_connected = connected;
    m_setupBar->setVisible(!connected && !isAuthLost());
    refreshCounts();
}

void MainWindow::setAuthLost(const QString &service)
{
    m_authLostService = service;
    //: %1 is the service whose sign-in failed: Greenhouse or SmartDreamers
    m_authLostLabel->setText(tr("<b>Sign-in to %1 lost \u2014 reconnect.</b> Syncing is stopped until you do.")
                                 .arg(service.toHtmlEscaped()));
    m_authLostBar->setVisible(!service.isEmpty());
    m_setupBar->setVisible(!m_connected && service.isEmpty());
    refreshCounts();
}

void MainWindow::setPaused(bool paused)
{
    m_paused = paused;
    refreshCounts();
}

void MainWindow::setGreenhouseWebUrl(const QUrl &url)
{
    m_applicantsModel->setGreenhouseWebUrl(url);
}

void MainWindow::setTrayAvailable(bool available)
{
    m_trayAvailable = available;
}

void MainWindow::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(static_cast<int>(tab));
}

void MainWindow::refreshLanes()
{
    for (LanePanel *panel : m_panels)
    {
        SyncScheduler::LaneStatus status;
        status.lane = panel->lane();
        if (m_scheduler)
            status = m_scheduler->status(panel->lane());
        LanePanel::Connection connection = LanePanel::Connection::NotConnected;
        if (isAuthLost())
            connection = LanePanel::Connection::AuthLost;
        else if (m_connected && m_scheduler)
            connection = LanePanel::Connection::Connected;
        panel->setStatus(status, m_paused, connection);

        const std::optional<RunRecord> last = m_store->lastRun(SyncScheduler::laneName(panel->lane()));
        if (!last || !last->finishedAt.isValid())
        {
            panel->setLastRun(last ? tr("started %1").arg(ModelFormat::dateTime(last->startedAt)) : tr("never"), false);
            continue;
        }
        const bool ok = last->ok.value_or(false);
        const QString when = ModelFormat::dateTime(last->finishedAt);
        if (ok)
            panel->setLastRun(tr("ok, %1 (%2)").arg(when, RunsModel::countsText(*last)), false);
        else
            panel->setLastRun(tr("failed, %1: %2").arg(when, last->error.simplified()), true);
    }
}

void MainWindow::refreshCounts()
{
    JobQuery all;
    JobQuery open;
    open.platformStatus = PlatformJobStatus::Open;
    const int jobs = m_store->jobCount(all);
    const int exported = m_store->jobCount(open);
    lanePanel(SyncScheduler::Lane::Jobs)
        ->setCounts(tr("%1 in Greenhouse, %2 open on SmartDreamers").arg(jobs).arg(exported));

    const QHash<ApplicantState, int> counts = m_store->applicantCounts();
    const int imported = counts.value(ApplicantState::Acked);
    const int quarantined = counts.value(ApplicantState::Quarantined);
    const int dismissed = counts.value(ApplicantState::Dismissed);
    int total = 0;
    for (int count : counts)
        total += count;
    const int waiting = total - imported - quarantined - dismissed;
    lanePanel(SyncScheduler::Lane::Applicants)
        ->setCounts(tr("%1 imported, %2 waiting, %3 need a look, %4 dismissed")
                        .arg(imported)
                        .arg(waiting)
                        .arg(quarantined)
                        .arg(dismissed));

    if (isAuthLost())
        m_summary->setText(tr("Nothing is synced while TalentBridge cannot sign in."));
    else if (!m_connected)
        m_summary->setText(tr("<b>TalentBridge is not connected.</b> Set up the connection to start syncing."));
    else if (quarantined > 0)
        m_summary->setText(tr(
            "<b>%n applicant(s) need a look</b> on the Applicants tab: retry or dismiss them.", nullptr, quarantined));
    else if (m_paused)
        m_summary->setText(tr("<b>Syncing is paused.</b> Resume it from the tray menu."));
    else
        m_summary->setText(tr("Jobs go from Greenhouse to SmartDreamers; applicants come back into Greenhouse."));
    refreshLanes();
}

void MainWindow::onRunProgress(SyncScheduler::Lane lane, quint64, const QString &step, int done, int total)
{
    lanePanel(lane)->setProgress(step, done, total);
}

void MainWindow::onTick()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (LanePanel *panel : m_panels)
        panel->updateCountdown(now);
}

QList<int> MainWindow::selectedApplicantRows() const
{
    QList<int> rows;
    for (const QModelIndex &index : m_applicantsView->selectionModel()->selectedRows())
        rows.append(index.row());
    if (rows.isEmpty() && m_applicantsView->currentIndex().isValid())
        rows.append(m_applicantsView->currentIndex().row());
    return rows;
}

void MainWindow::retrySelectedApplicants()
{
    const int changed = m_applicantsModel->retry(m_applicantsModel->applicantIds(selectedApplicantRows()));
    statusBar()->showMessage(tr("%n applicant(s) will be imported again in the next run.", nullptr, changed), 5000);
}

void MainWindow::dismissSelectedApplicants()
{
    const int changed = m_applicantsModel->dismiss(m_applicantsModel->applicantIds(selectedApplicantRows()));
    statusBar()->showMessage(
        tr("%n applicant(s) dismissed; SmartDreamers is told in the next run.", nullptr, changed), 5000);
}

void MainWindow::openSelectedInGreenhouse()
{
    for (int row : selectedApplicantRows())
    {
        const QUrl url = m_applicantsModel->index(row, 0).data(ModelRoles::LinkRole).toUrl();
        if (url.isValid())
            QDesktopServices::openUrl(url);
    }
}

void MainWindow::onApplicantsContextMenu(const QPoint &pos)
{
    if (selectedApplicantRows().isEmpty())
        return;
    updateApplicantActions();
    QMenu menu(this);
    menu.setObjectName(QStringLiteral("applicantContextMenu"));
    menu.addAction(m_retryAction);
    menu.addAction(m_dismissAction);
    menu.addSeparator();
    menu.addAction(m_openAction);
    menu.exec(m_applicantsView->viewport()->mapToGlobal(pos));
}

void MainWindow::onApplicantActivated(const QModelIndex &index)
{
    if (index.column() != ApplicantsModel::CandidateColumn)
        return;
    const QUrl url = index.data(ModelRoles::LinkRole).toUrl();
    if (url.isValid())
        QDesktopServices::openUrl(url);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About TalentBridge"),
        tr("<h3>TalentBridge %1</h3><p>Keeps Greenhouse jobs and SmartDreamers applicants in sync.</p>")
            .arg(QString::fromLatin1(TalentBridge::kVersion)));
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    onTick();
    m_tick.start();
}

void MainWindow::hideEvent(QHideEvent *event)
{
    QMainWindow::hideEvent(event);
    m_tick.stop();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_trayAvailable)
    {
        event->ignore();
        hide();
        if (!m_trayHintShown)
        {
            m_trayHintShown = true;
            Q_EMIT trayHintShownChanged(true);
            QMessageBox::information(nullptr, tr("TalentBridge keeps running"),
                tr("TalentBridge keeps syncing in the background. Open it again from its "
                   "icon in the system tray; quit it from the tray menu."));
        }
        return;
    }

    // No tray: a hidden window could not come back, so closing quits, after asking.
    const auto answer = QMessageBox::question(this, tr("Quit TalentBridge?"),
        tr("There is no system tray to keep TalentBridge in. Closing the window stops syncing. Quit?"),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes)
    {
        event->ignore();
        return;
    }
    event->accept();
    Q_EMIT quitRequested();
}
