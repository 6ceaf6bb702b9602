#include "sandbox/sandboxserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTextStream>

#include <csignal>
#include <utility>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace
{
#ifdef Q_OS_UNIX
int g_signalPipe[2] = { -1, -1 };

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalPipe[1], &byte, 1);
}
#else
void onSignal(int)
{
    QCoreApplication::quit();
}
#endif

QCommandLineOption option(
    const char *name, const QString &description, const QString &valueName = {}, const QString &defaultValue = {})
{
    // --help shows every default: the value an option takes, or "off" for a switch.
    const QString shown = valueName.isEmpty() ? QStringLiteral("off") : defaultValue;
    return QCommandLineOption(QString::fromLatin1(name),
        QStringLiteral("%1 Default: %2.").arg(description, shown.isEmpty() ? QStringLiteral("none") : shown), valueName,
        defaultValue);
}

// One command-line word per enum value; the first entry is the fallback when the word is unknown.
template <typename Enum, std::size_t N>
Enum choose(const QString &value, const std::pair<const char *, Enum> (&words)[N], bool &ok)
{
    for (const auto &[word, choice] : words)
    {
        if (value == QLatin1String(word))
        {
            ok = true;
            return choice;
        }
    }
    ok = false;
    return words[0].second;
}

constexpr std::pair<const char *, Sandbox::TokenBodyShape> kTokenShapes[] = {
    { "expires_at", Sandbox::TokenBodyShape::ExpiresAt },
    { "both", Sandbox::TokenBodyShape::ExpiresAtAndIn },
    { "expires_in", Sandbox::TokenBodyShape::ExpiresInOnly },
};

constexpr std::pair<const char *, Sandbox::UnknownSubAnswer> kUnknownSubAnswers[] = {
    { "message", Sandbox::UnknownSubAnswer::Message400 },
    { "invalid_grant", Sandbox::UnknownSubAnswer::InvalidGrant400 },
    { "invalid_client", Sandbox::UnknownSubAnswer::InvalidClient401 },
    { "forbidden", Sandbox::UnknownSubAnswer::Forbidden403 },
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("talentbridge-sandbox"));

    const Sandbox::Options defaults;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Emulates Greenhouse Harvest v3 (with its auth server) and the SmartDreamers contract on 127.0.0.1,\n"
        "with seeded data and switchable faults. Runs until Ctrl-C. Everything it prints is fake."));
    parser.addHelpOption();
    const auto num = [](auto value) { return QString::number(value); };
    const QList<QCommandLineOption> options = {
        option("harvest-port", QStringLiteral("Port for Harvest and its auth server (0 = any free port)."),
            QStringLiteral("port"), QStringLiteral("0")),
        option("platform-port", QStringLiteral("Port for the SmartDreamers contract (0 = any free port)."),
            QStringLiteral("port"), QStringLiteral("0")),
        option("seed", QStringLiteral("Seed for data, credentials and fault draws."), QStringLiteral("n"),
            num(defaults.seed)),
        option("jobs", QStringLiteral("Number of Harvest jobs (about 60% open)."), QStringLiteral("n"),
            num(defaults.jobCount)),
        option("applicants", QStringLiteral("Pending applicants on the platform."), QStringLiteral("n"),
            num(defaults.applicantCount)),
        option("harvest-rate-limit", QStringLiteral("Harvest requests per window per client."), QStringLiteral("n"),
            num(defaults.harvestRateLimit)),
        option("harvest-window", QStringLiteral("Harvest rate-limit window in seconds."), QStringLiteral("s"),
            num(defaults.harvestWindowSeconds)),
        option("token-rate-limit", QStringLiteral("Token requests per 60 s window."), QStringLiteral("n"),
            num(defaults.tokenRateLimit)),
        option("platform-rate-limit", QStringLiteral("Platform requests per window per token."), QStringLiteral("n"),
            num(defaults.platformRateLimit)),
        option("platform-window", QStringLiteral("Platform rate-limit window in seconds."), QStringLiteral("s"),
            num(defaults.platformWindowSeconds)),
        option("token-lifetime", QStringLiteral("Access token lifetime in seconds."), QStringLiteral("s"),
            num(defaults.tokenLifetimeSeconds)),
        option("token-shape", QStringLiteral("[L] Token body: expires_at, both, expires_in."), QStringLiteral("shape"),
            QStringLiteral("expires_at")),
        option("candidate-shape", QStringLiteral("[L] Candidate create answer: flat or wrapped."),
            QStringLiteral("shape"), QStringLiteral("flat")),
        option("bracket-filters", QStringLiteral("[L] updated_at[gte]=... form: reject (422) or accept."),
            QStringLiteral("mode"), QStringLiteral("reject")),
        option("unknown-sub",
            QStringLiteral("[L] Token answer to a sub that is not an active user: message (400 with a message), "
                           "invalid_grant (400), invalid_client (401, like a wrong secret), forbidden (403)."),
            QStringLiteral("mode"), QStringLiteral("message")),
        option("job-post-locations-scope",
            QStringLiteral("[L] Scope GET /v3/job_post_locations requires (e.g. harvest:job_posts:list)."),
            QStringLiteral("scope"), defaults.jobPostLocationsScope),
        option("latency", QStringLiteral("Fault: milliseconds added to every response."), QStringLiteral("ms"),
            QStringLiteral("0")),
        option("server-error-rate", QStringLiteral("Fault: share of API calls answered 500, 502 (HTML) or 503."),
            QStringLiteral("p"), QStringLiteral("0")),
        option("drop-rate", QStringLiteral("Fault: share of API calls whose connection is closed unanswered."),
            QStringLiteral("p"), QStringLiteral("0")),
        option("malformed-json-rate", QStringLiteral("Fault: share of list answers truncated (still 200)."),
            QStringLiteral("p"), QStringLiteral("0")),
        option("stuck-next-link", QStringLiteral("Fault: the next link/cursor repeats the page just served.")),
    };
    parser.addOptions(options);
    parser.process(app);

    bool ok = true;
    const auto integer = [&parser, &ok](const char *name)
    {
        bool valid = false;
        const int value = parser.value(QString::fromLatin1(name)).toInt(&valid);
        ok = ok && valid;
        return value;
    };
    const auto rate = [&parser, &ok](const char *name)
    {
        bool valid = false;
        const double value = parser.value(QString::fromLatin1(name)).toDouble(&valid);
        ok = ok && valid && value >= 0.0 && value <= 1.0;
        return value;
    };
    Sandbox::Options o;
    o.harvestPort = quint16(integer("harvest-port"));
    o.platformPort = quint16(integer("platform-port"));
    bool seedOk = false;
    o.seed = parser.value(QStringLiteral("seed")).toUInt(&seedOk);
    ok = ok && seedOk;
    o.jobCount = integer("jobs");
    o.applicantCount = integer("applicants");
    o.harvestRateLimit = integer("harvest-rate-limit");
    o.harvestWindowSeconds = integer("harvest-window");
    o.tokenRateLimit = integer("token-rate-limit");
    o.platformRateLimit = integer("platform-rate-limit");
    o.platformWindowSeconds = integer("platform-window");
    o.tokenLifetimeSeconds = integer("token-lifetime");
    bool shapeOk = true;
    o.tokenBodyShape = choose(parser.value(QStringLiteral("token-shape")), kTokenShapes, shapeOk);
    ok = ok && shapeOk;
    const QString candidateShape = parser.value(QStringLiteral("candidate-shape"));
    ok = ok && (candidateShape == QLatin1String("flat") || candidateShape == QLatin1String("wrapped"));
    o.candidateCreateShape = candidateShape == QLatin1String("wrapped") ? Sandbox::CandidateCreateShape::Wrapped
                                                                        : Sandbox::CandidateCreateShape::Flat;
    const QString bracket = parser.value(QStringLiteral("bracket-filters"));
    ok = ok && (bracket == QLatin1String("reject") || bracket == QLatin1String("accept"));
    o.bracketFilters
        = bracket == QLatin1String("accept") ? Sandbox::BracketFilterMode::Accept : Sandbox::BracketFilterMode::Reject;
    bool subOk = true;
    o.unknownSub = choose(parser.value(QStringLiteral("unknown-sub")), kUnknownSubAnswers, subOk);
    ok = ok && subOk;
    o.jobPostLocationsScope = parser.value(QStringLiteral("job-post-locations-scope"));
    ok = ok && o.jobPostLocationsScope.startsWith(QLatin1String("harvest:"));
    o.latencyMs = integer("latency");
    o.serverErrorRate = rate("server-error-rate");
    o.dropRate = rate("drop-rate");
    o.malformedJsonRate = rate("malformed-json-rate");
    o.stuckNextLink = parser.isSet(QStringLiteral("stuck-next-link"));

    QTextStream out(stdout);
    QTextStream err(stderr);
    if (!ok)
    {
        err << "talentbridge-sandbox: an option has an invalid value; see --help\n";
        return 2;
    }

    Sandbox::Server server(o);
    if (!server.start())
    {
        err << "talentbridge-sandbox: " << server.errorString() << '\n';
        return 1;
    }

    // This is a sandbox: printing its fake secret is the point.
    const Sandbox::Credentials c = server.credentials();
    out << "Harvest v3     " << server.harvestBaseUrl().toString() << '\n'
        << "Token          " << server.tokenUrl().toString() << '\n'
        << "Introspection  " << server.introspectUrl().toString() << '\n'
        << "SmartDreamers  " << server.platformBaseUrl().toString() << '\n'
        << "Echo           " << server.echoUrl().toString() << '\n'
        << '\n'
        << "Client id      " << c.clientId << '\n'
        << "Client secret  " << c.clientSecret << '\n'
        << "Site Admin sub " << c.siteAdminUserId << '\n'
        << "Regular sub    " << c.regularUserId << '\n'
        << "Platform token " << c.platformToken << '\n'
        << "\nCtrl-C stops the sandbox.\n";
    out.flush();

#ifdef Q_OS_UNIX
    if (::pipe(g_signalPipe) == 0)
    {
        auto *notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, &app);
        QObject::connect(notifier, &QSocketNotifier::activated, &app, &QCoreApplication::quit);
    }
#endif
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);

    const int code = app.exec();
    server.stop();
    return code;
}
