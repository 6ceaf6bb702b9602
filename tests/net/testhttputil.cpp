#include "core/net/error.h"
#include "core/net/httpsession.h"
#include "core/net/httputil.h"

#include <QTest>
#include <QTimeZone>

using namespace Net;

class TestHttpUtil final : public QObject
{
    Q_OBJECT

private slots:
    void linkHeader_data();
    void linkHeader();
    void linkHeaderKeepsTargetExactly();
    void headerLookupIsCaseInsensitive();
    void retryAfter_data();
    void retryAfter();
    void queryEncoding();
    void formatUtcIsUtcWithZ();
    void parseDateTime_data();
    void parseDateTime();
    void origins();
    void backoffIsBoundedAndJittered();
    void errorMessagesAreActionable();
};

void TestHttpUtil::linkHeader_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("next");

    QTest::newRow("empty") << QByteArray() << QByteArray();
    QTest::newRow("harvest") << QByteArray(R"(<https://harvest.greenhouse.io/v3/jobs?cursor=eyJhIjoxfQ>; rel="next")")
                             << QByteArray("https://harvest.greenhouse.io/v3/jobs?cursor=eyJhIjoxfQ");
    QTest::newRow("unquoted rel") << QByteArray("<https://h/v3/jobs?cursor=a>; rel=next")
                                  << QByteArray("https://h/v3/jobs?cursor=a");
    QTest::newRow("upper-case rel") << QByteArray(R"(<https://h/x?cursor=a>; REL="NEXT")")
                                    << QByteArray("https://h/x?cursor=a");
    QTest::newRow("prev then next") << QByteArray(
        R"(<https://h/p?page=1>; rel="prev", <https://h/n?page=3>; rel="next")")
                                    << QByteArray("https://h/n?page=3");
    QTest::newRow("multiple rels") << QByteArray(R"(<https://h/n?c=1>; rel="last next")")
                                   << QByteArray("https://h/n?c=1");
    QTest::newRow("only prev") << QByteArray(R"(<https://h/p?page=1>; rel="prev")") << QByteArray();
    QTest::newRow("comma in url") << QByteArray(R"(<https://h/jobs?ids=1,2,3&cursor=x>; rel="next")")
                                  << QByteArray("https://h/jobs?ids=1,2,3&cursor=x");
    QTest::newRow("comma in title") << QByteArray(
        R"(<https://h/a>; title="a, b"; rel="prev", <https://h/b>; rel="next")")
                                    << QByteArray("https://h/b");
    QTest::newRow("extra params") << QByteArray(R"(<https://h/b>; type="application/json"; rel="next"; foo=bar)")
                                  << QByteArray("https://h/b");
    QTest::newRow("garbage") << QByteArray("rel=next; <oops") << QByteArray();
    QTest::newRow("no closing bracket") << QByteArray(R"(<https://h/b; rel="next")") << QByteArray();
    QTest::newRow("whitespace") << QByteArray("  <https://h/b>  ;  rel = \"next\"  ") << QByteArray("https://h/b");
}

void TestHttpUtil::linkHeader()
{
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, next);
    QCOMPARE(nextLinkTarget(header), next);
}

void TestHttpUtil::linkHeaderKeepsTargetExactly()
{
    // Percent-encodings and '+' inside the cursor must survive byte for byte.
    const QByteArray target("https://h/v3/jobs?cursor=ab%2Bcd%3D%3D_-~");
    QCOMPARE(nextLinkTarget(QByteArray("<" + target + ">; rel=\"next\"")), target);
    const QUrl url = QUrl::fromEncoded(target, QUrl::StrictMode);
    QVERIFY(url.isValid());
    QCOMPARE(url.toEncoded(), target);
}

void TestHttpUtil::headerLookupIsCaseInsensitive()
{
    const RawHeaders headers { { "x-ratelimit-remaining", "4" }, { "LINK", "<a>; rel=next" } };
    QCOMPARE(headerValue(headers, "X-RateLimit-Remaining"), QByteArray("4"));
    QCOMPARE(headerValue(headers, "Link"), QByteArray("<a>; rel=next"));
    QVERIFY(headerValue(headers, "Retry-After").isNull());
}

void TestHttpUtil::retryAfter_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<int>("seconds"); // -1 = none

    QTest::newRow("seconds") << QByteArray("7") << 7;
    QTest::newRow("spaces") << QByteArray(" 12 ") << 12;
    QTest::newRow("zero") << QByteArray("0") << 0;
    QTest::newRow("negative") << QByteArray("-3") << -1;
    QTest::newRow("empty") << QByteArray() << -1;
    QTest::newRow("garbage") << QByteArray("soon") << -1;
    QTest::newRow("http-date") << QByteArray("Thu, 03 Dec 2026 12:00:30 GMT") << 30;
    QTest::newRow("http-date past") << QByteArray("Thu, 03 Dec 2026 11:00:00 GMT") << 0;
    // Found by fuzz-http-headers: a wait this long overflowed the conversion to a time point.
    QTest::newRow("absurd seconds") << QByteArray("9223372036854775807") << 86400;
    QTest::newRow("absurd date") << QByteArray("Fri, 31 Dec 9999 23:59:59 GMT") << 86400;
}

void TestHttpUtil::retryAfter()
{
    QFETCH(QByteArray, value);
    QFETCH(int, seconds);
    const QDateTime now(QDate(2026, 12, 3), QTime(12, 0), QTimeZone::utc());
    const auto parsed = parseRetryAfter(value, now);
    if (seconds < 0)
    {
        QVERIFY(!parsed);
    }
    else
    {
        QVERIFY(parsed);
        QCOMPARE(parsed->count(), seconds);
    }
}

void TestHttpUtil::queryEncoding()
{
    QueryBuilder query;
    query.add(QStringLiteral("updated_at"), QStringLiteral("gte|2026-11-01T00:00:00Z"))
        .add(QStringLiteral("email"), QStringLiteral("dana+cv@example.org"))
        .add(QStringLiteral("name"), QStringLiteral("a b,c&d=é"));
    const QByteArray encoded = query.encoded();
    QCOMPARE(encoded,
        QByteArray("updated_at=gte%7C2026-11-01T00%3A00%3A00Z&email=dana%2Bcv%40example.org"
                   "&name=a%20b%2Cc%26d%3D%C3%A9"));
    QVERIFY(!encoded.contains('+'));

    // Applying it to a base URL keeps the bytes.
    const QUrl url = query.applyTo(QUrl(QStringLiteral("http://127.0.0.1:8080/v3/candidates")));
    QCOMPARE(url.toEncoded(), QByteArray("http://127.0.0.1:8080/v3/candidates?") + encoded);
}

void TestHttpUtil::formatUtcIsUtcWithZ()
{
    // Local wall time in whatever TZ the test runs (ctest runs it under Asia/Kolkata too).
    const QDateTime utc(QDate(2026, 11, 1), QTime(0, 0), QTimeZone::utc());
    QCOMPARE(formatUtc(utc), QStringLiteral("2026-11-01T00:00:00Z"));
    QCOMPARE(formatUtc(utc.toLocalTime()), QStringLiteral("2026-11-01T00:00:00Z"));
    const QDateTime kolkata(QDate(2026, 11, 1), QTime(5, 30), QTimeZone(QByteArrayLiteral("Asia/Kolkata")));
    QCOMPARE(formatUtc(kolkata), QStringLiteral("2026-11-01T00:00:00Z"));
    const QDateTime withMs(QDate(2026, 11, 1), QTime(0, 0, 1, 999), QTimeZone::utc());
    QCOMPARE(formatUtc(withMs), QStringLiteral("2026-11-01T00:00:01Z"));
}

void TestHttpUtil::parseDateTime_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("msecs"); // -1 = invalid

    const qint64 base = QDateTime(QDate(2024, 12, 15), QTime(3, 55), QTimeZone::utc()).toMSecsSinceEpoch();
    QTest::newRow("ms Z") << QStringLiteral("2024-12-15T03:55:00.000Z") << base;
    QTest::newRow("ms 123") << QStringLiteral("2024-12-15T03:55:00.123Z") << base + 123;
    QTest::newRow("micro") << QStringLiteral("2024-12-15T03:55:00.123456Z") << base + 123;
    QTest::newRow("no ms") << QStringLiteral("2024-12-15T03:55:00Z") << base;
    QTest::newRow("offset") << QStringLiteral("2024-12-15T09:25:00+05:30") << base;
    QTest::newRow("offset no colon") << QStringLiteral("2024-12-15T09:25:00+0530") << base;
    QTest::newRow("+00:00") << QStringLiteral("2024-12-15T03:55:00+00:00") << base;
    QTest::newRow("negative offset") << QStringLiteral("2024-12-14T22:55:00-05:00") << base;
    QTest::newRow("no zone = UTC") << QStringLiteral("2024-12-15T03:55:00") << base;
    QTest::newRow("date only") << QStringLiteral("2024-12-15") << base - (3 * 3600 + 55 * 60) * 1000LL;
    QTest::newRow("empty") << QString() << qint64(-1);
    QTest::newRow("garbage") << QStringLiteral("yesterday") << qint64(-1);
    QTest::newRow("bad month") << QStringLiteral("2024-13-15T03:55:00Z") << qint64(-1);
    QTest::newRow("bad offset") << QStringLiteral("2024-12-15T03:55:00+99:00") << qint64(-1);
}

void TestHttpUtil::parseDateTime()
{
    QFETCH(QString, text);
    QFETCH(qint64, msecs);
    const QDateTime parsed = Net::parseDateTime(text);
    if (msecs < 0)
    {
        QVERIFY(!parsed.isValid());
        return;
    }
    QVERIFY(parsed.isValid());
    QCOMPARE(parsed.toMSecsSinceEpoch(), msecs);
    QCOMPARE(parsed.offsetFromUtc(), 0);
}

void TestHttpUtil::origins()
{
    QVERIFY(sameOrigin(QUrl(QStringLiteral("http://127.0.0.1:80/a")), QUrl(QStringLiteral("http://127.0.0.1/b"))));
    QVERIFY(
        !sameOrigin(QUrl(QStringLiteral("http://127.0.0.1:8080/a")), QUrl(QStringLiteral("http://localhost:8080/a"))));
    QVERIFY(!sameOrigin(QUrl(QStringLiteral("http://h:8080/a")), QUrl(QStringLiteral("http://h:8081/a"))));
    QVERIFY(!sameOrigin(QUrl(QStringLiteral("https://h/a")), QUrl(QStringLiteral("http://h/a"))));
    QVERIFY(sameOrigin(QUrl(QStringLiteral("https://H.example/a")), QUrl(QStringLiteral("https://h.example:443/b"))));
    QVERIFY(isLoopbackHost(QStringLiteral("127.0.0.1")));
    QVERIFY(isLoopbackHost(QStringLiteral("127.3.4.5")));
    QVERIFY(isLoopbackHost(QStringLiteral("::1")));
    QVERIFY(isLoopbackHost(QStringLiteral("LOCALHOST")));
    QVERIFY(!isLoopbackHost(QStringLiteral("example.org")));
    QVERIFY(!isLoopbackHost(QStringLiteral("10.0.0.1")));
}

void TestHttpUtil::backoffIsBoundedAndJittered()
{
    SessionConfig config;
    config.backoffBase = std::chrono::milliseconds(500);
    config.backoffMax = std::chrono::milliseconds(4000);
    QCOMPARE(HttpSession::backoffDelay(config, 0, 0.0).count(), 250);
    QCOMPARE(HttpSession::backoffDelay(config, 0, 0.999).count(), 499);
    QCOMPARE(HttpSession::backoffDelay(config, 1, 0.0).count(), 500);
    QCOMPARE(HttpSession::backoffDelay(config, 2, 0.5).count(), 1500);
    QCOMPARE(HttpSession::backoffDelay(config, 10, 0.0).count(), 2000);
    QVERIFY(HttpSession::backoffDelay(config, 1000, 0.999).count() <= 4000);
}

void TestHttpUtil::errorMessagesAreActionable()
{
    Error error = Error::make(Error::Kind::MissingScope, QStringLiteral("Greenhouse"), 403);
    error.scope = QStringLiteral("harvest:jobs:list");
    QVERIFY(error.message().contains(QStringLiteral("harvest:jobs:list")));
    QCOMPARE(error.kindName(), QStringLiteral("missing_scope"));

    Error limited = Error::make(Error::Kind::RateLimited, QStringLiteral("Greenhouse"), 429);
    limited.retryAfter = std::chrono::seconds(12);
    QVERIFY(limited.message().contains(QStringLiteral("12")));

    Error validation = Error::make(Error::Kind::Validation, QStringLiteral("Greenhouse"), 422);
    validation.fieldMessages = { QStringLiteral("per_page: too big") };
    QVERIFY(validation.message().contains(QStringLiteral("per_page: too big")));

    Error lost = Error::make(Error::Kind::Network, QStringLiteral("Greenhouse"));
    lost.outcomeUnknown = true;
    QVERIFY(lost.message().size() > Error::make(Error::Kind::Network, QStringLiteral("Greenhouse")).message().size());

    for (int kind = 0; kind <= int(Error::Kind::Cancelled); ++kind)
    {
        const Error any = Error::make(Error::Kind(kind), QStringLiteral("Greenhouse"));
        QVERIFY2(!any.message().isEmpty(), qPrintable(any.kindName()));
        QVERIFY(any.kindName() != QStringLiteral("unknown"));
    }
}

QTEST_GUILESS_MAIN(TestHttpUtil)
#include "testhttputil.moc"
