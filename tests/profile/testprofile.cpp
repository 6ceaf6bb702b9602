#include "core/profile/profile.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;

class TestProfile final : public QObject
{
    Q_OBJECT

private slots:
    void pathsLiveInsideTheProfile();
    void idIsStablePerFolderAndDiffersBetweenFolders();
    void connectionRoundTrips();
    void syncSettingsRoundTrip();
    void cadencesAreClamped_data();
    void cadencesAreClamped();
    void nothingSecretIsWritten();
};

void TestProfile::pathsLiveInsideTheProfile()
{
    QTemporaryDir dir;
    const Profile profile(dir.path());
    QVERIFY(profile.settingsPath().startsWith(dir.path()));
    QVERIFY(profile.databasePath().startsWith(dir.path()));
    QVERIFY(profile.ensureExists());
}

void TestProfile::idIsStablePerFolderAndDiffersBetweenFolders()
{
    QTemporaryDir a;
    QTemporaryDir b;
    QCOMPARE(Profile(a.path()).id(), Profile(a.path() + QStringLiteral("/")).id());
    QVERIFY(Profile(a.path()).id() != Profile(b.path()).id());
    QCOMPARE(Profile(a.path()).id().size(), 16);
}

void TestProfile::connectionRoundTrips()
{
    QTemporaryDir dir;
    const Profile profile(dir.path());
    ProfileSettings settings(profile);
    QCOMPARE(settings.connection(), ConnectionSettings {});

    ConnectionSettings c;
    c.harvestUrl = QUrl(QStringLiteral("http://127.0.0.1:1234/v3"));
    c.tokenUrl = QUrl(QStringLiteral("http://127.0.0.1:1235/token"));
    c.introspectUrl = QUrl(QStringLiteral("http://127.0.0.1:1235/introspect"));
    c.actingUserId = 4242;
    c.platformUrl = QUrl(QStringLiteral("http://127.0.0.1:1236"));
    c.connected = true;
    settings.setConnection(c);
    QCOMPARE(ProfileSettings(profile).connection(), c);

    c.actingUserId.reset();
    settings.setConnection(c);
    QVERIFY(!ProfileSettings(profile).connection().actingUserId);
}

void TestProfile::syncSettingsRoundTrip()
{
    QTemporaryDir dir;
    ProfileSettings settings { Profile(dir.path()) };
    QCOMPARE(settings.sync().jobsInterval, std::chrono::seconds(5min));
    QCOMPARE(settings.sync().applicantsInterval, std::chrono::seconds(12h));

    SyncSettings s;
    s.jobsInterval = 10min;
    s.applicantsInterval = 6h;
    s.departmentFilter = { 11, 12 };
    s.officeFilter = { 7 };
    s.sourceId = 99;
    s.startAtLogin = true;
    settings.setSync(s);
    QCOMPARE(settings.sync(), s);
}

void TestProfile::cadencesAreClamped_data()
{
    QTest::addColumn<qint64>("jobs");
    QTest::addColumn<qint64>("applicants");
    QTest::addColumn<qint64>("expectedJobs");
    QTest::addColumn<qint64>("expectedApplicants");
    QTest::addColumn<int>("warnings");

    QTest::newRow("defaults") << qint64(300) << qint64(43200) << qint64(300) << qint64(43200) << 0;
    QTest::newRow("too fast") << qint64(1) << qint64(60) << qint64(60) << qint64(900) << 2;
    QTest::newRow("too slow") << qint64(90000) << qint64(9000000) << qint64(86400) << qint64(604800) << 2;
    QTest::newRow("zero") << qint64(0) << qint64(43200) << qint64(60) << qint64(43200) << 1;
    QTest::newRow("negative") << qint64(-5) << qint64(-5) << qint64(60) << qint64(900) << 2;
}

void TestProfile::cadencesAreClamped()
{
    QFETCH(qint64, jobs);
    QFETCH(qint64, applicants);
    QFETCH(qint64, expectedJobs);
    QFETCH(qint64, expectedApplicants);
    QFETCH(int, warnings);

    SyncSettings s;
    s.jobsInterval = std::chrono::seconds(jobs);
    s.applicantsInterval = std::chrono::seconds(applicants);
    QCOMPARE(s.clampToBounds().size(), warnings);
    QCOMPARE(s.jobsInterval.count(), expectedJobs);
    QCOMPARE(s.applicantsInterval.count(), expectedApplicants);
}

void TestProfile::nothingSecretIsWritten()
{
    // The settings API has no field for a secret; make sure nothing unexpected lands in
    // the file either (only the known groups).
    QTemporaryDir dir;
    const Profile profile(dir.path());
    ProfileSettings settings(profile);
    settings.setConnection(ConnectionSettings {});
    settings.setSync(SyncSettings {});
    const QSettings raw(profile.settingsPath(), QSettings::IniFormat);
    for (const QString &key : raw.allKeys())
        QVERIFY2(
            key.startsWith(QLatin1String("connection/")) || key.startsWith(QLatin1String("sync/")), qPrintable(key));
}

QTEST_GUILESS_MAIN(TestProfile)
#include "testprofile.moc"
