#include "core/clock.h"
#include "core/store/store.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <ctime>
#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace
{

QJsonObject applicantJson(const QString &id, const QString &jobId = u"4012345"_s, const QString &first = u"Dana"_s,
    const QString &last = u"Example"_s, const QString &email = u"dana@example.org"_s)
{
    return QJsonObject {
        { u"id"_s, id },
        { u"source_job_id"_s, jobId },
        { u"first_name"_s, first },
        { u"last_name"_s, last },
        { u"email"_s, email },
        { u"applied_at"_s, u"2026-12-01T07:30:00Z"_s },
        { u"consent"_s, QJsonObject { { u"given"_s, true }, { u"at"_s, u"2026-12-01T07:29:58Z"_s } } },
        { u"answers"_s,
            QJsonArray { QJsonObject { { u"question"_s, u"Notice period?"_s }, { u"answer"_s, u"4 weeks"_s } } } },
        { u"resume"_s, QJsonValue::Null },
    };
}

// Reads a PRAGMA through a connection of the test's own, to see what is on disk.
QVariant filePragma(const QString &path, const QString &pragma)
{
    QVariant value;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"teststore-inspect"_s);
        db.setDatabaseName(path);
        if (db.open())
        {
            QSqlQuery query(db);
            if (query.exec(u"PRAGMA "_s + pragma) && query.next())
            {
                value = query.value(0);
            }
        }
    }
    QSqlDatabase::removeDatabase(u"teststore-inspect"_s);
    return value;
}

} // namespace

// QCOMPARE prints these on failure.
char *toString(const ApplicantState &state)
{
    return qstrdup(qPrintable(applicantStateName(state)));
}

char *toString(const PlatformJobStatus &status)
{
    return qstrdup(qPrintable(platformJobStatusName(status)));
}

class TestStore final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void migratesFreshDatabase();
    void concurrentFirstOpensAllSucceed();
    void upgradesOldSchemaKeepingRows();
    void refusesNewerSchema();
    void jobMirror();
    void ledgerHappyPath();
    void ledgerRejectsWrongTransitions_data();
    void ledgerRejectsWrongTransitions();
    void quarantineRetryDismiss();
    void relistingKeepsState();
    void payloadKeptWhole();
    void durableAcrossReopen();
    void runsAndLaneState();
    void twoThreads();
    void pagedQueries();
    void pagedQueriesFast();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    FakeClock m_clock;

    QString path() const { return Store::databasePathFor(m_dir->path()); }
};

void TestStore::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestStore::concurrentFirstOpensAllSucceed()
{
    // The desktop app and a headless command (or two commands) may open a new profile at the
    // same moment. Each read schema 0 and the slower one then failed on "table already exists".
    constexpr int kRounds = 10;
    constexpr int kOpeners = 6;
    for (int round = 0; round < kRounds; ++round)
    {
        QTemporaryDir dir;
        const QString path = Store::databasePathFor(dir.path());
        std::atomic<int> ready { 0 };
        std::atomic<int> failures { 0 };
        QList<QThread *> threads;
        for (int i = 0; i < kOpeners; ++i)
        {
            threads.append(QThread::create(
                [&]
                {
                    Store store(path);
                    ++ready;
                    while (ready.load() < kOpeners)
                    {
                        QThread::yieldCurrentThread();
                    }
                    if (!store.open())
                    {
                        qWarning() << store.errorString();
                        ++failures;
                    }
                }));
        }
        for (QThread *thread : std::as_const(threads))
        {
            thread->start();
        }
        for (QThread *thread : std::as_const(threads))
        {
            QVERIFY(thread->wait(60000));
            delete thread;
        }
        QCOMPARE(failures.load(), 0);
    }
}

void TestStore::migratesFreshDatabase()
{
    Store store(path(), &m_clock);
    QVERIFY2(store.open(), qPrintable(store.errorString()));
    QCOMPARE(store.userVersion(), Store::schemaVersion);
    QCOMPARE(filePragma(path(), u"journal_mode"_s).toString(), u"wal"_s);

    // Opening again runs no migration and keeps the version.
    Store again(path(), &m_clock);
    QVERIFY(again.open());
    QCOMPARE(again.userVersion(), Store::schemaVersion);
}

void TestStore::upgradesOldSchemaKeepingRows()
{
    {
        Store old(path(), &m_clock);
        QVERIFY(old.open(1));
        QCOMPARE(old.userVersion(), 1);
        QVERIFY(old.recordSeen(applicantJson(u"app_1"_s)));
        QVERIFY(old.setMeta(u"job_watermark"_s, u"2026-12-01T00:00:00Z"_s));
    }
    Store store(path(), &m_clock);
    QVERIFY2(store.open(), qPrintable(store.errorString()));
    QCOMPARE(store.userVersion(), Store::schemaVersion);
    QCOMPARE(store.applicant(u"app_1"_s)->state, ApplicantState::Seen);
    QCOMPARE(store.meta(u"job_watermark"_s), u"2026-12-01T00:00:00Z"_s);
    QCOMPARE(filePragma(path(), u"user_version"_s).toInt(), Store::schemaVersion);
}

void TestStore::refusesNewerSchema()
{
    {
        Store store(path(), &m_clock);
        QVERIFY(store.open());
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"teststore-bump"_s);
        db.setDatabaseName(path());
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(u"PRAGMA user_version = 99"_s));
    }
    QSqlDatabase::removeDatabase(u"teststore-bump"_s);

    Store store(path(), &m_clock);
    QVERIFY(!store.open());
    QVERIFY2(store.errorString().contains(u"newer"_s), qPrintable(store.errorString()));
}

void TestStore::jobMirror()
{
    Store store(path(), &m_clock);
    QVERIFY(store.open());
    QSignalSpy changed(store.notifier(), &StoreNotifier::jobsChanged);

    JobRecord job;
    job.jobId = 4012345;
    job.title = u"Senior Backend Engineer"_s;
    job.department = u"Engineering"_s;
    job.offices = u"Berlin, Remote - EU"_s;
    job.greenhouseStatus = u"open"_s;
    job.platformStatus = PlatformJobStatus::Open;
    job.contentHash = u"abc"_s;
    job.greenhouseUpdatedAt = QDateTime(QDate(2026, 11, 30), QTime(9, 12, 44), QTimeZone::utc());
    job.lastExportedAt = m_clock.now();
    JobRecord other = job;
    other.jobId = 7;
    other.platformStatus = PlatformJobStatus::None;
    QVERIFY(store.upsertJobs({ job, other }));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).value<QList<qint64>>(), (QList<qint64> { 4012345, 7 }));

    const auto read = store.job(4012345);
    QVERIFY(read);
    QCOMPARE(read->title, job.title);
    QCOMPARE(read->offices, job.offices);
    QCOMPARE(read->platformStatus, PlatformJobStatus::Open);
    QCOMPARE(read->greenhouseUpdatedAt, job.greenhouseUpdatedAt);
    QCOMPARE(read->greenhouseUpdatedAt.timeSpec(), Qt::UTC);
    QCOMPARE(store.openJobIds(), QList<qint64> { 4012345 });
    QCOMPARE(store.allJobIds(), (QList<qint64> { 7, 4012345 }));

    m_clock.advance(5min);
    QVERIFY(store.markJobClosed(4012345, m_clock.now()));
    QCOMPARE(store.job(4012345)->platformStatus, PlatformJobStatus::Closed);
    QCOMPARE(store.job(4012345)->lastExportedAt, m_clock.now());
    QVERIFY(store.openJobIds().isEmpty());
    QVERIFY(!store.markJobClosed(999, m_clock.now()));
    QVERIFY(!store.job(999));
}

void TestStore::ledgerHappyPath()
{
    Store store(path(), &m_clock);
    QVERIFY(store.open());
    QSignalSpy changed(store.notifier(), &StoreNotifier::applicantsChanged);

    const auto seen = store.recordSeen(applicantJson(u"app_7f3c2a"_s));
    QVERIFY(seen);
    QCOMPARE(seen->state, ApplicantState::Seen);
    QCOMPARE(seen->sourceJobId, u"4012345"_s);
    QCOMPARE(seen->appliedAt, QDateTime(QDate(2026, 12, 1), QTime(7, 30), QTimeZone::utc()));
    QCOMPARE(seen->createdAt, m_clock.now());
    QCOMPARE(changed.count(), 1);

    QVERIFY2(store.markCreating(u"app_7f3c2a"_s), qPrintable(store.errorString()));
    QCOMPARE(store.applicant(u"app_7f3c2a"_s)->attempts, 1);
    QCOMPARE(store.stuckCreating().size(), 1);
    QVERIFY(store.markCreated(u"app_7f3c2a"_s, 98765, 123456));
    QVERIFY(store.markAttached(u"app_7f3c2a"_s, 555));
    m_clock.advance(1s);
    QVERIFY(store.markAcked(u"app_7f3c2a"_s));

    const auto done = store.applicant(u"app_7f3c2a"_s);
    QCOMPARE(done->state, ApplicantState::Acked);
    QCOMPARE(done->candidateId, std::optional<qint64>(98765));
    QCOMPARE(done->applicationId, std::optional<qint64>(123456));
    QCOMPARE(done->attachmentId, std::optional<qint64>(555));
    QCOMPARE(done->ackedAt, m_clock.now());
    QCOMPARE(done->updatedAt, m_clock.now());
    QVERIFY(store.stuckCreating().isEmpty());
    QCOMPARE(store.applicantCounts().value(ApplicantState::Acked), 1);
    QCOMPARE(changed.count(), 5);
}

void TestStore::ledgerRejectsWrongTransitions_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("call");

    QTest::newRow("seen -> created") << u"seen"_s << u"created"_s;
    QTest::newRow("seen -> attached") << u"seen"_s << u"attached"_s;
    QTest::newRow("seen -> acked") << u"seen"_s << u"acked"_s;
    QTest::newRow("created -> creating") << u"created"_s << u"creating"_s;
    QTest::newRow("acked -> creating") << u"acked"_s << u"creating"_s;
    QTest::newRow("acked -> quarantined") << u"acked"_s << u"quarantined"_s;
    QTest::newRow("quarantined -> creating") << u"quarantined"_s << u"creating"_s;
    QTest::newRow("quarantined -> acked") << u"quarantined"_s << u"acked"_s;
    QTest::newRow("seen -> rejection acked") << u"seen"_s << u"rejectionAcked"_s;
}

void TestStore::ledgerRejectsWrongTransitions()
{
    QFETCH(QString, from);
    QFETCH(QString, call);

    Store store(path(), &m_clock);
    QVERIFY(store.open());
    const QString id = u"app_1"_s;
    QVERIFY(store.recordSeen(applicantJson(id)));
    if (from != u"seen"_s && from != u"quarantined"_s)
    {
        QVERIFY(store.markCreating(id));
        QVERIFY(store.markCreated(id, 1, 2));
    }
    if (from == u"acked"_s)
    {
        QVERIFY(store.markAcked(id));
    }
    if (from == u"quarantined"_s)
    {
        QVERIFY(store.quarantine(id, u"job closed"_s, false));
    }
    const auto before = store.applicant(id);

    bool ok = true;
    if (call == u"creating"_s)
    {
        ok = store.markCreating(id);
    }
    else if (call == u"created"_s)
    {
        ok = store.markCreated(id, 1, 2);
    }
    else if (call == u"attached"_s)
    {
        ok = store.markAttached(id, 3);
    }
    else if (call == u"acked"_s)
    {
        ok = store.markAcked(id);
    }
    else if (call == u"quarantined"_s)
    {
        ok = store.quarantine(id, u"x"_s, false);
    }
    else if (call == u"rejectionAcked"_s)
    {
        ok = store.markRejectionAcked(id);
    }
    QVERIFY(!ok);
    QVERIFY2(store.errorString().contains(u"expected"_s), qPrintable(store.errorString()));
    const auto after = store.applicant(id);
    QCOMPARE(after->state, before->state);
    QCOMPARE(after->attempts, before->attempts);
    QVERIFY(!store.markCreating(u"unknown"_s));
}

void TestStore::quarantineRetryDismiss()
{
    Store store(path(), &m_clock);
    QVERIFY(store.open());
    for (const QString &id : { u"a"_s, u"b"_s, u"c"_s, u"d"_s })
    {
        QVERIFY(store.recordSeen(applicantJson(id)));
    }

    // a: nothing created yet -> retry goes back to seen
    QVERIFY(store.quarantine(u"a"_s, u"job 4012345 is closed in Greenhouse"_s, false));
    // b: candidate created, resume unreadable -> retry resumes at created, never re-creates
    QVERIFY(store.markCreating(u"b"_s));
    QVERIFY(store.markCreated(u"b"_s, 10, 20));
    QVERIFY(store.quarantine(u"b"_s, u"resume unreadable"_s, false));
    // c: transient
    QVERIFY(store.quarantine(u"c"_s, u"Greenhouse answered 503"_s, true));
    // d: dismissed by the user
    QVERIFY(store.quarantine(u"d"_s, u"422: email invalid"_s, false));

    QCOMPARE(store.quarantined().size(), 4);
    QCOMPARE(store.applicant(u"a"_s)->reason, u"job 4012345 is closed in Greenhouse"_s);
    QCOMPARE(store.applicantCounts().value(ApplicantState::Quarantined), 4);

    QCOMPARE(store.retryTransient(), 1);
    QCOMPARE(store.applicant(u"c"_s)->state, ApplicantState::Seen);
    QCOMPARE(store.retry({ u"a"_s, u"b"_s, u"c"_s }), 2); // c is not quarantined any more
    QCOMPARE(store.applicant(u"a"_s)->state, ApplicantState::Seen);
    QCOMPARE(store.applicant(u"a"_s)->reason, QString());
    QCOMPARE(store.applicant(u"b"_s)->state, ApplicantState::Created);
    QCOMPARE(store.applicant(u"b"_s)->candidateId, std::optional<qint64>(10));

    QCOMPARE(store.dismiss({ u"d"_s, u"a"_s }), 1); // a is not quarantined
    QCOMPARE(store.applicant(u"d"_s)->state, ApplicantState::Dismissed);
    QCOMPARE(store.applicant(u"d"_s)->reason, u"422: email invalid"_s);
    QCOMPARE(store.dismissedNotAcked().size(), 1);
    QVERIFY(store.markRejectionAcked(u"d"_s));
    QVERIFY(store.dismissedNotAcked().isEmpty());
    QCOMPARE(store.applicant(u"d"_s)->ackedAt, m_clock.now());
}

void TestStore::relistingKeepsState()
{
    Store store(path(), &m_clock);
    QVERIFY(store.open());
    QCOMPARE(store.recordSeen(QList<QJsonObject> { applicantJson(u"a"_s), applicantJson(u"b"_s) }), 2);
    QVERIFY(store.markCreating(u"a"_s));

    // The platform offers both again (at-least-once delivery), with changed data.
    QSignalSpy changed(store.notifier(), &StoreNotifier::applicantsChanged);
    QCOMPARE(store.recordSeen(QList<QJsonObject> {
                 applicantJson(u"a"_s, u"1"_s, u"New"_s), applicantJson(u"b"_s, u"1"_s, u"New"_s) }),
        0);
    const auto a = store.applicant(u"a"_s);
    QCOMPARE(a->state, ApplicantState::Creating);
    QCOMPARE(a->firstName, u"Dana"_s); // frozen once creation began
    QCOMPARE(a->attempts, 1);
    QCOMPARE(store.applicant(u"b"_s)->firstName, u"New"_s); // still seen: refreshed
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toStringList(), QStringList { u"b"_s });

    // Unchanged relisting changes nothing and notifies nobody.
    QCOMPARE(store.recordSeen(QList<QJsonObject> { applicantJson(u"b"_s, u"1"_s, u"New"_s) }), 0);
    QCOMPARE(changed.count(), 1);

    // An item without id is skipped, the rest stored.
    QCOMPARE(
        store.recordSeen(QList<QJsonObject> { QJsonObject { { u"first_name"_s, u"x"_s } }, applicantJson(u"c"_s) }), 1);
}

void TestStore::payloadKeptWhole()
{
    Store store(path(), &m_clock);
    QVERIFY(store.open());
    QJsonObject json = applicantJson(u"app_ü"_s, u"4012345"_s, u"Zoë 😀"_s, u"O'Brien; DROP TABLE"_s, {});
    json.insert(u"custom_unknown_field"_s, QJsonObject { { u"nested"_s, QJsonArray { 1, 2.5, u"ß"_s } } });
    json.insert(u"source_job_id"_s, 4012345); // a number where a string is documented
    QVERIFY(store.recordSeen(json));

    const auto read = store.applicant(u"app_ü"_s);
    QVERIFY(read);
    QCOMPARE(QJsonDocument::fromJson(read->payload).object(), json);
    QCOMPARE(read->firstName, u"Zoë 😀"_s);
    QCOMPARE(read->sourceJobId, u"4012345"_s);
}

void TestStore::durableAcrossReopen()
{
    {
        Store store(path(), &m_clock);
        QVERIFY(store.open());
        QVERIFY(store.recordSeen(applicantJson(u"a"_s)));
        QVERIFY(store.recordSeen(applicantJson(u"b"_s)));
        QVERIFY(store.markCreating(u"a"_s)); // the process "dies" before markCreated
        QVERIFY(store.setMeta(u"last_full_reconciliation"_s, u"2026-12-01T08:00:00Z"_s));
        JobRecord job;
        job.jobId = 1;
        job.platformStatus = PlatformJobStatus::Open;
        QVERIFY(store.upsertJob(job));
    }
    Store store(path(), &m_clock);
    QVERIFY(store.open());
    const auto stuck = store.stuckCreating();
    QCOMPARE(stuck.size(), 1);
    QCOMPARE(stuck.at(0).applicantId, u"a"_s);
    QCOMPARE(stuck.at(0).attempts, 1);
    QVERIFY(!stuck.at(0).payload.isEmpty());
    QCOMPARE(store.applicant(u"b"_s)->state, ApplicantState::Seen);
    QCOMPARE(store.meta(u"last_full_reconciliation"_s), u"2026-12-01T08:00:00Z"_s);
    QCOMPARE(store.meta(u"missing"_s, u"default"_s), u"default"_s);
    QCOMPARE(store.openJobIds(), QList<qint64> { 1 });
}

void TestStore::runsAndLaneState()
{
    Store store(path(), &m_clock);
    QVERIFY(store.open());
    QSignalSpy runsChanged(store.notifier(), &StoreNotifier::runsChanged);
    QSignalSpy laneChanged(store.notifier(), &StoreNotifier::laneStateChanged);

    const qint64 first = store.startRun(u"jobs"_s, m_clock.now());
    QVERIFY(first > 0);
    QVERIFY(!store.run(first)->ok.has_value());
    m_clock.advance(10s);
    RunCounts counts;
    counts.created = 2;
    counts.closed = 1;
    counts.requests = 3;
    QVERIFY(store.finishRun(first, m_clock.now(), true, counts, {}));
    const qint64 second = store.startRun(u"applicants"_s, m_clock.now());
    QVERIFY(store.finishRun(second, m_clock.now(), false, {}, u"platform answered 503"_s));
    QCOMPARE(runsChanged.count(), 4);

    const auto last = store.lastRun(u"jobs"_s);
    QVERIFY(last);
    QCOMPARE(last->id, first);
    QCOMPARE(last->ok, std::optional<bool>(true));
    QCOMPARE(last->counts, counts);
    QCOMPARE(last->finishedAt, m_clock.now());
    QCOMPARE(store.runCount({}), 2);
    QCOMPARE(store.runCount(u"applicants"_s), 1);
    QCOMPARE(store.runsPage({}, 0, 10).at(0).id, second);
    QCOMPARE(store.runsPage({}, 0, 10).at(0).error, u"platform answered 503"_s);

    QVERIFY(!store.laneState(u"jobs"_s));
    LaneStateRecord state;
    state.lane = u"jobs"_s;
    state.nextDue = m_clock.now().addSecs(300);
    state.lastRun = m_clock.now();
    state.consecutiveFailures = 2;
    state.lastError = u"timeout"_s;
    QVERIFY(store.saveLaneState(state));
    QCOMPARE(*store.laneState(u"jobs"_s), state);
    QCOMPARE(laneChanged.count(), 1);
    QCOMPARE(laneChanged.at(0).at(0).toString(), u"jobs"_s);
}

void TestStore::twoThreads()
{
    Store store(path(), &m_clock);
    QVERIFY(store.open());

    // Notifications for worker commits reach a receiver in this thread, queued.
    std::atomic<int> wrongThread { 0 };
    int notified = 0;
    QObject receiver;
    QObject::connect(store.notifier(), &StoreNotifier::applicantsChanged, &receiver,
        [&](const QStringList &ids)
        {
            if (QThread::currentThread() != receiver.thread())
            {
                ++wrongThread;
            }
            notified += static_cast<int>(ids.size());
        });

    constexpr int total = 400;
    std::atomic<bool> workerOk { true };
    std::unique_ptr<QThread> worker(QThread::create(
        [&]
        {
            for (int batch = 0; batch < total / 20; ++batch)
            {
                QList<QJsonObject> page;
                for (int i = 0; i < 20; ++i)
                {
                    page.append(applicantJson(u"w%1"_s.arg(batch * 20 + i, 4, 10, QLatin1Char('0'))));
                }
                if (store.recordSeen(page) != 20)
                {
                    workerOk = false;
                }
                for (int i = 0; i < 20; i += 2)
                {
                    const QString id = u"w%1"_s.arg(batch * 20 + i, 4, 10, QLatin1Char('0'));
                    if (!store.markCreating(id) || !store.markCreated(id, i, i))
                    {
                        workerOk = false;
                    }
                }
            }
        }));
    worker->start();

    // Meanwhile the "UI" reads and writes on its own connection.
    int reads = 0;
    while (!worker->isFinished())
    {
        const int count = store.applicantCount({});
        QVERIFY(count >= 0 && count <= total);
        store.applicantsPage({}, 0, 50);
        QVERIFY(store.setMeta(u"ui"_s, QString::number(reads)));
        ++reads;
        QCoreApplication::processEvents();
    }
    QVERIFY(worker->wait(60000));
    QVERIFY(workerOk);
    QVERIFY(reads > 0);

    const auto counts = store.applicantCounts();
    QCOMPARE(counts.value(ApplicantState::Seen), total / 2);
    QCOMPARE(counts.value(ApplicantState::Created), total / 2);
    QTRY_COMPARE(notified, total + total); // 400 recorded + 200 creating + 200 created
    QCOMPARE(wrongThread.load(), 0);
}

void TestStore::pagedQueries()
{
    Store store(path(), &m_clock);
    QVERIFY(store.open());
    QList<QJsonObject> page;
    const QStringList lastNames { u"Zimmer"_s, u"adams"_s, u"Émile"_s, u"Brown"_s, u"brown"_s };
    for (int i = 0; i < 50; ++i)
    {
        QJsonObject json = applicantJson(u"id%1"_s.arg(i, 2, 10, QLatin1Char('0')), QString::number(i % 3),
            u"First%1"_s.arg(i), lastNames.at(i % lastNames.size()), u"user%1@Example.org"_s.arg(i));
        json.insert(u"applied_at"_s,
            QDateTime(QDate(2026, 12, 1), QTime(0, 0), QTimeZone::utc())
                .addSecs((i * 7919) % 50 * 60)
                .toString(Qt::ISODate));
        page.append(json);
    }
    QCOMPARE(store.recordSeen(page), 50);
    for (int i = 0; i < 10; ++i)
    {
        QVERIFY(store.quarantine(u"id%1"_s.arg(i * 5, 2, 10, QLatin1Char('0')), u"r"_s, false));
    }

    // Paging through the whole sorted list gives every row once, in order.
    ApplicantQuery q;
    q.sortColumn = ApplicantQuery::SortColumn::AppliedAt;
    q.order = Qt::AscendingOrder;
    QList<ApplicantRecord> all;
    for (int offset = 0; offset < 50; offset += 7)
    {
        all += store.applicantsPage(q, offset, 7);
    }
    QCOMPARE(all.size(), 50);
    QVERIFY(std::is_sorted(
        all.cbegin(), all.cend(), [](const auto &a, const auto &b) { return a.appliedAt < b.appliedAt; }));
    QVERIFY(all.at(0).payload.isEmpty()); // list pages leave the payload out

    q.sortColumn = ApplicantQuery::SortColumn::Name;
    q.order = Qt::DescendingOrder;
    const auto byName = store.applicantsPage(q, 0, 50);
    QCOMPARE(byName.first().lastName, u"Émile"_s); // case-folded, é sorts after z by code point
    QCOMPARE(byName.last().lastName, u"adams"_s);

    // Filter: case-insensitive substring over id, names, email and job id; count matches the pages.
    q.search = u"EXAMPLE.ORG"_s;
    QCOMPARE(store.applicantCount(q), 50);
    q.search = u"brown"_s;
    QCOMPARE(store.applicantCount(q), 20);
    QCOMPARE(store.applicantsPage(q, 0, 100).size(), 20);
    q.search = u"émile"_s;
    QCOMPARE(store.applicantCount(q), 10);
    q.search = u"%"_s; // no wildcard semantics
    QCOMPARE(store.applicantCount(q), 0);
    q.search.clear();
    q.state = ApplicantState::Quarantined;
    QCOMPARE(store.applicantCount(q), 10);
    q.search = u"First1"_s; // First1, First10..First19 -> quarantined among them: 10, 15
    QCOMPARE(store.applicantCount(q), 2);
    q.sortColumn = ApplicantQuery::SortColumn::Email;
    q.order = Qt::AscendingOrder;
    const auto filtered = store.applicantsPage(q, 0, 10);
    QCOMPARE(filtered.size(), 2);
    QCOMPARE(filtered.at(0).applicantId, u"id10"_s);
    QCOMPARE(filtered.at(1).applicantId, u"id15"_s);

    // Keyset paging walks the same rows as OFFSET paging, for every column and order, filtered too.
    for (const QString &search : { QString(), u"brown"_s })
    {
        for (auto column : { ApplicantQuery::SortColumn::AppliedAt, ApplicantQuery::SortColumn::Name,
                 ApplicantQuery::SortColumn::Email, ApplicantQuery::SortColumn::State,
                 ApplicantQuery::SortColumn::JobId, ApplicantQuery::SortColumn::UpdatedAt })
        {
            for (auto order : { Qt::AscendingOrder, Qt::DescendingOrder })
            {
                ApplicantQuery kq;
                kq.search = search;
                kq.sortColumn = column;
                kq.order = order;
                const auto expected = store.applicantsPage(kq, 0, 100);
                QList<ApplicantRecord> walked = store.applicantsPage(kq, 0, 6);
                while (!walked.isEmpty() && walked.size() < expected.size())
                {
                    const auto next = store.applicantsAfter(kq, walked.last(), 6);
                    if (next.isEmpty())
                    {
                        break;
                    }
                    walked += next;
                }
                QCOMPARE(walked.size(), expected.size());
                for (int i = 0; i < walked.size(); ++i)
                {
                    QCOMPARE(walked.at(i).applicantId, expected.at(i).applicantId);
                }
            }
        }
    }

    // Jobs list.
    QList<JobRecord> jobs;
    for (int i = 0; i < 5; ++i)
    {
        JobRecord job;
        job.jobId = 100 + i;
        job.title = QStringList { u"b"_s, u"A"_s, u"c"_s, u"a"_s, u"D"_s }.at(i) + u" engineer"_s;
        job.department = i % 2 ? u"Sales"_s : u"Engineering"_s;
        job.platformStatus = i % 2 ? PlatformJobStatus::Open : PlatformJobStatus::Closed;
        jobs.append(job);
    }
    QVERIFY(store.upsertJobs(jobs));
    JobQuery jq;
    const auto jobPage = store.jobsPage(jq, 0, 10);
    QCOMPARE(jobPage.size(), 5);
    QCOMPARE(jobPage.at(0).jobId, 101); // "A engineer" before "a engineer" by job id tie-break
    QCOMPARE(jobPage.at(1).jobId, 103);
    QCOMPARE(jobPage.at(4).jobId, 104);
    jq.search = u"SALES"_s;
    QCOMPARE(store.jobCount(jq), 2);
    jq.search.clear();
    jq.platformStatus = PlatformJobStatus::Closed;
    QCOMPARE(store.jobCount(jq), 3);
}

void TestStore::pagedQueriesFast()
{
    Store store(path(), &m_clock);
    QVERIFY(store.open());
    constexpr int total = 100000;
    QList<QJsonObject> page;
    page.reserve(total);
    for (int i = 0; i < total; ++i)
    {
        QJsonObject json
            = applicantJson(u"app_%1"_s.arg(i, 6, 10, QLatin1Char('0')), QString::number(4000000 + i % 300),
                u"First%1"_s.arg(i % 977), u"Last%1"_s.arg((i * 31) % 10007), u"person%1@example.org"_s.arg(i));
        json.insert(u"applied_at"_s,
            QDateTime(QDate(2026, 1, 1), QTime(0, 0), QTimeZone::utc())
                .addSecs((static_cast<qint64>(i) * 7919) % (300 * 86400))
                .toString(Qt::ISODate));
        page.append(json);
    }
    QElapsedTimer insertTimer;
    insertTimer.start();
    QCOMPARE(store.recordSeen(page), total);
    qInfo() << "inserted" << total << "applicants in" << insertTimer.elapsed() << "ms";
    for (int i = 0; i <= 500; i += 10)
    {
        QVERIFY(store.quarantine(u"app_%1"_s.arg(i, 6, 10, QLatin1Char('0')), u"r"_s, false));
    }

    struct Case
    {
        const char *name;
        ApplicantQuery query;
        int offset;
        bool keyset = false; // continue after the row at offset - 1, as a scrolling model does
    };
    QList<Case> cases;
    for (auto column : { ApplicantQuery::SortColumn::AppliedAt, ApplicantQuery::SortColumn::Name,
             ApplicantQuery::SortColumn::Email, ApplicantQuery::SortColumn::State, ApplicantQuery::SortColumn::JobId,
             ApplicantQuery::SortColumn::UpdatedAt })
    {
        ApplicantQuery q;
        q.sortColumn = column;
        cases.append({ "sorted, first page", q, 0 });
        cases.append({ "sorted, deep page", q, 90000 });
        cases.append({ "sorted, deep page (keyset)", q, 90000, true });
        q.search = u"last12"_s;
        cases.append({ "filtered", q, 0 });
        q.search = u"no such person"_s;
        cases.append({ "filtered, no match", q, 0 });
        q.search = u"example.org"_s;
        cases.append({ "filtered, all match", q, 0 });
        cases.append({ "filtered, all match, deep page (keyset)", q, 90000, true });
        q.search.clear();
        q.state = ApplicantState::Quarantined;
        cases.append({ "state filter", q, 0 });
    }

    // The budget is for the work the queries do, so it is checked in CPU time: on a shared CI
    // machine wall time also measures everyone else's jobs. Both are printed.
    qint64 worstCpu = 0;
    qint64 worstWall = 0;
    for (const Case &c : std::as_const(cases))
    {
        const auto previous = c.keyset ? store.applicantsPage(c.query, c.offset - 1, 1) : QList<ApplicantRecord>();
        qint64 bestCpu = std::numeric_limits<qint64>::max();
        qint64 bestWall = std::numeric_limits<qint64>::max();
        for (int attempt = 0; attempt < 3; ++attempt)
        {
            QElapsedTimer wall;
            wall.start();
            const std::clock_t cpuStart = std::clock();
            const int count = store.applicantCount(c.query);
            const auto rows = c.keyset ? store.applicantsAfter(c.query, previous.at(0), 100, count)
                                       : store.applicantsPage(c.query, c.offset, 100, count);
            bestCpu = std::min<qint64>(bestCpu, (std::clock() - cpuStart) * 1000 / CLOCKS_PER_SEC);
            bestWall = std::min(bestWall, wall.elapsed());
            QVERIFY(count >= rows.size());
        }
        worstCpu = std::max(worstCpu, bestCpu);
        worstWall = std::max(worstWall, bestWall);
        if (bestCpu >= 50)
        {
            qWarning() << c.name << "sort column" << int(c.query.sortColumn) << "took" << bestCpu << "ms CPU,"
                       << bestWall << "ms wall";
        }
        QVERIFY2(bestCpu < 100, c.name);
    }
    qInfo() << "slowest count + page over" << total << "rows:" << worstCpu << "ms CPU," << worstWall << "ms wall";

    ApplicantQuery q;
    q.search = u"PERSON99999@"_s;
    QCOMPARE(store.applicantCount(q), 1);
    QCOMPARE(store.applicantsPage(q, 0, 10).at(0).applicantId, u"app_099999"_s);
}

QTEST_GUILESS_MAIN(TestStore)
#include "teststore.moc"
