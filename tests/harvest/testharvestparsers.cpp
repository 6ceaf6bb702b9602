#include "core/harvest/harvestclient.h"
#include "core/harvest/harvestparsers.h"
#include "core/harvest/tokencache.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace Harvest;
using Kind = Net::Error::Kind;
using AuthProblem = Net::Error::AuthProblem;

Q_DECLARE_METATYPE(Net::Error::Kind)
Q_DECLARE_METATYPE(Net::Error::AuthProblem)

class TestHarvestParsers final : public QObject
{
    Q_OBJECT

private slots:
    void tokenBody_data();
    void tokenBody();
    void tokenFailure_data();
    void tokenFailure();
    void apiError_data();
    void apiError();
    void dateRangeFilter();
    void listPage_data();
    void listPage();
    void jobIsParsedLeniently();
    void candidateCreateShapes_data();
    void candidateCreateShapes();
    void introspection();
    void requestBodies();
    void tokenCacheRefreshesEarly();
    void scopeForRoute();
};

void TestHarvestParsers::tokenBody_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<qint64>("lifetime"); // seconds from now

    QTest::newRow("expires_at +00:00") << QByteArray(
        R"({"access_token":"t","token_type":"Bearer","expires_at":"2026-12-03T13:00:00+00:00"})")
                                       << true << qint64(3600);
    QTest::newRow("expires_at Z ms") << QByteArray(
        R"({"access_token":"t","token_type":"Bearer","expires_at":"2026-12-03T12:30:00.000Z"})")
                                     << true << qint64(1800);
    QTest::newRow("expires_at offset") << QByteArray(
        R"({"access_token":"t","token_type":"bearer","expires_at":"2026-12-03T18:30:00+05:30"})")
                                       << true << qint64(3600);
    QTest::newRow("expires_in only") << QByteArray(R"({"access_token":"t","token_type":"Bearer","expires_in":600})")
                                     << true << qint64(600);
    QTest::newRow("expires_in string") << QByteArray(R"({"access_token":"t","expires_in":"900"})") << true
                                       << qint64(900);
    QTest::newRow("both: expires_at wins")
        << QByteArray(R"({"access_token":"t","expires_at":"2026-12-03T12:10:00Z","expires_in":3600})") << true
        << qint64(600);
    QTest::newRow("neither: 3600") << QByteArray(R"({"access_token":"t","token_type":"Bearer"})") << true
                                   << qint64(3600);
    QTest::newRow("bad expires_at falls back")
        << QByteArray(R"({"access_token":"t","expires_at":"soon","expires_in":60})") << true << qint64(60);
    QTest::newRow("no token") << QByteArray(R"({"token_type":"Bearer"})") << false << qint64(0);
    QTest::newRow("wrong type") << QByteArray(R"({"access_token":"t","token_type":"mac"})") << false << qint64(0);
    QTest::newRow("not json") << QByteArray("<html>") << false << qint64(0);
    QTest::newRow("array") << QByteArray("[]") << false << qint64(0);
}

void TestHarvestParsers::tokenBody()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, ok);
    QFETCH(qint64, lifetime);
    const QDateTime now(QDate(2026, 12, 3), QTime(12, 0), QTimeZone::utc());
    const Net::Result<Token> token = parseTokenResponse(body, now);
    QCOMPARE(token.ok(), ok);
    if (ok)
    {
        QCOMPARE(token->accessToken, QByteArray("t"));
        QCOMPARE(now.secsTo(token->expiresAt), lifetime);
    }
    else
    {
        QCOMPARE(token.error().kind, Kind::MalformedResponse);
    }
}

void TestHarvestParsers::tokenFailure_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Net::Error::Kind>("kind");
    QTest::addColumn<Net::Error::AuthProblem>("problem");

    QTest::newRow("invalid_client") << 401 << QByteArray(R"({"error":"invalid_client"})") << Kind::Auth
                                    << AuthProblem::WrongClientCredentials;
    QTest::newRow("suffix")
        << 400
        << QByteArray(R"({"message":"client_id=abc does not contain a valid client ID suffix","errorId":"err-1"})")
        << Kind::Auth << AuthProblem::MalformedClientId;
    QTest::newRow("no auth header") << 401 << QByteArray(R"({"message":"Unauthorized","errorId":"err-2"})")
                                    << Kind::Auth << AuthProblem::WrongClientCredentials;
    QTest::newRow("grant_type") << 400 << QByteArray(R"({"message":"Must include 'grant_type' parameter"})")
                                << Kind::Auth << AuthProblem::TokenRequestRejected;
    QTest::newRow("unauthorized_client") << 400 << QByteArray(R"({"error":"unauthorized_client"})") << Kind::Auth
                                         << AuthProblem::WrongClientCredentials;
    QTest::newRow("unknown sub") << 400 << QByteArray(R"({"message":"sub=5 is not an active user"})") << Kind::Auth
                                 << AuthProblem::TokenRequestRejected;
    QTest::newRow("html 502") << 502 << QByteArray("<html>Bad Gateway</html>") << Kind::Server << AuthProblem::None;
    QTest::newRow("429") << 429 << QByteArray() << Kind::RateLimited << AuthProblem::None;
}

void TestHarvestParsers::tokenFailure()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(Net::Error::Kind, kind);
    QFETCH(Net::Error::AuthProblem, problem);
    const Net::Error error = classifyTokenFailure(status, body);
    QCOMPARE(error.kind, kind);
    QCOMPARE(error.authProblem, problem);
    QCOMPARE(error.httpStatus, status);
    // The suffix message echoes the client id; nothing of it may reach the error's text.
    QVERIFY(!error.detail.contains(QStringLiteral("abc")));
    QVERIFY(!error.message().contains(QStringLiteral("abc")));
    QVERIFY(!error.message().isEmpty());
}

void TestHarvestParsers::apiError_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Net::Error::Kind>("kind");
    QTest::addColumn<QStringList>("fields");

    QTest::newRow("401") << 401 << QByteArray(R"({"message":"Unauthorized","errors":["Token could not be decoded."]})")
                         << Kind::Auth << QStringList();
    QTest::newRow("403") << 403 << QByteArray(R"({"message":"Forbidden"})") << Kind::Forbidden << QStringList();
    QTest::newRow("404") << 404 << QByteArray(R"({"message":"Resource not found"})") << Kind::NotFound << QStringList();
    QTest::newRow("422 strings")
        << 422
        << QByteArray(
               R"({"message":"Unprocessable Content","errors":["When passing a cursor, do not include other query params."]})")
        << Kind::Validation
        << QStringList { QStringLiteral("When passing a cursor, do not include other query params.") };
    QTest::newRow("422 objects")
        << 422
        << QByteArray(
               R"({"message":"Unprocessable Content","errors":[{"per_page":"`600` number is greater than: 500"},"x"]})")
        << Kind::Validation
        << QStringList { QStringLiteral("per_page: `600` number is greater than: 500"), QStringLiteral("x") };
    QTest::newRow("422 v1 style") << 422 << QByteArray(R"({"errors":[{"message":"is required","field":"first_name"}]})")
                                  << Kind::Validation << QStringList { QStringLiteral("first_name: is required") };
    QTest::newRow("422 null errors") << 422 << QByteArray(R"({"message":"Unprocessable Content","errors":null})")
                                     << Kind::Validation << QStringList();
    QTest::newRow("500 html") << 500 << QByteArray("<html>") << Kind::Server << QStringList();
    QTest::newRow("503") << 503 << QByteArray(R"({"message":"Service Unavailable"})") << Kind::Server << QStringList();
}

void TestHarvestParsers::apiError()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(Net::Error::Kind, kind);
    QFETCH(QStringList, fields);
    const Net::Error error = classifyApiError(status, body);
    QCOMPARE(error.kind, kind);
    QCOMPARE(error.fieldMessages, fields);
    for (const QString &field : fields)
    {
        QVERIFY(error.message().contains(field));
    }
}

void TestHarvestParsers::dateRangeFilter()
{
    // Built from local wall time: under TZ=Asia/Kolkata this is 05:30 local = 00:00 UTC.
    const QDateTime from = QDateTime(QDate(2026, 11, 1), QTime(0, 0), QTimeZone::utc()).toLocalTime();
    const QDateTime to(QDate(2026, 12, 1), QTime(12, 0, 30, 250), QTimeZone::utc());
    QCOMPARE(Harvest::dateRangeFilter(from, to), QStringLiteral("gte|2026-11-01T00:00:00Z|lte|2026-12-01T12:00:30Z"));
    QCOMPARE(Harvest::dateRangeFilter(from, {}), QStringLiteral("gte|2026-11-01T00:00:00Z"));
    QCOMPARE(Harvest::dateRangeFilter({}, to), QStringLiteral("lte|2026-12-01T12:00:30Z"));

    Net::QueryBuilder query;
    query.add(QStringLiteral("updated_at"), Harvest::dateRangeFilter(from, to));
    QCOMPARE(query.encoded(), QByteArray("updated_at=gte%7C2026-11-01T00%3A00%3A00Z%7Clte%7C2026-12-01T12%3A00%3A30Z"));
}

void TestHarvestParsers::listPage_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("count"); // -1 = error

    QTest::newRow("array") << QByteArray(R"([{"id":1},{"id":2}])") << 2;
    QTest::newRow("empty") << QByteArray("[]") << 0;
    QTest::newRow("null") << QByteArray("null") << 0;
    QTest::newRow("object") << QByteArray(R"({"data":[]})") << -1;
    QTest::newRow("truncated") << QByteArray(R"([{"id":1},{"id")") << -1;
    QTest::newRow("scalar items") << QByteArray("[1,2]") << -1;
    QTest::newRow("html") << QByteArray("<html></html>") << -1;
}

void TestHarvestParsers::listPage()
{
    QFETCH(QByteArray, body);
    QFETCH(int, count);
    const auto page = parseListPage(body);
    if (count < 0)
    {
        QVERIFY(!page.ok());
        QCOMPARE(page.error().kind, Kind::MalformedResponse);
    }
    else
    {
        QVERIFY(page.ok());
        QCOMPARE(page->size(), count);
    }
}

void TestHarvestParsers::jobIsParsedLeniently()
{
    const QByteArray body = R"([
      {"id": 4012345, "name": "Senior Backend Engineer", "requisition_id": "ENG-114", "status": "open",
       "confidential": false, "opened_at": "2026-10-01T08:00:00.000Z", "closed_at": null,
       "department_id": null, "office_ids": null,
       "custom_fields": {"employment_type": {"name": "Employment Type", "type": "single_select", "value": "Full-time"}},
       "created_at": "2026-09-30T10:00:00Z", "updated_at": "2026-11-30T09:12:44+01:00"},
      {"id": 7, "name": "X", "department_id": 3, "office_ids": [1, 2],
       "custom_fields": {"employment_type": {"value": {"id": 5, "name": "Part-time"}}}},
      {"id": 8, "custom_fields": null}
    ])";
    const auto jobs = parseJobs(body);
    QVERIFY(jobs.ok());
    QCOMPARE(jobs->size(), 3);
    const Job &first = jobs->at(0);
    QCOMPARE(first.id, 4012345);
    QCOMPARE(first.requisitionId, QStringLiteral("ENG-114"));
    QCOMPARE(first.employmentType, QStringLiteral("Full-time"));
    QVERIFY(!first.departmentId);
    QVERIFY(first.officeIds.isEmpty());
    QVERIFY(!first.closedAt.isValid());
    QCOMPARE(first.openedAt, QDateTime(QDate(2026, 10, 1), QTime(8, 0), QTimeZone::utc()));
    QCOMPARE(first.updatedAt, QDateTime(QDate(2026, 11, 30), QTime(8, 12, 44), QTimeZone::utc()));
    QCOMPARE(jobs->at(1).departmentId, std::optional<qint64>(3));
    QCOMPARE(jobs->at(1).officeIds, (QList<qint64> { 1, 2 }));
    QCOMPARE(jobs->at(1).employmentType, QStringLiteral("Part-time"));
    QVERIFY(jobs->at(2).employmentType.isEmpty());
}

void TestHarvestParsers::candidateCreateShapes_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<qint64>("candidateId");
    QTest::addColumn<qint64>("applicationId"); // 0 = none
    QTest::addColumn<bool>("ok");

    QTest::newRow("flat") << QByteArray(R"({"id": 11, "first_name": "Dana", "email_addresses": null, "tags": null})")
                          << qint64(11) << qint64(0) << true;
    QTest::newRow("wrapped") << QByteArray(
        R"({"candidate": {"id": 12, "first_name": "Ana"}, "application": {"id": 99, "job_id": 5}})")
                             << qint64(12) << qint64(99) << true;
    QTest::newRow("wrapped without application")
        << QByteArray(R"({"candidate": {"id": 13}, "application": null})") << qint64(13) << qint64(0) << true;
    QTest::newRow("flat with applications")
        << QByteArray(R"({"id": 14, "applications": [{"id": 77, "candidate_id": 14}]})") << qint64(14) << qint64(77)
        << true;
    QTest::newRow("no id") << QByteArray(R"({"first_name": "Dana"})") << qint64(0) << qint64(0) << false;
    QTest::newRow("garbage") << QByteArray("[") << qint64(0) << qint64(0) << false;
}

void TestHarvestParsers::candidateCreateShapes()
{
    QFETCH(QByteArray, body);
    QFETCH(qint64, candidateId);
    QFETCH(qint64, applicationId);
    QFETCH(bool, ok);
    const auto created = parseCandidateCreateResponse(body);
    QCOMPARE(created.ok(), ok);
    if (!ok)
    {
        return;
    }
    QCOMPARE(created->candidate.id, candidateId);
    QCOMPARE(created->application.has_value(), applicationId != 0);
    if (created->application)
    {
        QCOMPARE(created->application->id, applicationId);
        QCOMPARE(created->application->candidateId, candidateId);
    }
}

void TestHarvestParsers::introspection()
{
    const QByteArray body = R"({"active": true, "client_id": "x-1", "sub": "4711",
        "scope": "harvest:jobs:list harvest:users:list",
        "https://auth.greenhouse.io/claims": {"organization": {"id": 42, "name": "Acme"}, "user_role": "Site Admin"}})";
    const auto info = parseIntrospection(body);
    QVERIFY(info.ok());
    QVERIFY(info->active);
    QCOMPARE(info->actingUserId, QStringLiteral("4711"));
    QCOMPARE(info->organizationId, QStringLiteral("42"));
    QCOMPARE(info->organizationName, QStringLiteral("Acme"));
    QCOMPARE(info->userRole, QStringLiteral("Site Admin"));
    QCOMPARE(info->scopes, (QStringList { QStringLiteral("harvest:jobs:list"), QStringLiteral("harvest:users:list") }));
    QVERIFY(!parseIntrospection("nope").ok());
}

void TestHarvestParsers::requestBodies()
{
    NewCandidate candidate;
    candidate.firstName = QStringLiteral("Dana");
    candidate.lastName = QStringLiteral("Example");
    candidate.emailAddresses = { { QStringLiteral("dana@example.org"), QStringLiteral("personal") } };
    candidate.application = NewApplicationNested { 123, 45, std::nullopt, std::nullopt, std::nullopt };
    const QJsonObject c = QJsonDocument::fromJson(candidateCreateBody(candidate)).object();
    QCOMPARE(c.value(QLatin1String("first_name")).toString(), QStringLiteral("Dana"));
    QCOMPARE(c.value(QLatin1String("application")).toObject().value(QLatin1String("job_id")).toInteger(), 123);
    QCOMPARE(c.value(QLatin1String("application")).toObject().value(QLatin1String("source_id")).toInteger(), 45);
    QVERIFY(!c.value(QLatin1String("application")).toObject().contains(QLatin1String("recruiter_id")));
    QCOMPARE(
        c.value(QLatin1String("email_addresses")).toArray().first().toObject().value(QLatin1String("type")).toString(),
        QStringLiteral("personal"));

    NewAttachment attachment;
    attachment.applicationId = 9;
    attachment.filename = QStringLiteral("cv.pdf");
    attachment.content = QByteArray("%PDF-1.4\x00\xff", 10);
    const QJsonObject a = QJsonDocument::fromJson(attachmentCreateBody(attachment)).object();
    QCOMPARE(QByteArray::fromBase64(a.value(QLatin1String("content")).toString().toLatin1()), attachment.content);
    QCOMPARE(a.value(QLatin1String("type")).toString(), QStringLiteral("resume"));
    QCOMPARE(a.value(QLatin1String("application_id")).toInteger(), 9);
}

void TestHarvestParsers::tokenCacheRefreshesEarly()
{
    TokenCache cache;
    const QByteArray key = TokenCache::makeKey(QStringLiteral("u"), QStringLiteral("id-1"), QStringLiteral("s"), {});
    QVERIFY(!key.contains("id-1"));
    const QDateTime now(QDate(2026, 12, 3), QTime(12, 0), QTimeZone::utc());
    cache.store(key, Token { "abc", now.addSecs(3600) }, now);
    QVERIFY(cache.find(key, now.addSecs(3539)));
    QVERIFY(!cache.find(key, now.addSecs(3540))); // 60 s early
    cache.invalidate(key, "other");
    QVERIFY(cache.find(key, now));
    cache.invalidate(key, "abc");
    QVERIFY(!cache.find(key, now));

    // A 20 s token is refreshed after half its life, not never used.
    cache.store(key, Token { "short", now.addSecs(20) }, now);
    QVERIFY(cache.find(key, now.addSecs(9)));
    QVERIFY(!cache.find(key, now.addSecs(10)));
}

void TestHarvestParsers::scopeForRoute()
{
    QCOMPARE(HarvestClient::scopeFor("GET", QStringLiteral("job_posts")), QStringLiteral("harvest:job_posts:list"));
    QCOMPARE(
        HarvestClient::scopeFor("POST", QStringLiteral("attachments")), QStringLiteral("harvest:attachments:create"));
}

QTEST_GUILESS_MAIN(TestHarvestParsers)
#include "testharvestparsers.moc"
