#include "app/application.h"

#include "app/singleinstance.h"
#include "app/startupprobe.h"
#include "core/credentials/credentialsession.h"
#include "core/credentials/credentialstore.h"
#include "core/credentials/keychaincredentialstore.h"
#include "core/logfile/logfile.h"
#include "core/logging.h"
#include "core/store/store.h"
#include "core/sync/syncengine.h"
#include "sandbox/sandboxserver.h"
#include "ui/diagnostics.h"
#include "ui/mainwindow.h"
#include "ui/settingsdialog.h"
#include "ui/traycontroller.h"
#include "ui/wizard/setupwizard.h"

#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QIcon>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardPaths>
#include <QTimer>

#include <utility>

namespace
{
using namespace std::chrono_literals;

// How long Quit waits for the demo's keychain entries to be removed (a keychain may prompt).
constexpr std::chrono::milliseconds kDemoCleanupTimeout = 10s;

Tray::RunResult resultOf(const SyncScheduler::LaneStatus &status)
{
    if (!status.lastRun.isValid())
        return Tray::RunResult::None;
    return status.consecutiveFailures > 0 ? Tray::RunResult::Failed : Tray::RunResult::Ok;
}
} // namespace

Application::Application(const CommandLine &commandLine, QObject *parent)
    : QObject(parent)
    , m_commandLine(commandLine)
    , m_profile(commandLine.demo ? demoProfileDirectory(commandLine.profileDirectory) : commandLine.profileDirectory)
{
}

Application::~Application()
{
    // The wizard may still be open; it refers to the session.
    delete m_wizard.data();
    if (m_scheduler)
        m_scheduler->stop();
}

void Application::setCredentialStore(std::unique_ptr<CredentialStore> store)
{
    m_credentialStore = std::move(store);
}

QString Application::demoProfileDirectory(const QString &profileDirectory)
{
    const QString base = profileDirectory.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                                                    : profileDirectory;
    return QDir(base).filePath(QStringLiteral("demo"));
}

QString Application::demoKeychainService()
{
    return QStringLiteral("TalentBridge Demo");
}

void Application::clearDemoProfile()
{
    const QString lock = m_singleInstance->lockFilePath();
    QDir dir(m_profile.dir());
    const QFileInfoList entries
        = dir.entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    for (const QFileInfo &entry : entries)
    {
        if (entry.absoluteFilePath() == QFileInfo(lock).absoluteFilePath())
            continue;
        if (entry.isDir() && !entry.isSymLink())
            QDir(entry.absoluteFilePath()).removeRecursively();
        else
            QFile::remove(entry.absoluteFilePath());
    }
}

int Application::run()
{
    QString error;
    if (!start(&error))
    {
        if (error.isEmpty())
            return 0; // another instance was asked to show its window
        QMessageBox::critical(nullptr, tr("TalentBridge"), error);
        return 1;
    }
    return QCoreApplication::exec();
}

bool Application::start(QString *error)
{
    QGuiApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/talentbridge.svg")));
    QGuiApplication::setDesktopFileName(QStringLiteral("talentbridge"));

    QString message;
    if (!m_profile.ensureExists(&message))
    {
        if (error)
            *error = message;
        return false;
    }
    m_singleInstance = std::make_unique<SingleInstance>(m_profile.dir());
    switch (m_singleInstance->start())
    {
    case SingleInstance::Role::Secondary:
        qCInfo(lcApp) << "another instance runs with this profile; it was asked to show its window";
        if (error)
            error->clear();
        return false;
    case SingleInstance::Role::Failed:
        if (error)
            *error = m_singleInstance->errorString();
        return false;
    case SingleInstance::Role::Primary:
        break;
    }
    connect(m_singleInstance.get(), &SingleInstance::raiseRequested, this, &Application::showMainWindow);

    // A demo starts fresh every time: its folder holds nothing worth keeping. Only the instance
    // that owns the profile may empty it, or a second launch would wipe a running demo.
    if (m_commandLine.demo)
        clearDemoProfile();

    if (!LogFile::install(m_profile.logDir(), LogFile::Echo::Previous, &message))
        qCWarning(lcApp).noquote() << message;
    Logging::applyLogLevel(ProfileSettings(m_profile).logLevel());

    if (m_commandLine.demo && !startDemoSandbox(error))
        return false;

    m_store = std::make_unique<Store>(m_profile.databasePath());
    if (!m_store->open())
    {
        if (error)
            *error = tr("The database in %1 cannot be opened: %2")
                         .arg(QDir::toNativeSeparators(m_profile.dir()), m_store->errorString());
        return false;
    }

    if (!m_credentialStore)
        m_credentialStore = m_commandLine.demo ? std::make_unique<KeychainCredentialStore>(demoKeychainService())
                                               : std::make_unique<KeychainCredentialStore>();
    m_session = std::make_unique<CredentialSession>(*m_credentialStore, m_profile.id());
    // What a demo that crashed left in the keychain; queued before anything the wizard writes.
    if (m_commandLine.demo)
        m_session->removeAll(this,
            [](const CredentialResult &result)
            {
                if (!result.ok() && result.error != CredentialError::NotFound)
                    qCWarning(lcApp).noquote() << "demo: stale keychain entries not removed:" << result.message;
            });
    m_engine = std::make_unique<Sync::SyncEngine>(m_store.get());
    m_scheduler = std::make_unique<SyncScheduler>(m_store.get(), m_engine->runner());
    m_engine->setScheduler(m_scheduler.get());
    // An auth failure must be known before the tray hears of the failed run: one notification.
    // The engine reports a run before the scheduler records it (and announces the lane state).
    connect(m_engine.get(), &Sync::SyncEngine::runFinished, this, &Application::onRunFinished);
    connect(m_scheduler.get(), &SyncScheduler::laneStateChanged, this, &Application::updateTray);
    connect(m_scheduler.get(), &SyncScheduler::runStarted, this, &Application::updateTray);
    connect(m_store->notifier(), &StoreNotifier::applicantsChanged, this, &Application::updateTray);

    const ProfileSettings settings(m_profile);
    m_mainWindow = std::make_unique<MainWindow>(m_store.get());
    m_mainWindow->setTrayHintShown(settings.trayHintShown());
    m_mainWindow->setEngine(m_engine.get());
    connect(m_mainWindow.get(), &MainWindow::syncNowRequested, this, &Application::syncNow);
    connect(m_mainWindow.get(), &MainWindow::settingsRequested, this, &Application::showSettings);
    connect(m_mainWindow.get(), &MainWindow::reconnectRequested, this,
        [this]() { showWizard(Wizard::PageId::PasteCredentials); });
    connect(m_mainWindow.get(), &MainWindow::setupRequested, this, [this]() { showWizard(std::nullopt); });
    connect(m_mainWindow.get(), &MainWindow::exportDiagnosticsRequested, this, &Application::exportDiagnostics);
    connect(m_mainWindow.get(), &MainWindow::quitRequested, this, &Application::quit);
    connect(m_mainWindow.get(), &MainWindow::trayHintShownChanged, this,
        [this](bool shown) { ProfileSettings(m_profile).setTrayHintShown(shown); });

    m_tray = std::make_unique<TrayController>();
    m_tray->setSyncActionsEnabled(false);
    connect(m_tray.get(), &TrayController::openDashboardRequested, this, &Application::showMainWindow);
    connect(m_tray.get(), &TrayController::setupRequested, this, [this]() { showWizard(std::nullopt); });
    connect(m_tray.get(), &TrayController::syncJobsRequested, this, [this]() { syncNow(SyncScheduler::Lane::Jobs); });
    connect(m_tray.get(), &TrayController::importApplicantsRequested, this,
        [this]() { syncNow(SyncScheduler::Lane::Applicants); });
    connect(m_tray.get(), &TrayController::pauseRequested, this, [this]() { setPaused(true); });
    connect(m_tray.get(), &TrayController::resumeRequested, this, [this]() { setPaused(false); });
    connect(m_tray.get(), &TrayController::settingsRequested, this, &Application::showSettings);
    connect(m_tray.get(), &TrayController::quitRequested, this, &Application::quit);
    connect(m_tray.get(), &TrayController::trayAvailabilityChanged, this, &Application::onTrayAvailabilityChanged);
    updateTray();

    // Closing the window keeps the app in the tray, as long as there is one.
    QApplication::setQuitOnLastWindowClosed(false);
    m_tray->show();

    const ConnectionSettings connection = settings.connection();
    if (m_commandLine.demo || !connection.connected)
    {
        if (!m_commandLine.minimized || m_commandLine.demo)
            showMainWindow();
        showWizard(std::nullopt);
    }
    else
    {
        if (!m_commandLine.minimized)
            showMainWindow();
        loadCredentialsAndStart();
    }
    // Logs the time to tray (bench/benchstartup.cpp reads it).
    new StartupProbe(m_tray.get(), m_mainWindow->isVisible() ? m_mainWindow.get() : nullptr, this);
    return true;
}

bool Application::startDemoSandbox(QString *error)
{
    m_sandbox = std::make_unique<Sandbox::Server>();
    if (!m_sandbox->start())
    {
        if (error)
            *error = tr("The demo servers cannot start: %1").arg(m_sandbox->errorString());
        return false;
    }
    qCInfo(lcApp) << "demo: sandbox on" << m_sandbox->harvestBaseUrl().port() << m_sandbox->platformBaseUrl().port();
    return true;
}

void Application::showWizard(std::optional<Wizard::PageId> startPage)
{
    if (m_wizard)
    {
        if (startPage)
            m_wizard->setStartPage(*startPage);
        m_wizard->show();
        m_wizard->raise();
        m_wizard->activateWindow();
        return;
    }

    Wizard::WizardPrefill prefill;
    if (m_sandbox)
    {
        const Sandbox::Credentials demo = m_sandbox->credentials();
        prefill.harvestUrl = m_sandbox->harvestBaseUrl();
        prefill.tokenUrl = m_sandbox->tokenUrl();
        prefill.introspectUrl = m_sandbox->introspectUrl();
        prefill.platformUrl = m_sandbox->platformBaseUrl();
        prefill.clientId = demo.clientId;
        prefill.clientSecret = demo.clientSecret;
        prefill.actingUserId = demo.siteAdminUserId;
        prefill.platformToken = demo.platformToken;
    }
    else if (m_session->state() == CredentialSession::State::Loaded)
    {
        const Credentials &stored = m_session->credentials();
        prefill.clientId = stored.harvestClientId;
        prefill.clientSecret = stored.harvestClientSecret;
        prefill.platformToken = stored.platformToken;
    }

    m_wizard = new Wizard::SetupWizard(m_profile, m_session.get(), prefill, m_mainWindow.get());
    m_wizard->setObjectName(QStringLiteral("setupWizard"));
    m_wizard->setWindowModality(Qt::NonModal);
    m_wizard->setAttribute(Qt::WA_DeleteOnClose);
    if (startPage)
        m_wizard->setStartPage(*startPage);
    connect(m_wizard, &Wizard::SetupWizard::setupCompleted, this, &Application::onSetupCompleted);
    m_wizard->show();
    m_wizard->raise();
    m_wizard->activateWindow();
}

void Application::onSetupCompleted()
{
    qCInfo(lcApp) << "setup completed";
    m_authLost = false;
    // The wizard is done: the dashboard shows what happens next. (A start with a stored
    // connection shows it, or not with --minimized, in start().)
    showMainWindow();
    m_reconnected = true;
    if (m_session->state() == CredentialSession::State::Loaded && m_session->credentials().isComplete())
    {
        startSyncing(m_session->credentials());
        return;
    }
    m_session->clearCache();
    loadCredentialsAndStart();
}

void Application::loadCredentialsAndStart()
{
    m_session->load(this, [this](const CredentialResult &result) { onCredentialsLoaded(result); });
}

void Application::onCredentialsLoaded(const CredentialResult &result)
{
    if (result.ok() && m_session->credentials().isComplete())
    {
        startSyncing(m_session->credentials());
        return;
    }
    qCWarning(lcApp) << "stored credentials not usable; state:" << m_session->state();
    if (m_session->state() == CredentialSession::State::AccessDenied
        || m_session->state() == CredentialSession::State::NoBackend
        || m_session->state() == CredentialSession::State::Failed)
    {
        // The secrets may well be there: pasting them again is not the way out.
        showKeychainProblem();
        return;
    }
    showWizard(Wizard::PageId::PasteCredentials);
}

void Application::showKeychainProblem()
{
    auto *box = new QMessageBox(QMessageBox::Warning, tr("TalentBridge cannot read its credentials"),
        tr("%1\n\nSyncing waits until the keychain answers.").arg(m_session->errorMessage()), QMessageBox::NoButton,
        m_mainWindow.get());
    box->setObjectName(QStringLiteral("keychainMessageBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *tryAgain = box->addButton(tr("Try again"), QMessageBox::AcceptRole);
    tryAgain->setObjectName(QStringLiteral("tryAgainButton"));
    QPushButton *settings = box->addButton(tr("Open settings..."), QMessageBox::ActionRole);
    settings->setObjectName(QStringLiteral("openSettingsButton"));
    QPushButton *quitButton = box->addButton(tr("Quit"), QMessageBox::RejectRole);
    quitButton->setObjectName(QStringLiteral("quitButton"));
    box->setDefaultButton(tryAgain);
    connect(tryAgain, &QPushButton::clicked, this,
        [this]()
        {
            qCInfo(lcApp) << "keychain: trying again";
            m_session->reload(this, [this](const CredentialResult &result) { onCredentialsLoaded(result); });
        });
    // Queued: the box closes first, then the settings dialog runs its own event loop.
    connect(settings, &QPushButton::clicked, this, &Application::showSettings, Qt::QueuedConnection);
    connect(quitButton, &QPushButton::clicked, this, &Application::quit);
    box->open();
}

void Application::startSyncing(const Credentials &credentials)
{
    const ProfileSettings settings(m_profile);
    const ConnectionSettings connection = settings.connection();
    SyncSettings sync = settings.sync();
    sync.clampToBounds();

    Sync::EngineConfig config;
    config.harvest.baseUrl = connection.harvestUrl;
    config.harvest.tokenUrl = connection.tokenUrl;
    config.harvest.introspectUrl = connection.introspectUrl;
    config.harvest.clientId = credentials.harvestClientId;
    config.harvest.clientSecret = credentials.harvestClientSecret;
    config.harvest.actingUserId = connection.actingUserId;
    config.platform.baseUrl = connection.platformUrl;
    config.platform.token = credentials.platformToken;
    config.exportOptions.departmentFilter = sync.departmentFilter;
    config.exportOptions.officeFilter = sync.officeFilter;
    config.importOptions.sourceId = sync.sourceId;
    m_engine->setConfig(config);

    m_scheduler->setInterval(
        SyncScheduler::Lane::Jobs, std::chrono::duration_cast<std::chrono::milliseconds>(sync.jobsInterval));
    m_scheduler->setInterval(SyncScheduler::Lane::Applicants,
        std::chrono::duration_cast<std::chrono::milliseconds>(sync.applicantsInterval));
    // New credentials, now in the engine: the failures and backoff of the old ones no longer apply.
    if (std::exchange(m_reconnected, false))
        m_scheduler->resetFailures(QStringLiteral("reconnected"));
    m_scheduler->start();
    m_syncing = true;
    m_authLost = false;

    m_mainWindow->setScheduler(m_scheduler.get());
    m_mainWindow->setAuthLost({});
    m_mainWindow->setConnected(true);
    m_tray->setSyncActionsEnabled(true);
    updateTray();
    qCInfo(lcApp) << "syncing started";
    Q_EMIT syncStarted();
}

void Application::stopSyncing()
{
    m_scheduler->stop();
    m_engine->requestStop();
    m_syncing = false;
    m_tray->setSyncActionsEnabled(false);
    m_mainWindow->setConnected(false);
    updateTray();
}

void Application::onRunFinished(SyncScheduler::Lane lane, quint64, const Sync::RunSummary &summary)
{
    if (summary.ok || !summary.credentialsRejected || m_authLost)
    {
        updateTray();
        return;
    }

    // The credentials were refused: every further run would fail the same way.
    qCWarning(lcApp) << "authorization lost in lane" << SyncScheduler::laneName(lane) << "; cadences stopped";
    m_authLost = true;
    m_scheduler->stop();
    m_engine->requestStop();
    m_syncing = false;
    m_tray->setSyncActionsEnabled(false);
    m_mainWindow->setAuthLost(summary.rejectedService);
    updateTray();

    auto *box = new QMessageBox(QMessageBox::Warning, tr("TalentBridge cannot sign in"),
        tr("%1\n\nSyncing is stopped until you reconnect.").arg(summary.error), QMessageBox::NoButton,
        m_mainWindow.get());
    box->setObjectName(QStringLiteral("authLostMessageBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *reconnect = box->addButton(tr("Reconnect..."), QMessageBox::AcceptRole);
    reconnect->setObjectName(QStringLiteral("reconnectButton"));
    box->addButton(QMessageBox::Close);
    connect(reconnect, &QPushButton::clicked, this, [this]() { showWizard(Wizard::PageId::PasteCredentials); });
    box->open();
}

void Application::updateTray()
{
    if (!m_tray)
        return;
    Tray::TrayState state;
    state.connected = m_syncing || m_authLost;
    state.authLost = m_authLost;
    state.paused = m_scheduler && m_scheduler->isPaused();
    for (SyncScheduler::Lane lane : SyncScheduler::lanes)
    {
        if (!m_scheduler)
            break;
        const SyncScheduler::LaneStatus status = m_scheduler->status(lane);
        Tray::LaneStatus &out = state.lanes[static_cast<size_t>(lane)];
        out.running = status.running;
        out.lastResult = resultOf(status);
        out.lastMessage = status.lastError;
        out.consecutiveFailures = status.consecutiveFailures;
        out.lastFinished = status.consecutiveFailures > 0 ? status.lastRun : status.lastSuccess;
    }
    if (m_store)
        state.quarantinedApplicants = m_store->applicantCounts().value(ApplicantState::Quarantined);
    m_tray->setState(state);
}

void Application::syncNow(SyncScheduler::Lane lane)
{
    if (!m_syncing)
    {
        qCInfo(lcApp) << "sync now ignored: not connected";
        return;
    }
    m_scheduler->syncNow(lane);
}

void Application::setPaused(bool paused)
{
    if (paused)
        m_scheduler->pause();
    else
        m_scheduler->resume();
    m_mainWindow->setPaused(paused);
    updateTray();
}

void Application::showSettings()
{
    SettingsDialog dialog(m_profile, m_mainWindow->isVisible() ? m_mainWindow.get() : nullptr);
    const bool connected = m_syncing || m_authLost;
    dialog.setConnected(connected);
    // The filters are picked from Greenhouse's named lists, read with the running credentials.
    if (connected && m_engine->isConfigured())
        dialog.loadFilterLists(m_engine->config().harvest, m_engine->harvestShared());
    connect(&dialog, &SettingsDialog::reconnectRequested, this,
        [this, &dialog]()
        {
            dialog.reject();
            showWizard(Wizard::PageId::PasteCredentials);
        });
    connect(&dialog, &SettingsDialog::setupRequested, this,
        [this, &dialog]()
        {
            dialog.reject();
            showWizard(std::nullopt);
        });
    connect(&dialog, &SettingsDialog::disconnectRequested, this,
        [this, &dialog]()
        {
            dialog.reject();
            disconnectAccount();
        });
    if (dialog.exec() != QDialog::Accepted)
        return;
    Logging::applyLogLevel(ProfileSettings(m_profile).logLevel());
    // Cadences and filters take effect now; the secrets are unchanged.
    if (m_syncing)
    {
        const SyncSettings sync = ProfileSettings(m_profile).sync();
        m_scheduler->setInterval(
            SyncScheduler::Lane::Jobs, std::chrono::duration_cast<std::chrono::milliseconds>(sync.jobsInterval));
        m_scheduler->setInterval(SyncScheduler::Lane::Applicants,
            std::chrono::duration_cast<std::chrono::milliseconds>(sync.applicantsInterval));
        Sync::EngineConfig config = m_engine->config();
        config.exportOptions.departmentFilter = sync.departmentFilter;
        config.exportOptions.officeFilter = sync.officeFilter;
        config.importOptions.sourceId = sync.sourceId;
        m_engine->setConfig(config);
    }
}

void Application::exportDiagnostics()
{
    const QString base
        = QFileDialog::getExistingDirectory(m_mainWindow.get(), tr("Export diagnostics to"), QDir::homePath());
    if (base.isEmpty())
        return;
    QString error;
    const QString written = Diagnostics::exportTo(m_profile, *m_store, base, &error);
    if (written.isEmpty())
        QMessageBox::warning(m_mainWindow.get(), tr("Export diagnostics"), error);
    else
        QMessageBox::information(m_mainWindow.get(), tr("Export diagnostics"),
            tr("Diagnostics were written to %1.").arg(QDir::toNativeSeparators(written)));
}

void Application::disconnectAccount()
{
    qCInfo(lcApp) << "disconnect asked";
    stopSyncing();
    m_engine->clearSecrets();
    ProfileSettings settings(m_profile);
    ConnectionSettings connection = settings.connection();
    connection.connected = false;
    settings.setConnection(connection);
    m_session->removeAll(this,
        [this](const CredentialResult &result)
        {
            if (!result.ok() && result.error != CredentialError::NotFound)
                QMessageBox::warning(m_mainWindow.get(), tr("Disconnect"), result.message);
            m_authLost = false;
            m_mainWindow->setAuthLost({});
            updateTray();
        });
}

void Application::quit()
{
    qCInfo(lcApp) << "quit asked";
    if (m_scheduler)
        m_scheduler->stop();
    if (m_engine)
        m_engine->requestStop();
    // Not quit(): in Qt 6 it first asks every window to close, and the dashboard answers a close
    // by hiding to the tray, which cancels the quit. exit() ends the loop; main() cleans up.
    if (!m_commandLine.demo || !m_session)
    {
        QCoreApplication::exit(0);
        return;
    }

    // The demo's sandbox secrets must not outlive it in the keychain.
    m_session->removeAll(this,
        [](const CredentialResult &result)
        {
            if (!result.ok() && result.error != CredentialError::NotFound)
                qCWarning(lcApp).noquote() << "demo: keychain entries not removed:" << result.message;
            QCoreApplication::exit(0);
        });
    QTimer::singleShot(kDemoCleanupTimeout, this, []() { QCoreApplication::exit(0); });
}

void Application::showMainWindow()
{
    if (!m_mainWindow)
        return;
    if (m_mainWindow->isMinimized())
        m_mainWindow->showNormal();
    else
        m_mainWindow->show();
    m_mainWindow->raise();
    m_mainWindow->activateWindow();
}

void Application::onTrayAvailabilityChanged(bool available)
{
    // Without a tray a hidden window could never come back: closing it quits (after the
    // window asks), and a --minimized start shows the window after all.
    m_trayAvailable = available;
    if (m_mainWindow)
        m_mainWindow->setTrayAvailable(available);
    if (!available)
        showMainWindow();
}
