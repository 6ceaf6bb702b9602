// The desktop application's lifecycle around the keychain: a denied read and "Try again", a
// reconnect after failures, and the demo's own keychain entries (the real keyring of
// scripts/run-tests.sh).

#include "app/application.h"
#include "core/credentials/blockingcredentials.h"
#include "core/credentials/credentialkey.h"
#include "core/credentials/keychaincredentialstore.h"
#include "core/credentials/memorycredentialstore.h"
#include "core/store/store.h"
#include "sandbox/sandboxserver.h"
#include "ui/mainwindow.h"
#include "ui/traycontroller.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

class TestApplication final : public QObject
{
    Q_OBJECT

private:
    // A profile connected to the sandbox, with its secrets in a fresh in-memory store.
    std::unique_ptr<MemoryCredentialStore> connect(const QString &dir)
    {
        const Profile profile(dir);
        ConnectionSettings connection;
        connection.harvestUrl = m_server->harvestBaseUrl();
        connection.tokenUrl = m_server->tokenUrl();
        connection.introspectUrl = m_server->introspectUrl();
        connection.actingUserId = m_server->credentials().siteAdminUserId;
        connection.platformUrl = m_server->platformBaseUrl();
        connection.connected = true;
        ProfileSettings(profile).setConnection(connection);

        auto store = std::make_unique<MemoryCredentialStore>();
        const Sandbox::Credentials credentials = m_server->credentials();
        store->setEntry(credentialKey(profile.id(), CredentialPurpose::HarvestClientId), credentials.clientId);
        store->setEntry(credentialKey(profile.id(), CredentialPurpose::HarvestClientSecret), credentials.clientSecret);
        store->setEntry(credentialKey(profile.id(), CredentialPurpose::PlatformToken), credentials.platformToken);
        return store;
    }

    // An application on the profile in `dir`, started (its credentials load after this returns).
    static std::unique_ptr<Application> startApplication(const QString &dir, std::unique_ptr<CredentialStore> store)
    {
        CommandLine commandLine;
        commandLine.profileDirectory = dir;
        auto app = std::make_unique<Application>(commandLine);
        app->setCredentialStore(std::move(store));
        QString error;
        if (!app->start(&error))
        {
            qWarning().noquote() << "cannot start:" << error;
            return nullptr;
        }
        return app;
    }

    static QMessageBox *keychainBox(const Application &app)
    {
        return app.mainWindow()->findChild<QMessageBox *>(u"keychainMessageBox"_s);
    }

    std::unique_ptr<Sandbox::Server> m_server;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_server = std::make_unique<Sandbox::Server>();
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
    }

    void cleanupTestCase() { m_server->stop(); }

    void deniedKeychainReadOffersTryAgain()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        std::unique_ptr<MemoryCredentialStore> owned = connect(dir.path());
        MemoryCredentialStore *store = owned.get();
        store->setFailure(MemoryCredentialStore::Operation::Read, CredentialError::AccessDenied);

        const std::unique_ptr<Application> started = startApplication(dir.path(), std::move(owned));
        QVERIFY(started);
        Application &app = *started;
        QSignalSpy syncStarted(&app, &Application::syncStarted);

        // The user declined: the app says so and offers the ways out, instead of the wizard.
        QTRY_VERIFY(keychainBox(app));
        QMessageBox *box = keychainBox(app);
        QVERIFY2(box->text().contains(CredentialStore::accessDeniedMessage()), qPrintable(box->text()));
        QVERIFY(box->findChild<QPushButton *>(u"openSettingsButton"_s));
        QVERIFY(box->findChild<QPushButton *>(u"quitButton"_s));
        QVERIFY(!app.setupWizard());
        QVERIFY(!app.scheduler()->isStarted());

        // Declined again: asked again, and the same offer comes back.
        const int reads = store->readCount();
        box->findChild<QPushButton *>(u"tryAgainButton"_s)->click();
        QTRY_VERIFY(store->readCount() > reads && keychainBox(app) && keychainBox(app) != box);
        box = keychainBox(app);
        QVERIFY(!app.scheduler()->isStarted());

        // Allowed this time: syncing starts without a restart.
        store->setFailure(MemoryCredentialStore::Operation::Read, CredentialError::None);
        box->findChild<QPushButton *>(u"tryAgainButton"_s)->click();
        QTRY_COMPARE(syncStarted.size(), 1);
        QVERIFY(app.scheduler()->isStarted());
        QVERIFY(!app.setupWizard());
        QTRY_VERIFY_WITH_TIMEOUT(!app.scheduler()->isRunning(SyncScheduler::Lane::Jobs)
                && !app.scheduler()->isRunning(SyncScheduler::Lane::Applicants),
            60000);
    }

    void reconnectEndsTheBackoff()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        std::unique_ptr<MemoryCredentialStore> store = connect(dir.path());

        // Both lanes failed three times in a row (the old token was revoked); the next try is
        // an hour away.
        const QDateTime now = QDateTime::currentDateTimeUtc();
        {
            Store database(Profile(dir.path()).databasePath());
            QVERIFY(database.open());
            for (SyncScheduler::Lane lane : SyncScheduler::lanes)
            {
                LaneStateRecord record;
                record.lane = SyncScheduler::laneName(lane);
                record.lastRun = now.addSecs(-60);
                record.nextDue = now.addSecs(3600);
                record.consecutiveFailures = 3;
                record.lastError = u"SmartDreamers answered 401"_s;
                QVERIFY(database.saveLaneState(record));
            }
        }

        const std::unique_ptr<Application> started = startApplication(dir.path(), std::move(store));
        QVERIFY(started);
        Application &app = *started;
        QSignalSpy syncStarted(&app, &Application::syncStarted);
        QTRY_COMPARE(syncStarted.size(), 1);
        QCOMPARE(app.scheduler()->status(SyncScheduler::Lane::Jobs).consecutiveFailures, 3);
        QVERIFY(!app.scheduler()->isRunning(SyncScheduler::Lane::Jobs));

        // Reconnect: the wizard stores the new credentials and reports completion.
        Q_EMIT app.mainWindow()->reconnectRequested();
        QVERIFY(app.setupWizard());
        Q_EMIT app.setupWizard()->setupCompleted();

        // Both lanes run at once, and succeed: no longer "failing (3 in a row)".
        for (SyncScheduler::Lane lane : SyncScheduler::lanes)
        {
            QTRY_VERIFY_WITH_TIMEOUT(
                app.store()->runCount(SyncScheduler::laneName(lane)) == 1 && !app.scheduler()->isRunning(lane), 60000);
            const SyncScheduler::LaneStatus status = app.scheduler()->status(lane);
            QCOMPARE(status.consecutiveFailures, 0);
            QVERIFY2(status.lastError.isEmpty(), qPrintable(status.lastError));
            QVERIFY(status.lastSuccess.isValid());
        }
    }

    void demoKeepsNoSecretInTheKeychain()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString key = credentialKey(
            Profile(Application::demoProfileDirectory(dir.path())).id(), CredentialPurpose::PlatformToken);
        KeychainCredentialStore demoKeychain(Application::demoKeychainService());
        KeychainCredentialStore keychain;

        // A demo that crashed left its token; a real account's entry under the same key stays.
        QVERIFY(blockingWrite(demoKeychain, key, u"stale-demo-token-5e1"_s).ok());
        QVERIFY(blockingWrite(keychain, key, u"real-token-9c2"_s).ok());

        CommandLine commandLine;
        commandLine.demo = true;
        commandLine.profileDirectory = dir.path();
        {
            Application app(commandLine);
            QString error;
            QVERIFY2(app.start(&error), qPrintable(error));
            QTRY_COMPARE_WITH_TIMEOUT(blockingRead(demoKeychain, key).error, CredentialError::NotFound, 20000);

            // What the demo's wizard stored goes on Quit.
            QVERIFY(blockingWrite(demoKeychain, key, u"demo-token-77a"_s).ok());
            auto *quitAction = app.tray()->menu()->findChild<QAction *>(u"quitAction"_s);
            QVERIFY(quitAction);
            QTimer::singleShot(0, quitAction, &QAction::trigger);
            QTimer::singleShot(30000, qApp, []() { QCoreApplication::exit(42); });
            QCOMPARE(QCoreApplication::exec(), 0);
        }
        QCOMPARE(blockingRead(demoKeychain, key).error, CredentialError::NotFound);

        const CredentialResult real = blockingRead(keychain, key);
        QVERIFY(blockingRemove(keychain, key).ok());
        QCOMPARE(real.secret, u"real-token-9c2"_s);
    }
};

QTEST_MAIN(TestApplication)
#include "testapplication.moc"
