#include "core/harvest/harvestclient.h"
#include "sandbox/sandboxserver.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>
#include <QTimeZone>

#include <thread>

using namespace Harvest;
using namespace std::chrono_literals;
using Kind = Net::Error::Kind;

namespace
{
// Everything our own categories print, to prove no secret ever reaches a log.
QMutex g_logMutex;
QStringList g_ownLog;
QtMessageHandler g_previousHandler = nullptr;

void captureMessages(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QLatin1String category(context.category ? context.category : "");
    if (category == QLatin1String("talentbridge.net") || category == QLatin1String("talentbridge.harvest"))
    {
        QMutexLocker lock(&g_logMutex);
        g_ownLog.append(message);
    }
    if (g_previousHandler)
    {
        g_previousHandler(type, context, message);
    }
}

int countRequests(const QList<Sandbox::LoggedRequest> &log, const QString &service, const QByteArray &method = {},
    const QString &path = {}, int status = -1)
{
    int count = 0;
    for (const Sandbox::LoggedRequest &entry : log)
    {
        if (entry.service == service && (method.isEmpty() || entry.method == method)
            && (path.isEmpty() || entry.path == path) && (status < 0 || entry.status == status))
        {
            ++count;
        }
    }
    return count;
}
} // namespace

class TestHarvestClient final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void introspectReportsOrganisationUserAndScopes();
    void listingFollowsNextLinkExactly();
    void typedCallsReturnData();
    void nonAdvancingNextLinkIsAnError();
    void tooManyRequestsHonoursRetryAfter();
    void sharedLimiterThrottlesBeforeBudgetIsGone();
    void tokenExpiryMidListingMintsOnce();
    void unauthorizedIsRetriedOnceWithNewToken();
    void redirectToOtherHostDropsAuthorization();
    void redirectToSameHostKeepsAuthorization();
    void plusAndPipesAreNeverRawInQuery();
    void wrongSecretIsInvalidClient();
    void unknownActingUserIsNotAWrongSecret_data();
    void unknownActingUserIsNotAWrongSecret();
    void malformedClientIdIsRecognised();
    void missingScopeIsNamed();
    void nonSiteAdminIsForbiddenUser();
    void serverErrorsRetriedForGetButNotPost();
    void timeoutIsReported();
    void stopRequestCancelsPromptly();
    void stopRequestLetsASentWriteFinish();
    void createCandidateFlatShape();
    void createCandidateWrappedShape();
    void createApplicationAndAttachment();
    void tokenBodyShapes_data();
    void tokenBodyShapes();
    void httpIsRefusedForRemoteHosts();
    void truncatedJsonIsMalformedResponse();

private:
    ClientConfig config(std::optional<qint64> sub = std::nullopt) const;
    Sandbox::Options defaultOptions() const;
    void restart(const Sandbox::Options &options);

    std::unique_ptr<Sandbox::Server> m_server;
};

void TestHarvestClient::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    g_previousHandler = qInstallMessageHandler(captureMessages);
}

Sandbox::Options TestHarvestClient::defaultOptions() const
{
    Sandbox::Options options;
    options.jobCount = 60;
    options.applicantCount = 10;
    return options;
}

void TestHarvestClient::restart(const Sandbox::Options &options)
{
    m_server = std::make_unique<Sandbox::Server>(options);
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
}

void TestHarvestClient::init()
{
    restart(defaultOptions());
    QMutexLocker lock(&g_logMutex);
    g_ownLog.clear();
}

void TestHarvestClient::cleanup()
{
    // Nothing secret may have been logged by the client: not the secret, not the client
    // id, not a token, not an Authorization header.
    const Sandbox::Credentials credentials = m_server->credentials();
    QStringList secrets { credentials.clientSecret, credentials.clientId };
    for (const Sandbox::LoggedRequest &entry : m_server->requestLog())
    {
        const QByteArray value = entry.authorization.mid(entry.authorization.indexOf(' ') + 1);
        if (!value.isEmpty())
        {
            secrets.append(QString::fromLatin1(value));
        }
    }
    {
        QMutexLocker lock(&g_logMutex);
        for (const QString &line : std::as_const(g_ownLog))
        {
            for (const QString &secret : std::as_const(secrets))
            {
                QVERIFY2(secret.isEmpty() || !line.contains(secret),
                    qPrintable(QStringLiteral("secret in log: ") + line.left(40)));
            }
            QVERIFY(!line.contains(QStringLiteral("Bearer "), Qt::CaseInsensitive));
        }
    }
    m_server.reset();
}

ClientConfig TestHarvestClient::config(std::optional<qint64> sub) const
{
    const Sandbox::Credentials credentials = m_server->credentials();
    ClientConfig config;
    config.baseUrl = m_server->harvestBaseUrl();
    config.tokenUrl = m_server->tokenUrl();
    config.introspectUrl = m_server->introspectUrl();
    config.clientId = credentials.clientId;
    config.clientSecret = credentials.clientSecret;
    config.actingUserId = sub ? sub : std::optional<qint64>(credentials.siteAdminUserId);
    config.perPage = 10;
    config.session.transferTimeout = 10s;
    config.session.backoffBase = 20ms;
    config.session.backoffMax = 200ms;
    return config;
}

void TestHarvestClient::introspectReportsOrganisationUserAndScopes()
{
    const HarvestClient client(config());
    const auto info = client.introspect();
    QVERIFY2(info.ok(), qPrintable(info.ok() ? QString() : info.error().message()));
    QVERIFY(info->active);
    QCOMPARE(info->actingUserId, QString::number(m_server->credentials().siteAdminUserId));
    QVERIFY(!info->organizationName.isEmpty());
    for (const QString &scope : Sandbox::Server::allConnectorScopes())
    {
        QVERIFY2(info->scopes.contains(scope), qPrintable(scope));
    }
}

void TestHarvestClient::listingFollowsNextLinkExactly()
{
    const HarvestClient client(config());
    ListOptions options;
    options.filter(QStringLiteral("status"), QStringLiteral("open"));
    options.updatedFrom = QDateTime(QDate(2000, 1, 1), QTime(0, 0), QTimeZone::utc());
    options.perPage = 5;
    const auto jobs = client.jobs(options);
    QVERIFY2(jobs.ok(), qPrintable(jobs.ok() ? QString() : jobs.error().message()));
    QVERIFY(jobs->size() > 5);
    QSet<qint64> ids;
    for (const Job &job : jobs.value())
    {
        QCOMPARE(job.status, QStringLiteral("open"));
        ids.insert(job.id);
    }
    QCOMPARE(ids.size(), jobs->size());

    const QList<Sandbox::LoggedRequest> log = m_server->requestLog();
    QList<QByteArray> targets;
    for (const Sandbox::LoggedRequest &entry : log)
    {
        if (entry.service == QLatin1String("harvest"))
        {
            targets.append(entry.rawTarget);
            QCOMPARE(entry.status, 200);
        }
    }
    QVERIFY(targets.size() >= 2);
    // Filters and per_page on the first request only.
    QVERIFY(targets.first().contains("status=open"));
    QVERIFY(targets.first().contains("per_page=5"));
    QVERIFY(targets.first().contains("updated_at=gte%7C2000-01-01T00%3A00%3A00Z"));
    // After that, the cursor travels alone, exactly as the Link header gave it.
    static const QRegularExpression cursorOnly(QStringLiteral("^/v3/jobs\\?cursor=[^&]+$"));
    for (qsizetype i = 1; i < targets.size(); ++i)
    {
        QVERIFY2(cursorOnly.match(QString::fromLatin1(targets.at(i))).hasMatch(), targets.at(i).constData());
    }
}

void TestHarvestClient::typedCallsReturnData()
{
    const HarvestClient client(config());
    const auto departments = client.departments();
    QVERIFY(departments.ok());
    QVERIFY(!departments->isEmpty());
    const auto offices = client.offices();
    QVERIFY(offices.ok());
    QVERIFY(!offices->isEmpty());
    const auto users = client.users();
    QVERIFY(users.ok());
    QVERIFY(std::any_of(users->begin(), users->end(), [](const User &user) { return user.siteAdmin; }));
    const auto sources = client.sources();
    QVERIFY(sources.ok());
    QVERIFY(!sources->isEmpty());
    const auto jobs = client.jobs();
    QVERIFY(jobs.ok());
    QVERIFY(!jobs->isEmpty());
    const auto openings = client.openings();
    QVERIFY(openings.ok());
    const auto posts = client.jobPosts();
    QVERIFY(posts.ok());
    QVERIFY(!posts->isEmpty());
    QList<qint64> postIds;
    for (const JobPost &post : posts.value())
    {
        postIds.append(post.id);
    }
    const auto locations = client.jobPostLocations(postIds);
    QVERIFY2(locations.ok(), qPrintable(locations.ok() ? QString() : locations.error().message()));
    const auto stages = client.jobInterviewStages({ jobs->first().id });
    QVERIFY(stages.ok());
    QVERIFY(!stages->isEmpty());
    QCOMPARE(stages->first().jobId, jobs->first().id);
}

void TestHarvestClient::nonAdvancingNextLinkIsAnError()
{
    Sandbox::Options options = defaultOptions();
    options.stuckNextLink = true;
    m_server->setOptions(options);
    const HarvestClient client(config());
    const auto jobs = client.jobs();
    QVERIFY(!jobs.ok());
    QCOMPARE(jobs.error().kind, Kind::PaginationNotAdvancing);
    QVERIFY(countRequests(m_server->requestLog(), QStringLiteral("harvest")) <= 3);
}

void TestHarvestClient::tooManyRequestsHonoursRetryAfter()
{
    Sandbox::Options options = defaultOptions();
    options.harvestRateLimit = 3;
    options.harvestWindowSeconds = 2;
    m_server->setOptions(options);

    // Another client spends the budget; ours knows nothing of it and meets a 429.
    const HarvestClient other(config());
    for (int i = 0; i < 3; ++i)
    {
        QVERIFY(other.sources().ok());
    }
    const HarvestClient client(config());
    QElapsedTimer timer;
    timer.start();
    const auto sources = client.sources();
    QVERIFY2(sources.ok(), qPrintable(sources.ok() ? QString() : sources.error().message()));
    QVERIFY(countRequests(m_server->requestLog(), QStringLiteral("harvest"), "GET", {}, 429) >= 1);
    QVERIFY(timer.elapsed() >= 500);
}

void TestHarvestClient::sharedLimiterThrottlesBeforeBudgetIsGone()
{
    Sandbox::Options options = defaultOptions();
    options.harvestRateLimit = 4;
    options.harvestWindowSeconds = 2;
    m_server->setOptions(options);

    const SharedState shared = SharedState::create();
    const HarvestClient first(config(), shared);
    const HarvestClient second(config(), shared);
    ListOptions listOptions;
    listOptions.perPage = 15;
    const auto jobs = first.jobs(listOptions);
    QVERIFY(jobs.ok());
    QVERIFY(second.sources().ok());
    QVERIFY(second.departments().ok());
    QCOMPARE(countRequests(m_server->requestLog(), QStringLiteral("harvest"), {}, {}, 429), 0);
    QVERIFY(countRequests(m_server->requestLog(), QStringLiteral("harvest")) > 4);
}

void TestHarvestClient::tokenExpiryMidListingMintsOnce()
{
    const HarvestClient client(config());
    ListOptions options;
    options.perPage = 10;
    options.onPage = [this](int page, int)
    {
        if (page == 1)
        {
            m_server->expireAllTokens();
        }
    };
    const auto jobs = client.jobs(options);
    QVERIFY2(jobs.ok(), qPrintable(jobs.ok() ? QString() : jobs.error().message()));
    QCOMPARE(jobs->size(), m_server->harvestJobs().size());
    const auto log = m_server->requestLog();
    QCOMPARE(countRequests(log, QStringLiteral("auth"), "POST", QStringLiteral("/token")), 2);
    QCOMPARE(countRequests(log, QStringLiteral("harvest"), {}, {}, 401), 1);
}

void TestHarvestClient::unauthorizedIsRetriedOnceWithNewToken()
{
    const HarvestClient client(config());
    QVERIFY(client.accessToken().ok());
    m_server->expireAllTokens();
    const auto departments = client.departments();
    QVERIFY(departments.ok());
    const auto log = m_server->requestLog();
    QCOMPARE(countRequests(log, QStringLiteral("auth"), "POST", QStringLiteral("/token")), 2);
    QCOMPARE(countRequests(log, QStringLiteral("harvest"), "GET", QStringLiteral("/v3/departments"), 401), 1);
}

void TestHarvestClient::redirectToOtherHostDropsAuthorization()
{
    // 127.0.0.1 and localhost are different hosts to a browser, and so to us.
    QUrl target = m_server->harvestBaseUrl();
    target.setHost(QStringLiteral("localhost"));
    target.setPath(QStringLiteral("/v3/offices"));
    m_server->setRedirect(QStringLiteral("/v3/departments"), target);

    const HarvestClient client(config());
    const auto departments = client.departments();
    QVERIFY(!departments.ok()); // localhost got no token, so it answered 401
    bool sawRedirectTarget = false;
    for (const Sandbox::LoggedRequest &entry : m_server->requestLog())
    {
        if (entry.path == QLatin1String("/v3/offices"))
        {
            sawRedirectTarget = true;
            QVERIFY2(entry.authorization.isEmpty(), "Authorization sent to another host");
        }
        if (entry.path == QLatin1String("/v3/departments"))
        {
            QVERIFY(entry.authorization.startsWith("Bearer "));
        }
    }
    QVERIFY(sawRedirectTarget);
}

void TestHarvestClient::redirectToSameHostKeepsAuthorization()
{
    QUrl target = m_server->harvestBaseUrl();
    target.setPath(QStringLiteral("/v3/offices"));
    m_server->setRedirect(QStringLiteral("/v3/departments"), target);
    const HarvestClient client(config());
    const auto departments = client.departments();
    QVERIFY2(departments.ok(), qPrintable(departments.ok() ? QString() : departments.error().message()));
    for (const Sandbox::LoggedRequest &entry : m_server->requestLog())
    {
        if (entry.path == QLatin1String("/v3/offices"))
        {
            QVERIFY(entry.authorization.startsWith("Bearer "));
        }
    }
}

void TestHarvestClient::plusAndPipesAreNeverRawInQuery()
{
    const HarvestClient client(config());
    const auto candidates = client.candidatesByEmail(QStringLiteral("dana+cv@example.org"));
    QVERIFY(candidates.ok());

    // Local wall time in the test's zone (Asia/Kolkata in the second run) goes out as UTC.
    ListOptions options;
    options.updatedFrom = QDateTime(QDate(2026, 11, 1), QTime(0, 0), QTimeZone::utc()).toLocalTime();
    options.updatedTo = QDateTime(QDate(2026, 12, 1), QTime(5, 30), QTimeZone(QByteArrayLiteral("Asia/Kolkata")));
    QVERIFY(client.jobs(options).ok());

    bool sawEmail = false;
    bool sawDates = false;
    for (const Sandbox::LoggedRequest &entry : m_server->requestLog())
    {
        if (entry.service != QLatin1String("harvest"))
        {
            continue;
        }
        QVERIFY2(!entry.rawTarget.contains('+'), entry.rawTarget.constData());
        QVERIFY2(!entry.rawTarget.contains('|'), entry.rawTarget.constData());
        sawEmail = sawEmail || entry.rawTarget.contains("email=dana%2Bcv%40example.org");
        sawDates = sawDates
            || entry.rawTarget.contains("updated_at=gte%7C2026-11-01T00%3A00%3A00Z%7Clte%7C2026-12-01T00%3A00%3A00Z");
    }
    QVERIFY(sawEmail);
    QVERIFY(sawDates);
}

void TestHarvestClient::wrongSecretIsInvalidClient()
{
    ClientConfig wrong = config();
    wrong.clientSecret = QStringLiteral("not-the-secret");
    const HarvestClient client(wrong);
    const auto jobs = client.jobs();
    QVERIFY(!jobs.ok());
    QCOMPARE(jobs.error().kind, Kind::Auth);
    QCOMPARE(jobs.error().authProblem, Net::Error::AuthProblem::WrongClientCredentials);
    QVERIFY(!jobs.error().message().isEmpty());
    QCOMPARE(countRequests(m_server->requestLog(), QStringLiteral("harvest")), 0);
}

void TestHarvestClient::unknownActingUserIsNotAWrongSecret_data()
{
    // How Greenhouse refuses an unknown `sub` is not known (reference §9 [L]): every plausible answer.
    QTest::addColumn<int>("mode");
    QTest::newRow("400 message") << int(Sandbox::UnknownSubAnswer::Message400);
    QTest::newRow("400 invalid_grant") << int(Sandbox::UnknownSubAnswer::InvalidGrant400);
    QTest::newRow("401 invalid_client") << int(Sandbox::UnknownSubAnswer::InvalidClient401);
    QTest::newRow("403 message") << int(Sandbox::UnknownSubAnswer::Forbidden403);
}

void TestHarvestClient::unknownActingUserIsNotAWrongSecret()
{
    QFETCH(int, mode);
    Sandbox::Options options = m_server->options();
    options.unknownSub = Sandbox::UnknownSubAnswer(mode);
    m_server->setOptions(options);

    const HarvestClient client(config(qint64(42)));
    const auto jobs = client.jobs();
    QVERIFY(!jobs.ok());
    const Net::Error &error = jobs.error();
    QCOMPARE(error.kind, Kind::Auth);
    // Not "wrong secret": the admin must fix the acting user, and the stored secret is fine.
    QCOMPARE(error.authProblem, Net::Error::AuthProblem::TokenRequestRejected);
    QVERIFY(!error.rejectsCredentials());
    QVERIFY2(error.message().contains(QStringLiteral("acting user")), qPrintable(error.message()));
    QCOMPARE(countRequests(m_server->requestLog(), QStringLiteral("harvest")), 0);

    // A wrong secret with an unknown sub is still a wrong secret, whatever the mode.
    ClientConfig wrong = config(qint64(42));
    wrong.clientSecret = QStringLiteral("not-the-secret");
    const auto refused = HarvestClient(wrong).accessToken();
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().authProblem, Net::Error::AuthProblem::WrongClientCredentials);
    QVERIFY(refused.error().rejectsCredentials());
}

void TestHarvestClient::malformedClientIdIsRecognised()
{
    ClientConfig wrong = config();
    wrong.clientId = QStringLiteral("nosuffix");
    const HarvestClient client(wrong);
    const auto token = client.accessToken();
    QVERIFY(!token.ok());
    QCOMPARE(token.error().authProblem, Net::Error::AuthProblem::MalformedClientId);
    QVERIFY(!token.error().message().contains(QStringLiteral("nosuffix")));
}

void TestHarvestClient::missingScopeIsNamed()
{
    QStringList scopes = Sandbox::Server::allConnectorScopes();
    scopes.removeAll(QStringLiteral("harvest:offices:list"));
    m_server->setGrantedScopes(scopes);
    const HarvestClient client(config());
    QVERIFY(client.departments().ok());
    const auto offices = client.offices();
    QVERIFY(!offices.ok());
    QCOMPARE(offices.error().kind, Kind::MissingScope);
    QCOMPARE(offices.error().scope, QStringLiteral("harvest:offices:list"));
    QVERIFY(offices.error().message().contains(QStringLiteral("harvest:offices:list")));
}

void TestHarvestClient::nonSiteAdminIsForbiddenUser()
{
    const HarvestClient client(config(m_server->credentials().regularUserId));
    const auto jobs = client.jobs();
    QVERIFY(!jobs.ok());
    QCOMPARE(jobs.error().kind, Kind::ForbiddenUser);
}

void TestHarvestClient::serverErrorsRetriedForGetButNotPost()
{
    const HarvestClient client(config());
    const auto candidates = client.candidatesByEmail(QStringLiteral("nobody@example.org"));
    QVERIFY(client.accessToken().ok());
    const auto jobs = client.jobs();
    QVERIFY(jobs.ok());

    Sandbox::Options options = defaultOptions();
    options.serverErrorRate = 1.0;
    m_server->setOptions(options);
    m_server->clearRequestLog();

    ClientConfig cfg = config();
    cfg.session.maxRetries = 2;
    const HarvestClient flaky(cfg);
    const auto sources = flaky.sources();
    QVERIFY(!sources.ok());
    QCOMPARE(sources.error().kind, Kind::Server);
    QCOMPARE(countRequests(m_server->requestLog(), QStringLiteral("harvest"), "GET", QStringLiteral("/v3/sources")), 3);

    NewApplication application;
    application.candidateId = 1;
    application.jobId = jobs->first().id;
    const auto created = flaky.createApplication(application);
    QVERIFY(!created.ok());
    QCOMPARE(created.error().kind, Kind::Server);
    QVERIFY(created.error().outcomeUnknown);
    QCOMPARE(
        countRequests(m_server->requestLog(), QStringLiteral("harvest"), "POST", QStringLiteral("/v3/applications")),
        1);
}

void TestHarvestClient::timeoutIsReported()
{
    ClientConfig cfg = config();
    cfg.session.transferTimeout = 300ms;
    cfg.session.maxRetries = 0;
    const HarvestClient client(cfg);
    QVERIFY(client.accessToken().ok());

    Sandbox::Options options = defaultOptions();
    options.latencyMs = 1500;
    m_server->setOptions(options);
    QElapsedTimer timer;
    timer.start();
    const auto sources = client.sources();
    QVERIFY(!sources.ok());
    QCOMPARE(sources.error().kind, Kind::Timeout);
    QVERIFY(timer.elapsed() < 1400);
    m_server->setOptions(defaultOptions());
}

void TestHarvestClient::stopRequestCancelsPromptly()
{
    const HarvestClient client(config());
    QVERIFY(client.accessToken().ok());
    Sandbox::Options options = defaultOptions();
    options.latencyMs = 3000;
    m_server->setOptions(options);

    std::stop_source source;
    std::thread stopper(
        [&source]
        {
            std::this_thread::sleep_for(100ms);
            source.request_stop();
        });
    QElapsedTimer timer;
    timer.start();
    const auto sources = client.sources(source.get_token());
    stopper.join();
    QVERIFY(!sources.ok());
    QCOMPARE(sources.error().kind, Kind::Cancelled);
    QVERIFY(timer.elapsed() < 2000);
    m_server->setOptions(defaultOptions());
}

static NewCandidate someCandidate(qint64 jobId, const QString &email);

void TestHarvestClient::stopRequestLetsASentWriteFinish()
{
    // `run` ends on SIGTERM "after the current step": a candidate POST already on the wire is
    // answered, not abandoned with its outcome unknown.
    const HarvestClient client(config());
    const auto jobs = client.jobs(ListOptions().filter(QStringLiteral("status"), QStringLiteral("open")));
    QVERIFY(jobs.ok() && !jobs->isEmpty());
    Sandbox::Options options = defaultOptions();
    options.latencyMs = 1500;
    options.candidateCreateShape = Sandbox::CandidateCreateShape::Wrapped;
    m_server->setOptions(options);
    const int before = int(m_server->createdCandidates().size());

    std::stop_source source;
    std::thread stopper(
        [&source]
        {
            std::this_thread::sleep_for(200ms);
            source.request_stop();
        });
    const auto created = client.createCandidate(
        someCandidate(jobs->first().id, QStringLiteral("zoe+stopped@example.org")), source.get_token());
    stopper.join();
    m_server->setOptions(defaultOptions());
    QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().message()));
    QCOMPARE(int(m_server->createdCandidates().size()), before + 1);
}

static NewCandidate someCandidate(qint64 jobId, const QString &email)
{
    NewCandidate candidate;
    candidate.firstName = QStringLiteral("Zoë");
    candidate.lastName = QStringLiteral("Ōkubo");
    candidate.emailAddresses = { { email, QStringLiteral("personal") } };
    candidate.phoneNumbers = { { QStringLiteral("+49 30 1234567"), QStringLiteral("mobile") } };
    candidate.application = NewApplicationNested { jobId, std::nullopt, std::nullopt, std::nullopt, std::nullopt };
    return candidate;
}

void TestHarvestClient::createCandidateFlatShape()
{
    const HarvestClient client(config());
    const auto jobs = client.jobs(ListOptions().filter(QStringLiteral("status"), QStringLiteral("open")));
    QVERIFY(jobs.ok() && !jobs->isEmpty());
    const qint64 jobId = jobs->first().id;
    const auto created = client.createCandidate(someCandidate(jobId, QStringLiteral("zoe+flat@example.org")));
    QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().message()));
    QVERIFY(created->candidate.id > 0);
    QVERIFY(created->application);
    QCOMPARE(created->application->jobId, std::optional<qint64>(jobId));
    QCOMPARE(created->application->candidateId, created->candidate.id);

    const auto found = client.candidatesByEmail(QStringLiteral("ZOE+flat@example.org"));
    QVERIFY(found.ok());
    QCOMPARE(found->size(), 1);
    QCOMPARE(found->first().id, created->candidate.id);
    QCOMPARE(found->first().firstName, QStringLiteral("Zoë"));
}

void TestHarvestClient::createCandidateWrappedShape()
{
    Sandbox::Options options = defaultOptions();
    options.candidateCreateShape = Sandbox::CandidateCreateShape::Wrapped;
    m_server->setOptions(options);
    const HarvestClient client(config());
    const auto jobs = client.jobs(ListOptions().filter(QStringLiteral("status"), QStringLiteral("open")));
    QVERIFY(jobs.ok() && !jobs->isEmpty());
    const auto created = client.createCandidate(someCandidate(jobs->first().id, QStringLiteral("zoe@example.org")));
    QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().message()));
    QVERIFY(created->application);
    QCOMPARE(created->application->jobId, std::optional<qint64>(jobs->first().id));
    // The wrapped shape names the application: no lookup needed.
    QCOMPARE(
        countRequests(m_server->requestLog(), QStringLiteral("harvest"), "GET", QStringLiteral("/v3/applications")), 0);
}

void TestHarvestClient::createApplicationAndAttachment()
{
    const HarvestClient client(config());
    const auto jobs = client.jobs(ListOptions().filter(QStringLiteral("status"), QStringLiteral("open")));
    QVERIFY(jobs.ok() && jobs->size() >= 2);
    const auto created = client.createCandidate(someCandidate(jobs->at(0).id, QStringLiteral("two@example.org")));
    QVERIFY(created.ok());

    NewApplication application;
    application.candidateId = created->candidate.id;
    application.jobId = jobs->at(1).id;
    const auto second = client.createApplication(application);
    QVERIFY2(second.ok(), qPrintable(second.ok() ? QString() : second.error().message()));
    QCOMPARE(second->jobId, std::optional<qint64>(jobs->at(1).id));

    const auto both = client.applications(created->candidate.id, std::nullopt);
    QVERIFY(both.ok());
    QCOMPARE(both->size(), 2);
    const auto one = client.applications(created->candidate.id, jobs->at(1).id);
    QVERIFY(one.ok());
    QCOMPARE(one->size(), 1);
    QCOMPARE(one->first().id, second->id);

    NewAttachment attachment;
    attachment.applicationId = second->id;
    attachment.filename = QStringLiteral("Zoë Ōkubo CV.pdf");
    attachment.content = QByteArray("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n");
    const auto uploaded = client.createAttachment(attachment);
    QVERIFY2(uploaded.ok(), qPrintable(uploaded.ok() ? QString() : uploaded.error().message()));
    QCOMPARE(uploaded->applicationId, std::optional<qint64>(second->id));
    QCOMPARE(m_server->createdAttachments().size(), 1);

    // Validation errors come back with their field messages.
    NewApplication bad;
    bad.candidateId = 999999999;
    bad.jobId = jobs->at(0).id;
    const auto rejected = client.createApplication(bad);
    QVERIFY(!rejected.ok());
    QCOMPARE(rejected.error().kind, Kind::Validation);
    QVERIFY(!rejected.error().fieldMessages.isEmpty());
}

void TestHarvestClient::tokenBodyShapes_data()
{
    QTest::addColumn<int>("shape");
    QTest::newRow("expires_at") << int(Sandbox::TokenBodyShape::ExpiresAt);
    QTest::newRow("expires_at and in") << int(Sandbox::TokenBodyShape::ExpiresAtAndIn);
    QTest::newRow("expires_in only") << int(Sandbox::TokenBodyShape::ExpiresInOnly);
}

void TestHarvestClient::tokenBodyShapes()
{
    QFETCH(int, shape);
    Sandbox::Options options = defaultOptions();
    options.tokenBodyShape = Sandbox::TokenBodyShape(shape);
    options.tokenLifetimeSeconds = 1800;
    m_server->setOptions(options);
    const HarvestClient client(config());
    const auto token = client.accessToken();
    QVERIFY(token.ok());
    const qint64 lifetime = QDateTime::currentDateTimeUtc().secsTo(token->expiresAt);
    QVERIFY2(lifetime > 1790 && lifetime <= 1801, qPrintable(QString::number(lifetime)));
    // Cached: a second call mints nothing.
    QVERIFY(client.accessToken().ok());
    QCOMPARE(countRequests(m_server->requestLog(), QStringLiteral("auth"), "POST", QStringLiteral("/token")), 1);
}

void TestHarvestClient::httpIsRefusedForRemoteHosts()
{
    ClientConfig cfg = config();
    cfg.baseUrl = QUrl(QStringLiteral("http://harvest.example.org/v3"));
    const HarvestClient client(cfg);
    const auto jobs = client.jobs();
    QVERIFY(!jobs.ok());
    QCOMPARE(jobs.error().kind, Kind::InsecureUrl);
    QVERIFY(m_server->requestLog().isEmpty());
}

void TestHarvestClient::truncatedJsonIsMalformedResponse()
{
    Sandbox::Options options = defaultOptions();
    options.malformedJsonRate = 1.0;
    m_server->setOptions(options);
    const HarvestClient client(config());
    const auto jobs = client.jobs();
    QVERIFY(!jobs.ok());
    QCOMPARE(jobs.error().kind, Kind::MalformedResponse);
}

QTEST_GUILESS_MAIN(TestHarvestClient)
#include "testharvestclient.moc"
