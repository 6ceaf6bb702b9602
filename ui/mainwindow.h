#pragma once

#include "core/scheduler/syncscheduler.h"

#include <QMainWindow>
#include <QPointer>
#include <QTimer>

#include <array>

class ApplicantsModel;
class QAbstractItemModel;
class QAction;
class QPushButton;
class JobsModel;
class LanePanel;
class QLabel;
class QLineEdit;
class QTabWidget;
class QTableView;
class RunsModel;
class Store;

namespace Sync
{
class SyncEngine;
struct RunSummary;
} // namespace Sync

// The dashboard: an overview with one panel per cadence, and the jobs, applicants and runs
// tables. It reads the Store and the scheduler; what it cannot do itself (settings, quitting,
// diagnostics) it asks for with signals, which the Application answers.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    // store must outlive the window; scheduler and engine may be set later (not yet connected).
    explicit MainWindow(Store *store, QWidget *parent = nullptr);
    ~MainWindow() override;

    void setScheduler(SyncScheduler *scheduler);
    void setEngine(Sync::SyncEngine *engine);
    void setConnected(bool connected);
    // The stored credentials of `service` were refused and syncing stopped: the panels stop
    // counting down and the overview offers to reconnect. An empty service clears it.
    void setAuthLost(const QString &service);
    bool isAuthLost() const { return !m_authLostService.isEmpty(); }
    void setPaused(bool paused);
    // Where "Open in Greenhouse" points (the sandbox in demo mode).
    void setGreenhouseWebUrl(const QUrl &url);
    // With a tray, closing hides the window; without one it asks and quits.
    void setTrayAvailable(bool available);
    // Whether closing to the tray was explained already (ProfileSettings::trayHintShown).
    void setTrayHintShown(bool shown) { m_trayHintShown = shown; }

    enum class Tab
    {
        Overview,
        Jobs,
        Applicants,
        Runs
    };
    void showTab(Tab tab);

    JobsModel *jobsModel() const { return m_jobsModel; }
    ApplicantsModel *applicantsModel() const { return m_applicantsModel; }
    RunsModel *runsModel() const { return m_runsModel; }
    QTableView *applicantsView() const { return m_applicantsView; }
    LanePanel *lanePanel(SyncScheduler::Lane lane) const { return m_panels[static_cast<size_t>(lane)]; }
    // Whether the once-a-second countdown timer runs (for tests).
    bool isCountdownTicking() const { return m_tick.isActive(); }

    // Retry/dismiss/open for the selected applicants: the buttons under the applicants table,
    // their shortcuts and the context menu share these actions.
    QAction *retryApplicantsAction() const { return m_retryAction; }
    QAction *dismissApplicantsAction() const { return m_dismissAction; }
    QAction *openInGreenhouseAction() const { return m_openAction; }
    void retrySelectedApplicants();
    void dismissSelectedApplicants();
    void openSelectedInGreenhouse();

Q_SIGNALS:
    void syncNowRequested(SyncScheduler::Lane lane);
    void settingsRequested();
    // "Set up connection..." on the overview while not connected: the wizard from its start.
    void setupRequested();
    // "Reconnect..." on the overview after sign-in was lost: reopen the wizard's credentials.
    void reconnectRequested();
    void exportDiagnosticsRequested();
    void quitRequested();
    void trayHintShownChanged(bool shown);

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    QWidget *createOverview();
    QWidget *createTablePage(const QString &name, QAbstractItemModel *model, QTableView **view, QLineEdit **search,
        const QString &placeholder);
    void createMenus();
    void createApplicantActions(QWidget *page);
    void updateApplicantActions();
    void refreshLanes();
    void refreshCounts();
    void onRunProgress(SyncScheduler::Lane lane, quint64 runId, const QString &step, int done, int total);
    void onApplicantsContextMenu(const QPoint &pos);
    void onApplicantActivated(const QModelIndex &index);
    void onTick();
    void showAbout();
    QList<int> selectedApplicantRows() const;

    Store *const m_store;
    QPointer<SyncScheduler> m_scheduler;
    QPointer<Sync::SyncEngine> m_engine;
    JobsModel *m_jobsModel = nullptr;
    ApplicantsModel *m_applicantsModel = nullptr;
    RunsModel *m_runsModel = nullptr;
    QTabWidget *m_tabs = nullptr;
    std::array<LanePanel *, 2> m_panels {};
    QLabel *m_summary = nullptr;
    QWidget *m_authLostBar = nullptr;
    QLabel *m_authLostLabel = nullptr;
    QWidget *m_setupBar = nullptr;
    QAction *m_retryAction = nullptr;
    QAction *m_dismissAction = nullptr;
    QAction *m_openAction = nullptr;
    QTableView *m_jobsView = nullptr;
    QTableView *m_applicantsView = nullptr;
    QTableView *m_runsView = nullptr;
    QLineEdit *m_jobsSearch = nullptr;
    QLineEdit *m_applicantsSearch = nullptr;
    QTimer m_tick;
    QTimer m_countsTimer;
    bool m_connected = false;
    bool m_paused = false;
    QString m_authLostService;
    bool m_trayAvailable = false;
    bool m_trayHintShown = false;
};
