// Network faults from the sandbox, through the SyncEngine as the app and the CLI run it: each
// run ends ok or failed as it should, says why in words a user can act on, closes no job on the
// platform and loses no applicant; a clean run afterwards finishes the work.
#include "core/sync/syncengine.h"
#include "syncfixture.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Sync;
using Lane = SyncScheduler::Lane;

Q_DECLARE_METATYPE(Sandbox::Options)

namespace
{
Sandbox::Options baseOptions()
{
    Sandbox::Options o;
    o.jobCount = 40;
    o.applicantCount = 8;
    o.harvestRateLimit = 100000;
    o.platformRateLimit = 100000;
    return o;
}

int openPlatformJobs(const SyncFixture &f)
{
    const QList<QJsonObject> jobs = f.server->platformJobs();
    return int(std::count_if(jobs.cbegin(), jobs.cend(),
        [](const QJsonObject &job) { return job.value(u"status").toString() == QLatin1String("open"); }));
}
} // namespace

class TestFaults final : public QObject
{
    Q_OBJECT

private:
    static EngineConfig configFor(const SyncFixture &f, std::chrono::milliseconds timeout)
    {
        EngineConfig config;
        config.harvest = f.harvestConfig();
        config.harvest.perPage = 10; // several pages, so a bad cursor is followed
        config.harvest.session.transferTimeout = timeout;
        config.platform = f.platformConfig();
        config.platform.pageLimit = 3;
        config.platform.session.transferTimeout = timeout;
        config.importOptions.sourceId = 60001; // "SmartDreamers" in the sandbox's seed
        // Every jobs run reconciles fully: the run that could close jobs it did not see.
        config.exportOptions.forceFull = true;
        return config;
    }

    static RunSummary runLane(SyncEngine &engine, Lane lane)
    {
        QSignalSpy finished(&engine, &SyncEngine::runFinished);
        engine.startRun(lane);
        if (!finished.wait(60'000))
        {
            return {};
        }
        return finished.first().at(2).value<Sync::RunSummary>();
    }

    // Nothing lost: an applicant acked on the platform is acked in the ledger; one still pending
    // there is not; a quarantined one says why. With `settled`, none may be left in between.
    static void checkApplicants(const SyncFixture &f, bool settled)
    {
        for (const QJsonObject &applicant : f.server->platformApplicants())
        {
            const QString id = applicant.value(u"id").toString();
            const std::optional<ApplicantRecord> record = f.store->applicant(id);
            const bool acked = applicant.value(u"status").toString() == QLatin1String("acked");
            if (acked)
            {
                QVERIFY2(record && record->state == ApplicantState::Acked, qPrintable(id));
                continue;
            }
            QVERIFY2(!record || record->state != ApplicantState::Acked, qPrintable(id));
            if (record && record->state == ApplicantState::Quarantined)
            {
                QVERIFY2(!record->reason.isEmpty(), qPrintable(id));
            }
            else if (settled)
            {
                QFAIL(qPrintable(id + QLatin1String(" neither acked nor quarantined")));
            }
        }

        // And none twice in Greenhouse.
        QCOMPARE(greenhouseDuplicates(*f.server), QStringList());
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        qRegisterMetaType<Sync::RunSummary>();
    }

    void faultEndsRightAndLosesNothing_data()
    {
        QTest::addColumn<Lane>("lane");
        QTest::addColumn<Sandbox::Options>("faults");
        QTest::addColumn<int>("timeoutMs");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QStringList>("words"); // in the error of a failed run

        const Sandbox::Options base = baseOptions();
        Sandbox::Options o;

        o = base;
        o.dropRate = 0.1;
        QTest::newRow("some resets, jobs") << Lane::Jobs << o << 5000 << true << QStringList();
        QTest::newRow("some resets, applicants") << Lane::Applicants << o << 5000 << true << QStringList();
        o.dropRate = 1.0;
        QTest::newRow("resets only, jobs")
            << Lane::Jobs << o << 5000 << false << QStringList { QStringLiteral("Could not reach") };
        QTest::newRow("resets only, applicants")
            << Lane::Applicants << o << 5000 << false << QStringList { QStringLiteral("Could not reach") };

        o = base;
        o.latencyMs = 300;
        QTest::newRow("slow past the timeout, jobs")
            << Lane::Jobs << o << 100 << false << QStringList { QStringLiteral("did not answer in time") };
        QTest::newRow("slow past the timeout, applicants")
            << Lane::Applicants << o << 100 << false << QStringList { QStringLiteral("did not answer in time") };

        o = base;
        o.serverErrorBurst = 3; // 500, 502, 503, then fine: within the retries
        QTest::newRow("5xx burst recovers, jobs") << Lane::Jobs << o << 5000 << true << QStringList();
        QTest::newRow("5xx burst recovers, applicants") << Lane::Applicants << o << 5000 << true << QStringList();
        o.serverErrorBurst = 1000;
        QTest::newRow("5xx without end, jobs")
            << Lane::Jobs << o << 5000 << false << QStringList { QStringLiteral("did not recover") };

        o = base;
        o.rateLimitBurst = 2; // 429 with Retry-After: 1, twice
        QTest::newRow("429 storm recovers, applicants") << Lane::Applicants << o << 5000 << true << QStringList();
        o.rateLimitBurst = 1000;
        QTest::newRow("429 storm without end, jobs")
            << Lane::Jobs << o << 5000 << false << QStringList { QStringLiteral("limiting how fast") };

        o = base;
        o.malformedJsonRate = 1.0;
        o.faultTarget = Sandbox::FaultTarget::Harvest;
        QTest::newRow("truncated JSON, Harvest")
            << Lane::Jobs << o << 5000 << false
            << QStringList { QStringLiteral("Greenhouse"), QStringLiteral("cannot read") };
        o.faultTarget = Sandbox::FaultTarget::Platform;
        QTest::newRow("truncated JSON, platform")
            << Lane::Applicants << o << 5000 << false
            << QStringList { QStringLiteral("SmartDreamers"), QStringLiteral("cannot read") };
        o.malformedJsonWrongType = true;
        QTest::newRow("JSON of the wrong type, platform")
            << Lane::Applicants << o << 5000 << false
            << QStringList { QStringLiteral("SmartDreamers"), QStringLiteral("cannot read") };
        o.faultTarget = Sandbox::FaultTarget::Harvest;
        QTest::newRow("JSON of the wrong type, Harvest")
            << Lane::Jobs << o << 5000 << false
            << QStringList { QStringLiteral("Greenhouse"), QStringLiteral("cannot read") };

        o = base;
        o.badNextCursor = true;
        QTest::newRow("bad cursor in the Link header")
            << Lane::Jobs << o << 5000 << false
            << QStringList { QStringLiteral("Greenhouse"), QStringLiteral("refused the page cursor"),
                   QStringLiteral("next sync"), QStringLiteral("first page") };
    }

    void faultEndsRightAndLosesNothing()
    {
        QFETCH(Lane, lane);
        QFETCH(Sandbox::Options, faults);
        QFETCH(int, timeoutMs);
        QFETCH(bool, ok);
        QFETCH(QStringList, words);

        SyncFixture f;
        QVERIFY(f.start(baseOptions()));
        SyncEngine engine(f.store.get());
        engine.setConfig(configFor(f, std::chrono::milliseconds(timeoutMs)));

        // A clean export first, so a faulty run has jobs on the platform it could wrongly close.
        const RunSummary first = runLane(engine, Lane::Jobs);
        QVERIFY2(first.ok, qPrintable(first.error));
        const int openBefore = openPlatformJobs(f);
        QVERIFY(openBefore > 0);

        f.server->setOptions(faults);
        const RunSummary faulty = runLane(engine, lane);
        QVERIFY2(!faulty.lane.isEmpty(), "the run did not finish");
        QVERIFY2(faulty.ok == ok, qPrintable(faulty.toLine() + QLatin1String(": ") + faulty.error));
        if (!ok)
        {
            qInfo().noquote() << "the user reads:" << faulty.error;
            QVERIFY(!faulty.cancelled);
            for (const QString &word : words)
            {
                QVERIFY2(faulty.error.contains(word, Qt::CaseInsensitive), qPrintable(faulty.error));
            }
        }
        QCOMPARE(faulty.closed, 0);
        QCOMPARE(openPlatformJobs(f), openBefore);
        checkApplicants(f, false);
        if (QTest::currentTestFailed())
        {
            return;
        }

        // The service recovers: the next run does the rest.
        f.server->setOptions(baseOptions());
        const RunSummary after = runLane(engine, lane);
        QVERIFY2(after.ok, qPrintable(after.error));
        QCOMPARE(after.closed, 0);
        QCOMPARE(openPlatformJobs(f), openBefore);
        if (lane == Lane::Applicants)
        {
            QVERIFY(!f.server->createdCandidates().isEmpty());
            checkApplicants(f, true);
        }
    }
};

QTEST_GUILESS_MAIN(TestFaults)
#include "testfaults.moc"
