#include "core/sync/syncengine.h"
#include "syncfixture.h"

#include <QFileInfo>
#include <QLockFile>
#include <QLoggingCategory>
#include <QMutex>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QThread>

using namespace Sync;

namespace
{
QMutex g_logMutex;
QStringList g_log;
QtMessageHandler g_previous = nullptr;

void capture(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&g_logMutex);
        g_log.append(QString::fromLatin1(context.category ? context.category : "") + QLatin1Char(' ') + message);
    }
    if (g_previous)
    {
        g_previous(type, context, message);
    }
}
} // namespace

class TestSyncEngine final : public QObject
{
    Q_OBJECT

private:
    static EngineConfig configFor(const SyncFixture &f)
    {
        EngineConfig config;
        config.harvest = f.harvestConfig();
        config.platform = f.platformConfig();
        config.importOptions.sourceId = 60001; // "SmartDreamers" in the sandbox's seed
        return config;
    }

    static Sandbox::Options options(int latencyMs = 0)
    {
        Sandbox::Options o;
        o.jobCount = 60;
        o.applicantCount = 20;
        o.latencyMs = latencyMs;
        o.harvestRateLimit = 100000;
        o.platformRateLimit = 100000;
        return o;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        qRegisterMetaType<Sync::RunSummary>();
    }

    void runsOnItsWorkerAndReportsOnTheCallersThread()
    {
        SyncFixture f;
        QVERIFY(f.start(options()));
        SyncEngine engine(f.store.get());
        engine.setConfig(configFor(f));
        QVERIFY(engine.isConfigured());

        QThread *receivedOn = nullptr;
        RunSummary received;
        int progressSignals = 0;
        connect(&engine, &SyncEngine::progress, this, [&progressSignals] { ++progressSignals; });
        connect(&engine, &SyncEngine::runFinished, this,
            [&](SyncScheduler::Lane, quint64, const Sync::RunSummary &summary)
            {
                receivedOn = QThread::currentThread();
                received = summary;
            });
        QSignalSpy started(&engine, &SyncEngine::runStarted);
        QSignalSpy finished(&engine, &SyncEngine::runFinished);
        const quint64 runId = engine.startRun(SyncScheduler::Lane::Jobs);
        QVERIFY(engine.isBusy());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60'000);
        QCOMPARE(started.count(), 1);
        QCOMPARE(finished.first().at(1).toULongLong(), runId);
        QCOMPARE(receivedOn, QThread::currentThread());
        QVERIFY2(received.ok, qPrintable(received.error));
        QVERIFY(received.created > 0);
        QVERIFY(progressSignals > 0);
        QVERIFY(!engine.isBusy());

        // The summary is in the run history.
        const std::optional<RunRecord> last = f.store->lastRun(QStringLiteral("jobs"));
        QVERIFY(last);
        QCOMPARE(last->ok.value_or(false), true);
        QCOMPARE(last->counts.created, received.created);
        QCOMPARE(last->counts.requests, received.requests());
    }

    void notConfiguredFailsWithAMessage()
    {
        SyncFixture f;
        QVERIFY(f.start(options()));
        SyncEngine engine(f.store.get());
        QSignalSpy finished(&engine, &SyncEngine::runFinished);
        engine.startRun(SyncScheduler::Lane::Applicants);
        QTRY_COMPARE(finished.count(), 1);
        const RunSummary summary = finished.first().at(2).value<Sync::RunSummary>();
        QVERIFY(!summary.ok);
        QVERIFY(!summary.error.isEmpty());
        QVERIFY(f.server->requestLog().isEmpty());

        // Secrets forgotten on disconnect.
        engine.setConfig(configFor(f));
        QVERIFY(engine.isConfigured());
        engine.clearSecrets();
        QVERIFY(!engine.isConfigured());
        QVERIFY(engine.config().harvest.clientSecret.isEmpty());
        QVERIFY(engine.config().platform.token.isEmpty());
    }

    void refusedCredentialsAreFlagged_data()
    {
        QTest::addColumn<SyncScheduler::Lane>("lane");
        QTest::addColumn<QString>("clientSecret");
        QTest::addColumn<QString>("platformToken");
        QTest::addColumn<bool>("missingScope");
        QTest::addColumn<bool>("rejected");
        QTest::newRow("jobs, secret revoked")
            << SyncScheduler::Lane::Jobs << QStringLiteral("revoked-secret-1") << QString() << false << true;
        QTest::newRow("applicants, secret revoked")
            << SyncScheduler::Lane::Applicants << QStringLiteral("revoked-secret-1") << QString() << false << true;
        QTest::newRow("applicants, platform token revoked")
            << SyncScheduler::Lane::Applicants << QString() << QStringLiteral("revoked-token-1") << false << true;
        QTest::newRow("jobs, missing scope") << SyncScheduler::Lane::Jobs << QString() << QString() << true << false;
    }

    void refusedCredentialsAreFlagged()
    {
        QFETCH(SyncScheduler::Lane, lane);
        QFETCH(QString, clientSecret);
        QFETCH(QString, platformToken);
        QFETCH(bool, missingScope);
        QFETCH(bool, rejected);
        SyncFixture f;
        QVERIFY(f.start(options()));
        EngineConfig config = configFor(f);
        if (!clientSecret.isEmpty())
        {
            config.harvest.clientSecret = clientSecret;
        }
        if (!platformToken.isEmpty())
        {
            config.platform.token = platformToken;
        }
        if (missingScope)
        {
            QStringList scopes = Sandbox::Server::allConnectorScopes();
            scopes.removeAll(QStringLiteral("harvest:jobs:list"));
            f.server->setGrantedScopes(scopes);
        }
        SyncEngine engine(f.store.get());
        engine.setConfig(config);
        SyncScheduler scheduler(f.store.get(), engine.runner());
        engine.setScheduler(&scheduler);

        // Listeners hear the summary while the scheduler still counts the run as running, so
        // the application stops the cadences before the lane state (and the tray) changes.
        std::optional<RunSummary> summary;
        bool schedulerStillRunning = false;
        connect(&engine, &SyncEngine::runFinished, this,
            [&](SyncScheduler::Lane finishedLane, quint64, const Sync::RunSummary &result)
            {
                summary = result;
                schedulerStillRunning = scheduler.isRunning(finishedLane);
            });
        QCOMPARE(scheduler.syncNow(lane), SyncScheduler::SyncNowResult::Started);
        QTRY_VERIFY_WITH_TIMEOUT(summary.has_value(), 60'000);
        QVERIFY(!summary->ok);
        QVERIFY(!summary->error.isEmpty());
        QCOMPARE(summary->credentialsRejected, rejected);
        QVERIFY(schedulerStillRunning);
        QTRY_VERIFY(!scheduler.isRunning(lane));
    }

    void stopFinishesTheCurrentStepThenAnotherRunCompletes()
    {
        SyncFixture f;
        QVERIFY(f.start(options(25)));
        SyncEngine engine(f.store.get());
        engine.setConfig(configFor(f));
        QSignalSpy finished(&engine, &SyncEngine::runFinished);
        bool stopped = false;
        connect(&engine, &SyncEngine::progress, this,
            [&](SyncScheduler::Lane, quint64, const QString &, int done, int)
            {
                if (done >= 2 && !stopped)
                {
                    stopped = true;
                    engine.requestStop();
                }
            });
        engine.startRun(SyncScheduler::Lane::Applicants);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60'000);
        RunSummary summary = finished.first().at(2).value<Sync::RunSummary>();
        QVERIFY(stopped);
        QVERIFY(summary.cancelled);
        QVERIFY(!summary.ok);

        engine.startRun(SyncScheduler::Lane::Applicants);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 60'000);
        summary = finished.at(1).at(2).value<Sync::RunSummary>();
        QVERIFY2(summary.ok, qPrintable(summary.error));
        for (const QJsonObject &applicant : f.server->platformApplicants())
        {
            const std::optional<ApplicantRecord> record = f.store->applicant(applicant.value(u"id").toString());
            QVERIFY(record);
            QVERIFY(record->state == ApplicantState::Acked || record->state == ApplicantState::Quarantined);
        }
    }

    void logsCarryNoSecretsNamesOrEmails()
    {
        SyncFixture f;
        QVERIFY(f.start(options()));
        QLoggingCategory::setFilterRules(QStringLiteral("talentbridge.*.debug=true"));
        g_log.clear();
        g_previous = qInstallMessageHandler(capture);
        {
            SyncEngine engine(f.store.get());
            engine.setConfig(configFor(f));
            QSignalSpy finished(&engine, &SyncEngine::runFinished);
            engine.startRun(SyncScheduler::Lane::Jobs);
            engine.startRun(SyncScheduler::Lane::Applicants);
            QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 60'000);
        }
        qInstallMessageHandler(g_previous);
        QMutexLocker lock(&g_logMutex);
        QVERIFY(!g_log.isEmpty());
        const Sandbox::Credentials credentials = f.server->credentials();
        QStringList forbidden { credentials.clientSecret, credentials.platformToken, QStringLiteral("Bearer "),
            QStringLiteral("@example.org"), QStringLiteral("Dupont"), QStringLiteral("%PDF") };
        for (const QJsonObject &applicant : f.server->platformApplicants())
        {
            const QString last = applicant.value(u"last_name").toString();
            if (last.size() > 3)
            {
                forbidden.append(last);
            }
        }
        for (const QString &line : std::as_const(g_log))
        {
            if (!line.startsWith(QLatin1String("talentbridge.sync")))
            {
                continue; // the sync engine's own lines; the clients have their own tests
            }
            for (const QString &secret : std::as_const(forbidden))
            {
                QVERIFY2(!line.contains(secret), qPrintable(line));
            }
        }
    }

    void drivesTheScheduler()
    {
        SyncFixture f;
        QVERIFY(f.start(options()));
        SyncEngine engine(f.store.get());
        engine.setConfig(configFor(f));
        SyncScheduler scheduler(f.store.get(), engine.runner());
        engine.setScheduler(&scheduler);
        QSignalSpy schedulerFinished(&scheduler, &SyncScheduler::runFinished);
        quint64 runId = 0;
        QCOMPARE(scheduler.syncNow(SyncScheduler::Lane::Jobs, &runId), SyncScheduler::SyncNowResult::Started);
        QTRY_COMPARE_WITH_TIMEOUT(schedulerFinished.count(), 1, 60'000);
        QCOMPARE(schedulerFinished.first().at(1).toULongLong(), runId);
        QCOMPARE(schedulerFinished.first().at(2).toBool(), true);
        QVERIFY(!scheduler.isRunning(SyncScheduler::Lane::Jobs));
    }
};

QTEST_GUILESS_MAIN(TestSyncEngine)
#include "testsyncengine.moc"
