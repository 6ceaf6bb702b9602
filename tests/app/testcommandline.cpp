#include "app/commandline.h"
#include "app/headless.h"

#include <QTemporaryDir>
#include <QTest>

Q_DECLARE_METATYPE(CommandLine::Mode)

class TestCommandLine final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void version();
    void headlessCommandsReachTheCli();
};

void TestCommandLine::parse_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<CommandLine::Mode>("mode");
    QTest::addColumn<bool>("demo");
    QTest::addColumn<bool>("minimized");
    QTest::addColumn<QString>("profile");

    const QString exe = QStringLiteral("talentbridge");
    QTest::newRow("nothing") << QStringList { exe } << CommandLine::Mode::Gui << false << false << QString();
    QTest::newRow("demo") << QStringList { exe, QStringLiteral("--demo") } << CommandLine::Mode::Gui << true << false
                          << QString();
    QTest::newRow("minimized profile") << QStringList { exe, QStringLiteral("--minimized"), QStringLiteral("--profile"),
        QStringLiteral("/tmp/p") } << CommandLine::Mode::Gui
                                       << false << true << QStringLiteral("/tmp/p");
    QTest::newRow("profile=") << QStringList { exe, QStringLiteral("--profile=/tmp/q") } << CommandLine::Mode::Gui
                              << false << false << QStringLiteral("/tmp/q");
    QTest::newRow("version") << QStringList { exe, QStringLiteral("--version") } << CommandLine::Mode::Version << false
                             << false << QString();
    QTest::newRow("help") << QStringList { exe, QStringLiteral("--help") } << CommandLine::Mode::Help << false << false
                          << QString();
    QTest::newRow("verbose before a headless command")
        << QStringList { exe, QStringLiteral("--verbose"), QStringLiteral("status") } << CommandLine::Mode::Headless
        << false << false << QString();
    QTest::newRow("unknown option") << QStringList { exe, QStringLiteral("--bogus") } << CommandLine::Mode::Error
                                    << false << false << QString();
    QTest::newRow("unknown command") << QStringList { exe, QStringLiteral("frobnicate") } << CommandLine::Mode::Error
                                     << false << false << QString();
    QTest::newRow("profile without dir") << QStringList { exe, QStringLiteral("--profile") } << CommandLine::Mode::Error
                                         << false << false << QString();
    for (const char *command : { "connect", "sync", "run", "status", "disconnect" })
    {
        QTest::newRow(command) << QStringList { exe, QString::fromLatin1(command) } << CommandLine::Mode::Headless
                               << false << false << QString();
    }
    QTest::newRow("headless with its own options")
        << QStringList { exe, QStringLiteral("--profile"), QStringLiteral("/tmp/p"), QStringLiteral("sync"),
               QStringLiteral("--lane"), QStringLiteral("jobs") }
        << CommandLine::Mode::Headless << false << false << QStringLiteral("/tmp/p");
}

void TestCommandLine::parse()
{
    QFETCH(QStringList, arguments);
    QFETCH(CommandLine::Mode, mode);
    QFETCH(bool, demo);
    QFETCH(bool, minimized);
    QFETCH(QString, profile);

    const CommandLine commandLine = parseCommandLine(arguments);
    QVERIFY2(commandLine.mode == mode, qPrintable(commandLine.message));
    QCOMPARE(commandLine.demo, demo);
    QCOMPARE(commandLine.minimized, minimized);
    QCOMPARE(commandLine.profileDirectory, profile);
    if (mode == CommandLine::Mode::Error || mode == CommandLine::Mode::Help)
        QVERIFY(!commandLine.message.isEmpty());
    // An error says where to read how it goes; the help says what the exit codes mean.
    if (mode == CommandLine::Mode::Error)
        QVERIFY2(commandLine.message.contains(QLatin1String("talentbridge --help")), qPrintable(commandLine.message));
    if (mode == CommandLine::Mode::Help)
        QVERIFY2(commandLine.message.contains(QLatin1String("2 usage error")), qPrintable(commandLine.message));
}

void TestCommandLine::version()
{
    const CommandLine commandLine = parseCommandLine({ QStringLiteral("talentbridge"), QStringLiteral("--version") });
    QVERIFY(
        QRegularExpression(QStringLiteral(R"(^TalentBridge \d+\.\d+\.\d+$)")).match(commandLine.message).hasMatch());
}

void TestCommandLine::headlessCommandsReachTheCli()
{
    // A fresh, unconnected profile: `status` answers (exit 0) instead of "not available".
    QTemporaryDir profile;
    QVERIFY(profile.isValid());
    const QString exe = QStringLiteral("talentbridge");
    QCOMPARE(runHeadless({ exe, QStringLiteral("--profile"), profile.path(), QStringLiteral("status"),
                 QStringLiteral("--json") }),
        0);
    // A mistyped option is a usage error with its own exit code.
    QCOMPARE(runHeadless({ exe, QStringLiteral("status"), QStringLiteral("--no-such-option") }), 2);
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "testcommandline.moc"
