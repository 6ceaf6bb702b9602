#include "core/logfile/logfile.h"
#include "core/logging.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestLogFile final : public QObject
{
    Q_OBJECT

private slots:
    void redactsCredentials_data();
    void redactsCredentials();
    void writesCategoryAndMessage();
    void rotatesAndKeepsOnlyOwnerAccess();
    void survivesMessagesAfterMain();
};

void TestLogFile::redactsCredentials_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("secret");

    QTest::newRow("bearer") << QStringLiteral("Authorization: Bearer eyJhbGciOi.abc.def")
                            << QStringLiteral("eyJhbGciOi");
    QTest::newRow("basic") << QStringLiteral("sent basic dGItY2xpZW50OnNlY3JldA==") << QStringLiteral("dGItY2xpZW50");
    QTest::newRow("json token") << QStringLiteral(R"({"access_token": "ghat_123", "token_type":"Bearer"})")
                                << QStringLiteral("ghat_123");
    QTest::newRow("json secret") << QStringLiteral(R"(body {"client_secret":"ghs_abc"})") << QStringLiteral("ghs_abc");
    QTest::newRow("form") << QStringLiteral("token=sdt_sandbox_42&token_type_hint=access_token")
                          << QStringLiteral("sdt_sandbox_42");
}

void TestLogFile::redactsCredentials()
{
    QFETCH(QString, line);
    QFETCH(QString, secret);
    const QString redacted = LogFile::redactSecrets(line);
    QVERIFY2(!redacted.contains(secret), qPrintable(redacted));
    QVERIFY(redacted.contains(QLatin1String("[redacted]")));
}

void TestLogFile::writesCategoryAndMessage()
{
    QTemporaryDir dir;
    QVERIFY(LogFile::install(dir.path()));
    qCInfo(lcSync) << "run finished, 3 jobs exported";
    qCWarning(lcHarvest) << "server said: Bearer abc.def.ghi";
    const QString path = LogFile::currentPath();
    LogFile::uninstall();

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(text.contains("info talentbridge.sync: run finished, 3 jobs exported"));
    QVERIFY(text.contains("warning talentbridge.harvest: server said: Bearer [redacted]"));
    QVERIFY(!text.contains("abc.def.ghi"));
}

void TestLogFile::rotatesAndKeepsOnlyOwnerAccess()
{
    // Keep the 25 MB this writes off the test's own output.
    const QtMessageHandler outer
        = qInstallMessageHandler([](QtMsgType, const QMessageLogContext &, const QString &) {});
    QTemporaryDir dir;
    QVERIFY(LogFile::install(dir.path()));
    const QString chunk(4096, QLatin1Char('x'));
    for (qint64 written = 0; written < LogFile::kMaxBytes * (LogFile::kKeptFiles + 2); written += chunk.size())
        qCInfo(lcSync).noquote() << chunk;
    LogFile::uninstall();
    qInstallMessageHandler(outer);

    const QStringList files = QDir(dir.path()).entryList({ QStringLiteral("talentbridge*.log") }, QDir::Files);
    QCOMPARE(files.size(), LogFile::kKeptFiles + 1);
    for (const QString &name : files)
    {
        const QFileInfo info(QDir(dir.path()).filePath(name));
        QVERIFY(info.size() <= LogFile::kMaxBytes + 8192);
        QVERIFY(!(info.permissions() & (QFile::ReadOther | QFile::ReadGroup)));
    }
}

void TestLogFile::survivesMessagesAfterMain()
{
    // A message logged after main() returned once found the redaction patterns destroyed and
    // crashed the process ("free(): invalid pointer") at the end of a successful sync.
    QTemporaryDir dir;
    QProcess helper;
    helper.start(QStringLiteral(LOG_EXIT_HELPER), { dir.path() });
    QVERIFY(helper.waitForFinished(10000));
    const QByteArray err = helper.readAllStandardError();
    QCOMPARE(helper.exitStatus(), QProcess::NormalExit);
    QCOMPARE(helper.exitCode(), 0);
    QVERIFY2(!err.contains("invalid QRegularExpression"), err.constData());
    QVERIFY2(err.contains("at exit: Authorization: Bearer [redacted]"), err.constData());
    QVERIFY2(!err.contains("abc.def.ghi"), err.constData());

    QFile file(QDir(dir.path()).filePath(QStringLiteral("talentbridge.log")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(text.contains("helper started"));
    QVERIFY(text.contains("at exit: Authorization: Bearer [redacted]"));
}

QTEST_GUILESS_MAIN(TestLogFile)
#include "testlogfile.moc"
