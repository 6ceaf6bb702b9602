// The headless commands end to end: the real talentbridge binary as a child process, against
// the in-process sandbox, with a fresh profile and the gnome-keyring of scripts/run-tests.sh.

#include "core/credentials/blockingcredentials.h"
#include "core/credentials/credentialkey.h"
#include "core/credentials/keychaincredentialstore.h"
#include "core/profile/profile.h"
#include "sandbox/sandboxserver.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace
{
struct Outcome
{
    int exitCode = -1;
    QString out;
    QString err;
};

QStringList nonEmptyLines(const QString &text)
{
    QStringList lines = text.split(QLatin1Char('\n'));
    lines.removeAll(QString());
    return lines;
}

// Files under `root` holding `needle` (UTF-8 or UTF-16).
QStringList filesContaining(const QString &root, const QString &needle)
{
    const QByteArray utf8 = needle.toUtf8();
    const QByteArray utf16(reinterpret_cast<const char *>(needle.utf16()), needle.size() * 2);
    QStringList hits;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
    {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly))
        {
            const QByteArray bytes = file.readAll();
            if (bytes.contains(utf8) || bytes.contains(utf16))
            {
                hits.append(file.fileName());
            }
        }
    }
    return hits;
}
} // namespace

class TestCli final : public QObject
{
    Q_OBJECT

private:
    Outcome runCli(const QStringList &arguments, const QString &secret = {}, const QString &token = {},
        const QString &loggingRules = {})
    {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        // The child's own quiet logging, whatever CTest asks of the test binary.
        environment.remove(QStringLiteral("QT_LOGGING_RULES"));
        if (!loggingRules.isEmpty())
        {
            environment.insert(QStringLiteral("QT_LOGGING_RULES"), loggingRules);
        }
        environment.remove(QStringLiteral("TALENTBRIDGE_CLIENT_SECRET"));
        environment.remove(QStringLiteral("TALENTBRIDGE_PLATFORM_TOKEN"));
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        if (!secret.isEmpty())
        {
            environment.insert(QStringLiteral("TALENTBRIDGE_CLIENT_SECRET"), secret);
        }
        if (!token.isEmpty())
        {
            environment.insert(QStringLiteral("TALENTBRIDGE_PLATFORM_TOKEN"), token);
        }
        for (auto it = m_extraEnvironment.cbegin(); it != m_extraEnvironment.cend(); ++it)
        {
            environment.insert(it.key(), it.value());
        }
        process.setProcessEnvironment(environment);
        process.setStandardInputFile(QProcess::nullDevice());
        process.start(QStringLiteral(TALENTBRIDGE_BINARY),
            QStringList { QStringLiteral("--profile"), m_profile->path() } + arguments);
        Outcome outcome;
        if (!process.waitForFinished(180000))
        {
            process.kill();
            process.waitForFinished();
            return outcome;
        }
        outcome.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        outcome.out = QString::fromUtf8(process.readAllStandardOutput());
        outcome.err = QString::fromUtf8(process.readAllStandardError());
        m_transcript += outcome.out + outcome.err;
        return outcome;
    }

    QStringList connectArguments(std::optional<qint64> actingUser = std::nullopt) const
    {
        return { QStringLiteral("connect"), QStringLiteral("--harvest-url"), m_server->harvestBaseUrl().toString(),
            QStringLiteral("--token-url"), m_server->tokenUrl().toString(), QStringLiteral("--client-id"),
            m_server->credentials().clientId, QStringLiteral("--acting-user"),
            QString::number(actingUser.value_or(m_server->credentials().siteAdminUserId)),
            QStringLiteral("--platform-url"), m_server->platformBaseUrl().toString() };
    }

    QString secret() const { return m_server->credentials().clientSecret; }
    QString token() const { return m_server->credentials().platformToken; }

    CredentialResult readEntry(CredentialPurpose purpose)
    {
        KeychainCredentialStore store;
        return blockingRead(store, credentialKey(Profile(m_profile->path()).id(), purpose), std::chrono::seconds(20));
    }

    QJsonObject status()
    {
        const Outcome outcome = runCli({ QStringLiteral("status"), QStringLiteral("--json") });
        if (outcome.exitCode != 0)
        {
            qWarning() << outcome.err;
            return {};
        }
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(outcome.out.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError)
        {
            qWarning() << error.errorString() << outcome.out;
        }
        return document.object();
    }

    // What must never leave the keychain or the process: the secrets as given, the Basic
    // credential built from them, and every bearer token the sandbox saw.
    QStringList forbiddenStrings() const
    {
        const Sandbox::Credentials credentials = m_server->credentials();
        QStringList forbidden { credentials.clientSecret, credentials.platformToken,
            QString::fromLatin1(
                (credentials.clientId + QLatin1Char(':') + credentials.clientSecret).toUtf8().toBase64()) };
        for (const Sandbox::LoggedRequest &request : m_server->requestLog())
        {
            const QByteArray bearer("Bearer ");
            if (request.authorization.startsWith(bearer))
            {
                const QString value = QString::fromLatin1(request.authorization.mid(bearer.size()));
                if (!forbidden.contains(value))
                {
                    forbidden.append(value);
                }
            }
        }
        return forbidden;
    }

    std::unique_ptr<Sandbox::Server> m_server;
    std::unique_ptr<QTemporaryDir> m_profile;
    QString m_transcript; // everything every child printed
    QHash<QString, QString> m_extraEnvironment; // for every child runCli() starts

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        Sandbox::Options options;
        options.jobCount = 40;
        options.applicantCount = 8;
        m_server = std::make_unique<Sandbox::Server>(options);
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
        m_profile = std::make_unique<QTemporaryDir>();
        QVERIFY(m_profile->isValid());
    }

    void cleanupTestCase()
    {
        // Leave nothing in the keyring, whatever failed.
        runCli({ QStringLiteral("disconnect") });
        m_server->stop();
    }

    void usageErrors()
    {
        QCOMPARE(runCli({ QStringLiteral("sync") }).exitCode, 2);
        QCOMPARE(runCli({ QStringLiteral("sync"), QStringLiteral("everything") }).exitCode, 2);
        const Outcome missing = runCli(
            { QStringLiteral("connect"), QStringLiteral("--client-id"), QStringLiteral("x-1") }, secret(), token());
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains(QLatin1String("--platform-url")), qPrintable(missing.err));
        QCOMPARE(nonEmptyLines(missing.err).size(), 1);

        // A mistyped option or a stray argument, before or after the command word: exit 2 and
        // one line on stderr that names the culprit and where to read how it goes.
        const QList<QStringList> wrong { { QStringLiteral("--bogus") }, { QStringLiteral("frobnicate") },
            { QStringLiteral("run"), QStringLiteral("--bogus") }, { QStringLiteral("status"), QStringLiteral("extra") },
            { QStringLiteral("disconnect"), QStringLiteral("extra") },
            { QStringLiteral("sync"), QStringLiteral("jobs"), QStringLiteral("extra") } };
        for (const QStringList &arguments : wrong)
        {
            const Outcome outcome = runCli(arguments);
            const QString culprit = arguments.constLast().mid(arguments.constLast().startsWith(u'-') ? 2 : 0);
            QVERIFY2(outcome.exitCode == 2, qPrintable(arguments.join(u' ') + QStringLiteral(" -> ") + outcome.err));
            QVERIFY2(nonEmptyLines(outcome.err).size() == 1, qPrintable(outcome.err));
            QVERIFY2(outcome.err.contains(culprit), qPrintable(outcome.err));
            QVERIFY2(outcome.err.contains(QLatin1String("--help")), qPrintable(outcome.err));
            QVERIFY2(outcome.out.isEmpty(), qPrintable(outcome.out));
        }
    }

    void syncBeforeConnectFails()
    {
        const Outcome outcome = runCli({ QStringLiteral("sync"), QStringLiteral("jobs") });
        QCOMPARE(outcome.exitCode, 1);
        QVERIFY2(outcome.err.contains(QLatin1String("not connected")), qPrintable(outcome.err));
    }

    void connectWithoutSecretFails()
    {
        // No environment variable and no terminal: nothing to prompt on.
        const Outcome outcome = runCli(connectArguments());
        QCOMPARE(outcome.exitCode, 1);
        QVERIFY2(outcome.err.contains(QLatin1String("TALENTBRIDGE_CLIENT_SECRET")), qPrintable(outcome.err));
    }

    void connectWithoutKeychain()
    {
        // No session bus, so no Secret Service: connect refuses before verifying anything.
        m_extraEnvironment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent"));
        const Outcome outcome = runCli(connectArguments(), secret(), token());
        m_extraEnvironment.clear();

        QCOMPARE(outcome.exitCode, 4);
        // The message says what to install or unlock, not just that something failed.
        QVERIFY2(outcome.err.contains(QLatin1String("gnome-keyring")), qPrintable(outcome.err));
        QVERIFY2(outcome.err.contains(QLatin1String("Secret Service")), qPrintable(outcome.err));
        QVERIFY2(!outcome.out.contains(QLatin1String("Connected")), qPrintable(outcome.out));
        QVERIFY(!QFileInfo::exists(Profile(m_profile->path()).settingsPath()));
        QCOMPARE(readEntry(CredentialPurpose::HarvestClientSecret).error, CredentialError::NotFound);
    }

    void connectWrongSecret()
    {
        const Outcome outcome = runCli(connectArguments(), QStringLiteral("wrong-secret"), token());
        QCOMPARE(outcome.exitCode, 3);
        QVERIFY2(outcome.err.contains(QLatin1String("invalid_client")), qPrintable(outcome.err));
        QCOMPARE(readEntry(CredentialPurpose::HarvestClientSecret).error, CredentialError::NotFound);
    }

    void connectMissingScope()
    {
        QStringList granted = Sandbox::Server::allConnectorScopes();
        granted.removeAll(QStringLiteral("harvest:openings:list"));
        granted.removeAll(QStringLiteral("harvest:attachments:create"));
        m_server->setGrantedScopes(granted);
        const Outcome outcome = runCli(connectArguments(), secret(), token());
        m_server->setGrantedScopes(Sandbox::Server::allConnectorScopes());

        QCOMPARE(outcome.exitCode, 3);
        QVERIFY2(outcome.err.contains(QLatin1String("missing scope harvest:openings:list")), qPrintable(outcome.err));
        QVERIFY2(
            outcome.err.contains(QLatin1String("missing scope harvest:attachments:create")), qPrintable(outcome.err));
        QCOMPARE(outcome.err.count(QLatin1String("missing scope")), 2);
        // Verification failed, so nothing was stored.
        QCOMPARE(readEntry(CredentialPurpose::HarvestClientSecret).error, CredentialError::NotFound);
        QCOMPARE(status().value(QStringLiteral("connected")).toBool(), false);
    }

    void connectNotSiteAdmin()
    {
        const Outcome outcome = runCli(connectArguments(m_server->credentials().regularUserId), secret(), token());
        QCOMPARE(outcome.exitCode, 3);
        QVERIFY2(outcome.err.contains(QLatin1String("Site Admin")), qPrintable(outcome.err));
    }

    void connectUnknownSource()
    {
        const Outcome outcome = runCli(
            connectArguments() << QStringLiteral("--source") << QStringLiteral("Carrier pigeon"), secret(), token());
        QCOMPARE(outcome.exitCode, 2);
        QVERIFY2(outcome.err.contains(QLatin1String("no source named \"Carrier pigeon\"")), qPrintable(outcome.err));
        QVERIFY2(outcome.err.contains(QLatin1String("SmartDreamers")), qPrintable(outcome.err)); // the choices
        QCOMPARE(readEntry(CredentialPurpose::HarvestClientSecret).error, CredentialError::NotFound);
    }

    void connect()
    {
        const Outcome outcome = runCli(connectArguments(), secret(), token());
        QVERIFY2(outcome.exitCode == 0, qPrintable(outcome.out + outcome.err));
        QVERIFY2(outcome.err.isEmpty(), qPrintable(outcome.err));
        QVERIFY2(outcome.out.contains(QLatin1String("Connected")), qPrintable(outcome.out));
        QVERIFY(!outcome.out.contains(secret()));
        QVERIFY(!outcome.out.contains(token()));

        QCOMPARE(readEntry(CredentialPurpose::HarvestClientSecret).secret, secret());
        QCOMPARE(readEntry(CredentialPurpose::PlatformToken).secret, token());
        QCOMPARE(readEntry(CredentialPurpose::HarvestClientId).secret, m_server->credentials().clientId);
        QCOMPARE(status().value(QStringLiteral("connected")).toBool(), true);
    }

    void runUntilSigterm()
    {
        // Both lanes never ran, so `run` starts them at once; SIGTERM then ends it cleanly.
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("QT_LOGGING_RULES"));
        process.setProcessEnvironment(environment);
        process.setStandardInputFile(QProcess::nullDevice());
        process.start(QStringLiteral(TALENTBRIDGE_BINARY),
            { QStringLiteral("--profile"), m_profile->path(), QStringLiteral("run") });
        QVERIFY(process.waitForStarted());
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += process.readAllStandardOutput()).contains("jobs: "), 120000);
        process.terminate();
        QVERIFY(process.waitForFinished(60000));
        out += process.readAllStandardOutput();
        const QByteArray err = process.readAllStandardError();
        m_transcript += QString::fromUtf8(out + err);
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QVERIFY2(process.exitCode() == 0, err.constData());
        QVERIFY2(out.contains("Stopped."), out.constData());

        // Without --verbose the terminal gets the answers only; the log goes to the log file.
        static const QRegularExpression logLine(
            QStringLiteral(R"(^(talentbridge|qt)\.[a-z.]+: )"), QRegularExpression::MultilineOption);
        QVERIFY2(!QString::fromUtf8(err).contains(logLine), err.constData());
        QVERIFY2(!QString::fromUtf8(out).contains(logLine), out.constData());
        QFile log(QDir(Profile(m_profile->path()).logDir()).filePath(QStringLiteral("talentbridge.log")));
        QVERIFY(log.open(QIODevice::ReadOnly));
        QVERIFY2(log.readAll().contains("starting run"), "the run's log lines are not in the log file");
    }

    void syncJobs()
    {
        const Outcome outcome = runCli({ QStringLiteral("sync"), QStringLiteral("jobs") });
        QVERIFY2(outcome.exitCode == 0, qPrintable(outcome.err));
        const QStringList lines = nonEmptyLines(outcome.out);
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines.constFirst().startsWith(QLatin1String("jobs: ok")), qPrintable(lines.constFirst()));
        QVERIFY(!m_server->platformJobs().isEmpty());
    }

    void syncApplicants()
    {
        const Outcome outcome = runCli({ QStringLiteral("sync"), QStringLiteral("applicants") });
        QVERIFY2(outcome.exitCode == 0, qPrintable(outcome.err));
        const QStringList lines = nonEmptyLines(outcome.out);
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines.constFirst().startsWith(QLatin1String("applicants: ok")), qPrintable(lines.constFirst()));
        QVERIFY(!m_server->createdCandidates().isEmpty() || !m_server->createdApplications().isEmpty());

        // connect credited the imports to the "SmartDreamers" source (the default --source).
        QList<qint64> sources;
        for (const QJsonObject &application : m_server->createdApplications())
        {
            sources.append(application.value(QStringLiteral("source_id")).toInteger());
        }
        for (const QJsonObject &candidate : m_server->createdCandidates())
        {
            for (const QJsonValue &application : candidate.value(QStringLiteral("applications")).toArray())
            {
                sources.append(application.toObject().value(QStringLiteral("source_id")).toInteger());
            }
        }
        QVERIFY(!sources.isEmpty());
        QCOMPARE(QSet<qint64>(sources.cbegin(), sources.cend()), QSet<qint64> { 60001 });
    }

    void statusJson()
    {
        const QJsonObject root = status();
        QCOMPARE(root.value(QStringLiteral("connected")).toBool(), true);
        const QJsonObject lanes = root.value(QStringLiteral("lanes")).toObject();
        for (const QString &lane : { QStringLiteral("jobs"), QStringLiteral("applicants") })
        {
            const QJsonObject value = lanes.value(lane).toObject();
            QCOMPARE(value.value(QStringLiteral("state")).toString(), QStringLiteral("ok"));
            QVERIFY(QDateTime::fromString(value.value(QStringLiteral("last_run")).toString(), Qt::ISODate).isValid());
            QVERIFY(
                QDateTime::fromString(value.value(QStringLiteral("last_success")).toString(), Qt::ISODate).isValid());
            QVERIFY(QDateTime::fromString(value.value(QStringLiteral("next_due")).toString(), Qt::ISODate).isValid());
        }
        int openOnPlatform = 0;
        for (const QJsonObject &job : m_server->platformJobs())
        {
            openOnPlatform += job.value(QStringLiteral("status")).toString() == QLatin1String("open") ? 1 : 0;
        }
        const QJsonObject jobCounts
            = lanes.value(QStringLiteral("jobs")).toObject().value(QStringLiteral("counts")).toObject();
        QCOMPARE(jobCounts.value(QStringLiteral("exported")).toInt(), openOnPlatform);
        const QJsonObject applicantCounts
            = lanes.value(QStringLiteral("applicants")).toObject().value(QStringLiteral("counts")).toObject();
        int acked = 0;
        for (const QJsonObject &applicant : m_server->platformApplicants())
        {
            acked += applicant.value(QStringLiteral("status")).toString() == QLatin1String("acked") ? 1 : 0;
        }
        QCOMPARE(applicantCounts.value(QStringLiteral("imported")).toInt()
                    + applicantCounts.value(QStringLiteral("quarantined")).toInt()
                >= 1,
            true);
        QVERIFY(applicantCounts.value(QStringLiteral("imported")).toInt() <= acked);
    }

    void statusText()
    {
        const Outcome outcome = runCli({ QStringLiteral("status") });
        QCOMPARE(outcome.exitCode, 0);
        QVERIFY2(outcome.out.contains(QLatin1String("jobs")) && outcome.out.contains(QLatin1String("applicants")),
            qPrintable(outcome.out));
    }

    void verboseDebugSyncPrintsNoSecret()
    {
        // The most a support engineer can turn on: every category at debug, echoed to stderr.
        const QString rules = QStringLiteral("*.debug=true");
        for (const QString &lane : { QStringLiteral("jobs"), QStringLiteral("applicants") })
        {
            const Outcome outcome
                = runCli({ QStringLiteral("--verbose"), QStringLiteral("sync"), lane }, {}, {}, rules);
            QVERIFY2(outcome.exitCode == 0, qPrintable(outcome.err));
            QVERIFY2(outcome.err.contains(QLatin1String("talentbridge")) || outcome.err.contains(QLatin1String("sync")),
                "verbose debug logging printed nothing, so the search below would prove nothing");
        }
    }

    void noSecretInProfileLogsOrOutput()
    {
        // A full sync ran above; the support log in the profile has its trace.
        const QString log = QDir(Profile(m_profile->path()).logDir()).filePath(QStringLiteral("talentbridge.log"));
        QVERIFY2(QFileInfo(log).size() > 0, qPrintable(log));
        const QStringList forbidden = forbiddenStrings();
        QVERIFY2(forbidden.size() > 3, "the sandbox saw no bearer token, so the sync did not run");
        for (const QString &needle : forbidden)
        {
            // The profile folder holds the settings, the database (and its WAL) and the logs.
            QCOMPARE(filesContaining(m_profile->path(), needle), QStringList());
            QVERIFY2(!m_transcript.contains(needle), "a secret or token was printed by a command");
        }
    }

    void runStopsWhenCredentialsRejected()
    {
        // A profile of its own whose lanes never ran, so `run` starts both at once.
        auto profile = std::make_unique<QTemporaryDir>();
        QVERIFY(profile->isValid());
        std::swap(m_profile, profile);
        const Outcome connected = runCli(connectArguments(), secret(), token());

        // The secret is rotated in Greenhouse: the token endpoint answers invalid_client.
        const QString original = secret();
        m_server->setClientSecret(QStringLiteral("rotated-elsewhere-71c4"));
        const Outcome outcome = runCli({ QStringLiteral("run") });
        m_server->setClientSecret(original);
        const QJsonObject failing = status().value(QStringLiteral("lanes")).toObject();

        // Connecting again with the current secret ends the backoff: `run` would start at once.
        const Outcome reconnected = runCli(connectArguments(), secret(), token());
        const QJsonObject lanes = status().value(QStringLiteral("lanes")).toObject();
        runCli({ QStringLiteral("disconnect") });
        std::swap(m_profile, profile);

        QVERIFY2(reconnected.exitCode == 0, qPrintable(reconnected.err));
        for (const QString &lane : { QStringLiteral("jobs"), QStringLiteral("applicants") })
        {
            QVERIFY(failing.value(lane).toObject().value(QStringLiteral("consecutive_failures")).toInt() >= 1);
            const QJsonObject state = lanes.value(lane).toObject();
            QCOMPARE(state.value(QStringLiteral("consecutive_failures")).toInt(), 0);
            const QDateTime due
                = QDateTime::fromString(state.value(QStringLiteral("next_due")).toString(), Qt::ISODate);
            QVERIFY2(due <= QDateTime::currentDateTimeUtc(), qPrintable(due.toString(Qt::ISODate)));
        }

        QVERIFY2(connected.exitCode == 0, qPrintable(connected.err));
        // It ends by itself (runCli gives up after minutes), with the "rejected" code and a
        // message that says what to do, instead of retrying both cadences forever.
        QCOMPARE(outcome.exitCode, 3);
        QVERIFY2(outcome.err.contains(QLatin1String("credentials were refused")), qPrintable(outcome.err));
        QVERIFY2(outcome.err.contains(QLatin1String("connect")), qPrintable(outcome.err));
        QCOMPARE(outcome.err.count(QLatin1String("credentials were refused")), 1);
        QVERIFY2(outcome.out.contains(QLatin1String("Stopped.")), qPrintable(outcome.out));
    }

    void disconnect()
    {
        const Outcome outcome = runCli({ QStringLiteral("disconnect") });
        QVERIFY2(outcome.exitCode == 0, qPrintable(outcome.err));
        QCOMPARE(readEntry(CredentialPurpose::HarvestClientSecret).error, CredentialError::NotFound);
        QCOMPARE(readEntry(CredentialPurpose::PlatformToken).error, CredentialError::NotFound);

        // The history stays; the profile is no longer connected and sync says so.
        const QJsonObject root = status();
        QCOMPARE(root.value(QStringLiteral("connected")).toBool(), false);
        const QJsonObject jobs
            = root.value(QStringLiteral("lanes")).toObject().value(QStringLiteral("jobs")).toObject();
        QCOMPARE(jobs.value(QStringLiteral("state")).toString(), QStringLiteral("disconnected"));
        QVERIFY(!jobs.value(QStringLiteral("last_success")).isNull());
        QCOMPARE(runCli({ QStringLiteral("sync"), QStringLiteral("jobs") }).exitCode, 1);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "testcli.moc"
