// Help > Export diagnostics: logs, settings and run history leave the machine; secrets and
// applicant personal data must not.
#include "core/profile/profile.h"
#include "core/store/store.h"
#include "ui/diagnostics.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace
{
const QString kSecret = u"FAKE-SECRET-9f8e7d6c5b4a"_s;
const QString kBearer = u"eyJFAKEBEARERTOKEN.abc123.def456"_s;
const QString kEmail = u"zoe.mueller@example.org"_s;
const QString kFirstName = u"Zo\u00eb"_s;
const QString kLastName = u"M\u00fcller-L\u00fcdenscheid"_s;

// name -> content of every file in the export, whether it is a zip or a folder.
QHash<QString, QString> readExport(const QString &path)
{
    QHash<QString, QString> files;
    QString folder = path;
    QTemporaryDir unzipped;
    if (path.endsWith(u".zip"_s))
    {
        QProcess unzip;
        unzip.start(u"unzip"_s, { u"-q"_s, path, u"-d"_s, unzipped.path() });
        if (!unzip.waitForFinished(30000) || unzip.exitCode() != 0)
            return files;
        folder = unzipped.path();
    }
    QDirIterator it(folder, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
    {
        const QString file = it.next();
        QFile f(file);
        if (f.open(QIODevice::ReadOnly))
            files.insert(it.fileName(), QString::fromUtf8(f.readAll()));
    }
    return files;
}
} // namespace

class TestDiagnostics final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void exportRedactsSecretsAndPersonalData();
    void redactionKeepsOrdinaryText();
};

void TestDiagnostics::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestDiagnostics::exportRedactsSecretsAndPersonalData()
{
    QTemporaryDir dir;
    const Profile profile(QDir(dir.path()).filePath(u"profile"_s));
    QVERIFY(profile.ensureExists());

    // Settings: a URL with user info and a secret someone put there by hand.
    ProfileSettings settings(profile);
    ConnectionSettings connection;
    connection.platformUrl = QUrl(u"https://admin:%1@platform.example.com/api"_s.arg(kSecret));
    connection.connected = true;
    settings.setConnection(connection);
    {
        QSettings ini(profile.settingsPath(), QSettings::IniFormat);
        ini.setValue(u"debug/clientSecret"_s, kSecret);
    }

    // Logs that slipped: a secret in a form body, a bearer header, an email and a name.
    QVERIFY(QDir().mkpath(profile.logDir()));
    QFile log(QDir(profile.logDir()).filePath(u"talentbridge.log"_s));
    QVERIFY(log.open(QIODevice::WriteOnly));
    log.write(u"2026-12-04 07:10:04 INFO talentbridge.harvest: token request grant_type=client_credentials"
              "&client_secret=%1&client_id=abc\n"
              "2026-12-04 07:10:05 DEBUG talentbridge.net: Authorization: Bearer %2\n"
              "2026-12-04 07:10:06 DEBUG talentbridge.net: reply {\"access_token\": \"%2\", \"expires_in\": 3600}\n"
              "2026-12-04 07:10:07 INFO talentbridge.sync: candidate %3 %4 <%5> imported\n"_s
                  .arg(kSecret, kBearer, kFirstName, kLastName, kEmail)
                  .toUtf8());
    log.close();

    // The store: the applicant, and a run whose error quotes the service verbatim.
    Store store(profile.databasePath());
    QVERIFY(store.open());
    QVERIFY(store.recordSeen(QJsonObject { { u"id"_s, u"sd-1"_s }, { u"source_job_id"_s, u"42"_s },
        { u"first_name"_s, kFirstName }, { u"last_name"_s, kLastName }, { u"email"_s, kEmail } }));
    const qint64 ok = store.startRun(u"jobs"_s, QDateTime::currentDateTimeUtc());
    RunCounts counts;
    counts.created = 179;
    QVERIFY(store.finishRun(ok, QDateTime::currentDateTimeUtc(), true, counts, {}));
    const qint64 failed = store.startRun(u"applicants"_s, QDateTime::currentDateTimeUtc());
    QVERIFY(store.finishRun(failed, QDateTime::currentDateTimeUtc(), false, {},
        u"Greenhouse refused candidate %1 %2 (%3): 422; sent Bearer %4"_s.arg(kFirstName, kLastName, kEmail, kBearer)));

    QTemporaryDir target;
    QString error;
    const QString written = Diagnostics::exportTo(profile, store, target.path(), &error);
    QVERIFY2(!written.isEmpty(), qPrintable(error));

    const QHash<QString, QString> files = readExport(written);
    QVERIFY(files.contains(u"runs.csv"_s));
    QVERIFY(files.contains(u"settings.ini"_s));
    QVERIFY(files.contains(u"talentbridge.log"_s));
    const QStringList needles { kSecret, kBearer, kEmail, kLastName, QString(kFirstName + u' ' + kLastName) };
    for (auto it = files.cbegin(); it != files.cend(); ++it)
    {
        for (const QString &needle : needles)
            QVERIFY2(!it.value().contains(needle), qPrintable(u"%1 holds %2:\n%3"_s.arg(it.key(), needle, it.value())));
    }

    // What support needs is still there.
    const QString runs = files.value(u"runs.csv"_s);
    QVERIFY2(runs.contains(u",jobs,"_s) && runs.contains(u",179,"_s), qPrintable(runs));
    QVERIFY2(runs.contains(u",applicants,"_s) && runs.contains(u"422"_s), qPrintable(runs));
    QVERIFY(files.value(u"talentbridge.log"_s).contains(u"talentbridge.sync"_s));
    QVERIFY(files.value(u"settings.ini"_s).contains(u"platform.example.com"_s));
    QVERIFY(files.value(u"settings.ini"_s).contains(u"auth.greenhouse.io/token"_s));
    QVERIFY(files.value(u"talentbridge.log"_s).contains(u"client_id=abc"_s));
    QVERIFY(files.value(u"talentbridge.log"_s).contains(u"\"expires_in\": 3600"_s));
}

void TestDiagnostics::redactionKeepsOrdinaryText()
{
    QCOMPARE(Diagnostics::scrubUrlUserInfo(u"see https://u:p@host/x and http://host/y"_s),
        u"see https://host/x and http://host/y"_s);
}

QTEST_GUILESS_MAIN(TestDiagnostics)
#include "testdiagnostics.moc"
