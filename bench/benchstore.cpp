// Ledger at scale: sort and filter over 100,000 applicant rows (what the applicants table asks
// the Store for), and start-up: opening a 100,000-row database and reading the first page.
//
//   bench-store [rows=100000]

#include "bench/benchsupport.h"
#include "core/store/store.h"

#include <QCoreApplication>
#include <QStringList>
#include <QTemporaryDir>

#include <array>
#include <memory>

namespace
{
constexpr int kPageSize = 100;
constexpr int kInsertBatch = 2000;

struct Query
{
    const char *name;
    ApplicantQuery query;
};

ApplicantQuery make(ApplicantQuery::SortColumn column, Qt::SortOrder order, const QString &search = {},
    std::optional<ApplicantState> state = std::nullopt)
{
    ApplicantQuery query;
    query.sortColumn = column;
    query.order = order;
    query.search = search;
    query.state = state;
    return query;
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    bool ok = false;
    int rows = QCoreApplication::arguments().value(1).toInt(&ok);
    rows = ok && rows > 0 ? rows : 100'000;

    QTemporaryDir dir;
    const QString path = Store::databasePathFor(dir.path());
    auto store = std::make_unique<Store>(path);
    if (!store->open())
    {
        std::fprintf(stderr, "store: %s\n", qPrintable(store->errorString()));
        return 1;
    }

    QElapsedTimer timer;
    timer.start();
    for (int start = 0; start < rows; start += kInsertBatch)
    {
        QList<QJsonObject> batch;
        for (int i = start; i < std::min(rows, start + kInsertBatch); ++i)
        {
            batch.append(Bench::syntheticApplicant(i));
        }
        if (store->recordSeen(batch) < 0)
        {
            std::fprintf(stderr, "store: %s\n", qPrintable(store->errorString()));
            return 1;
        }
    }
    // Some rows in another state, so the state filter has something to find.
    for (int i = 0; i < rows; i += 100)
    {
        store->quarantine(QStringLiteral("sd-%1").arg(i, 6, 10, QLatin1Char('0')), QStringLiteral("bench"), false);
    }
    Bench::figure("store.seed_rows", rows, "rows");
    Bench::figure("store.seed_time", Bench::seconds(timer), "s");

    using Sort = ApplicantQuery::SortColumn;
    const std::array<Query, 8> queries { {
        { "store.page.applied_desc", make(Sort::AppliedAt, Qt::DescendingOrder) },
        { "store.page.name_asc", make(Sort::Name, Qt::AscendingOrder) },
        { "store.page.email_desc", make(Sort::Email, Qt::DescendingOrder) },
        { "store.page.job_asc", make(Sort::JobId, Qt::AscendingOrder) },
        { "store.page.name_asc_search_smi", make(Sort::Name, Qt::AscendingOrder, QStringLiteral("smi")) },
        { "store.page.applied_desc_search_email",
            make(Sort::AppliedAt, Qt::DescendingOrder, QStringLiteral("jules.patel")) },
        { "store.page.state_desc_search_none", make(Sort::State, Qt::DescendingOrder, QStringLiteral("zzzz")) },
        { "store.page.quarantined_by_name", make(Sort::Name, Qt::AscendingOrder, {}, ApplicantState::Quarantined) },
    } };
    // What the table does on a sort or filter change: count, then the first page.
    double worst = 0;
    for (const Query &query : queries)
    {
        timer.restart();
        const int count = store->applicantCount(query.query);
        const QList<ApplicantRecord> page = store->applicantsPage(query.query, 0, kPageSize, count);
        const double ms = Bench::milliseconds(timer);
        worst = std::max(worst, ms);
        Bench::note(QStringLiteral("%1: %2 matches, %3 on the page")
                        .arg(QLatin1String(query.name))
                        .arg(count)
                        .arg(page.size()));
        Bench::figure(query.name, ms, "ms", "< 100");
    }
    Bench::figure("store.sort_filter_worst", worst, "ms", "< 100");

    // Scrolling deep: an offset page versus the keyset page a fetchMore() model uses.
    const ApplicantQuery byName = make(Sort::Name, Qt::AscendingOrder);
    const int total = store->applicantCount(byName);
    timer.restart();
    const QList<ApplicantRecord> deep = store->applicantsPage(byName, total / 2, kPageSize, total);
    Bench::figure("store.page.offset_middle", Bench::milliseconds(timer), "ms", "< 100");
    if (!deep.isEmpty())
    {
        timer.restart();
        store->applicantsAfter(byName, deep.last(), kPageSize, total);
        Bench::figure("store.page.after_middle", Bench::milliseconds(timer), "ms", "< 100");
    }

    // Start-up: a new Store on the existing file, its schema check, and the first page of
    // applicants and jobs (what the dashboard shows first). The file is in the OS cache.
    store.reset();
    timer.restart();
    Store reopened(path);
    if (!reopened.open())
    {
        std::fprintf(stderr, "store: %s\n", qPrintable(reopened.errorString()));
        return 1;
    }
    const ApplicantQuery first;
    const int firstCount = reopened.applicantCount(first);
    reopened.applicantsPage(first, 0, kPageSize, firstCount);
    reopened.jobsPage(JobQuery {}, 0, kPageSize);
    Bench::figure("store.startup_open_first_page", Bench::milliseconds(timer), "ms", "< 500 (part of time to tray)");
    return 0;
}
