#include "core/sync/jobbody.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Sync;

class TestJobBody final : public QObject
{
    Q_OBJECT

private:
    static QJsonObject parse(const char *json) { return QJsonDocument::fromJson(QByteArray(json)).object(); }

    static QJsonObject job()
    {
        return parse("{\"id\": 4012345, \"name\": \"Backend Engineer (internal)\", \"requisition_id\": \"ENG-114\","
                     " \"status\": \"open\", \"department_id\": 11, \"office_ids\": [21, 22],"
                     " \"custom_fields\": {\"employment_type\": {\"name\": \"Employment Type\","
                     " \"type\": \"single_select\", \"value\": \"Full-time\"}},"
                     " \"updated_at\": \"2026-11-30T09:12:44.000Z\"}");
    }

    static QJsonObject post()
    {
        return parse("{\"id\": 7, \"job_id\": 4012345, \"title\": \"Senior Backend Engineer\","
                     " \"content\": \"<p>Hi</p>\", \"internal\": false, \"live\": true, \"active\": true,"
                     " \"public_url\": \"https://boards.greenhouse.io/acme/jobs/4012345\"}");
    }

    static JobReferenceData reference()
    {
        JobReferenceData data;
        data.departmentNames.insert(11, QStringLiteral("Engineering"));
        data.officeNames.insert(21, QStringLiteral("Berlin"));
        data.officeNames.insert(22, QStringLiteral("Remote - EU"));
        return data;
    }

private slots:
    void buildsTheContractBody()
    {
        JobSource source;
        source.job = job();
        source.livePost = post();
        source.openOpenings = 2;
        const QJsonObject body = buildJobBody(source, reference(), QStringLiteral("open"));
        QCOMPARE(body.value(u"source").toString(), QStringLiteral("greenhouse"));
        QCOMPARE(body.value(u"source_job_id").toString(), QStringLiteral("4012345"));
        QCOMPARE(body.value(u"requisition_id").toString(), QStringLiteral("ENG-114"));
        QCOMPARE(body.value(u"title").toString(), QStringLiteral("Senior Backend Engineer"));
        QCOMPARE(body.value(u"status").toString(), QStringLiteral("open"));
        QCOMPARE(body.value(u"department").toString(), QStringLiteral("Engineering"));
        QCOMPARE(
            body.value(u"offices").toArray(), QJsonArray({ QStringLiteral("Berlin"), QStringLiteral("Remote - EU") }));
        QCOMPARE(body.value(u"employment_type").toString(), QStringLiteral("Full-time"));
        QCOMPARE(body.value(u"openings").toInt(), 2);
        QCOMPARE(body.value(u"description_html").toString(), QStringLiteral("<p>Hi</p>"));
        QCOMPARE(body.value(u"apply_url").toString(), QStringLiteral("https://boards.greenhouse.io/acme/jobs/4012345"));
        QCOMPARE(body.value(u"updated_at").toString(), QStringLiteral("2026-11-30T09:12:44Z"));
    }

    void unknownFieldsAreNull()
    {
        JobSource source;
        source.job = job();
        source.job.insert(QStringLiteral("department_id"), QJsonValue());
        source.job.remove(QStringLiteral("custom_fields"));
        source.job.insert(QStringLiteral("requisition_id"), QJsonValue());
        const QJsonObject body = buildJobBody(source, reference(), QStringLiteral("open"));
        QVERIFY(body.value(u"department").isNull());
        QVERIFY(body.value(u"employment_type").isNull());
        QVERIFY(body.value(u"requisition_id").isNull());
        QVERIFY(body.value(u"description_html").isNull());
        QVERIFY(body.value(u"apply_url").isNull());
        QCOMPARE(body.value(u"title").toString(), QStringLiteral("Backend Engineer (internal)"));
    }

    void postLocationsAddedWithoutRepeats()
    {
        JobSource source;
        source.job = job();
        source.postLocations = { QStringLiteral("Remote"), QStringLiteral("Berlin"), QStringLiteral(" ") };
        const QJsonObject body = buildJobBody(source, reference(), QStringLiteral("open"));
        QCOMPARE(body.value(u"offices").toArray(),
            QJsonArray({ QStringLiteral("Berlin"), QStringLiteral("Remote - EU"), QStringLiteral("Remote") }));
    }

    void employmentTypeShapes_data()
    {
        QTest::addColumn<QByteArray>("customFields");
        QTest::addColumn<QString>("expected");
        QTest::newRow("read shape") << QByteArray(R"j({"employment_type": {"value": "Contract"}})j")
                                    << QStringLiteral("Contract");
        QTest::newRow("option object") << QByteArray(
            R"j({"employment_type": {"value": {"id": 1, "name": "Part-time"}}})j")
                                       << QStringLiteral("Part-time");
        QTest::newRow("bare string") << QByteArray(R"j({"employment_type": " Internship "})j")
                                     << QStringLiteral("Internship");
        QTest::newRow("null") << QByteArray(R"j({"employment_type": {"value": null}})j") << QString();
        QTest::newRow("absent") << QByteArray(R"j({"salary_band": {"value": "B"}})j") << QString();
    }

    void employmentTypeShapes()
    {
        QFETCH(QByteArray, customFields);
        QFETCH(QString, expected);
        QJsonObject j;
        j.insert(QStringLiteral("custom_fields"), QJsonDocument::fromJson(customFields).object());
        QCOMPARE(employmentType(j), expected);
    }

    void picksTheLiveExternalPost()
    {
        QJsonObject internal = post();
        internal.insert(QStringLiteral("id"), 1);
        internal.insert(QStringLiteral("internal"), true);
        QJsonObject notLive = post();
        notLive.insert(QStringLiteral("id"), 2);
        notLive.insert(QStringLiteral("live"), false);
        QJsonObject later = post();
        later.insert(QStringLiteral("id"), 9);
        QCOMPARE(pickLiveExternalPost({ later, internal, notLive, post() })->value(u"id").toInt(), 7);
        QVERIFY(!pickLiveExternalPost({ internal, notLive }));
    }

    void countsOpenOpenings()
    {
        const QJsonObject open { { QStringLiteral("open"), true } };
        const QJsonObject closed { { QStringLiteral("open"), false } };
        QCOMPARE(countOpenOpenings({ open, closed, open }), 2);
        QCOMPARE(countOpenOpenings({}), 0);
    }

    void hashIgnoresFieldOrderAndUpdatedAt()
    {
        const QJsonObject a
            = QJsonDocument::fromJson(R"j({"a": 1, "b": [1, {"y": 2, "x": "é"}], "updated_at": "1"})j").object();
        const QJsonObject b
            = QJsonDocument::fromJson(R"j({"b": [1, {"x": "é", "y": 2}], "updated_at": "2", "a": 1})j").object();
        QCOMPARE(jobContentHash(a), jobContentHash(b));
        QCOMPARE(canonicalJson(QJsonObject { { QStringLiteral("b"), 1 }, { QStringLiteral("a"), QJsonValue() } }),
            QByteArray(R"j({"a":null,"b":1})j"));
        QJsonObject c = a;
        c.insert(QStringLiteral("a"), 2);
        QVERIFY(jobContentHash(a) != jobContentHash(c));
        QCOMPARE(jobContentHash(a).size(), 64);
    }

    void hashChangesWithStatus()
    {
        JobSource source;
        source.job = job();
        const QJsonObject open = buildJobBody(source, reference(), QStringLiteral("open"));
        const QJsonObject closed = buildJobBody(source, reference(), QStringLiteral("closed"));
        QVERIFY(jobContentHash(open) != jobContentHash(closed));
    }

    void closedBodyKeepsWhatWasThere()
    {
        JobSource source;
        source.job = job();
        const QJsonObject open = buildJobBody(source, reference(), QStringLiteral("open"));
        const QJsonObject closed = closedJobBody(4012345, open);
        QCOMPARE(closed.value(u"status").toString(), QStringLiteral("closed"));
        QCOMPARE(closed.value(u"title").toString(), open.value(u"title").toString());
        const QJsonObject minimal = closedJobBody(5);
        QCOMPARE(minimal.value(u"source_job_id").toString(), QStringLiteral("5"));
        QCOMPARE(minimal.value(u"status").toString(), QStringLiteral("closed"));
    }
};

QTEST_GUILESS_MAIN(TestJobBody)
#include "testjobbody.moc"
