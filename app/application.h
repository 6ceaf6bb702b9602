#pragma once

#include "app/commandline.h"
#include "core/credentials/credentials.h"
#include "core/credentials/credentialstore.h"
#include "core/profile/profile.h"
#include "core/scheduler/syncscheduler.h"
#include "ui/wizard/setupwizard.h"

#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

class CredentialSession;
class CredentialStore;
class MainWindow;
class SingleInstance;
class Store;
class TrayController;

namespace Sandbox
{
class Server;
}
namespace Sync
{
class SyncEngine;
struct RunSummary;
} // namespace Sync

// The desktop application: single instance, tray, the dashboard and the objects behind it.
// Created by main() after QApplication; run() returns the exit code.
//
// Ownership and order: Store, then CredentialSession, SyncEngine (worker thread),
// SyncScheduler, MainWindow and TrayController. A profile that is not connected (or whose
// secrets are gone) opens the SetupWizard; setupCompleted() loads the secrets once, configures
// the engine, starts both cadences and shows the dashboard.
class Application final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Application)

public:
    explicit Application(const CommandLine &commandLine, QObject *parent = nullptr);
    ~Application() override;

    // Starts everything, enters the event loop unless another instance took over, and
    // returns the process exit code.
    int run();

    // run() without the event loop: for tests, which drive the event loop themselves.
    // Returns false (with *error) when the application cannot start.
    bool start(QString *error = nullptr);

    // Before start(): the store for secrets (tests pass an in-memory one); default the keychain.
    void setCredentialStore(std::unique_ptr<CredentialStore> store);

    const Profile &profile() const { return m_profile; }

    // For tests and the demo: what is running.
    MainWindow *mainWindow() const { return m_mainWindow.get(); }
    Wizard::SetupWizard *setupWizard() const { return m_wizard; }
    TrayController *tray() const { return m_tray.get(); }
    SyncScheduler *scheduler() const { return m_scheduler.get(); }
    Sync::SyncEngine *engine() const { return m_engine.get(); }
    Store *store() const { return m_store.get(); }
    Sandbox::Server *sandbox() const { return m_sandbox.get(); }
    bool isSyncing() const { return m_syncing; }

    // The demo profile folder: <AppData>/demo (or <dir>/demo with --profile <dir>).
    static QString demoProfileDirectory(const QString &profileDirectory);

    // The keychain service of the demo's entries, apart from those of real accounts: a demo
    // removes its entries on Quit, and at its next start those a crash left behind.
    static QString demoKeychainService();

Q_SIGNALS:
    // Both cadences run (after the wizard, or at start with a stored connection).
    void syncStarted();

private:
    void clearDemoProfile();
    void showMainWindow();
    void showWizard(std::optional<Wizard::PageId> startPage);
    void onTrayAvailabilityChanged(bool available);
    void onSetupCompleted();
    void loadCredentialsAndStart();
    void onCredentialsLoaded(const CredentialResult &result);
    void showKeychainProblem();
    void startSyncing(const Credentials &credentials);
    void stopSyncing();
    void onRunFinished(SyncScheduler::Lane lane, quint64 runId, const Sync::RunSummary &summary);
    void updateTray();
    void syncNow(SyncScheduler::Lane lane);
    void setPaused(bool paused);
    void showSettings();
    void exportDiagnostics();
    void disconnectAccount();
    void quit();
    bool startDemoSandbox(QString *error);

    CommandLine m_commandLine;
    Profile m_profile;
    std::unique_ptr<SingleInstance> m_singleInstance;
    std::unique_ptr<Sandbox::Server> m_sandbox;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<CredentialStore> m_credentialStore;
    std::unique_ptr<CredentialSession> m_session;
    std::unique_ptr<Sync::SyncEngine> m_engine;
    std::unique_ptr<SyncScheduler> m_scheduler;
    std::unique_ptr<TrayController> m_tray;
    std::unique_ptr<MainWindow> m_mainWindow;
    QPointer<Wizard::SetupWizard> m_wizard;
    bool m_syncing = false;
    bool m_authLost = false;
    bool m_reconnected = false; // the wizard stored new credentials; startSyncing() resets the backoff
    bool m_trayAvailable = false;
    int m_quarantined = 0;
};
