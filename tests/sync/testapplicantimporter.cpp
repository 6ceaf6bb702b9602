#include "core/sync/applicantcheck.h"
#include "core/sync/applicantimporter.h"
#include "syncfixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTest>

using namespace Sync;

Q_DECLARE_METATYPE(Sandbox::CandidateCreateShape)

class TestApplicantImporter final : public QObject
{
    Q_OBJECT

private:
    static Sandbox::Options fastOptions(int applicants = 24)
    {
        Sandbox::Options options;
        options.applicantCount = applicants;
        options.jobCount = 80;
        options.harvestRateLimit = 100000;
        options.platformRateLimit = 100000;
        return options;
    }

    static qint64 openJobId(const SyncFixture &f)
    {
        for (const QJsonObject &job : f.server->harvestJobs())
        {
            if (job.value(u"status").toString() == QLatin1String("open"))
            {
                return job.value(u"id").toInteger();
            }
        }
        return 0;
    }

    static qint64 sourceId(SyncFixture &f)
    {
        const Harvest::HarvestClient harvest(f.harvestConfig(), f.shared);
        const auto sources = harvest.sources();
        if (sources.ok())
        {
            for (const Harvest::Source &source : sources.value())
            {
                if (source.name == QLatin1String("SmartDreamers"))
                {
                    return source.id;
                }
            }
        }
        return 0;
    }

    RunSummary runOnce(SyncFixture &f, ImportOptions options = {}, const ProgressFn &progress = {})
    {
        if (!options.sourceId)
        {
            options.sourceId = sourceId(f);
        }
        const Harvest::HarvestClient harvest(f.harvestConfig(), f.shared);
        const Platform::ClientConfig platformConfig = f.platformConfig();
        const Platform::PlatformClient platform(platformConfig);
        ApplicantImporter importer(harvest, platform, platformConfig, *f.store, options);
        return importer.run({}, progress);
    }

    // One run over `applicants` seeded ones, the request log holding only that run's requests.
    bool countedRun(SyncFixture &f, int applicants, Sandbox::CandidateCreateShape shape, RunSummary *summary)
    {
        Sandbox::Options options = fastOptions(applicants);
        options.candidateCreateShape = shape;
        if (!f.start(options))
        {
            return false;
        }
        ImportOptions importOptions;
        importOptions.sourceId = sourceId(f);
        f.server->clearRequestLog();
        *summary = runOnce(f, importOptions);
        return true;
    }

    // Every applicant is imported (acked) or quarantined with a reason; none was created twice.
    static void verifyExactlyOnce(SyncFixture &f)
    {
        QSet<QString> acked;
        for (const QJsonObject &applicant : f.server->platformApplicants())
        {
            const QString id = applicant.value(u"id").toString();
            if (applicant.value(u"status").toString() == QLatin1String("acked"))
            {
                acked.insert(id);
                continue;
            }
            const std::optional<ApplicantRecord> record = f.store->applicant(id);
            QVERIFY2(record, qPrintable(id));
            QVERIFY2(record->state == ApplicantState::Quarantined,
                qPrintable(id + QLatin1Char(' ') + applicantStateName(record->state)));
            QVERIFY(!record->reason.isEmpty());
        }
        QCOMPARE(greenhouseDuplicates(*f.server), QStringList());
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void badApplicantData_data()
    {
        QTest::addColumn<QJsonObject>("changes"); // over a valid applicant
        QTest::addColumn<bool>("imported");
        QTest::addColumn<QString>("firstName"); // as created in Greenhouse
        QTest::addColumn<QString>("lastName");
        QTest::addColumn<QString>("email"); // as created; empty = none
        QTest::addColumn<QString>("reason"); // words of the quarantine reason

        const auto resume = [](const QString &filename, const QString &contentType) {
            return QJsonObject { { QStringLiteral("filename"), filename },
                { QStringLiteral("content_type"), contentType } };
        };
        const QByteArray pdf("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
        const QString email = QStringLiteral("ada@example.org");
        const QString longName = QStringLiteral("Abcdefghij").repeated(30);

        QTest::newRow("no name") << QJsonObject { { QStringLiteral("first_name"), QJsonValue() },
            { QStringLiteral("last_name"), QString() } }
                                 << false << QString() << QString() << QString() << QStringLiteral("no usable name");
        QTest::newRow("a single name") << QJsonObject { { QStringLiteral("last_name"), QJsonValue() } } << true
                                       << QStringLiteral("Ada") << QStringLiteral("-") << email << QString();
        QTest::newRow("300-character name") << QJsonObject { { QStringLiteral("last_name"), longName } } << true
                                            << QStringLiteral("Ada") << longName.left(255) << email << QString();
        QTest::newRow("right-to-left name")
            << QJsonObject { { QStringLiteral("first_name"), QStringLiteral("דנה") },
                   { QStringLiteral("last_name"), QStringLiteral("כהן") } }
            << true << QStringLiteral("דנה") << QStringLiteral("כהן") << email << QString();
        QTest::newRow("emoji next to letters")
            << QJsonObject { { QStringLiteral("last_name"), QStringLiteral("Dupont 🚀") } } << true
            << QStringLiteral("Ada") << QStringLiteral("Dupont 🚀") << email << QString();
        QTest::newRow("emoji only") << QJsonObject { { QStringLiteral("first_name"), QStringLiteral("🚀") },
            { QStringLiteral("last_name"), QStringLiteral("🎉") } }
                                    << false << QString() << QString() << QString() << QStringLiteral("no usable name");
        QTest::newRow("invalid email") << QJsonObject { { QStringLiteral("email"), QStringLiteral("ada@@example") } }
                                       << true << QStringLiteral("Ada") << QStringLiteral("Lovelace") << QString()
                                       << QString();
        QTest::newRow("0-byte resume") << QJsonObject { { QStringLiteral("resume_base64"), QString() } } << false
                                       << QString() << QString() << QString() << QStringLiteral("empty (0 bytes)");
        QTest::newRow("30 MB resume") << QJsonObject { { QStringLiteral("resume_base64"),
                                                           QString::fromLatin1(pdf.toBase64()) },
            { QStringLiteral("resume_size"), 30 * 1024 * 1024 } }
                                      << false << QString() << QString() << QString()
                                      << QStringLiteral("larger than the limit of 20 MB");
        QTest::newRow("PDF declared as an image")
            << QJsonObject { { QStringLiteral("resume"),
                                 resume(QStringLiteral("cv.png"), QStringLiteral("image/png")) },
                   { QStringLiteral("resume_base64"), QString::fromLatin1(pdf.toBase64()) } }
            << true << QStringLiteral("Ada") << QStringLiteral("Lovelace") << email << QString();
        QTest::newRow("image resume") << QJsonObject { { QStringLiteral("resume"),
                                                           resume(QStringLiteral("photo.png"),
                                                               QStringLiteral("image/png")) },
            { QStringLiteral("resume_base64"),
                QString::fromLatin1(QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16).toBase64()) } }
                                      << false << QString() << QString() << QString()
                                      << QStringLiteral("is not accepted");
        QTest::newRow("unknown job id") << QJsonObject { { QStringLiteral("source_job_id"),
            QStringLiteral("9999999") } }
                                        << false << QString() << QString() << QString()
                                        << QStringLiteral("Job 9999999 does not exist in Greenhouse");
        // Answers are not sent to Greenhouse (a note needs a scope the connector does not ask
        // for): the ledger keeps them verbatim, as sent, and nothing of them reaches a candidate.
        QTest::newRow("HTML in the answers")
            << QJsonObject { { QStringLiteral("answers"),
                   QJsonArray { QJsonObject { { QStringLiteral("question"), QStringLiteral("<b>Why us?</b>") },
                       { QStringLiteral("answer"),
                           QStringLiteral("<script>alert(1)</script><p>Because &amp; why not</p>") } } } } }
            << true << QStringLiteral("Ada") << QStringLiteral("Lovelace") << email << QString();
    }

    void badApplicantData()
    {
        QFETCH(QJsonObject, changes);
        QFETCH(bool, imported);
        QFETCH(QString, firstName);
        QFETCH(QString, lastName);
        QFETCH(QString, email);
        QFETCH(QString, reason);

        SyncFixture f;
        QVERIFY(f.start(fastOptions(0)));
        QJsonObject applicant {
            { QStringLiteral("id"), QStringLiteral("app_bad") },
            { QStringLiteral("source_job_id"), QString::number(openJobId(f)) },
            { QStringLiteral("first_name"), QStringLiteral("Ada") },
            { QStringLiteral("last_name"), QStringLiteral("Lovelace") },
            { QStringLiteral("email"), QStringLiteral("ada@example.org") },
            { QStringLiteral("resume"),
                QJsonObject { { QStringLiteral("filename"), QStringLiteral("cv.pdf") },
                    { QStringLiteral("content_type"), QStringLiteral("application/pdf") } } },
            { QStringLiteral("answers"),
                QJsonArray { QJsonObject { { QStringLiteral("question"), QStringLiteral("Notice period?") },
                    { QStringLiteral("answer"), QStringLiteral("4 weeks") } } } },
        };
        for (auto it = changes.constBegin(); it != changes.constEnd(); ++it)
        {
            applicant.insert(it.key(), it.value());
        }
        f.server->addApplicant(applicant);

        const RunSummary summary = runOnce(f);
        QVERIFY2(summary.ok, qPrintable(summary.error));
        const std::optional<ApplicantRecord> record = f.store->applicant(QStringLiteral("app_bad"));
        QVERIFY(record);
        // Nothing lost: the ledger holds what was sent, whatever happened to it.
        QCOMPARE(QJsonDocument::fromJson(record->payload).object().value(u"answers"), applicant.value(u"answers"));
        const QList<QJsonObject> candidates = f.server->createdCandidates();
        if (!imported)
        {
            QVERIFY2(record->state == ApplicantState::Quarantined, qPrintable(applicantStateName(record->state)));
            QVERIFY2(record->reason.contains(reason), qPrintable(record->reason));
            QVERIFY(!record->transient);
            QVERIFY(candidates.isEmpty());
            return;
        }
        QVERIFY2(record->state == ApplicantState::Acked,
            qPrintable(applicantStateName(record->state) + QLatin1Char(' ') + record->reason));
        QCOMPARE(candidates.size(), 1);
        const QJsonObject candidate = candidates.constFirst();
        QCOMPARE(candidate.value(u"first_name").toString(), firstName);
        QCOMPARE(candidate.value(u"last_name").toString(), lastName);
        const QJsonArray emails = candidate.value(u"email_addresses").toArray();
        QCOMPARE(emails.isEmpty() ? QString() : emails.first().toObject().value(u"value").toString(), email);
        QVERIFY(!QJsonDocument(candidate).toJson().contains("<script>"));
        QCOMPARE(f.server->createdAttachments().size(), 1);
    }

    void summaryCountsEveryRequest_data()
    {
        QTest::addColumn<Sandbox::CandidateCreateShape>("shape");
        QTest::newRow("flat candidate answer") << Sandbox::CandidateCreateShape::Flat;
        QTest::newRow("wrapped candidate answer") << Sandbox::CandidateCreateShape::Wrapped;
    }

    void summaryCountsEveryRequest()
    {
        // The run history's request counts are what the rate-limit figures are read from: the
        // application lookups after flat candidate answers count too.
        QFETCH(Sandbox::CandidateCreateShape, shape);
        SyncFixture f;
        RunSummary summary;
        QVERIFY(countedRun(f, 12, shape, &summary));
        QVERIFY2(summary.ok, qPrintable(summary.error));
        QVERIFY(summary.imported > 0);
        QCOMPARE(summary.harvestRequests, f.count(QStringLiteral("harvest")));
        QCOMPARE(summary.platformRequests, f.count(QStringLiteral("platform")));
    }

    void flatAnswerCostsAtMostThreeRequestsPerImport()
    {
        // Issue #8's target: <= 3 Harvest requests per imported applicant with the flat
        // candidate answer (email lookup, create, resume). The application of new candidates is
        // looked up once per batch, not once per candidate.
        SyncFixture f;
        RunSummary summary;
        QVERIFY(countedRun(f, 60, Sandbox::CandidateCreateShape::Flat, &summary));
        QVERIFY2(summary.ok, qPrintable(summary.error));
        QVERIFY(summary.imported > 30);
        verifyExactlyOnce(f);
        int resumes = 0;
        int applicationLookups = 0;
        for (const Sandbox::LoggedRequest &request : f.server->requestLog())
        {
            resumes += request.method == "POST" && request.path.endsWith(QLatin1String("/attachments")) ? 1 : 0;
            applicationLookups
                += request.method == "GET" && request.path.endsWith(QLatin1String("/applications")) ? 1 : 0;
        }
        QVERIFY(resumes > summary.imported / 2); // the batch has resumes
        const int harvest = f.count(QStringLiteral("harvest"));
        QVERIFY2(harvest <= 3 * summary.imported,
            qPrintable(QStringLiteral("%1 Harvest requests for %2 imported applicants (%3 application lookups)")
                           .arg(harvest)
                           .arg(summary.imported)
                           .arg(applicationLookups)));
        // Email duplicates in the seed look up their applications one by one; new candidates do not.
        QVERIFY2(applicationLookups < summary.imported / 4, qPrintable(QString::number(applicationLookups)));
        QCOMPARE(summary.harvestRequests, harvest);
    }

    void importsEveryApplicantOnce()
    {
        SyncFixture f;
        QVERIFY(f.start(fastOptions()));
        qint64 openJob = 0;
        for (const QJsonObject &job : f.server->harvestJobs())
        {
            if (job.value(u"status").toString() == QLatin1String("open"))
            {
                openJob = job.value(u"id").toInteger();
            }
        }
        f.server->addApplicant(QJsonObject {
            { QStringLiteral("id"), QStringLiteral("app_empty_resume") },
            { QStringLiteral("source_job_id"), QString::number(openJob) },
            { QStringLiteral("first_name"), QStringLiteral("Empty") },
            { QStringLiteral("last_name"), QStringLiteral("Resume") },
            { QStringLiteral("resume"),
                QJsonObject { { QStringLiteral("filename"), QStringLiteral("cv.pdf") },
                    { QStringLiteral("content_type"), QStringLiteral("application/pdf") } } },
            { QStringLiteral("resume_base64"), QString() },
        });
        RunSummary summary = runOnce(f);
        QVERIFY2(summary.ok, qPrintable(summary.error));
        QVERIFY(summary.imported > 0);
        QVERIFY(summary.quarantined > 0);
        verifyExactlyOnce(f);

        // The deliberately bad ones, by their seeded positions.
        const QList<QJsonObject> applicants = f.server->platformApplicants();
        const auto reasonOf
            = [&](int index) { return f.store->applicant(applicants.at(index).value(u"id").toString())->reason; };
        QVERIFY2(reasonOf(3).contains(QStringLiteral("name")), qPrintable(reasonOf(3)));
        QVERIFY(!reasonOf(6).isEmpty());
        const std::optional<ApplicantRecord> empty = f.store->applicant(QStringLiteral("app_empty_resume"));
        QCOMPARE(empty->state, ApplicantState::Quarantined);
        QVERIFY2(empty->reason.contains(QStringLiteral("empty")), qPrintable(empty->reason));
        // A payload is kept whole.
        const std::optional<ApplicantRecord> first = f.store->applicant(applicants.at(0).value(u"id").toString());
        QVERIFY(QJsonDocument::fromJson(first->payload).object().contains(QStringLiteral("answers")));

        // A second run writes nothing to Greenhouse.
        const int before = f.count(QStringLiteral("harvest"), "POST");
        summary = runOnce(f);
        QVERIFY(summary.ok);
        QCOMPARE(f.count(QStringLiteral("harvest"), "POST"), before);
        QCOMPARE(summary.imported, 0);
    }

    void duplicateByEmailGetsAnApplication()
    {
        SyncFixture f;
        QVERIFY(f.start(fastOptions(10)));
        const Harvest::HarvestClient harvest(f.harvestConfig(), f.shared);
        const auto existing = harvest.list(QStringLiteral("candidates"), {});
        QVERIFY(existing.ok() && !existing->isEmpty());
        const QJsonObject candidate = existing->first();
        const QString email
            = candidate.value(u"email_addresses").toArray().first().toObject().value(u"value").toString();
        QVERIFY(!email.isEmpty());
        qint64 openJob = 0;
        for (const QJsonObject &job : f.server->harvestJobs())
        {
            if (job.value(u"status").toString() == QLatin1String("open"))
            {
                openJob = job.value(u"id").toInteger();
            }
        }
        f.server->addApplicant(QJsonObject {
            { QStringLiteral("id"), QStringLiteral("app_dup") },
            { QStringLiteral("source_job_id"), QString::number(openJob) },
            { QStringLiteral("first_name"), QStringLiteral("Dup") },
            { QStringLiteral("last_name"), QStringLiteral("Licate") },
            { QStringLiteral("email"), QString(QStringLiteral("  ") + email.toUpper() + QStringLiteral(" ")) },
            { QStringLiteral("resume"), QJsonValue() },
        });
        const RunSummary summary = runOnce(f);
        QVERIFY2(summary.ok, qPrintable(summary.error));
        for (const QJsonObject &created : f.server->createdCandidates())
        {
            for (const QJsonValue &address : created.value(u"email_addresses").toArray())
            {
                QVERIFY(normalizeEmail(address.toObject().value(u"value").toString()) != normalizeEmail(email));
            }
        }
        const std::optional<ApplicantRecord> record = f.store->applicant(QStringLiteral("app_dup"));
        QCOMPARE(record->state, ApplicantState::Acked);
        QCOMPARE(record->candidateId.value_or(0), candidate.value(u"id").toInteger());
        bool found = false;
        for (const QJsonObject &application : f.server->createdApplications())
        {
            found = found
                || (application.value(u"candidate_id").toInteger() == candidate.value(u"id").toInteger()
                    && application.value(u"job_id").toInteger() == openJob);
        }
        QVERIFY(found);
        // Seeded positions 1 and 2 share an address (case and spaces differ): one candidate.
        int alex = 0;
        for (const QJsonObject &created : f.server->createdCandidates())
        {
            for (const QJsonValue &address : created.value(u"email_addresses").toArray())
            {
                alex += normalizeEmail(address.toObject().value(u"value").toString())
                    == QLatin1String("alex.morgan@example.org");
            }
        }
        QVERIFY(alex <= 1);
        verifyExactlyOnce(f);
    }

    void failedLookupOfInterruptedCreateCreatesNothing()
    {
        // A row left in "creating" by a killed process is resolved by a lookup. When that lookup
        // fails, whether the candidate exists is unknown: creating it again made a duplicate.
        SyncFixture f;
        QVERIFY(f.start(fastOptions(0)));
        qint64 openJob = 0;
        for (const QJsonObject &job : f.server->harvestJobs())
        {
            if (job.value(u"status").toString() == QLatin1String("open"))
            {
                openJob = job.value(u"id").toInteger();
            }
        }
        f.server->addApplicant(QJsonObject {
            { QStringLiteral("id"), QStringLiteral("app_interrupted") },
            { QStringLiteral("source_job_id"), QString::number(openJob) },
            { QStringLiteral("first_name"), QStringLiteral("Ines") },
            { QStringLiteral("last_name"), QStringLiteral("Terrupta") },
            { QStringLiteral("email"), QStringLiteral("ines.terrupta@example.org") },
            { QStringLiteral("resume"), QJsonValue() },
        });
        RunSummary summary = runOnce(f);
        QVERIFY2(summary.ok, qPrintable(summary.error));
        QCOMPARE(f.server->createdCandidates().size(), 1);

        // As if the process had died right after the candidate POST.
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("rewind"));
            db.setDatabaseName(Store::databasePathFor(f.dir.path()));
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral("UPDATE applicants SET state = 'creating', candidate_id = NULL,"
                                              " application_id = NULL WHERE applicant_id = 'app_interrupted'")));
            QCOMPARE(query.numRowsAffected(), 1);
        }
        QSqlDatabase::removeDatabase(QStringLiteral("rewind"));
        QCOMPARE(f.store->applicant(QStringLiteral("app_interrupted"))->state, ApplicantState::Creating);

        Sandbox::Options options = f.server->options();
        options.unavailableGetPrefix = QStringLiteral("/candidates");
        f.server->setOptions(options);
        summary = runOnce(f);
        QCOMPARE(f.server->createdCandidates().size(), 1);
        QCOMPARE(f.server->createdApplications().size(), 1);
        QCOMPARE(f.store->applicant(QStringLiteral("app_interrupted"))->state, ApplicantState::Creating);
        QVERIFY(!summary.ok);
        QVERIFY2(!summary.error.isEmpty(), "the run must say why the applicant was left as it was");

        // Greenhouse answers again: the lookup finds the candidate and nothing is created.
        options.unavailableGetPrefix.clear();
        f.server->setOptions(options);
        summary = runOnce(f);
        QVERIFY2(summary.ok, qPrintable(summary.error));
        QCOMPARE(summary.resolved, 1);
        QCOMPARE(f.server->createdCandidates().size(), 1);
        QVERIFY(f.store->applicant(QStringLiteral("app_interrupted"))->state != ApplicantState::Creating);
        verifyExactlyOnce(f);
    }

    void failedBatchLookupOfNewApplicationsUploadsNothingTwice()
    {
        // New candidates wait in "creating" for their batch's application lookup. When it fails
        // they stay there; the next run resolves them by lookup: no second candidate, one resume.
        SyncFixture f;
        Sandbox::Options options = fastOptions(12);
        options.candidateCreateShape = Sandbox::CandidateCreateShape::Flat;
        options.unavailableGetPrefix = QStringLiteral("/applications");
        QVERIFY(f.start(options));
        RunSummary summary = runOnce(f);
        QVERIFY(!summary.ok);
        const qsizetype created = f.server->createdCandidates().size();
        QVERIFY(created > 0);
        QCOMPARE(f.server->createdAttachments().size(), 0);
        QCOMPARE(summary.imported, 0);

        options.unavailableGetPrefix.clear();
        f.server->setOptions(options);
        summary = runOnce(f);
        QVERIFY2(summary.ok, qPrintable(summary.error));
        QVERIFY(summary.resolved >= created);
        QSet<qint64> withResume;
        for (const QJsonObject &attachment : f.server->createdAttachments())
        {
            const qint64 application = attachment.value(u"application_id").toInteger();
            QVERIFY2(!withResume.contains(application), qPrintable(QString::number(application)));
            withResume.insert(application);
        }
        QVERIFY(!withResume.isEmpty());
        verifyExactlyOnce(f);
    }

    void validationErrorQuarantinesAndRetryImports()
    {
        SyncFixture f;
        QVERIFY(f.start(fastOptions(10)));
        ImportOptions wrong;
        wrong.sourceId = 999999; // not a Greenhouse source: every create answers 422
        RunSummary summary = runOnce(f, wrong);
        QVERIFY(summary.ok);
        QCOMPARE(summary.imported, 0);
        QVERIFY(f.server->createdCandidates().isEmpty());
        QStringList refused;
        for (const ApplicantRecord &record : f.store->quarantined())
        {
            if (record.reason.contains(QStringLiteral("source_id")))
            {
                QVERIFY(!record.transient);
                refused.append(record.applicantId);
            }
        }
        QVERIFY(!refused.isEmpty());

        // Quarantined ones are not retried by themselves...
        summary = runOnce(f, wrong);
        QCOMPARE(summary.quarantined, 0);
        // ...but when the user asks.
        QCOMPARE(ApplicantImporter::retry(*f.store, refused), int(refused.size()));
        summary = runOnce(f);
        QVERIFY2(summary.ok, qPrintable(summary.error));
        QCOMPARE(summary.imported, int(refused.size()));
        verifyExactlyOnce(f);
    }

    void rateLimitAndRetryAfter()
    {
        SyncFixture f;
        Sandbox::Options options = fastOptions(12);
        options.harvestRateLimit = 12;
        options.harvestWindowSeconds = 2;
        QVERIFY(f.start(options));
        const RunSummary summary = runOnce(f);
        QVERIFY2(summary.ok, qPrintable(summary.error));
        verifyExactlyOnce(f);
        QVERIFY(summary.imported > 0);
    }

    void retryAfterOn429IsObeyed()
    {
        SyncFixture f;
        Sandbox::Options options = fastOptions(8);
        options.harvestRateLimit = 5;
        options.harvestWindowSeconds = 2;
        QVERIFY(f.start(options));
        // A client of another tool exhausts the window first: we get 429s with Retry-After.
        ImportOptions importOptions;
        importOptions.sourceId = sourceId(f);
        for (int i = 0; i < 6; ++i)
        {
            const Harvest::HarvestClient other(f.harvestConfig(), Harvest::SharedState::create());
            other.list(QStringLiteral("sources"), {});
        }
        const RunSummary summary = runOnce(f, importOptions);
        QVERIFY2(summary.ok, qPrintable(summary.error));
        verifyExactlyOnce(f);

        // We did meet 429s, and never sent the next request before Retry-After (1 s+) ran out.
        const QList<Sandbox::LoggedRequest> log = f.server->requestLog();
        int tooMany = 0;
        for (qsizetype i = 0; i < log.size(); ++i)
        {
            if (log.at(i).service != QLatin1String("harvest") || log.at(i).status != 429)
            {
                continue;
            }
            ++tooMany;
            for (qsizetype j = i + 1; j < log.size(); ++j)
            {
                if (log.at(j).service == QLatin1String("harvest"))
                {
                    QVERIFY2(log.at(i).at.msecsTo(log.at(j).at) >= 900, "request sent before Retry-After");
                    break;
                }
            }
        }
        QVERIFY(tooMany >= 1);
    }

    void wrappedCandidateCreateShape()
    {
        SyncFixture f;
        Sandbox::Options options = fastOptions(10);
        options.candidateCreateShape = Sandbox::CandidateCreateShape::Wrapped;
        options.tokenBodyShape = Sandbox::TokenBodyShape::ExpiresInOnly;
        QVERIFY(f.start(options));
        const RunSummary summary = runOnce(f);
        QVERIFY2(summary.ok, qPrintable(summary.error));
        QVERIFY(summary.imported > 0);
        verifyExactlyOnce(f);
    }

    void tokenExpiresMidRun()
    {
        SyncFixture f;
        QVERIFY(f.start(fastOptions(16)));
        int steps = 0;
        Sandbox::Server *server = f.server.get();
        const RunSummary summary = runOnce(f, {},
            [&steps, server](const QString &, int done, int)
            {
                if (done == 4 && steps++ == 0)
                {
                    server->expireAllTokens();
                }
            });
        QVERIFY2(summary.ok, qPrintable(summary.error));
        QVERIFY(steps > 0);
        int unauthorized = 0;
        for (const Sandbox::LoggedRequest &request : f.server->requestLog())
        {
            unauthorized += request.service == QLatin1String("harvest") && request.status == 401;
        }
        QVERIFY(unauthorized >= 1);
        QVERIFY(f.count(QStringLiteral("auth")) >= 2);
        verifyExactlyOnce(f);
    }

    void resumeBytesArriveIntact()
    {
        SyncFixture f;
        QVERIFY(f.start(fastOptions(16)));
        QVERIFY(runOnce(f).ok);
        QHash<qint64, QString> applicantByApplication;
        for (const QJsonObject &applicant : f.server->platformApplicants())
        {
            const std::optional<ApplicantRecord> record = f.store->applicant(applicant.value(u"id").toString());
            if (record && record->attachmentId)
            {
                applicantByApplication.insert(*record->applicationId, record->applicantId);
            }
        }
        QVERIFY(!applicantByApplication.isEmpty());
        int compared = 0;
        for (const Sandbox::LoggedRequest &request : f.server->requestLog())
        {
            if (request.path != QLatin1String("/v3/attachments") || request.method != "POST" || request.status != 201)
            {
                continue;
            }
            const QJsonObject body = QJsonDocument::fromJson(request.body).object();
            const QString applicant = applicantByApplication.value(body.value(u"application_id").toInteger());
            QVERIFY(!applicant.isEmpty());
            QCOMPARE(
                QByteArray::fromBase64(body.value(u"content").toString().toLatin1()), f.server->resumeBytes(applicant));
            QCOMPARE(body.value(u"type").toString(), QStringLiteral("resume"));
            ++compared;
        }
        QCOMPARE(compared, int(applicantByApplication.size()));
        QCOMPARE(int(f.server->createdAttachments().size()), compared);
    }

    void dismissAcksRejected()
    {
        SyncFixture f;
        QVERIFY(f.start(fastOptions(10)));
        QVERIFY(runOnce(f).ok);
        const QList<ApplicantRecord> quarantined = f.store->quarantined();
        QVERIFY(!quarantined.isEmpty());
        const QString id = quarantined.first().applicantId;
        QCOMPARE(ApplicantImporter::dismiss(*f.store, { id }), 1);
        const RunSummary summary = runOnce(f);
        QVERIFY(summary.ok);
        QCOMPARE(summary.rejected, 1);
        for (const QJsonObject &applicant : f.server->platformApplicants())
        {
            if (applicant.value(u"id").toString() == id)
            {
                QCOMPARE(applicant.value(u"status").toString(), QStringLiteral("acked"));
                QCOMPARE(applicant.value(u"ack").toObject().value(u"outcome").toString(), QStringLiteral("rejected"));
                QVERIFY(!applicant.value(u"ack").toObject().value(u"reason").toString().isEmpty());
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestApplicantImporter)
#include "testapplicantimporter.moc"
