#include "core/sync/jobexporter.h"
#include "syncfixture.h"

#include <QJsonArray>
#include <QStandardPaths>
#include <QTest>

using namespace Sync;

class TestJobExporter final : public QObject
{
    Q_OBJECT

private:
    RunSummary runOnce(SyncFixture &f, const ExportOptions &options = {})
    {
        return runOnce(f, f.platformConfig(), options);
    }

    RunSummary runOnce(SyncFixture &f, const Platform::ClientConfig &platformConfig, const ExportOptions &options = {})
    {
        const Harvest::HarvestClient harvest(f.harvestConfig(), f.shared);
        const Platform::PlatformClient platform(platformConfig);
        JobExporter exporter(harvest, platform, *f.store, options);
        return exporter.run({});
    }

    static QHash<qint64, QString> platformStatus(const SyncFixture &f) { return platformStatus(*f.server); }

    static QHash<qint64, QString> platformStatus(const Sandbox::Server &server)
    {
        QHash<qint64, QString> result;
        for (const QJsonObject &job : server.platformJobs())
        {
            result.insert(job.value(u"source_job_id").toString().toLongLong(), job.value(u"status").toString());
        }
        return result;
    }

    static QJsonObject platformJob(const SyncFixture &f, qint64 jobId)
    {
        for (const QJsonObject &job : f.server->platformJobs())
        {
            if (job.value(u"source_job_id").toString() == QString::number(jobId))
            {
                return job;
            }
        }
        return {};
    }

    static QList<qint64> openJobIds(const SyncFixture &f)
    {
        QList<qint64> ids;
        for (const QJsonObject &job : f.server->harvestJobs())
        {
            if (job.value(u"status").toString() == QLatin1String("open"))
            {
                ids.append(job.value(u"id").toInteger());
            }
        }
        return ids;
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void firstRunIsFullAndExportsEveryOpenJob()
    {
        SyncFixture f;
        QVERIFY(f.start());
        const RunSummary summary = runOnce(f);
        QVERIFY2(summary.ok, qPrintable(summary.error));
        QVERIFY(summary.fullReconciliation);
        const QList<qint64> open = openJobIds(f);
        QCOMPARE(summary.created, open.size());
        const QHash<qint64, QString> held = platformStatus(f);
        QCOMPARE(held.size(), open.size());
        for (const qint64 id : open)
        {
            QCOMPARE(held.value(id), QStringLiteral("open"));
        }
        // The body follows the contract.
        const QJsonObject job = f.server->platformJobs().first();
        for (const char *key : { "source", "source_job_id", "requisition_id", "title", "status", "department",
                 "offices", "employment_type", "openings", "description_html", "apply_url", "updated_at" })
        {
            QVERIFY2(job.contains(QLatin1String(key)), key);
        }
    }

    void anotherAccountGetsEveryOpenJob()
    {
        SyncFixture f;
        QVERIFY(f.start());
        QVERIFY(runOnce(f).ok);
        QVERIFY(runOnce(f).ok);
        const QList<qint64> open = openJobIds(f);
        const qint64 closedId = open.at(2);
        f.server->updateJob(closedId, QJsonObject { { QStringLiteral("status"), QStringLiteral("closed") } });

        // Reconnected to another SmartDreamers account: its own address, none of our jobs.
        Sandbox::Server other;
        QVERIFY2(other.start(), qPrintable(other.errorString()));
        Platform::ClientConfig config = f.platformConfig();
        config.baseUrl = other.platformBaseUrl();
        config.token = other.credentials().platformToken;
        const RunSummary summary = runOnce(f, config);
        QVERIFY2(summary.ok, qPrintable(summary.error));
        QVERIFY(summary.fullReconciliation);

        // Every open job is on the new account; the job closed meanwhile was never PUT there,
        // and nothing was closed on the old account through the new one.
        QHash<qint64, QString> expected;
        for (const qint64 id : open)
        {
            if (id != closedId)
            {
                expected.insert(id, QStringLiteral("open"));
            }
        }
        QCOMPARE(platformStatus(other), expected);
        QCOMPARE(summary.created, expected.size());
        QCOMPARE(summary.closed, 0);
        QCOMPARE(platformStatus(f).value(closedId), QStringLiteral("open"));

        // The mirror now describes the new account: the next cycle is incremental again.
        const RunSummary next = runOnce(f, config);
        QVERIFY2(next.ok, qPrintable(next.error));
        QVERIFY(!next.fullReconciliation);
        QCOMPARE(next.created + next.updated + next.closed, 0);
        other.stop();
    }

    void noChangeCycleIsCheap()
    {
        SyncFixture f;
        QVERIFY(f.start());
        QVERIFY(runOnce(f).ok);
        f.server->clearRequestLog();

        const RunSummary summary = runOnce(f);
        QVERIFY2(summary.ok, qPrintable(summary.error));
        QVERIFY(!summary.fullReconciliation);
        QVERIFY2(
            f.count(QStringLiteral("harvest")) <= 3, qPrintable(QString::number(f.count(QStringLiteral("harvest")))));
        QCOMPARE(f.count(QStringLiteral("platform"), "PUT"), 0);
        QCOMPARE(summary.created + summary.updated + summary.closed, 0);
        // The window is two-sided and not limited to open jobs.
        bool sawWindow = false;
        for (const Sandbox::LoggedRequest &request : f.server->requestLog())
        {
            if (request.path == QLatin1String("/v3/jobs"))
            {
                const QString target = QString::fromLatin1(QByteArray::fromPercentEncoding(request.rawTarget));
                QVERIFY2(target.contains(QStringLiteral("updated_at=gte|")) && target.contains(QStringLiteral("|lte|")),
                    qPrintable(target));
                QVERIFY(!target.contains(QStringLiteral("status=")));
                sawWindow = true;
            }
        }
        QVERIFY(sawWindow);
    }

    void closedJobIsClosedOnPlatformOnce()
    {
        SyncFixture f;
        QVERIFY(f.start());
        QVERIFY(runOnce(f).ok);
        const qint64 jobId = openJobIds(f).at(3);
        f.server->updateJob(jobId, QJsonObject { { QStringLiteral("status"), QStringLiteral("closed") } });
        f.server->clearRequestLog();

        RunSummary summary = runOnce(f);
        QVERIFY2(summary.ok, qPrintable(summary.error));
        QCOMPARE(summary.closed, 1);
        QCOMPARE(platformStatus(f).value(jobId), QStringLiteral("closed"));
        QCOMPARE(f.count(QStringLiteral("platform"), "PUT"), 1);
        QCOMPARE(f.store->job(jobId)->platformStatus, PlatformJobStatus::Closed);

        // Closed once: the next cycle writes nothing.
        f.server->clearRequestLog();
        summary = runOnce(f);
        QVERIFY(summary.ok);
        QCOMPARE(f.count(QStringLiteral("platform"), "PUT"), 0);
    }

    void changedJobIsUpdatedAndReopenedJobComesBack()
    {
        SyncFixture f;
        QVERIFY(f.start());
        QVERIFY(runOnce(f).ok);
        const qint64 jobId = openJobIds(f).at(5);
        f.server->updateJob(jobId, QJsonObject { { QStringLiteral("requisition_id"), QStringLiteral("REQ-NEW") } });
        RunSummary summary = runOnce(f);
        QVERIFY(summary.ok);
        QCOMPARE(summary.updated, 1);
        for (const QJsonObject &job : f.server->platformJobs())
        {
            if (job.value(u"source_job_id").toString() == QString::number(jobId))
            {
                QCOMPARE(job.value(u"requisition_id").toString(), QStringLiteral("REQ-NEW"));
            }
        }
        // A change that does not touch the body (internal notes) costs no write.
        f.server->updateJob(jobId, QJsonObject { { QStringLiteral("notes"), QStringLiteral("<p>changed</p>") } });
        f.server->clearRequestLog();
        summary = runOnce(f);
        QVERIFY(summary.ok);
        QCOMPARE(f.count(QStringLiteral("platform"), "PUT"), 0);
    }

    void postEditIsExportedByIncrementalCycle()
    {
        // Only the post changed (its updated_at), not the job: the incremental cycle reads posts too.
        SyncFixture f;
        QVERIFY(f.start());
        QVERIFY(runOnce(f).ok);
        const QList<qint64> open = openJobIds(f);
        std::optional<QJsonObject> post;
        for (const QJsonObject &row : f.server->harvestRows(QStringLiteral("job_posts")))
        {
            const QString title = row.value(u"title").toString();
            if (open.contains(row.value(u"job_id").toInteger()) && !title.isEmpty()
                && platformJob(f, row.value(u"job_id").toInteger()).value(u"title").toString() == title)
            {
                post = row;
                break;
            }
        }
        QVERIFY(post);
        const qint64 jobId = post->value(u"job_id").toInteger();
        f.server->updateRow(QStringLiteral("job_posts"), post->value(u"id").toInteger(),
            QJsonObject { { QStringLiteral("title"), QStringLiteral("Edited public title") } });
        f.server->clearRequestLog();
        const RunSummary summary = runOnce(f);
        QVERIFY2(summary.ok, qPrintable(summary.error));
        QVERIFY(!summary.fullReconciliation);
        QCOMPARE(summary.updated, 1);
        QCOMPARE(f.count(QStringLiteral("platform"), "PUT"), 1);
        QCOMPARE(platformJob(f, jobId).value(u"title").toString(), QStringLiteral("Edited public title"));
    }

    void openingChangeIsExportedByIncrementalCycle()
    {
        // One of a job's open openings closes (the job stays open): the count on the platform drops.
        SyncFixture f;
        QVERIFY(f.start());
        QVERIFY(runOnce(f).ok);
        std::optional<QJsonObject> opening;
        qint64 jobId = 0;
        int before = 0;
        for (const qint64 id : openJobIds(f))
        {
            before = platformJob(f, id).value(u"openings").toInt();
            if (before < 2)
            {
                continue;
            }
            for (const QJsonObject &row : f.server->harvestRows(QStringLiteral("openings")))
            {
                if (row.value(u"job_id").toInteger() == id && row.value(u"open").toBool())
                {
                    opening = row;
                    jobId = id;
                    break;
                }
            }
            if (opening)
            {
                break;
            }
        }
        QVERIFY(opening);
        f.server->updateRow(QStringLiteral("openings"), opening->value(u"id").toInteger(),
            QJsonObject { { QStringLiteral("open"), false } });
        const RunSummary summary = runOnce(f);
        QVERIFY2(summary.ok, qPrintable(summary.error));
        QVERIFY(!summary.fullReconciliation);
        QCOMPARE(summary.updated, 1);
        QCOMPARE(platformJob(f, jobId).value(u"openings").toInt(), before - 1);
        QCOMPARE(platformJob(f, jobId).value(u"status").toString(), QStringLiteral("open"));
    }

    void manyChangesInARowAreAllExported()
    {
        // Changes made back to back (a bulk edit) carry the service's clock, not stamps running
        // ahead of it, so the next window has every one of them.
        SyncFixture f;
        QVERIFY(f.start());
        QVERIFY(runOnce(f).ok);
        const QList<qint64> open = openJobIds(f);
        constexpr int kChanged = 20;
        QVERIFY(open.size() >= kChanged);
        QList<QDateTime> stamps;
        for (int i = 0; i < kChanged; ++i)
        {
            const QJsonObject job = f.server->updateJob(
                open.at(i), QJsonObject { { QStringLiteral("requisition_id"), QStringLiteral("REQ-BULK-%1").arg(i) } });
            stamps.append(QDateTime::fromString(job.value(u"updated_at").toString(), Qt::ISODateWithMs));
        }
        const QDateTime after = QDateTime::currentDateTimeUtc();
        for (const QDateTime &stamp : std::as_const(stamps))
        {
            QVERIFY2(stamp.isValid() && stamp <= after, qPrintable(stamp.toString(Qt::ISODateWithMs)));
        }
        const RunSummary summary = runOnce(f);
        QVERIFY2(summary.ok, qPrintable(summary.error));
        QVERIFY(!summary.fullReconciliation);
        QCOMPARE(summary.updated, kChanged);
    }

    void departmentFilterAndItsChange()
    {
        SyncFixture f;
        QVERIFY(f.start());
        const Harvest::HarvestClient harvest(f.harvestConfig(), f.shared);
        const auto departments = harvest.departments();
        QVERIFY(departments.ok());
        qint64 engineering = 0;
        qint64 product = 0;
        QHash<qint64, qint64> parent;
        for (const Harvest::Department &d : departments.value())
        {
            parent.insert(d.id, d.parentId.value_or(0));
            if (d.name == QLatin1String("Engineering"))
            {
                engineering = d.id;
            }
            if (d.name == QLatin1String("Product"))
            {
                product = d.id;
            }
        }
        QVERIFY(engineering && product);
        const auto rootOf = [&parent](qint64 id)
        {
            while (parent.value(id, 0) != 0)
            {
                id = parent.value(id);
            }
            return id;
        };
        QHash<qint64, qint64> jobRoot;
        for (const QJsonObject &job : f.server->harvestJobs())
        {
            jobRoot.insert(job.value(u"id").toInteger(), rootOf(job.value(u"department_id").toInteger()));
        }

        ExportOptions options;
        options.departmentFilter = { engineering };
        QVERIFY(runOnce(f, options).ok);
        QHash<qint64, QString> held = platformStatus(f);
        QVERIFY(!held.isEmpty());
        for (auto it = held.cbegin(); it != held.cend(); ++it)
        {
            QCOMPARE(jobRoot.value(it.key()), engineering);
        }

        // A job moved out of the filter is closed by the next (incremental) cycle.
        const qint64 moved = held.cbegin().key();
        f.server->updateJob(moved, QJsonObject { { QStringLiteral("department_id"), product } });
        RunSummary summary = runOnce(f, options);
        QVERIFY(summary.ok);
        QVERIFY(!summary.fullReconciliation);
        QCOMPARE(platformStatus(f).value(moved), QStringLiteral("closed"));

        // Changing the filter reconciles fully: engineering jobs close, product jobs open.
        options.departmentFilter = { product };
        summary = runOnce(f, options);
        QVERIFY2(summary.ok, qPrintable(summary.error));
        QVERIFY(summary.fullReconciliation);
        held = platformStatus(f);
        int productOpen = 0;
        for (auto it = held.cbegin(); it != held.cend(); ++it)
        {
            if (jobRoot.value(it.key()) == engineering && it.key() != moved)
            {
                QCOMPARE(it.value(), QStringLiteral("closed"));
            }
            if (it.value() == QLatin1String("open"))
            {
                QCOMPARE(jobRoot.value(it.key()) == product || it.key() == moved, true);
                ++productOpen;
            }
        }
        QVERIFY(productOpen > 0);
        QCOMPARE(held.value(moved), QStringLiteral("open")); // now in Product
    }

    void failedListingClosesNothing()
    {
        SyncFixture f;
        QVERIFY(f.start());
        QVERIFY(runOnce(f).ok);
        const QHash<qint64, QString> before = platformStatus(f);

        // Every list answer is truncated JSON: the full reconciliation must abort.
        Sandbox::Options faulty = f.server->options();
        faulty.malformedJsonRate = 1.0;
        f.server->setOptions(faulty);
        f.server->clearRequestLog();
        ExportOptions options;
        options.forceFull = true;
        const QString watermark = f.store->meta(QLatin1String(JobExporter::kWatermarkKey));
        const RunSummary summary = runOnce(f, options);
        QVERIFY(!summary.ok);
        QVERIFY(!summary.error.isEmpty());
        QCOMPARE(f.count(QStringLiteral("platform"), "PUT"), 0);
        QCOMPARE(platformStatus(f), before);
        QCOMPARE(f.store->meta(QLatin1String(JobExporter::kWatermarkKey)), watermark);
    }

    void platformJobNotOpenInGreenhouseIsClosedByFullRun()
    {
        SyncFixture f;
        QVERIFY(f.start());
        QVERIFY(runOnce(f).ok);
        // The mirror is lost (new profile) but the platform still holds a job that closed meanwhile.
        const qint64 jobId = openJobIds(f).at(7);
        f.server->updateJob(jobId, QJsonObject { { QStringLiteral("status"), QStringLiteral("draft") } });
        SyncFixture other;
        other.store = std::make_unique<Store>(Store::databasePathFor(other.dir.path()));
        QVERIFY(other.store->open());
        const Harvest::HarvestClient harvest(f.harvestConfig(), f.shared);
        const Platform::PlatformClient platform(f.platformConfig());
        JobExporter exporter(harvest, platform, *other.store, {});
        const RunSummary summary = exporter.run({});
        QVERIFY2(summary.ok, qPrintable(summary.error));
        QCOMPARE(platformStatus(f).value(jobId), QStringLiteral("closed"));
        QCOMPARE(summary.closed, 1);
    }
};

QTEST_GUILESS_MAIN(TestJobExporter)
#include "testjobexporter.moc"
