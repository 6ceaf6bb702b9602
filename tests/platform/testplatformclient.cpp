#include "core/platform/platformclient.h"
#include "sandbox/sandboxserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>
#include <QTimeZone>

using namespace Platform;
using namespace std::chrono_literals;
using Kind = Net::Error::Kind;

Q_DECLARE_METATYPE(Net::Error::Kind)

class TestPlatformClient final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    // Pure
    void errorBody_data();
    void errorBody();
    void applicantParsing();
    void listPageParsing();
    void jobPayloadIsUtc();

    // Against the sandbox
    void meIdentifiesAccount();
    void badTokenIsAuthError();
    void putJobCreatesThenReplaces();
    void putJobValidationError();
    void listsFollowCursorAlone();
    void resumeDownloadAndSizeLimit();
    void ackRemovesFromPending();
    void putIsRetriedOnServerErrorsButAckIsNot();
    void httpsRequiredExceptLoopback();

private:
    ClientConfig config() const;
    std::unique_ptr<Sandbox::Server> m_server;
};

void TestPlatformClient::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestPlatformClient::init()
{
    Sandbox::Options options;
    options.jobCount = 30;
    options.applicantCount = 12;
    m_server = std::make_unique<Sandbox::Server>(options);
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
}

void TestPlatformClient::cleanup()
{
    m_server.reset();
}

ClientConfig TestPlatformClient::config() const
{
    ClientConfig config;
    config.baseUrl = m_server->platformBaseUrl();
    config.token = m_server->credentials().platformToken;
    config.pageLimit = 5;
    config.session.backoffBase = 20ms;
    config.session.backoffMax = 200ms;
    config.session.transferTimeout = 10s;
    return config;
}

void TestPlatformClient::errorBody_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Net::Error::Kind>("kind");

    QTest::newRow("401") << 401 << QByteArray(R"({"error":{"code":"unauthorized","message":"bad token"}})")
                         << Kind::Auth;
    QTest::newRow("404") << 404 << QByteArray(R"({"error":{"code":"not_found","message":"no"}})") << Kind::NotFound;
    QTest::newRow("422") << 422
                         << QByteArray(R"({"error":{"code":"invalid_job","message":"status must be open or closed"}})")
                         << Kind::Validation;
    QTest::newRow("400 no body") << 400 << QByteArray() << Kind::Validation;
    QTest::newRow("503 html") << 503 << QByteArray("<html>") << Kind::Server;
    QTest::newRow("403") << 403 << QByteArray(R"({"error":{"code":"forbidden","message":"x"}})") << Kind::Forbidden;
}

void TestPlatformClient::errorBody()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(Net::Error::Kind, kind);
    const Net::Error error = classifyError(status, body);
    QCOMPARE(error.kind, kind);
    QVERIFY(!error.message().isEmpty());
    if (status == 422)
    {
        QVERIFY(error.message().contains(QStringLiteral("status must be open or closed")));
    }
}

void TestPlatformClient::applicantParsing()
{
    const QJsonObject full = QJsonDocument::fromJson(R"({
      "id": "app_7f3c2a", "source_job_id": "4012345", "first_name": "دانا", "last_name": "例",
      "email": null, "applied_at": "2026-12-01T07:30:00Z",
      "consent": {"given": true, "at": "2026-12-01T07:29:58Z"},
      "resume": {"filename": "CV.pdf", "content_type": "application/pdf", "url": "https://x/v1/applicants/app_7f3c2a/resume"},
      "answers": [{"question": "Notice period?", "answer": "4 weeks"}, null]})")
                                 .object();
    const auto applicant = parseApplicant(full);
    QVERIFY(applicant);
    QCOMPARE(applicant->firstName, QStringLiteral("دانا"));
    QVERIFY(applicant->email.isEmpty());
    QVERIFY(applicant->consentGiven);
    QCOMPARE(applicant->appliedAt, QDateTime(QDate(2026, 12, 1), QTime(7, 30), QTimeZone::utc()));
    QVERIFY(applicant->resume);
    QCOMPARE(applicant->answers.size(), 1);

    QVERIFY(!parseApplicant(QJsonDocument::fromJson(R"({"id": "a"})").object()));
    const auto minimal
        = parseApplicant(QJsonDocument::fromJson(R"({"id": "a", "source_job_id": 5, "resume": null})").object());
    QVERIFY(minimal);
    QCOMPARE(minimal->sourceJobId, QStringLiteral("5"));
    QVERIFY(!minimal->resume);
}

void TestPlatformClient::listPageParsing()
{
    auto page = parseListPage(R"({"data":[{"id":"a"}],"next_cursor":"abc"})");
    QVERIFY(page.ok());
    QCOMPARE(page->items.size(), 1);
    QCOMPARE(page->nextCursor, QStringLiteral("abc"));
    page = parseListPage(R"({"data":[],"next_cursor":null})");
    QVERIFY(page.ok());
    QVERIFY(page->nextCursor.isEmpty());
    QVERIFY(!parseListPage("[]").ok());
    QVERIFY(!parseListPage(R"({"data":{}})").ok());
    QVERIFY(!parseListPage(R"({"data":[1]})").ok());
}

void TestPlatformClient::jobPayloadIsUtc()
{
    JobPayload job;
    job.sourceJobId = QStringLiteral("1");
    job.updatedAt = QDateTime(QDate(2026, 11, 30), QTime(14, 42, 44), QTimeZone(QByteArrayLiteral("Asia/Kolkata")));
    QCOMPARE(job.toJson().value(QLatin1String("updated_at")).toString(), QStringLiteral("2026-11-30T09:12:44Z"));
    QCOMPARE(job.toJson().value(QLatin1String("source")).toString(), QStringLiteral("greenhouse"));
}

void TestPlatformClient::meIdentifiesAccount()
{
    const PlatformClient client(config());
    const auto me = client.me();
    QVERIFY2(me.ok(), qPrintable(me.ok() ? QString() : me.error().message()));
    QVERIFY(!me->accountId.isEmpty());
}

void TestPlatformClient::badTokenIsAuthError()
{
    ClientConfig cfg = config();
    cfg.token = QStringLiteral("wrong");
    const PlatformClient client(cfg);
    const auto me = client.me();
    QVERIFY(!me.ok());
    QCOMPARE(me.error().kind, Kind::Auth);
    QCOMPARE(me.error().authProblem, Net::Error::AuthProblem::BadPlatformToken);
}

static JobPayload sampleJob(const QString &id)
{
    JobPayload job;
    job.sourceJobId = id;
    job.requisitionId = QStringLiteral("ENG-114");
    job.title = QStringLiteral("Senior Backend Engineer");
    job.status = QStringLiteral("open");
    job.department = QStringLiteral("Engineering");
    job.offices = { QStringLiteral("Berlin"), QStringLiteral("Remote - EU") };
    job.employmentType = QStringLiteral("Full-time");
    job.openings = 2;
    job.descriptionHtml = QStringLiteral("<p>Hi</p>");
    job.applyUrl = QStringLiteral("https://boards.greenhouse.io/acme/jobs/") + id;
    job.updatedAt = QDateTime::currentDateTimeUtc();
    return job;
}

void TestPlatformClient::putJobCreatesThenReplaces()
{
    const PlatformClient client(config());
    const auto first = client.putJob(sampleJob(QStringLiteral("4012345")));
    QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().message()));
    QVERIFY(first->created);
    JobPayload closed = sampleJob(QStringLiteral("4012345"));
    closed.status = QStringLiteral("closed");
    const auto second = client.putJob(closed);
    QVERIFY(second.ok());
    QVERIFY(!second->created);
    QCOMPARE(m_server->platformJobs().size(), 1);
    QCOMPARE(m_server->platformJobs().first().value(QLatin1String("status")).toString(), QStringLiteral("closed"));
}

void TestPlatformClient::putJobValidationError()
{
    const PlatformClient client(config());
    JobPayload job = sampleJob(QStringLiteral("1"));
    job.status = QStringLiteral("draft");
    const auto result = client.putJob(job);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, Kind::Validation);
}

void TestPlatformClient::listsFollowCursorAlone()
{
    const PlatformClient client(config());
    for (int i = 0; i < 12; ++i)
    {
        QVERIFY(client.putJob(sampleJob(QString::number(1000 + i))).ok());
    }
    const auto jobs = client.jobs();
    QVERIFY2(jobs.ok(), qPrintable(jobs.ok() ? QString() : jobs.error().message()));
    QCOMPARE(jobs->size(), 12);

    const auto applicants = client.pendingApplicants();
    QVERIFY2(applicants.ok(), qPrintable(applicants.ok() ? QString() : applicants.error().message()));
    QVERIFY(!applicants->isEmpty());

    static const QRegularExpression cursorAlone(QStringLiteral("^/v1/(jobs|applicants)\\?limit=5&cursor=[^&]+$"));
    int cursorRequests = 0;
    for (const Sandbox::LoggedRequest &entry : m_server->requestLog())
    {
        if (entry.method != "GET" || !entry.rawTarget.contains("cursor="))
        {
            continue;
        }
        ++cursorRequests;
        QVERIFY2(cursorAlone.match(QString::fromLatin1(entry.rawTarget)).hasMatch(), entry.rawTarget.constData());
        QCOMPARE(entry.status, 200);
    }
    QVERIFY(cursorRequests >= 3);
}

void TestPlatformClient::resumeDownloadAndSizeLimit()
{
    const PlatformClient client(config());
    const auto applicants = client.pendingApplicants();
    QVERIFY(applicants.ok());
    const auto withResume
        = std::find_if(applicants->begin(), applicants->end(), [](const Applicant &a) { return a.resume.has_value(); });
    QVERIFY(withResume != applicants->end());
    const auto bytes = client.downloadResume(withResume->resume->url);
    QVERIFY2(bytes.ok(), qPrintable(bytes.ok() ? QString() : bytes.error().message()));
    QCOMPARE(bytes.value(), m_server->resumeBytes(withResume->id));

    ClientConfig small = config();
    small.maxResumeBytes = 16;
    const PlatformClient limited(small);
    const auto tooLarge = limited.downloadResume(withResume->resume->url);
    QVERIFY(!tooLarge.ok());
    QCOMPARE(tooLarge.error().kind, Kind::TooLarge);
}

void TestPlatformClient::ackRemovesFromPending()
{
    const PlatformClient client(config());
    const auto before = client.pendingApplicants();
    QVERIFY(before.ok());
    QVERIFY(!before->isEmpty());
    Ack ack;
    ack.atsCandidateId = QStringLiteral("98765");
    ack.atsApplicationId = QStringLiteral("123456");
    const QString id = before->first().id;
    QVERIFY(client.ack(id, ack).ok());
    QVERIFY(client.ack(id, ack).ok()); // twice with the same outcome is a no-op
    const auto after = client.pendingApplicants();
    QVERIFY(after.ok());
    QCOMPARE(after->size(), before->size() - 1);
    QVERIFY(std::none_of(after->begin(), after->end(), [&id](const Applicant &a) { return a.id == id; }));
}

void TestPlatformClient::putIsRetriedOnServerErrorsButAckIsNot()
{
    Sandbox::Options options = m_server->options();
    options.serverErrorRate = 1.0;
    m_server->setOptions(options);
    ClientConfig cfg = config();
    cfg.session.maxRetries = 2;
    const PlatformClient client(cfg);

    const auto put = client.putJob(sampleJob(QStringLiteral("77")));
    QVERIFY(!put.ok());
    QCOMPARE(put.error().kind, Kind::Server);
    Ack ack;
    ack.outcome = Ack::Outcome::Rejected;
    ack.reason = QStringLiteral("job closed");
    const auto acked = client.ack(QStringLiteral("whatever"), ack);
    QVERIFY(!acked.ok());
    QVERIFY(acked.error().outcomeUnknown);

    int puts = 0;
    int posts = 0;
    for (const Sandbox::LoggedRequest &entry : m_server->requestLog())
    {
        puts += entry.method == "PUT" ? 1 : 0;
        posts += entry.method == "POST" ? 1 : 0;
    }
    QCOMPARE(puts, 3);
    QCOMPARE(posts, 1);
}

void TestPlatformClient::httpsRequiredExceptLoopback()
{
    ClientConfig cfg = config();
    cfg.baseUrl = QUrl(QStringLiteral("http://api.example-tenant.smartdreamers.test"));
    const PlatformClient client(cfg);
    const auto me = client.me();
    QVERIFY(!me.ok());
    QCOMPARE(me.error().kind, Kind::InsecureUrl);
    QVERIFY(m_server->requestLog().isEmpty());
}

QTEST_GUILESS_MAIN(TestPlatformClient)
#include "testplatformclient.moc"
