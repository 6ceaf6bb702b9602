// The desktop application's connection life cycle through its windows: Settings > Disconnect
// (asks first; removes the secrets, marks the profile not connected, stops the cadences, and the
// dashboard says so) and "Set up connection..." after a cancelled setup, from the dashboard, the
// tray and Settings. Runs on the offscreen platform against the in-process sandbox.
#include "app/application.h"
#include "core/credentials/credentialsession.h"
#include "core/credentials/memorycredentialstore.h"
#include "core/sync/syncengine.h"
#include "sandbox/sandboxserver.h"
#include "tests/ui/modaldialogs.h"
#include "tests/ui/sandboxconnection.h"
#include "ui/dashboard/lanepanel.h"
#include "ui/mainwindow.h"
#include "ui/settingsdialog.h"
#include "ui/traycontroller.h"
#include "ui/wizard/setupwizard.h"
#include "ui/wizard/syncfilterswidget.h"

#include <QAction>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using TestSupport::clickInMessageBox;
using TestSupport::whenModal;

namespace
{
constexpr int kTimeoutMs = 30'000;
} // namespace

class TestApplicationWindows final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void disconnectFromSettings();
    void setupAgainAfterCancelledSetup();

private:
    // A profile connected to the sandbox, its secrets in m_store.
    void connectProfile();
    std::unique_ptr<Application> makeApplication();

    QTemporaryDir m_dir;
    std::unique_ptr<Sandbox::Server> m_server;
    MemoryCredentialStore *m_store = nullptr; // owned by the Application
    std::unique_ptr<MemoryCredentialStore> m_pendingStore;
    QString m_profileDir;
    int m_profileCount = 0;
};

void TestApplicationWindows::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_dir.filePath(u"xdg-config"_s)));
}

void TestApplicationWindows::init()
{
    // A small account with a generous budget: the first runs finish quickly.
    Sandbox::Options options;
    options.jobCount = 12;
    options.applicantCount = 4;
    options.harvestRateLimit = 10'000;
    m_server = std::make_unique<Sandbox::Server>(options);
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
    m_profileDir = m_dir.filePath(u"profile-%1"_s.arg(++m_profileCount));
    m_pendingStore = std::make_unique<MemoryCredentialStore>();
    m_store = m_pendingStore.get();
}

void TestApplicationWindows::cleanup()
{
    m_server.reset();
}

void TestApplicationWindows::connectProfile()
{
    const Profile profile(m_profileDir);
    QVERIFY(profile.ensureExists());
    const Sandbox::Credentials credentials = m_server->credentials();
    ProfileSettings settings(profile);
    settings.setConnection(TestSupport::sandboxConnection(*m_server));
    SyncSettings sync;
    sync.departmentFilter = { 40100 };
    settings.setSync(sync);

    CredentialSession session(*m_store, profile.id());
    bool stored = false;
    session.replace({ credentials.clientId, credentials.clientSecret, credentials.platformToken }, this,
        [&stored](const CredentialResult &result) { stored = result.ok(); });
    QTRY_VERIFY(stored);
    QVERIFY(!m_store->entries().isEmpty());
}

std::unique_ptr<Application> TestApplicationWindows::makeApplication()
{
    CommandLine commandLine;
    commandLine.profileDirectory = m_profileDir;
    auto app = std::make_unique<Application>(commandLine);
    app->setCredentialStore(std::move(m_pendingStore));
    return app;
}

void TestApplicationWindows::disconnectFromSettings()
{
    connectProfile();
    auto app = makeApplication();
    QSignalSpy started(app.get(), &Application::syncStarted);
    QString error;
    QVERIFY2(app->start(&error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(started.size(), 1, kTimeoutMs);
    QVERIFY(app->scheduler()->isStarted());
    MainWindow *window = app->mainWindow();

    // Settings opens with the filters loaded by name from the running connection; Disconnect
    // asks first: No keeps everything, Yes disconnects and closes Settings. Buttons are clicked
    // through the event loop: a timer is not called again while its handler runs a dialog.
    int disconnectClicks = 0;
    bool listsLoaded = false;
    bool declined = false;
    bool keptAfterNo = false;
    bool confirmed = false;
    whenModal(
        [&](QWidget *modal)
        {
            if (qobject_cast<QMessageBox *>(modal))
            {
                if (disconnectClicks == 1)
                {
                    declined = clickInMessageBox(modal, QMessageBox::No);
                    return false;
                }
                confirmed = clickInMessageBox(modal, QMessageBox::Yes);
                return confirmed;
            }
            auto *dialog = qobject_cast<SettingsDialog *>(modal);
            if (!dialog || dialog->filters()->isLoading() || disconnectClicks > 1 || (disconnectClicks == 1 && !declined))
                return false;
            if (disconnectClicks == 0)
                listsLoaded = dialog->filters()->isLoaded() && dialog->filters()->departmentList()->count() > 1;
            else
                keptAfterNo = app->scheduler()->isStarted() && !m_store->entries().isEmpty();
            ++disconnectClicks;
            QMetaObject::invokeMethod(
                dialog->findChild<QPushButton *>(u"disconnectButton"_s), &QPushButton::click, Qt::QueuedConnection);
            return false;
        });
    auto *settingsAction = window->findChild<QAction *>(u"settingsAction"_s);
    QVERIFY(settingsAction);
    settingsAction->trigger(); // runs the dialog until Disconnect closes it
    QVERIFY(listsLoaded);
    QVERIFY(declined);
    QVERIFY(keptAfterNo);
    QVERIFY(confirmed);

    // The secrets are gone from the store, the profile says not connected (its other settings
    // stay, as the CLI's disconnect keeps them), the cadences are stopped.
    QTRY_VERIFY_WITH_TIMEOUT(m_store->entries().isEmpty(), kTimeoutMs);
    const Profile profile(m_profileDir);
    QVERIFY(!ProfileSettings(profile).connection().connected);
    QCOMPARE(ProfileSettings(profile).sync().departmentFilter, QList<qint64> { 40100 });
    QVERIFY(!app->scheduler()->isStarted());
    QVERIFY(!app->engine()->isConfigured());
    QVERIFY(app->engine()->config().harvest.clientSecret.isEmpty());

    // The dashboard and the tray show "not connected" and offer the setup.
    for (SyncScheduler::Lane lane : SyncScheduler::lanes)
    {
        QTRY_COMPARE(window->lanePanel(lane)->stateText(), u"Not connected"_s);
        QVERIFY(!window->lanePanel(lane)->syncNowButton()->isEnabled());
    }
    auto *setup = window->findChild<QPushButton *>(u"setupConnectionButton"_s);
    QVERIFY(setup);
    QVERIFY(setup->isVisible());
    QVERIFY(!app->tray()->state().connected);
    QVERIFY(app->tray()->menu()->findChild<QAction *>(u"setupConnectionAction"_s)->isVisible());
    QVERIFY(!app->tray()->menu()->findChild<QAction *>(u"syncJobsAction"_s)->isEnabled());
}

void TestApplicationWindows::setupAgainAfterCancelledSetup()
{
    auto app = makeApplication();
    QString error;
    QVERIFY2(app->start(&error), qPrintable(error));
    // A fresh profile opens the wizard; the admin cancels it.
    QVERIFY(app->setupWizard());
    QTRY_VERIFY(app->setupWizard()->isVisible());
    app->setupWizard()->reject();
    QTRY_VERIFY(!app->setupWizard());
    MainWindow *window = app->mainWindow();
    QVERIFY(window->isVisible());

    // From the dashboard.
    auto *setup = window->findChild<QPushButton *>(u"setupConnectionButton"_s);
    QVERIFY(setup);
    QVERIFY(setup->isVisible());
    QTest::mouseClick(setup, Qt::LeftButton);
    QTRY_VERIFY(app->setupWizard() && app->setupWizard()->isVisible());
    QCOMPARE(app->setupWizard()->currentId(), static_cast<int>(Wizard::PageId::Permissions));
    app->setupWizard()->reject();
    QTRY_VERIFY(!app->setupWizard());

    // From the tray.
    QAction *traySetup = app->tray()->menu()->findChild<QAction *>(u"setupConnectionAction"_s);
    QVERIFY(traySetup);
    QVERIFY(traySetup->isVisible());
    traySetup->trigger();
    QTRY_VERIFY(app->setupWizard() && app->setupWizard()->isVisible());
    app->setupWizard()->reject();
    QTRY_VERIFY(!app->setupWizard());

    // From Settings, whose connection buttons say there is nothing to reconnect.
    QString buttonText;
    bool disconnectEnabled = true;
    whenModal(
        [&](QWidget *modal)
        {
            auto *dialog = qobject_cast<SettingsDialog *>(modal);
            if (!dialog)
                return false;
            auto *button = dialog->findChild<QPushButton *>(u"reconnectButton"_s);
            buttonText = button->text().remove(u'&');
            disconnectEnabled = dialog->findChild<QPushButton *>(u"disconnectButton"_s)->isEnabled();
            QMetaObject::invokeMethod(button, &QPushButton::click, Qt::QueuedConnection);
            return true;
        });
    window->findChild<QAction *>(u"settingsAction"_s)->trigger();
    QVERIFY2(buttonText.startsWith(u"Set up connection"_s), qPrintable(buttonText));
    QVERIFY(!disconnectEnabled);
    QTRY_VERIFY(app->setupWizard() && app->setupWizard()->isVisible());
    QCOMPARE(app->setupWizard()->currentId(), static_cast<int>(Wizard::PageId::Permissions));
}

QTEST_MAIN(TestApplicationWindows)
#include "testapplicationwindows.moc"
