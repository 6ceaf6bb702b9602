#include "core/sync/applicantcheck.h"
#include "syncfixture.h"

#include <QJsonArray>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QStandardPaths>
#include <QTest>

// Kills a real child process in the middle of an applicant import, many times, at random
// moments, then lets one run finish: Greenhouse must hold no duplicate and no applicant may be
// lost (each is imported and acked, or quarantined with a reason).
class TestKillImport final : public QObject
{
    Q_OBJECT

private:
    QProcess *startHelper(SyncFixture &f, qint64 sourceId, QObject *parent)
    {
        const Sandbox::Credentials credentials = f.server->credentials();
        auto *process = new QProcess(parent);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TB_TEST_CLIENT_SECRET"), credentials.clientSecret);
        env.insert(QStringLiteral("TB_TEST_PLATFORM_TOKEN"), credentials.platformToken);
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("talentbridge.*.info=false"));
        process->setProcessEnvironment(env);
        process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process->setStandardOutputFile(QProcess::nullDevice());
        process->start(QStringLiteral(SYNC_KILL_HELPER),
            { QStringLiteral("--db"), f.store->databasePath(), QStringLiteral("--harvest"),
                f.server->harvestBaseUrl().toString(), QStringLiteral("--token"), f.server->tokenUrl().toString(),
                QStringLiteral("--client-id"), credentials.clientId, QStringLiteral("--sub"),
                QString::number(credentials.siteAdminUserId), QStringLiteral("--platform"),
                f.server->platformBaseUrl().toString(), QStringLiteral("--source-id"), QString::number(sourceId) });
        return process;
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void killedImportsEndWithoutDuplicatesOrLosses()
    {
        SyncFixture f;
        Sandbox::Options options;
        options.applicantCount = 40;
        options.jobCount = 80;
        options.latencyMs = 8;
        options.harvestRateLimit = 100000;
        options.platformRateLimit = 100000;
        QVERIFY(f.start(options));
        // With the optional attachments:list scope the resume upload is exactly-once as well.
        f.server->setGrantedScopes(Sandbox::Server::allConnectorScopes() << QStringLiteral("harvest:attachments:list"));
        const Harvest::HarvestClient harvest(f.harvestConfig(), f.shared);
        qint64 sourceId = 0;
        const auto sources = harvest.sources();
        QVERIFY(sources.ok());
        for (const Harvest::Source &source : sources.value())
        {
            if (source.name == QLatin1String("SmartDreamers"))
            {
                sourceId = source.id;
            }
        }
        QVERIFY(sourceId);
        QList<qint64> openJobs;
        for (const QJsonObject &job : f.server->harvestJobs())
        {
            if (job.value(u"status").toString() == QLatin1String("open"))
            {
                openJobs.append(job.value(u"id").toInteger());
            }
        }

        const quint32 seedFromEnv = quint32(qEnvironmentVariableIntValue("TB_KILL_SEED"));
        const quint32 seed = seedFromEnv != 0 ? seedFromEnv : 20261203u;
        QRandomGenerator random(seed);
        qInfo() << "kill seed" << seed;
        constexpr int kKills = 24;
        constexpr int kPerRound = 4;
        int killed = 0;
        for (int round = 0; round < kKills; ++round)
        {
            // Fresh work each round, half without an email (resolved by tag, not by address).
            for (int i = 0; i < kPerRound; ++i)
            {
                const int n = round * kPerRound + i;
                QJsonObject applicant {
                    { QStringLiteral("id"), QStringLiteral("app_kill_%1").arg(n) },
                    { QStringLiteral("source_job_id"), QString::number(openJobs.at(n % openJobs.size())) },
                    { QStringLiteral("first_name"), QStringLiteral("Kill") },
                    { QStringLiteral("last_name"), QStringLiteral("Test %1").arg(n) },
                    { QStringLiteral("resume"),
                        QJsonObject { { QStringLiteral("filename"), QStringLiteral("cv.pdf") },
                            { QStringLiteral("content_type"), QStringLiteral("application/pdf") } } },
                };
                if (i % 2 == 0)
                {
                    applicant.insert(QStringLiteral("email"), QStringLiteral("kill%1@example.org").arg(n));
                }
                f.server->addApplicant(applicant);
            }

            QObject owner;
            QProcess *process = startHelper(f, sourceId, &owner);
            QVERIFY(process->waitForStarted(10'000));
            const int delay = 30 + int(random.bounded(500));
            if (!process->waitForFinished(delay))
            {
                process->kill(); // SIGKILL: no destructor, no flush, no goodbye
                QVERIFY(process->waitForFinished(10'000));
                ++killed;
            }
        }
        qInfo() << killed << "of" << kKills << "runs killed mid-import";
        QVERIFY(killed >= 20);

        // Let it finish (twice: the second must have nothing left to do).
        for (int i = 0; i < 2; ++i)
        {
            QObject owner;
            QProcess *process = startHelper(f, sourceId, &owner);
            QVERIFY(process->waitForFinished(120'000));
            QCOMPARE(process->exitStatus(), QProcess::NormalExit);
            QCOMPARE(process->exitCode(), 0);
        }

        // 0 lost.
        int imported = 0;
        for (const QJsonObject &applicant : f.server->platformApplicants())
        {
            const QString id = applicant.value(u"id").toString();
            const std::optional<ApplicantRecord> record = f.store->applicant(id);
            QVERIFY2(record, qPrintable(id));
            if (applicant.value(u"status").toString() == QLatin1String("acked"))
            {
                QCOMPARE(record->state, ApplicantState::Acked);
                ++imported;
            }
            else
            {
                QVERIFY2(record->state == ApplicantState::Quarantined,
                    qPrintable(id + QLatin1Char(' ') + applicantStateName(record->state)));
                QVERIFY(!record->reason.isEmpty());
            }
        }
        QVERIFY(imported > 40);

        // 0 duplicates: one candidate per applicant tag, one application per candidate and job,
        // one resume per application, and every kill-test applicant is in Greenhouse once.
        QHash<QString, int> tags;
        for (const QJsonObject &candidate : f.server->createdCandidates())
        {
            for (const QJsonValue &tag : candidate.value(u"tags").toArray())
            {
                if (tag.toString().startsWith(QLatin1String("smartdreamers-")))
                {
                    ++tags[tag.toString()];
                }
            }
        }
        for (auto it = tags.cbegin(); it != tags.cend(); ++it)
        {
            QVERIFY2(it.value() == 1, qPrintable(it.key()));
        }
        for (int n = 0; n < kKills * kPerRound; ++n)
        {
            QVERIFY2(
                tags.value(QStringLiteral("smartdreamers-app_kill_%1").arg(n)) == 1, qPrintable(QString::number(n)));
        }
        QSet<QPair<qint64, qint64>> applications;
        for (const QJsonObject &application : f.server->createdApplications())
        {
            const QPair<qint64, qint64> key(
                application.value(u"candidate_id").toInteger(), application.value(u"job_id").toInteger());
            QVERIFY2(!applications.contains(key), "duplicate application");
            applications.insert(key);
        }
        QSet<qint64> attached;
        for (const QJsonObject &attachment : f.server->createdAttachments())
        {
            const qint64 application = attachment.value(u"application_id").toInteger();
            QVERIFY2(!attached.contains(application), "duplicate resume");
            attached.insert(application);
        }
    }
};

QTEST_GUILESS_MAIN(TestKillImport)
#include "testkillimport.moc"
