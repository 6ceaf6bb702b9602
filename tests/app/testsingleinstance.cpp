#include "app/singleinstance.h"

#include <QDir>
#include <QFile>
#include <QLocalServer>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

class TestSingleInstance final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void firstIsPrimary();
    void secondIsRefusedAndRaisesFirst();
    void profilesDoNotCollide();
    void serverNameDependsOnUserAndProfile();
    void staleLockIsRecovered();
    void releasedOnDestruction();

private:
    QTemporaryDir m_dir;
};

void TestSingleInstance::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void TestSingleInstance::firstIsPrimary()
{
    SingleInstance instance(m_dir.filePath(QStringLiteral("first")));
    QCOMPARE(instance.start(), SingleInstance::Role::Primary);
    QVERIFY(QFile::exists(instance.lockFilePath()));
}

void TestSingleInstance::secondIsRefusedAndRaisesFirst()
{
    const QString profile = m_dir.filePath(QStringLiteral("shared"));
    SingleInstance first(profile);
    QCOMPARE(first.start(), SingleInstance::Role::Primary);
    QSignalSpy raised(&first, &SingleInstance::raiseRequested);

    SingleInstance second(profile);
    QCOMPARE(second.serverName(), first.serverName());
    QCOMPARE(second.start(), SingleInstance::Role::Secondary);
    QTRY_COMPARE(raised.count(), 1);

    // And again: every later launch raises it.
    SingleInstance third(profile);
    QCOMPARE(third.start(), SingleInstance::Role::Secondary);
    QTRY_COMPARE(raised.count(), 2);
}

void TestSingleInstance::profilesDoNotCollide()
{
    SingleInstance a(m_dir.filePath(QStringLiteral("profile-a")));
    SingleInstance b(m_dir.filePath(QStringLiteral("profile-b")));
    QVERIFY(a.serverName() != b.serverName());
    QCOMPARE(a.start(), SingleInstance::Role::Primary);
    QCOMPARE(b.start(), SingleInstance::Role::Primary);
}

void TestSingleInstance::serverNameDependsOnUserAndProfile()
{
    const QString profile = m_dir.filePath(QStringLiteral("names"));
    QVERIFY(QDir().mkpath(profile));
    const QString name = SingleInstance::serverNameFor(profile, QStringLiteral("alice"));
    QCOMPARE(SingleInstance::serverNameFor(profile + QStringLiteral("/"), QStringLiteral("alice")), name);
    QCOMPARE(SingleInstance::serverNameFor(profile + QStringLiteral("/../names"), QStringLiteral("alice")), name);
    QVERIFY(SingleInstance::serverNameFor(profile, QStringLiteral("bob")) != name);
    QVERIFY(SingleInstance::serverNameFor(profile + QStringLiteral("2"), QStringLiteral("alice")) != name);
    // Short and plain, for a Unix socket path or a Windows pipe name.
    QVERIFY(name.size() < 48);
    QVERIFY(QRegularExpression(QStringLiteral("^[a-z0-9-]+$")).match(name).hasMatch());
}

void TestSingleInstance::staleLockIsRecovered()
{
    const QString profile = m_dir.filePath(QStringLiteral("crashed"));
    QVERIFY(QDir().mkpath(profile));

    // A process that has ended: its pid is in the lock file, as after a crash.
    QProcess process;
    process.start(QCoreApplication::applicationFilePath(), { QStringLiteral("-functions") });
    QVERIFY(process.waitForStarted());
    const qint64 deadPid = process.processId();
    QVERIFY(process.waitForFinished());

    SingleInstance probe(profile);
    QFile lock(probe.lockFilePath());
    QVERIFY(lock.open(QIODevice::WriteOnly));
    lock.write(QByteArray::number(deadPid) + '\n' + QCoreApplication::applicationName().toUtf8() + '\n'
        + QSysInfo::machineHostName().toUtf8() + '\n');
    lock.close();

    // And the socket the crashed instance left behind (a file on Unix).
    QLocalServer leftover;
    leftover.listen(probe.serverName());

    SingleInstance instance(profile);
    QCOMPARE(instance.start(), SingleInstance::Role::Primary);
    QSignalSpy raised(&instance, &SingleInstance::raiseRequested);
    SingleInstance later(profile);
    QCOMPARE(later.start(), SingleInstance::Role::Secondary);
    QTRY_COMPARE(raised.count(), 1);
}

void TestSingleInstance::releasedOnDestruction()
{
    const QString profile = m_dir.filePath(QStringLiteral("restart"));
    {
        SingleInstance first(profile);
        QCOMPARE(first.start(), SingleInstance::Role::Primary);
    }
    SingleInstance again(profile);
    QCOMPARE(again.start(), SingleInstance::Role::Primary);
}

QTEST_GUILESS_MAIN(TestSingleInstance)
#include "testsingleinstance.moc"
