// Kills the real headless import (`talentbridge --profile DIR sync applicants`, a child
// process) with SIGKILL at 100 points spread over its work, restarting it each time, then lets
// one run finish: Greenhouse must hold no duplicate and no applicant may be lost (each is
// imported and acked, or quarantined with a reason). Needs the keyring of scripts/run-tests.sh,
// as the command reads its secrets from the keychain.
//
// Half the kill points are times drawn uniformly over an uninterrupted run's duration (measured
// first), so start-up, the keychain read and the downloads get their share; the other half come
// right after the k-th write reached the sandbox, where an answer is lost most harmfully.
#include "core/profile/profile.h"
#include "syncfixture.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <array>
#include <memory>

namespace
{
constexpr int kKills = 100;
constexpr int kMaxRounds = 160; // a run may finish before its kill point; it then counts as a round only
constexpr int kPerRound = 2; // fresh applicants each round
constexpr int kMaxWritesBeforeKill = 8; // a marker kill point: after the k-th write seen, k in [1, this]
// At least this many kills in each phase of the run (out of kKills): proof that they are spread.
constexpr int kMinKillsPerPhase = 5;

// Greenhouse and platform writes (the token endpoint is not data).
int writesIn(const QList<Sandbox::LoggedRequest> &log)
{
    return int(std::count_if(log.cbegin(), log.cend(),
        [](const Sandbox::LoggedRequest &r) { return r.service != QLatin1String("auth") && r.method != "GET"; }));
}

// Where in its run a process was killed, judged by what the sandbox had received.
enum class Phase
{
    StartUp, // no request yet: process start, store, keychain
    Reading, // requests, but no write yet: token, lists, lookups, downloads
    Writing, // after one write or more
    Count
};

Phase phaseOf(const QList<Sandbox::LoggedRequest> &log)
{
    if (log.isEmpty())
    {
        return Phase::StartUp;
    }
    return writesIn(log) == 0 ? Phase::Reading : Phase::Writing;
}
} // namespace

class TestKillImport final : public QObject
{
    Q_OBJECT

private:
    QProcess *startCli(const QStringList &arguments, QObject *parent, bool withSecrets = false)
    {
        auto *process = new QProcess(parent);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("QT_LOGGING_RULES"));
        env.remove(QStringLiteral("TALENTBRIDGE_CLIENT_SECRET"));
        env.remove(QStringLiteral("TALENTBRIDGE_PLATFORM_TOKEN"));
        if (withSecrets)
        {
            env.insert(QStringLiteral("TALENTBRIDGE_CLIENT_SECRET"), m_server->credentials().clientSecret);
            env.insert(QStringLiteral("TALENTBRIDGE_PLATFORM_TOKEN"), m_server->credentials().platformToken);
        }
        process->setProcessEnvironment(env);
        process->setStandardInputFile(QProcess::nullDevice());
        process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process->setStandardOutputFile(QProcess::nullDevice());
        process->start(QStringLiteral(TALENTBRIDGE_BINARY),
            QStringList { QStringLiteral("--profile"), m_profile->path() } + arguments);
        return process;
    }

    QProcess *startImport(QObject *parent)
    {
        return startCli({ QStringLiteral("sync"), QStringLiteral("applicants") }, parent);
    }

    // Fresh work for one round, half without an email (resolved by tag, not by address).
    void addApplicants(int round, const QList<qint64> &openJobs)
    {
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
            m_server->addApplicant(applicant);
        }
    }

    std::unique_ptr<Sandbox::Server> m_server;
    std::unique_ptr<QTemporaryDir> m_profile;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        Sandbox::Options options;
        options.applicantCount = 10; // the seed's few deliberately bad ones among them
        options.jobCount = 80;
        options.latencyMs = 2;
        options.harvestRateLimit = 100000;
        options.platformRateLimit = 100000;
        m_server = std::make_unique<Sandbox::Server>(options);
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
        // With the optional attachments:list scope the resume upload is exactly-once as well.
        m_server->setGrantedScopes(Sandbox::Server::allConnectorScopes() << QStringLiteral("harvest:attachments:list"));
        m_profile = std::make_unique<QTemporaryDir>();
        QVERIFY(m_profile->isValid());

        const Sandbox::Credentials credentials = m_server->credentials();
        QObject owner;
        QProcess *connect = startCli(
            { QStringLiteral("connect"), QStringLiteral("--harvest-url"), m_server->harvestBaseUrl().toString(),
                QStringLiteral("--token-url"), m_server->tokenUrl().toString(), QStringLiteral("--client-id"),
                credentials.clientId, QStringLiteral("--acting-user"), QString::number(credentials.siteAdminUserId),
                QStringLiteral("--platform-url"), m_server->platformBaseUrl().toString() },
            &owner, true);
        QVERIFY(connect->waitForFinished(60'000));
        QCOMPARE(connect->exitStatus(), QProcess::NormalExit);
        QCOMPARE(connect->exitCode(), 0);
    }

    void cleanupTestCase()
    {
        // Leave nothing in the keyring, whatever failed.
        QObject owner;
        startCli({ QStringLiteral("disconnect") }, &owner)->waitForFinished(60'000);
        m_server->stop();
    }

    void killedImportsEndWithoutDuplicatesOrLosses()
    {
        QList<qint64> openJobs;
        for (const QJsonObject &job : m_server->harvestJobs())
        {
            if (job.value(u"status").toString() == QLatin1String("open"))
            {
                openJobs.append(job.value(u"id").toInteger());
            }
        }
        QVERIFY(!openJobs.isEmpty());

        const quint32 seedFromEnv = quint32(qEnvironmentVariableIntValue("TB_KILL_SEED"));
        const quint32 seed = seedFromEnv != 0 ? seedFromEnv : 20261203u;
        QRandomGenerator random(seed);
        qInfo() << "kill seed" << seed << "(set TB_KILL_SEED to replay another)";

        // Uninterrupted first: the seed's applicants, then one round's, whose duration is the
        // range of the timed kill points.
        int round = 0;
        QElapsedTimer clock;
        for (int i = 0; i < 2; ++i)
        {
            if (i == 1)
            {
                addApplicants(round++, openJobs);
            }
            clock.start();
            QObject owner;
            QProcess *process = startImport(&owner);
            QVERIFY(process->waitForFinished(120'000));
            QCOMPARE(process->exitCode(), 0);
        }
        const int runMs = std::max(1, int(clock.elapsed()));
        qInfo() << "an uninterrupted run of" << kPerRound << "applicants takes" << runMs << "ms";

        clock.restart();
        int killed = 0;
        std::array<int, size_t(Phase::Count)> phases {};
        QList<int> writesAtKill(kMaxWritesBeforeKill + 2, 0); // the last counts "more"
        for (; killed < kKills && round < kMaxRounds; ++round)
        {
            addApplicants(round, openJobs);

            // Even rounds: a time in [0, runMs). Odd rounds: right after the k-th write reached
            // the sandbox (its answer is then lost, or arrives but is never recorded), plus a
            // jitter of up to 10 ms.
            const bool timed = round % 2 == 0;
            const int delayMs = int(random.bounded(runMs));
            const int k = 1 + int(random.bounded(kMaxWritesBeforeKill));
            const int jitterMs = int(random.bounded(11));
            m_server->clearRequestLog();
            QObject owner;
            QProcess *process = startImport(&owner);
            QVERIFY(process->waitForStarted(10'000));
            QElapsedTimer sinceStart;
            sinceStart.start();
            bool finished = false;
            while (!finished)
            {
                if (timed ? sinceStart.elapsed() >= delayMs : writesIn(m_server->requestLog()) >= k)
                {
                    finished = process->waitForFinished(timed ? 0 : jitterMs);
                    break;
                }
                finished = process->waitForFinished(1);
            }
            if (!finished)
            {
                process->kill(); // SIGKILL: no destructor, no flush, no goodbye
                QVERIFY(process->waitForFinished(10'000));
                ++killed;
                const QList<Sandbox::LoggedRequest> log = m_server->requestLog();
                ++phases[size_t(phaseOf(log))];
                ++writesAtKill[std::min(writesIn(log), kMaxWritesBeforeKill + 1)];
            }
        }
        qInfo() << killed << "kills in" << round << "runs," << clock.elapsed() << "ms; killed during start-up"
                << phases[size_t(Phase::StartUp)] << ", while reading" << phases[size_t(Phase::Reading)]
                << ", after a write" << phases[size_t(Phase::Writing)] << "; kills after 0.." << kMaxWritesBeforeKill
                << "and more writes:" << writesAtKill;
        QCOMPARE(killed, kKills);
        for (const int inPhase : phases)
        {
            QVERIFY2(inPhase >= kMinKillsPerPhase, "the kill points are not spread over the whole run");
        }

        // Let it finish (twice: the second must have nothing left to do).
        for (int i = 0; i < 2; ++i)
        {
            QObject owner;
            QProcess *process = startImport(&owner);
            QVERIFY(process->waitForFinished(120'000));
            QCOMPARE(process->exitStatus(), QProcess::NormalExit);
            QCOMPARE(process->exitCode(), 0);
        }

        // 0 lost.
        Store store(Profile(m_profile->path()).databasePath());
        QVERIFY(store.open());
        int imported = 0;
        for (const QJsonObject &applicant : m_server->platformApplicants())
        {
            const QString id = applicant.value(u"id").toString();
            const std::optional<ApplicantRecord> record = store.applicant(id);
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
        QVERIFY(imported >= round * kPerRound);

        // 0 duplicates: one candidate per applicant tag, one application per candidate and job,
        // one resume per application, and every kill-test applicant is in Greenhouse once.
        QCOMPARE(greenhouseDuplicates(*m_server), QStringList());
        const QHash<QString, int> tags = applicantTagCounts(*m_server);
        for (int n = 0; n < round * kPerRound; ++n)
        {
            QVERIFY2(
                tags.value(QStringLiteral("smartdreamers-app_kill_%1").arg(n)) == 1, qPrintable(QString::number(n)));
        }
    }
};

QTEST_GUILESS_MAIN(TestKillImport)
#include "testkillimport.moc"
