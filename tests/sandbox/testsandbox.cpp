#include "sandbox/sandboxserver.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>

#include <memory>

namespace
{
struct Reply
{
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // lower-case names

    QJsonObject object() const { return QJsonDocument::fromJson(body).object(); }
    QJsonArray array() const { return QJsonDocument::fromJson(body).array(); }
    QByteArray header(const char *name) const { return headers.value(QByteArray(name).toLower()); }
};

QByteArray basic(const QString &id, const QString &secret)
{
    return "Basic " + (id + QLatin1Char(':') + secret).toUtf8().toBase64();
}

} // namespace

class TestSandbox final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void tokenErrors_data();
    void tokenErrors();
    void tokenBodyShape();
    void unknownSubAnswer_data();
    void unknownSubAnswer();
    void introspection();
    void unknownPathIs404WithoutToken();
    void missingOrExpiredToken();
    void scopeIsEnforced();
    void jobPostLocationsScopeSwitch();
    void listsNeedSiteAdmin();
    void paginationOrderAndCursorRules();
    void perPageBounds_data();
    void perPageBounds();
    void dateFilters();
    void bracketFilters();
    void candidateDedupeAndCreates();
    void attachments();
    void rateLimitHeadersAnd429();
    void redirectTarget();
    void determinismFromSeed();
    void seededApplicants();
    void platformContract();
    void platformAckLeavesPending();
    void faultSwitches();

private:
    Reply send(const QByteArray &verb, const QUrl &url, const QByteArray &authorization = {},
        const QByteArray &body = {}, const QByteArray &contentType = {});
    QByteArray bearer(qint64 sub = -1);
    Reply harvestGet(const QString &pathAndQuery, const QByteArray &authorization);
    Reply platform(const QByteArray &verb, const QString &pathAndQuery, const QByteArray &body = {});

    std::unique_ptr<Sandbox::Server> m_server;
    std::unique_ptr<QNetworkAccessManager> m_nam;
};

void TestSandbox::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestSandbox::init()
{
    Sandbox::Options options;
    options.jobCount = 120;
    m_server = std::make_unique<Sandbox::Server>(options);
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
    m_nam = std::make_unique<QNetworkAccessManager>();
}

void TestSandbox::cleanup()
{
    m_nam.reset();
    m_server.reset();
}

Reply TestSandbox::send(const QByteArray &verb, const QUrl &url, const QByteArray &authorization,
    const QByteArray &body, const QByteArray &contentType)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (!authorization.isEmpty())
    {
        request.setRawHeader("Authorization", authorization);
    }
    if (!contentType.isEmpty())
    {
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    }
    QNetworkReply *reply = m_nam->sendCustomRequest(request, verb, body);
    QEventLoop loop;
    connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(15000, &loop, &QEventLoop::quit);
    loop.exec();
    Reply result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.error = reply->error();
    result.body = reply->readAll();
    for (const auto &pair : reply->rawHeaderPairs())
    {
        result.headers.insert(pair.first.toLower(), pair.second);
    }
    reply->abort();
    delete reply;
    return result;
}

QByteArray TestSandbox::bearer(qint64 sub)
{
    const Sandbox::Credentials c = m_server->credentials();
    QByteArray form = "grant_type=client_credentials";
    const qint64 actAs = sub < 0 ? c.siteAdminUserId : sub;
    if (actAs > 0)
    {
        form += "&sub=" + QByteArray::number(actAs);
    }
    const Reply reply = send(
        "POST", m_server->tokenUrl(), basic(c.clientId, c.clientSecret), form, "application/x-www-form-urlencoded");
    if (reply.status != 200)
    {
        qWarning() << "token request failed" << reply.status << reply.body;
    }
    return "Bearer " + reply.object().value(QStringLiteral("access_token")).toString().toLatin1();
}

Reply TestSandbox::harvestGet(const QString &pathAndQuery, const QByteArray &authorization)
{
    const QUrl url = QUrl::fromEncoded(m_server->authBaseUrl().toEncoded() + pathAndQuery.toUtf8());
    return send("GET", url, authorization);
}

Reply TestSandbox::platform(const QByteArray &verb, const QString &pathAndQuery, const QByteArray &body)
{
    const QUrl url = QUrl::fromEncoded(m_server->platformBaseUrl().toEncoded() + pathAndQuery.toUtf8());
    return send(verb, url, "Bearer " + m_server->credentials().platformToken.toLatin1(), body,
        body.isEmpty() ? QByteArray() : QByteArray("application/json"));
}

void TestSandbox::tokenErrors_data()
{
    QTest::addColumn<QString>("clientId");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QByteArray>("form");
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("bodyKey");

    QTest::newRow("no authorization") << QString() << QString() << QByteArray("grant_type=client_credentials")
                                      << QString() << 401 << "errorId";
    QTest::newRow("id without suffix") << "tb-sandbox"
                                       << "x" << QByteArray("grant_type=client_credentials") << QString() << 400
                                       << "message";
    QTest::newRow("unknown id") << "someone-else-7"
                                << "x" << QByteArray("grant_type=client_credentials") << QString() << 401 << "error";
    QTest::newRow("wrong secret") << "*"
                                  << "nope" << QByteArray("grant_type=client_credentials") << QString() << 401
                                  << "error";
    QTest::newRow("no grant_type") << "*"
                                   << "*" << QByteArray("sub=1") << QString() << 400 << "message";
    QTest::newRow("bad grant_type") << "*"
                                    << "*" << QByteArray("grant_type=password") << QString() << 400 << "message";
    QTest::newRow("unknown sub") << "*"
                                 << "*" << QByteArray("grant_type=client_credentials&sub=42") << QString() << 400
                                 << "message";
    QTest::newRow("deactivated sub") << "*"
                                     << "*" << QByteArray("grant_type=client_credentials&sub=4080003") << QString()
                                     << 400 << "message";
    QTest::newRow("form body") << "*"
                               << "*" << QByteArray("grant_type=client_credentials&sub=4080001") << QString() << 200
                               << "access_token";
    QTest::newRow("grant in query") << "*"
                                    << "*" << QByteArray() << "grant_type=client_credentials" << 200 << "access_token";
    QTest::newRow("no sub (ISU)") << "*"
                                  << "*" << QByteArray("grant_type=client_credentials") << QString() << 200
                                  << "access_token";
}

void TestSandbox::tokenErrors()
{
    QFETCH(QString, clientId);
    QFETCH(QString, secret);
    QFETCH(QByteArray, form);
    QFETCH(QString, query);
    QFETCH(int, status);
    QFETCH(QString, bodyKey);

    const Sandbox::Credentials c = m_server->credentials();
    QVERIFY(QRegularExpression(QStringLiteral("-\\d+$")).match(c.clientId).hasMatch());
    const QString id = clientId == QLatin1String("*") ? c.clientId : clientId;
    const QString pass = secret == QLatin1String("*") ? c.clientSecret : secret;
    QUrl url = m_server->tokenUrl();
    url.setQuery(query);
    const Reply reply
        = send("POST", url, id.isEmpty() ? QByteArray() : basic(id, pass), form, "application/x-www-form-urlencoded");
    QCOMPARE(reply.status, status);
    QVERIFY2(reply.object().contains(bodyKey), reply.body.constData());
    if (status == 401 && bodyKey == QLatin1String("error"))
    {
        QCOMPARE(reply.object().value(QStringLiteral("error")).toString(), QStringLiteral("invalid_client"));
    }
    if (status == 200)
    {
        const QJsonObject body = reply.object();
        QCOMPARE(body.value(QStringLiteral("token_type")).toString(), QStringLiteral("Bearer"));
        QVERIFY(QDateTime::fromString(body.value(QStringLiteral("expires_at")).toString(), Qt::ISODate).isValid());
        QVERIFY(!body.contains(QStringLiteral("expires_in")));
    }
}

void TestSandbox::tokenBodyShape()
{
    Sandbox::Options options = m_server->options();
    options.tokenBodyShape = Sandbox::TokenBodyShape::ExpiresInOnly;
    options.tokenLifetimeSeconds = 1234;
    m_server->setOptions(options);
    const Sandbox::Credentials c = m_server->credentials();
    Reply reply = send("POST", m_server->tokenUrl(), basic(c.clientId, c.clientSecret), "grant_type=client_credentials",
        "application/x-www-form-urlencoded");
    QCOMPARE(reply.object().value(QStringLiteral("expires_in")).toInt(), 1234);
    QVERIFY(!reply.object().contains(QStringLiteral("expires_at")));

    options.tokenBodyShape = Sandbox::TokenBodyShape::ExpiresAtAndIn;
    m_server->setOptions(options);
    reply = send("POST", m_server->tokenUrl(), basic(c.clientId, c.clientSecret), "grant_type=client_credentials",
        "application/x-www-form-urlencoded");
    QVERIFY(reply.object().contains(QStringLiteral("expires_at")));
    QVERIFY(reply.object().contains(QStringLiteral("expires_in")));

    // A rotated secret stops the old one.
    m_server->setClientSecret(QStringLiteral("rotated"));
    reply = send("POST", m_server->tokenUrl(), basic(c.clientId, c.clientSecret), "grant_type=client_credentials",
        "application/x-www-form-urlencoded");
    QCOMPARE(reply.status, 401);
}

void TestSandbox::unknownSubAnswer_data()
{
    QTest::addColumn<Sandbox::UnknownSubAnswer>("mode");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value"); // empty: any non-empty text
    QTest::newRow("message") << Sandbox::UnknownSubAnswer::Message400 << 400 << "message" << QString();
    QTest::newRow("invalid_grant") << Sandbox::UnknownSubAnswer::InvalidGrant400 << 400 << "error"
                                   << "invalid_grant";
    QTest::newRow("invalid_client") << Sandbox::UnknownSubAnswer::InvalidClient401 << 401 << "error"
                                    << "invalid_client";
    QTest::newRow("forbidden") << Sandbox::UnknownSubAnswer::Forbidden403 << 403 << "message" << QString();
}

void TestSandbox::unknownSubAnswer()
{
    QFETCH(Sandbox::UnknownSubAnswer, mode);
    QFETCH(int, status);
    QFETCH(QString, key);
    QFETCH(QString, value);
    Sandbox::Options options = m_server->options();
    options.unknownSub = mode;
    m_server->setOptions(options);
    const Sandbox::Credentials c = m_server->credentials();
    const Reply reply = send("POST", m_server->tokenUrl(), basic(c.clientId, c.clientSecret),
        "grant_type=client_credentials&sub=42", "application/x-www-form-urlencoded");
    QCOMPARE(reply.status, status);
    const QString text = reply.object().value(key).toString();
    QVERIFY2(value.isEmpty() ? !text.isEmpty() : text == value, reply.body.constData());
    // Only the unknown sub is refused: a known one and no sub still get a token.
    QCOMPARE(send("POST", m_server->tokenUrl(), basic(c.clientId, c.clientSecret),
                 "grant_type=client_credentials&sub=" + QByteArray::number(c.siteAdminUserId),
                 "application/x-www-form-urlencoded")
                 .status,
        200);
    QCOMPARE(send("POST", m_server->tokenUrl(), basic(c.clientId, c.clientSecret), "grant_type=client_credentials",
                 "application/x-www-form-urlencoded")
                 .status,
        200);
}

void TestSandbox::introspection()
{
    const Sandbox::Credentials c = m_server->credentials();
    const QByteArray token = bearer().mid(7);
    const Reply reply = send("POST", m_server->introspectUrl(), basic(c.clientId, c.clientSecret),
        "token=" + token + "&token_type_hint=access_token", "application/x-www-form-urlencoded");
    QCOMPARE(reply.status, 200);
    const QJsonObject body = reply.object();
    QVERIFY(body.value(QStringLiteral("active")).toBool());
    QCOMPARE(body.value(QStringLiteral("sub")).toString(), QString::number(c.siteAdminUserId));
    QCOMPARE(
        body.value(QStringLiteral("scope")).toString().split(QLatin1Char(' ')), Sandbox::Server::allConnectorScopes());
    const QJsonObject claims = body.value(QStringLiteral("https://auth.greenhouse.io/claims")).toObject();
    QVERIFY(
        !claims.value(QStringLiteral("organization")).toObject().value(QStringLiteral("name")).toString().isEmpty());
    QCOMPARE(claims.value(QStringLiteral("user_role")).toString(), QStringLiteral("Site Admin"));

    m_server->expireAllTokens();
    const Reply expired = send("POST", m_server->introspectUrl(), basic(c.clientId, c.clientSecret), "token=" + token,
        "application/x-www-form-urlencoded");
    QCOMPARE(expired.object().value(QStringLiteral("active")).toBool(true), false);
}

void TestSandbox::unknownPathIs404WithoutToken()
{
    const Reply reply = harvestGet(QStringLiteral("/v3/no_such_thing"), {});
    QCOMPARE(reply.status, 404);
    QVERIFY(!reply.header("X-RateLimit-Limit").isEmpty());
    QCOMPARE(harvestGet(QStringLiteral("/v3/candidates/12"), bearer()).status, 404);
    // Routing comes before authentication whatever the token or the verb.
    QCOMPARE(harvestGet(QStringLiteral("/v3/no_such_thing"), "Bearer garbage").status, 404);
    QCOMPARE(harvestGet(QStringLiteral("/v3/jobs/1"), {}).status, 404);
    const QUrl unknownPost = QUrl::fromEncoded(m_server->authBaseUrl().toEncoded() + "/v3/no_such_thing");
    QCOMPARE(send("POST", unknownPost, {}, "{}", "application/json").status, 404);
    QCOMPARE(harvestGet(QStringLiteral("/v3/jobs"), {}).status, 401); // a known path still needs the token
}

void TestSandbox::missingOrExpiredToken()
{
    Reply reply = harvestGet(QStringLiteral("/v3/jobs"), {});
    QCOMPARE(reply.status, 401);
    QVERIFY(reply.object()
                .value(QStringLiteral("errors"))
                .toArray()
                .first()
                .toString()
                .startsWith(QStringLiteral("Token could not be decoded")));
    QCOMPARE(harvestGet(QStringLiteral("/v3/jobs"), "Bearer garbage").status, 401);

    const QByteArray token = bearer();
    QCOMPARE(harvestGet(QStringLiteral("/v3/jobs?per_page=1"), token).status, 200);
    m_server->expireAllTokens();
    QCOMPARE(harvestGet(QStringLiteral("/v3/jobs?per_page=1"), token).status, 401);

    Sandbox::Options options = m_server->options();
    options.tokenLifetimeSeconds = 1;
    m_server->setOptions(options);
    const QByteArray shortLived = bearer();
    QCOMPARE(harvestGet(QStringLiteral("/v3/jobs?per_page=1"), shortLived).status, 200);
    QTest::qWait(1100);
    QCOMPARE(harvestGet(QStringLiteral("/v3/jobs?per_page=1"), shortLived).status, 401);
}

void TestSandbox::scopeIsEnforced()
{
    const QByteArray token = bearer();
    QStringList scopes = Sandbox::Server::allConnectorScopes();
    scopes.removeAll(QStringLiteral("harvest:jobs:list"));
    m_server->setGrantedScopes(scopes);
    const Reply reply = harvestGet(QStringLiteral("/v3/jobs"), token);
    QCOMPARE(reply.status, 403);
    QCOMPARE(reply.object().value(QStringLiteral("message")).toString(), QStringLiteral("Forbidden"));
    QCOMPARE(harvestGet(QStringLiteral("/v3/offices"), token).status, 200);
}

void TestSandbox::jobPostLocationsScopeSwitch()
{
    const QByteArray token = bearer();
    const QString path = QStringLiteral("/v3/job_post_locations?per_page=1");
    QCOMPARE(harvestGet(path, token).status, 200);

    // Covered by harvest:job_posts:list: works without the (then non-existent) own scope.
    Sandbox::Options options = m_server->options();
    options.jobPostLocationsScope = QStringLiteral("harvest:job_posts:list");
    m_server->setOptions(options);
    QStringList scopes = Sandbox::Server::allConnectorScopes();
    scopes.removeAll(QStringLiteral("harvest:job_post_locations:list"));
    m_server->setGrantedScopes(scopes);
    QCOMPARE(harvestGet(path, token).status, 200);
    scopes.removeAll(QStringLiteral("harvest:job_posts:list"));
    m_server->setGrantedScopes(scopes);
    QCOMPARE(harvestGet(path, token).status, 403);

    // Another name the connector does not know: 403 although every connector scope is granted.
    options.jobPostLocationsScope = QStringLiteral("harvest:job_post_locations:read");
    m_server->setOptions(options);
    m_server->setGrantedScopes(Sandbox::Server::allConnectorScopes());
    QCOMPARE(harvestGet(path, token).status, 403);
    QCOMPARE(harvestGet(QStringLiteral("/v3/job_posts?per_page=1"), token).status, 200);
}

void TestSandbox::listsNeedSiteAdmin()
{
    const Sandbox::Credentials c = m_server->credentials();
    QCOMPARE(harvestGet(QStringLiteral("/v3/users"), bearer(c.siteAdminUserId)).status, 200);
    const QByteArray regular = bearer(c.regularUserId);
    QCOMPARE(harvestGet(QStringLiteral("/v3/users"), regular).status, 403);
    QCOMPARE(harvestGet(QStringLiteral("/v3/users"), bearer(0)).status, 403); // no sub: the ISU

    m_server->setUserSiteAdmin(c.regularUserId, true);
    QCOMPARE(harvestGet(QStringLiteral("/v3/users"), regular).status, 200);

    // The user list has an active Site Admin, a non-admin and a deactivated user.
    const QJsonArray users = harvestGet(QStringLiteral("/v3/users"), regular).array();
    bool deactivated = false;
    bool nonAdmin = false;
    for (const QJsonValue &u : users)
    {
        deactivated = deactivated || u.toObject().value(QStringLiteral("deactivated")).toBool();
        nonAdmin = nonAdmin || !u.toObject().value(QStringLiteral("site_admin")).toBool();
    }
    QVERIFY(deactivated);
    QVERIFY(nonAdmin);
}

void TestSandbox::paginationOrderAndCursorRules()
{
    const QByteArray token = bearer();
    Reply first = harvestGet(QStringLiteral("/v3/jobs?per_page=7&status=open"), token);
    QCOMPARE(first.status, 200);
    QJsonArray page = first.array();
    QCOMPARE(page.size(), 7);
    for (qsizetype i = 1; i < page.size(); ++i)
    {
        QVERIFY(page.at(i - 1).toObject().value(QStringLiteral("id")).toInteger()
            > page.at(i).toObject().value(QStringLiteral("id")).toInteger());
        QCOMPARE(page.at(i).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("open"));
    }
    const QRegularExpressionMatch link = QRegularExpression(QStringLiteral("^<([^>]+)>; rel=\"next\"$"))
                                             .match(QString::fromLatin1(first.header("Link")));
    QVERIFY2(link.hasMatch(), first.header("Link").constData());
    const QUrl next(link.captured(1));
    QCOMPARE(QUrlQuery(next).queryItems().size(), 1);

    const Reply second = send("GET", next, token);
    QCOMPARE(second.status, 200);
    QCOMPARE(second.array().size(), 7);
    QVERIFY(second.array().first().toObject().value(QStringLiteral("id")).toInteger()
        < page.last().toObject().value(QStringLiteral("id")).toInteger());

    // Walk to the end: every open job once, and the last page has no Link.
    int total = 14;
    QUrl url
        = QUrl(QString::fromLatin1(second.header("Link")).section(QLatin1Char('<'), 1).section(QLatin1Char('>'), 0, 0));
    while (url.isValid() && !url.isEmpty())
    {
        const Reply r = send("GET", url, token);
        QCOMPARE(r.status, 200);
        total += int(r.array().size());
        url = r.header("Link").isEmpty()
            ? QUrl()
            : QUrl(QString::fromLatin1(r.header("Link")).section(QLatin1Char('<'), 1).section(QLatin1Char('>'), 0, 0));
    }
    int open = 0;
    for (const QJsonObject &job : m_server->harvestJobs())
    {
        open += job.value(QStringLiteral("status")).toString() == QLatin1String("open");
    }
    QCOMPARE(total, open);
    QVERIFY(open > 40 && open < 100); // about 60% of 120

    // A cursor travels alone.
    QUrl mixed = next;
    QUrlQuery query(mixed);
    query.addQueryItem(QStringLiteral("per_page"), QStringLiteral("7"));
    mixed.setQuery(query);
    const Reply rejected = send("GET", mixed, token);
    QCOMPARE(rejected.status, 422);
    QCOMPARE(rejected.object().value(QStringLiteral("message")).toString(), QStringLiteral("Unprocessable Content"));
    QCOMPARE(rejected.object().value(QStringLiteral("errors")).toArray().first().toString(),
        QStringLiteral("When passing a cursor, do not include other query params."));
    QCOMPARE(harvestGet(QStringLiteral("/v3/jobs?cursor=bm9wZQ"), token).status, 422);
    QCOMPARE(harvestGet(QStringLiteral("/v3/jobs?cursor=%%%"), token).status, 422);

    // ids: at most 50.
    QStringList ids;
    for (int i = 0; i < 51; ++i)
    {
        ids << QString::number(i + 1);
    }
    QCOMPARE(harvestGet(QStringLiteral("/v3/jobs?ids=") + ids.join(QLatin1Char(',')), token).status, 422);
    ids.removeLast();
    QCOMPARE(harvestGet(QStringLiteral("/v3/jobs?ids=") + ids.join(QLatin1Char(',')), token).status, 200);
    QCOMPARE(harvestGet(QStringLiteral("/v3/jobs?status=bogus"), token).status, 422);
}

void TestSandbox::perPageBounds_data()
{
    QTest::addColumn<QString>("perPage");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("rows");
    QTest::newRow("default") << QString() << 200 << 100;
    QTest::newRow("1") << "1" << 200 << 1;
    QTest::newRow("500") << "500" << 200 << 120;
    QTest::newRow("600") << "600" << 422 << 0;
    QTest::newRow("0") << "0" << 422 << 0;
    QTest::newRow("abc") << "abc" << 422 << 0;
}

void TestSandbox::perPageBounds()
{
    QFETCH(QString, perPage);
    QFETCH(int, status);
    QFETCH(int, rows);
    const Reply reply = harvestGet(
        perPage.isEmpty() ? QStringLiteral("/v3/jobs") : QStringLiteral("/v3/jobs?per_page=") + perPage, bearer());
    QCOMPARE(reply.status, status);
    if (status == 200)
    {
        QCOMPARE(reply.array().size(), rows);
    }
    if (perPage == QLatin1String("600"))
    {
        QCOMPARE(reply.object()
                     .value(QStringLiteral("errors"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("per_page"))
                     .toString(),
            QStringLiteral("`600` number is greater than: 500"));
    }
}

void TestSandbox::dateFilters()
{
    const QByteArray token = bearer();
    const QDateTime from(QDate(2026, 6, 1), QTime(0, 0), Qt::UTC);
    const QDateTime to(QDate(2026, 9, 1), QTime(0, 0), Qt::UTC);
    const Reply reply = harvestGet(
        QStringLiteral("/v3/jobs?per_page=500&updated_at=gte%7C2026-06-01T00:00:00Z%7Clte%7C2026-09-01T00:00:00Z"),
        token);
    QCOMPARE(reply.status, 200);
    QVERIFY(!reply.array().isEmpty());
    for (const QJsonValue &job : reply.array())
    {
        const QDateTime at
            = QDateTime::fromString(job.toObject().value(QStringLiteral("updated_at")).toString(), Qt::ISODateWithMs);
        QVERIFY(at >= from && at <= to);
    }
    const Reply oneSided
        = harvestGet(QStringLiteral("/v3/jobs?per_page=500&updated_at=gt|2026-06-01T00:00:00.000Z"), token);
    QCOMPARE(oneSided.status, 200);
    QVERIFY(oneSided.array().size() > reply.array().size());

    // An offset sent with a raw '+' reads as a space and fails; %2B is the right encoding.
    m_server->clearRequestLog();
    QCOMPARE(harvestGet(QStringLiteral("/v3/jobs?updated_at=gte|2026-06-01T02:00:00+02:00"), token).status, 422);
    QCOMPARE(harvestGet(QStringLiteral("/v3/jobs?updated_at=gte|2026-06-01T02:00:00%2B02:00"), token).status, 200);
    const QList<Sandbox::LoggedRequest> log = m_server->requestLog();
    QCOMPARE(log.size(), 2);
    QVERIFY(log.at(0).rawTarget.contains("+02:00"));
    QVERIFY(log.at(1).rawTarget.contains("%2B02:00"));
    QVERIFY(!log.at(1).rawTarget.contains('+'));
    QCOMPARE(log.at(1).service, QStringLiteral("harvest"));
    QCOMPARE(log.at(1).path, QStringLiteral("/v3/jobs"));
    QVERIFY(log.at(1).authorization.startsWith("Bearer "));
}

void TestSandbox::bracketFilters()
{
    const QByteArray token = bearer();
    const QString bracket = QStringLiteral("/v3/jobs?updated_at%5Bgte%5D=2026-06-01T00:00:00Z");
    QCOMPARE(harvestGet(bracket, token).status, 422);
    Sandbox::Options options = m_server->options();
    options.bracketFilters = Sandbox::BracketFilterMode::Accept;
    m_server->setOptions(options);
    const Reply accepted = harvestGet(bracket + QStringLiteral("&per_page=500"), token);
    QCOMPARE(accepted.status, 200);
    const Reply pipe = harvestGet(QStringLiteral("/v3/jobs?per_page=500&updated_at=gte|2026-06-01T00:00:00Z"), token);
    QCOMPARE(accepted.array(), pipe.array());
}

void TestSandbox::candidateDedupeAndCreates()
{
    const QByteArray token = bearer();
    const Reply found = harvestGet(QStringLiteral("/v3/candidates?email=ALEX.Morgan%40example.org"), token);
    QCOMPARE(found.status, 200);
    QCOMPARE(found.array().size(), 1);

    qint64 openJob = 0;
    for (const QJsonObject &job : m_server->harvestJobs())
    {
        if (job.value(QStringLiteral("status")).toString() == QLatin1String("open"))
        {
            openJob = job.value(QStringLiteral("id")).toInteger();
        }
    }
    const QUrl candidates = QUrl(m_server->harvestBaseUrl().toString() + QStringLiteral("/candidates"));
    const QJsonObject body { { QStringLiteral("first_name"), QStringLiteral("Zoë") },
        { QStringLiteral("last_name"), QStringLiteral("李") },
        { QStringLiteral("tags"), QJsonArray { QStringLiteral("smartdreamers-app_zoe") } },
        { QStringLiteral("email_addresses"),
            QJsonArray { QJsonObject { { QStringLiteral("value"), QStringLiteral("zoe@example.org") },
                { QStringLiteral("type"), QStringLiteral("personal") } } } },
        { QStringLiteral("application"), QJsonObject { { QStringLiteral("job_id"), openJob } } } };
    Reply created = send("POST", candidates, token, QJsonDocument(body).toJson(), "application/json");
    QCOMPARE(created.status, 201);
    const qint64 candidateId = created.object().value(QStringLiteral("id")).toInteger();
    QVERIFY(candidateId > 0);
    QCOMPARE(m_server->createdCandidates().size(), 1);
    QCOMPARE(m_server->createdApplications().size(), 1);
    QCOMPARE(m_server->createdApplications().first().value(QStringLiteral("stage_name")).toString(),
        QStringLiteral("Application Review"));

    // The tag filter finds a candidate by a tag name, exactly and ignoring case.
    QCOMPARE(harvestGet(QStringLiteral("/v3/candidates?tag=SmartDreamers-app_zoe"), token).array().size(), 1);
    QCOMPARE(harvestGet(QStringLiteral("/v3/candidates?tag=smartdreamers-app_zo"), token).array().size(), 0);

    const Reply apps = harvestGet(
        QStringLiteral("/v3/applications?candidate_ids=%1&job_ids=%2&status=active").arg(candidateId).arg(openJob),
        token);
    QCOMPARE(apps.array().size(), 1);
    QCOMPARE(apps.array().first().toObject().value(QStringLiteral("status")).toString(), QStringLiteral("in_process"));

    // The wrong arm of the application oneOf is a 422; so is a missing last name.
    const QUrl applications = QUrl(m_server->harvestBaseUrl().toString() + QStringLiteral("/applications"));
    const QJsonObject wrongArm { { QStringLiteral("candidate_id"), candidateId }, { QStringLiteral("prospect"), true },
        { QStringLiteral("job_id"), openJob } };
    QCOMPARE(send("POST", applications, token, QJsonDocument(wrongArm).toJson(), "application/json").status, 422);
    const QJsonObject plural { { QStringLiteral("candidate_id"), candidateId },
        { QStringLiteral("job_ids"), QJsonArray { openJob } } };
    QCOMPARE(send("POST", applications, token, QJsonDocument(plural).toJson(), "application/json").status, 422);
    const QJsonObject prospect { { QStringLiteral("candidate_id"), candidateId },
        { QStringLiteral("prospect"), true } };
    QCOMPARE(send("POST", applications, token, QJsonDocument(prospect).toJson(), "application/json").status, 201);
    QCOMPARE(send("POST", candidates, token, R"({"first_name":"A"})", "application/json").status, 422);

    Sandbox::Options options = m_server->options();
    options.candidateCreateShape = Sandbox::CandidateCreateShape::Wrapped;
    m_server->setOptions(options);
    created = send("POST", candidates, token, QJsonDocument(body).toJson(), "application/json");
    QCOMPARE(created.status, 201);
    QVERIFY(created.object().value(QStringLiteral("candidate")).isObject());
    QVERIFY(created.object().value(QStringLiteral("application")).isObject());

    // Writes are checked against scopes too.
    m_server->setGrantedScopes({ QStringLiteral("harvest:candidates:list") });
    QCOMPARE(send("POST", candidates, token, QJsonDocument(body).toJson(), "application/json").status, 403);
}

void TestSandbox::attachments()
{
    const QByteArray token = bearer();
    const qint64 applicationId = harvestGet(QStringLiteral("/v3/applications?per_page=1"), token)
                                     .array()
                                     .first()
                                     .toObject()
                                     .value(QStringLiteral("id"))
                                     .toInteger();
    const QUrl url = QUrl(m_server->harvestBaseUrl().toString() + QStringLiteral("/attachments"));
    const QByteArray pdf = "%PDF-1.4 tiny";
    QJsonObject body { { QStringLiteral("application_id"), applicationId },
        { QStringLiteral("filename"), QStringLiteral("cv.pdf") }, { QStringLiteral("type"), QStringLiteral("resume") },
        { QStringLiteral("content"), QString::fromLatin1(pdf.toBase64()) } };
    const Reply created = send("POST", url, token, QJsonDocument(body).toJson(), "application/json");
    QCOMPARE(created.status, 201);
    const qint64 id = created.object().value(QStringLiteral("id")).toInteger();
    QCOMPARE(m_server->attachmentBytes(id), pdf);
    QCOMPARE(m_server->createdAttachments().first().value(QStringLiteral("size")).toInt(), pdf.size());
    QVERIFY(!m_server->createdAttachments().first().contains(QStringLiteral("content")));

    body.insert(QStringLiteral("filename"), QStringLiteral("cv.exe"));
    QCOMPARE(send("POST", url, token, QJsonDocument(body).toJson(), "application/json").status, 422);
    body.insert(QStringLiteral("filename"), QStringLiteral("cv.pdf"));
    body.insert(QStringLiteral("content"), QStringLiteral("***not base64***"));
    QCOMPARE(send("POST", url, token, QJsonDocument(body).toJson(), "application/json").status, 422);
}

void TestSandbox::rateLimitHeadersAnd429()
{
    Sandbox::Options options;
    options.jobCount = 20;
    options.harvestRateLimit = 5;
    m_server = std::make_unique<Sandbox::Server>(options);
    QVERIFY(m_server->start());
    const QByteArray token = bearer();

    const QStringList paths
        = { QStringLiteral("/v3/jobs"), QStringLiteral("/v3/nope"), QStringLiteral("/v3/jobs?per_page=900"),
              QStringLiteral("/v3/departments"), QStringLiteral("/v3/offices"), QStringLiteral("/v3/jobs") };
    QList<Reply> replies;
    for (const QString &path : paths)
    {
        replies.append(harvestGet(path, token));
    }
    // A window boundary could fall between the calls; then the count restarts once.
    int remaining = 5;
    for (qsizetype i = 0; i < replies.size(); ++i)
    {
        const Reply &r = replies.at(i);
        QCOMPARE(r.header("X-RateLimit-Limit"), QByteArray("5"));
        QVERIFY(!r.header("X-RateLimit-Remaining").isEmpty());
        QVERIFY(r.header("X-RateLimit-Reset").toLongLong() > QDateTime::currentSecsSinceEpoch() - 1);
        remaining = r.header("X-RateLimit-Remaining").toInt();
    }
    QCOMPARE(replies.at(1).status, 404);
    QCOMPARE(replies.at(2).status, 422);
    const Reply &last = replies.constLast();
    if (last.status == 429)
    {
        QCOMPARE(remaining, 0);
        QVERIFY(last.header("Retry-After").toInt() >= 1);
        QCOMPARE(last.object().value(QStringLiteral("message")).toString(), QStringLiteral("Too Many Requests"));
    }
    else
    {
        QSKIP("a rate window ended during the burst; rerun");
    }
}

void TestSandbox::redirectTarget()
{
    QUrl target = m_server->echoUrl();
    target.setHost(QStringLiteral("localhost"));
    m_server->setRedirect(QStringLiteral("/v3/sources"), target);
    const QByteArray token = bearer();
    const Reply reply = harvestGet(QStringLiteral("/v3/sources"), token);
    QCOMPARE(reply.status, 302);
    QCOMPARE(QUrl(QString::fromLatin1(reply.header("Location"))), target);

    // The echo route logs what arrived.
    m_server->clearRequestLog();
    const Reply echoed = send("GET", target, {});
    QCOMPARE(echoed.status, 200);
    QCOMPARE(echoed.object().value(QStringLiteral("authorization_present")).toBool(true), false);
    QCOMPARE(m_server->requestLog().size(), 1);
    QCOMPARE(m_server->requestLog().first().service, QStringLiteral("platform"));
    QVERIFY(m_server->requestLog().first().authorization.isEmpty());
}

void TestSandbox::determinismFromSeed()
{
    Sandbox::Options options;
    options.jobCount = 120;
    Sandbox::Server twin(options);
    QCOMPARE(twin.credentials().clientId, m_server->credentials().clientId);
    QCOMPARE(twin.credentials().clientSecret, m_server->credentials().clientSecret);
    QCOMPARE(twin.credentials().platformToken, m_server->credentials().platformToken);
    QCOMPARE(twin.harvestJobs(), m_server->harvestJobs());
    QCOMPARE(twin.platformApplicants().size(), m_server->platformApplicants().size());
    QCOMPARE(twin.platformApplicants().first().value(QStringLiteral("id")),
        m_server->platformApplicants().first().value(QStringLiteral("id")));

    options.seed = 7;
    Sandbox::Server other(options);
    QVERIFY(other.credentials().clientSecret != m_server->credentials().clientSecret);
    QVERIFY(other.harvestJobs() != m_server->harvestJobs());
}

void TestSandbox::seededApplicants()
{
    const QList<QJsonObject> applicants = m_server->platformApplicants();
    QCOMPARE(applicants.size(), 60);
    int pdf = 0;
    int docx = 0;
    int empty = 0;
    int none = 0;
    int wrongType = 0;
    for (const QJsonObject &a : applicants)
    {
        const QString id = a.value(QStringLiteral("id")).toString();
        if (a.value(QStringLiteral("resume")).isNull())
        {
            ++none;
            continue;
        }
        const QByteArray bytes = m_server->resumeBytes(id);
        const QString type
            = a.value(QStringLiteral("resume")).toObject().value(QStringLiteral("content_type")).toString();
        empty += bytes.isEmpty();
        pdf += bytes.startsWith("%PDF-") && bytes.trimmed().endsWith("%%EOF");
        docx += bytes.startsWith("PK\x03\x04");
        wrongType += bytes.startsWith("%PDF-") && type != QLatin1String("application/pdf");
    }
    QVERIFY(pdf > 10);
    QVERIFY(docx >= 1);
    QCOMPARE(empty, 1);
    QVERIFY(none >= 1);
    QVERIFY(wrongType >= 1);
    QCOMPARE(applicants.at(1).value(QStringLiteral("email")).toString().trimmed().toLower(),
        QStringLiteral("alex.morgan@example.org"));
    QVERIFY(applicants.at(3).value(QStringLiteral("first_name")).isNull());
}

void TestSandbox::platformContract()
{
    QCOMPARE(platform("GET", QStringLiteral("/v1/me")).status, 200);
    const Reply bad
        = send("GET", QUrl(m_server->platformBaseUrl().toString() + QStringLiteral("/v1/me")), "Bearer wrong");
    QCOMPARE(bad.status, 401);
    QCOMPARE(bad.object().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
        QStringLiteral("unauthorized"));

    const QJsonObject job { { QStringLiteral("source"), QStringLiteral("greenhouse") },
        { QStringLiteral("source_job_id"), QStringLiteral("4012345") },
        { QStringLiteral("title"), QStringLiteral("Senior Backend Engineer") },
        { QStringLiteral("status"), QStringLiteral("open") },
        { QStringLiteral("offices"), QJsonArray { QStringLiteral("Berlin") } }, { QStringLiteral("openings"), 2 },
        { QStringLiteral("updated_at"), QStringLiteral("2026-11-30T09:12:44Z") } };
    QCOMPARE(platform("PUT", QStringLiteral("/v1/jobs/4012345"), QJsonDocument(job).toJson()).status, 201);
    QCOMPARE(platform("PUT", QStringLiteral("/v1/jobs/4012345"), QJsonDocument(job).toJson()).status, 200);
    QCOMPARE(platform("PUT", QStringLiteral("/v1/jobs/999"), QJsonDocument(job).toJson()).status, 422);
    QCOMPARE(m_server->platformJobs().size(), 1);
    const Reply jobs = platform("GET", QStringLiteral("/v1/jobs?limit=10"));
    QCOMPARE(jobs.object().value(QStringLiteral("data")).toArray().size(), 1);
    QVERIFY(jobs.object().value(QStringLiteral("next_cursor")).isNull());
    QCOMPARE(platform("GET", QStringLiteral("/v1/jobs?limit=201")).status, 400);
}

void TestSandbox::platformAckLeavesPending()
{
    Reply first = platform("GET", QStringLiteral("/v1/applicants?status=pending&limit=25"));
    QCOMPARE(first.status, 200);
    const QJsonArray data = first.object().value(QStringLiteral("data")).toArray();
    QCOMPARE(data.size(), 25);
    const QString cursor = first.object().value(QStringLiteral("next_cursor")).toString();
    QVERIFY(!cursor.isEmpty());
    QCOMPARE(platform("GET", QStringLiteral("/v1/applicants?status=pending&cursor=") + cursor).status, 400);
    const Reply second = platform("GET", QStringLiteral("/v1/applicants?limit=25&cursor=") + cursor);
    QCOMPARE(second.status, 200);
    QVERIFY(second.object().value(QStringLiteral("data")).toArray().first().toObject().value(QStringLiteral("id"))
        != data.first().toObject().value(QStringLiteral("id")));

    const QJsonObject firstApplicant = data.first().toObject();
    const QString id = firstApplicant.value(QStringLiteral("id")).toString();
    if (firstApplicant.value(QStringLiteral("resume")).isObject())
    {
        const QUrl resumeUrl(
            firstApplicant.value(QStringLiteral("resume")).toObject().value(QStringLiteral("url")).toString());
        const Reply resume = send("GET", resumeUrl, "Bearer " + m_server->credentials().platformToken.toLatin1());
        QCOMPARE(resume.status, 200);
        QCOMPARE(resume.body, m_server->resumeBytes(id));
    }

    const QByteArray ackBody = R"({"outcome":"imported","ats_candidate_id":"98765","ats_application_id":"123456"})";
    QCOMPARE(platform("POST", QStringLiteral("/v1/applicants/%1/ack").arg(id), ackBody).status, 200);
    QCOMPARE(platform("POST", QStringLiteral("/v1/applicants/%1/ack").arg(id), ackBody).status, 200);
    QCOMPARE(platform("POST", QStringLiteral("/v1/applicants/%1/ack").arg(id), R"({"outcome":"rejected","reason":"x"})")
                 .status,
        409);
    QCOMPARE(platform("POST", QStringLiteral("/v1/applicants/nope/ack"), ackBody).status, 404);

    const Reply after = platform("GET", QStringLiteral("/v1/applicants?status=pending&limit=200"));
    const QJsonArray pending = after.object().value(QStringLiteral("data")).toArray();
    QCOMPARE(pending.size(), 59);
    for (const QJsonValue &a : pending)
    {
        QVERIFY(a.toObject().value(QStringLiteral("id")).toString() != id);
    }
    for (const QJsonObject &a : m_server->platformApplicants())
    {
        if (a.value(QStringLiteral("id")).toString() == id)
        {
            QCOMPARE(a.value(QStringLiteral("status")).toString(), QStringLiteral("acked"));
            QCOMPARE(a.value(QStringLiteral("ack")).toObject().value(QStringLiteral("ats_candidate_id")).toString(),
                QStringLiteral("98765"));
        }
    }

    m_server->addApplicant(QJsonObject { { QStringLiteral("id"), QStringLiteral("app_new") },
        { QStringLiteral("source_job_id"), QStringLiteral("1") } });
    QCOMPARE(platform("GET", QStringLiteral("/v1/applicants?limit=200"))
                 .object()
                 .value(QStringLiteral("data"))
                 .toArray()
                 .size(),
        60);
}

void TestSandbox::faultSwitches()
{
    const QByteArray token = bearer();
    Sandbox::Options options = m_server->options();

    options.serverErrorRate = 1.0;
    m_server->setOptions(options);
    for (int i = 0; i < 6; ++i)
    {
        const Reply r = harvestGet(QStringLiteral("/v3/jobs"), token);
        QVERIFY2(r.status == 500 || r.status == 502 || r.status == 503, QByteArray::number(r.status).constData());
        QVERIFY(!r.header("X-RateLimit-Limit").isEmpty());
        if (r.status == 502)
        {
            QVERIFY(r.body.startsWith("<html>"));
        }
    }
    QCOMPARE(platform("GET", QStringLiteral("/v1/me")).status / 100, 5);

    options.serverErrorRate = 0.0;
    options.dropRate = 1.0;
    m_server->setOptions(options);
    const Reply dropped = harvestGet(QStringLiteral("/v3/jobs"), token);
    QCOMPARE(dropped.status, 0);
    QVERIFY(dropped.error != QNetworkReply::NoError);

    options.dropRate = 0.0;
    options.malformedJsonRate = 1.0;
    m_server->setOptions(options);
    const Reply truncated = harvestGet(QStringLiteral("/v3/jobs"), token);
    QCOMPARE(truncated.status, 200);
    QJsonParseError error;
    QJsonDocument::fromJson(truncated.body, &error);
    QVERIFY(error.error != QJsonParseError::NoError);

    options.malformedJsonRate = 0.0;
    options.stuckNextLink = true;
    options.latencyMs = 50;
    m_server->setOptions(options);
    QElapsedTimer timer;
    timer.start();
    const Reply page = harvestGet(QStringLiteral("/v3/jobs?per_page=5"), token);
    QVERIFY(timer.elapsed() >= 50);
    const QUrl next(
        QString::fromLatin1(page.header("Link")).section(QLatin1Char('<'), 1).section(QLatin1Char('>'), 0, 0));
    const Reply again = send("GET", next, token);
    QCOMPARE(again.array(), page.array());
}

QTEST_GUILESS_MAIN(TestSandbox)

#include "testsandbox.moc"
