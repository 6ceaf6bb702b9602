#include "core/store/store.h"
#include "ui/models/applicantsmodel.h"
#include "ui/models/jobsmodel.h"
#include "ui/models/runsmodel.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace
{
JobRecord job(qint64 id, const QString &title, const QString &department = u"Engineering"_s)
{
    JobRecord record;
    record.jobId = id;
    record.title = title;
    record.department = department;
    record.offices = u"Berlin"_s;
    record.greenhouseStatus = u"open"_s;
    record.greenhouseUpdatedAt = QDateTime(QDate(2026, 11, 1), QTime(9, 0), QTimeZone::utc()).addSecs(id);
    return record;
}

QJsonObject applicantJson(const QString &id, const QString &jobId, const QString &first, const QString &last, int day)
{
    return QJsonObject {
        { u"id"_s, id },
        { u"source_job_id"_s, jobId },
        { u"first_name"_s, first },
        { u"last_name"_s, last },
        { u"email"_s, QString(first.toLower() + u"@example.org"_s) },
        { u"applied_at"_s, QDateTime(QDate(2026, 11, day), QTime(7, 30), QTimeZone::utc()).toString(Qt::ISODate) },
    };
}

QStringList column(const QAbstractItemModel &model, int col)
{
    QStringList values;
    for (int row = 0; row < model.rowCount(); ++row)
        values << model.index(row, col).data().toString();
    return values;
}
} // namespace

class TestModels final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void jobsFetchIncrementally();
    void jobsSortAndFilter_data();
    void jobsSortAndFilter();
    void jobsLiveUpdateKeepsRowsAndSelection();
    void jobsNewRowsAppearWhenAllShown();
    void applicantsColumnsAndLink();
    void applicantsFetchIncrementally();
    void applicantsRetryAndDismiss();
    void applicantsSortKeepsSelection();
    void applicantsNoSecretInAnyRole();
    void runsShowHistory();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Store> m_store;
};

void TestModels::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestModels::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_store = std::make_unique<Store>(Store::databasePathFor(m_dir->path()));
    QVERIFY(m_store->open());
}

void TestModels::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

void TestModels::jobsFetchIncrementally()
{
    QList<JobRecord> jobs;
    for (int i = 1; i <= 250; ++i)
        jobs << job(1000 + i, u"Job %1"_s.arg(i, 3, 10, QLatin1Char('0')));
    QVERIFY(m_store->upsertJobs(jobs));

    JobsModel model(m_store.get());
    QCOMPARE(model.totalCount(), 250);
    QCOMPARE(model.rowCount(), 100);
    QVERIFY(model.canFetchMore({}));
    model.fetchMore({});
    QCOMPARE(model.rowCount(), 200);
    model.fetchMore({});
    QCOMPARE(model.rowCount(), 250);
    QVERIFY(!model.canFetchMore({}));
    QCOMPARE(model.index(0, JobsModel::TitleColumn).data().toString(), u"Job 001"_s);
    QCOMPARE(model.index(249, JobsModel::TitleColumn).data().toString(), u"Job 250"_s);
    QCOMPARE(model.index(0, JobsModel::JobIdColumn).data(ModelRoles::SortRole).toLongLong(), 1001);

    // The tester fetches everything it can; the model stays consistent.
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSearch(u"Job 2"_s);
    QCOMPARE(model.totalCount(), 51); // Job 200..250 and Job 2xx
}

void TestModels::jobsSortAndFilter_data()
{
    QTest::addColumn<int>("sortColumn");
    QTest::addColumn<int>("order");
    QTest::addColumn<QString>("search");
    QTest::addColumn<QStringList>("titles");

    QTest::newRow("title asc") << int(JobsModel::TitleColumn) << int(Qt::AscendingOrder) << QString()
                               << QStringList { u"Analyst"_s, u"Backend engineer"_s, u"Chef"_s, u"Designer"_s };
    QTest::newRow("title desc") << int(JobsModel::TitleColumn) << int(Qt::DescendingOrder) << QString()
                                << QStringList { u"Designer"_s, u"Chef"_s, u"Backend engineer"_s, u"Analyst"_s };
    QTest::newRow("id desc") << int(JobsModel::JobIdColumn) << int(Qt::DescendingOrder) << QString()
                             << QStringList { u"Designer"_s, u"Chef"_s, u"Backend engineer"_s, u"Analyst"_s };
    QTest::newRow("department") << int(JobsModel::DepartmentColumn) << int(Qt::AscendingOrder) << QString()
                                << QStringList { u"Analyst"_s, u"Chef"_s, u"Backend engineer"_s, u"Designer"_s };
    QTest::newRow("search engineer") << int(JobsModel::TitleColumn) << int(Qt::AscendingOrder) << u"ENGINEER"_s
                                     << QStringList { u"Backend engineer"_s };
    QTest::newRow("search department") << int(JobsModel::TitleColumn) << int(Qt::AscendingOrder) << u"kitchen"_s
                                       << QStringList { u"Chef"_s };
    QTest::newRow("search none") << int(JobsModel::TitleColumn) << int(Qt::AscendingOrder) << u"zzz"_s
                                 << QStringList {};
}

void TestModels::jobsSortAndFilter()
{
    QFETCH(int, sortColumn);
    QFETCH(int, order);
    QFETCH(QString, search);
    QFETCH(QStringList, titles);

    QVERIFY(m_store->upsertJobs({ job(1, u"Analyst"_s, u"Finance"_s), job(2, u"Backend engineer"_s, u"R&D"_s),
        job(3, u"Chef"_s, u"Kitchen"_s), job(4, u"Designer"_s, u"UX"_s) }));
    JobsModel model(m_store.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.sort(sortColumn, static_cast<Qt::SortOrder>(order));
    model.setSearch(search);
    QCOMPARE(column(model, JobsModel::TitleColumn), titles);
    QCOMPARE(model.totalCount(), titles.size());

    // Clearing the search brings everything back.
    model.setSearch(QString());
    QCOMPARE(model.rowCount(), 4);
}

void TestModels::jobsLiveUpdateKeepsRowsAndSelection()
{
    QList<JobRecord> jobs;
    for (int i = 1; i <= 20; ++i)
        jobs << job(i, u"Job %1"_s.arg(i, 2, 10, QLatin1Char('0')));
    QVERIFY(m_store->upsertJobs(jobs));

    JobsModel model(m_store.get());
    model.setRefreshDelay(0ms);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QItemSelectionModel selection(&model);
    selection.setCurrentIndex(model.index(5, 0), QItemSelectionModel::SelectCurrent | QItemSelectionModel::Rows);

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

    // A run exports job 8: its row changes, nothing else.
    QVERIFY(m_store->markJobClosed(8, QDateTime::currentDateTimeUtc()));
    QTRY_COMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 7);
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>().row(), 7);
    QCOMPARE(model.index(7, JobsModel::PlatformStatusColumn).data(ModelRoles::StateRole).toString(), u"closed"_s);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(removed.size(), 0);
    QCOMPARE(selection.currentIndex().row(), 5);
    QVERIFY(selection.isRowSelected(5));

    // A job whose title now sorts first moves; the selected row follows its job.
    JobRecord renamed = job(20, u"AAA first"_s);
    QVERIFY(m_store->upsertJob(renamed));
    QTRY_COMPARE(model.index(0, JobsModel::TitleColumn).data().toString(), u"AAA first"_s);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(selection.currentIndex().data(ModelRoles::KeyRole).toString(), u"6"_s);
    QCOMPARE(selection.currentIndex().row(), 6);
    QVERIFY(selection.isRowSelected(6));
}

void TestModels::jobsNewRowsAppearWhenAllShown()
{
    QVERIFY(m_store->upsertJobs({ job(1, u"B"_s), job(2, u"D"_s) }));
    JobsModel model(m_store.get());
    model.setRefreshDelay(0ms);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

    QVERIFY(m_store->upsertJobs({ job(3, u"A"_s), job(4, u"C"_s), job(5, u"E"_s) }));
    QTRY_COMPARE(model.rowCount(), 5);
    QCOMPARE(column(model, JobsModel::TitleColumn), (QStringList { u"A"_s, u"B"_s, u"C"_s, u"D"_s, u"E"_s }));
    QCOMPARE(inserted.size(), 3);

    // Rows beyond the fetched window are counted, not loaded.
    JobsModel paged(m_store.get());
    paged.setPageSize(2);
    paged.setRefreshDelay(0ms);
    paged.requery();
    QCOMPARE(paged.rowCount(), 5); // requery keeps at least what a first page shows: here all 5
}

void TestModels::applicantsColumnsAndLink()
{
    QVERIFY(m_store->upsertJob(job(4012345, u"Nurse"_s)));
    QVERIFY(m_store->recordSeen(applicantJson(u"sd-1"_s, u"4012345"_s, u"Dana"_s, u"Example"_s, 3)));
    QVERIFY(m_store->markCreating(u"sd-1"_s));
    QVERIFY(m_store->markCreated(u"sd-1"_s, 777, 888));

    ApplicantsModel model(m_store.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, ApplicantsModel::NameColumn).data().toString(), u"Dana Example"_s);
    QCOMPARE(model.index(0, ApplicantsModel::JobColumn).data().toString(), u"Nurse"_s);
    QCOMPARE(model.index(0, ApplicantsModel::CandidateColumn).data().toString(), u"777"_s);
    QCOMPARE(model.index(0, ApplicantsModel::CandidateColumn).data(ModelRoles::LinkRole).toUrl(),
        QUrl(u"https://app.greenhouse.io/people/777"_s));
    QCOMPARE(model.index(0, ApplicantsModel::StateColumn).data(ModelRoles::StateRole).toString(), u"created"_s);

    model.setGreenhouseWebUrl(QUrl(u"http://127.0.0.1:9/"_s));
    QCOMPARE(model.index(0, 0).data(ModelRoles::LinkRole).toUrl(), QUrl(u"http://127.0.0.1:9/people/777"_s));
}

void TestModels::applicantsFetchIncrementally()
{
    QList<QJsonObject> batch;
    for (int i = 0; i < 130; ++i)
        batch << applicantJson(
            u"sd-%1"_s.arg(i, 3, 10, QLatin1Char('0')), u"1"_s, u"First%1"_s.arg(i), u"Last"_s, 1 + i % 28);
    QCOMPARE(m_store->recordSeen(batch), 130);

    ApplicantsModel model(m_store.get());
    model.setPageSize(50);
    model.requery();
    QCOMPARE(model.totalCount(), 130);
    QCOMPARE(model.rowCount(), 100); // requery keeps the rows that were shown (first page of 100)
    model.fetchMore({});
    QCOMPARE(model.rowCount(), 130);
    QVERIFY(!model.canFetchMore({}));

    QSet<QString> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.insert(model.index(row, 0).data(ModelRoles::KeyRole).toString());
    QCOMPARE(ids.size(), 130);

    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

    model.setSearch(u"first12"_s); // First12, First120..First129
    QCOMPARE(model.rowCount(), 11);
}

void TestModels::applicantsRetryAndDismiss()
{
    QVERIFY(m_store->recordSeen(applicantJson(u"a"_s, u"1"_s, u"Ann"_s, u"A"_s, 1)));
    QVERIFY(m_store->recordSeen(applicantJson(u"b"_s, u"1"_s, u"Ben"_s, u"B"_s, 2)));
    QVERIFY(m_store->quarantine(u"a"_s, u"job not found"_s, false));
    QVERIFY(m_store->quarantine(u"b"_s, u"resume too large"_s, false));

    ApplicantsModel model(m_store.get());
    model.sort(ApplicantsModel::NameColumn, Qt::AscendingOrder);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.index(0, ApplicantsModel::StateColumn).data().toString(), u"needs a look: job not found"_s);
    QVERIFY(model.canRetry(0));
    QVERIFY(model.canDismiss(1));

    QCOMPARE(model.retry(model.applicantIds({ 0 })), 1);
    QCOMPARE(model.index(0, 0).data(ModelRoles::StateRole).toString(), u"seen"_s);
    QVERIFY(!model.canRetry(0));

    QCOMPARE(model.dismiss(model.applicantIds({ 1 })), 1);
    QCOMPARE(model.index(1, 0).data(ModelRoles::StateRole).toString(), u"dismissed"_s);
    // The engine acknowledges it as rejected on its next run.
    QCOMPARE(m_store->dismissedNotAcked().size(), 1);

    // Only quarantined applicants are touched.
    QCOMPARE(model.dismiss(model.applicantIds({ 0 })), 0);
}

void TestModels::applicantsSortKeepsSelection()
{
    QVERIFY(m_store->recordSeen(applicantJson(u"a"_s, u"1"_s, u"Ann"_s, u"Zulu"_s, 1)));
    QVERIFY(m_store->recordSeen(applicantJson(u"b"_s, u"1"_s, u"Ben"_s, u"Young"_s, 2)));
    QVERIFY(m_store->recordSeen(applicantJson(u"c"_s, u"1"_s, u"Cy"_s, u"Xavier"_s, 3)));

    ApplicantsModel model(m_store.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // Default: newest application first.
    QCOMPARE(
        column(model, ApplicantsModel::NameColumn), (QStringList { u"Cy Xavier"_s, u"Ben Young"_s, u"Ann Zulu"_s }));
    QItemSelectionModel selection(&model);
    selection.select(model.index(2, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);

    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.sort(ApplicantsModel::AppliedColumn, Qt::AscendingOrder);
    QCOMPARE(
        column(model, ApplicantsModel::NameColumn), (QStringList { u"Ann Zulu"_s, u"Ben Young"_s, u"Cy Xavier"_s }));
    QCOMPARE(reset.size(), 0);
    QVERIFY(selection.isRowSelected(0));
    QVERIFY(!selection.isRowSelected(2));

    model.sort(ApplicantsModel::NameColumn, Qt::AscendingOrder); // last name first
    QCOMPARE(
        column(model, ApplicantsModel::NameColumn), (QStringList { u"Cy Xavier"_s, u"Ben Young"_s, u"Ann Zulu"_s }));
    QVERIFY(selection.isRowSelected(2));

    QVERIFY(!model.isSortable(ApplicantsModel::CandidateColumn));
}

void TestModels::applicantsNoSecretInAnyRole()
{
    QJsonObject json = applicantJson(u"s"_s, u"1"_s, u"Sam"_s, u"S"_s, 1);
    json.insert(u"resume"_s, QJsonObject { { u"url"_s, u"https://files.example/r.pdf?sig=SEEDEDSECRET"_s } });
    QVERIFY(m_store->recordSeen(json));

    ApplicantsModel model(m_store.get());
    for (int col = 0; col < model.columnCount(); ++col)
    {
        for (int role = 0; role < ModelRoles::StateRole + 10; ++role)
        {
            const QVariant value = model.index(0, col).data(role);
            QVERIFY(!value.toString().contains(u"SEEDEDSECRET"_s));
            QVERIFY(!value.toUrl().toString().contains(u"SEEDEDSECRET"_s));
        }
    }
}

void TestModels::runsShowHistory()
{
    const QDateTime start(QDate(2026, 12, 1), QTime(8, 0), QTimeZone::utc());
    const qint64 first = m_store->startRun(u"jobs"_s, start);
    QVERIFY(first > 0);
    RunCounts counts;
    counts.created = 3;
    counts.requests = 7;
    QVERIFY(m_store->finishRun(first, start.addSecs(65), true, counts, {}));

    RunsModel model(m_store.get());
    model.setRefreshDelay(0ms);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, RunsModel::DurationColumn).data().toString(), u"1 min 5 s"_s);
    QCOMPARE(model.index(0, RunsModel::ResultColumn).data().toString(), u"ok"_s);
    QVERIFY(model.index(0, RunsModel::CountsColumn).data().toString().contains(u"3 created"_s));

    // A new run shows up on top while it runs, then finishes in place.
    const qint64 second = m_store->startRun(u"applicants"_s, start.addSecs(600));
    QTRY_COMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, RunsModel::ResultColumn).data().toString(), u"running"_s);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(m_store->finishRun(second, start.addSecs(605), false, {}, u"Greenhouse refused the sign-in"_s));
    QTRY_COMPARE(changed.size(), 1);
    QCOMPARE(model.index(0, RunsModel::ResultColumn).data().toString(), u"failed"_s);
    QCOMPARE(model.index(0, RunsModel::ErrorColumn).data().toString(), u"Greenhouse refused the sign-in"_s);

    model.setLaneFilter(u"jobs"_s);
    QCOMPARE(model.rowCount(), 1);
}

QTEST_MAIN(TestModels)
#include "testmodels.moc"
