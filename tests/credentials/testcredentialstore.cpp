// KeychainCredentialStore against a real Secret Service: the gnome-keyring daemon that
// scripts/run-tests.sh starts, unlocked, on the private bus of dbus-run-session.

#include "core/credentials/blockingcredentials.h"
#include "core/credentials/credentialkey.h"
#include "core/credentials/credentialsession.h"
#include "core/credentials/keychaincredentialstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace std::chrono_literals;

namespace
{
constexpr auto kTimeout = 20s;

// The child process of noBackend() sets this to run childMain() instead of the tests.
constexpr char kChildVariable[] = "TB_CREDENTIAL_TEST_CHILD";

QStringList g_messages;
QtMessageHandler g_previousHandler = nullptr;

void recordMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    g_messages.append(message);
    if (g_previousHandler)
    {
        g_previousHandler(type, context, message);
    }
}

QString randomHex(int bytes)
{
    QByteArray data(bytes, Qt::Uninitialized);
    for (char &byte : data)
    {
        byte = static_cast<char>(QRandomGenerator::global()->bounded(256));
    }
    return QString::fromLatin1(data.toHex());
}

// Every regular file under `root` whose bytes contain `needle` in UTF-8 or UTF-16.
QStringList filesContaining(const QString &root, const QString &needle)
{
    const QByteArray utf8 = needle.toUtf8();
    const QByteArray utf16(reinterpret_cast<const char *>(needle.utf16()), needle.size() * 2);
    QStringList hits;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext())
    {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly))
        {
            const QByteArray content = file.readAll();
            if (content.contains(utf8) || content.contains(utf16))
            {
                hits.append(file.fileName());
            }
        }
    }
    return hits;
}

QStringList regularFiles(const QString &root)
{
    QStringList files;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext())
    {
        files.append(it.next());
    }
    return files;
}

// The concatenated bytes of every keyring file, to notice a change.
QByteArray keyringFiles(const QString &root)
{
    QByteArray all;
    for (const QString &path : regularFiles(root))
    {
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
        {
            all += path.toUtf8() + file.readAll();
        }
    }
    return all;
}

// Write, read and remove with no keychain reachable; prints the three error codes.
int childMain()
{
    KeychainCredentialStore store;
    store.setRetryDelay(200ms);
    const QString key = qEnvironmentVariable("TB_CREDENTIAL_TEST_KEY");
    const QString secret = qEnvironmentVariable("TB_CREDENTIAL_TEST_SECRET");

    const CredentialResult written = blockingWrite(store, key, secret, kTimeout);
    const CredentialResult read = blockingRead(store, key, kTimeout);
    const CredentialResult removed = blockingRemove(store, key, kTimeout);
    std::printf(
        "%d %d %d\n%s\n", int(written.error), int(read.error), int(removed.error), qUtf8Printable(written.message));
    return 0;
}
} // namespace

class TestCredentialStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();

    void writeAndReadBack_data();
    void writeAndReadBack();
    void replaceOverwrites();
    void removeThenNotFound();
    void missingEntryIsNotFound();
    void sizeLimit_data();
    void sizeLimit();
    void sessionLifecycle();
    void nothingInPlaintextOnDisk();
    void noBackend_data();
    void noBackend();

private:
    QString key(CredentialPurpose purpose) const { return credentialKey(m_profileId, purpose); }
    QString seededSecret();

    KeychainCredentialStore m_store;
    QString m_profileId;
    QStringList m_secrets;
};

void TestCredentialStore::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    g_previousHandler = qInstallMessageHandler(recordMessage);
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
        "run through scripts/run-tests.sh inside dbus-run-session: it starts the gnome-keyring this test needs");

    // A fresh profile per run, so a run never sees (or removes) another run's entries.
    m_profileId = profileIdForFolder(QDir::tempPath() + QStringLiteral("/talentbridge-test-") + randomHex(8));
}

void TestCredentialStore::cleanup()
{
    for (const CredentialPurpose purpose : allCredentialPurposes())
    {
        const CredentialError error = blockingRemove(m_store, key(purpose), kTimeout).error;
        QVERIFY(error == CredentialError::None || error == CredentialError::NotFound);
    }
}

void TestCredentialStore::cleanupTestCase()
{
    qInstallMessageHandler(g_previousHandler);
    for (const QString &secret : std::as_const(m_secrets))
    {
        for (const QString &message : std::as_const(g_messages))
        {
            QVERIFY2(!message.contains(secret), "a secret appeared in the log output");
        }
    }
}

QString TestCredentialStore::seededSecret()
{
    m_secrets.append(QStringLiteral("tb-secret-") + randomHex(16));
    return m_secrets.last();
}

void TestCredentialStore::writeAndReadBack_data()
{
    QTest::addColumn<QString>("secret");

    QTest::newRow("ascii") << seededSecret();
    QTest::newRow("unicode") << seededSecret() + QStringLiteral(u"-\u00e9\u20ac\u6f22");
    // Exactly the limit: 1024 UTF-8 bytes.
    const QString base = seededSecret();
    QTest::newRow("1024 bytes") << base + QString(1024 - base.size(), QLatin1Char('z'));
}

void TestCredentialStore::writeAndReadBack()
{
    QFETCH(QString, secret);
    const QString entry = key(CredentialPurpose::HarvestClientSecret);

    const CredentialResult written = blockingWrite(m_store, entry, secret, kTimeout);
    QVERIFY2(written.ok(), qPrintable(written.message));

    const CredentialResult read = blockingRead(m_store, entry, kTimeout);
    QVERIFY2(read.ok(), qPrintable(read.message));
    QCOMPARE(read.secret, secret);
}

void TestCredentialStore::replaceOverwrites()
{
    const QString entry = key(CredentialPurpose::PlatformToken);
    const QString first = seededSecret();
    const QString second = seededSecret();

    QVERIFY(blockingWrite(m_store, entry, first, kTimeout).ok());
    QVERIFY(blockingWrite(m_store, entry, second, kTimeout).ok());
    QCOMPARE(blockingRead(m_store, entry, kTimeout).secret, second);
}

void TestCredentialStore::removeThenNotFound()
{
    const QString entry = key(CredentialPurpose::HarvestClientId);
    QVERIFY(blockingWrite(m_store, entry, seededSecret(), kTimeout).ok());

    QVERIFY(blockingRemove(m_store, entry, kTimeout).ok());
    QCOMPARE(blockingRead(m_store, entry, kTimeout).error, CredentialError::NotFound);

    // Removing what is not there is not a failure (libsecret reports success, others NotFound).
    const CredentialError again = blockingRemove(m_store, entry, kTimeout).error;
    QVERIFY(again == CredentialError::None || again == CredentialError::NotFound);
}

void TestCredentialStore::missingEntryIsNotFound()
{
    const CredentialResult read = blockingRead(m_store, key(CredentialPurpose::PlatformToken), kTimeout);
    QCOMPARE(read.error, CredentialError::NotFound);
    QVERIFY(read.secret.isEmpty());
}

void TestCredentialStore::sizeLimit_data()
{
    QTest::addColumn<int>("bytes");
    QTest::addColumn<CredentialError>("expected");

    QTest::newRow("limit") << int(kMaxCredentialEntryBytes) << CredentialError::None;
    QTest::newRow("limit + 1") << int(kMaxCredentialEntryBytes + 1) << CredentialError::TooLarge;
    QTest::newRow("windows blob limit") << 2560 << CredentialError::TooLarge;
}

void TestCredentialStore::sizeLimit()
{
    QFETCH(int, bytes);
    QFETCH(CredentialError, expected);
    const QString entry = key(CredentialPurpose::PlatformToken);
    const QString secret = seededSecret();
    const QString value = secret + QString(bytes - secret.size(), QLatin1Char('s'));

    const CredentialResult written = blockingWrite(m_store, entry, value, kTimeout);
    QCOMPARE(written.error, expected);

    const CredentialResult read = blockingRead(m_store, entry, kTimeout);
    if (expected == CredentialError::TooLarge)
    {
        QVERIFY(written.message.contains(QString::number(kMaxCredentialEntryBytes)));
        QCOMPARE(read.error, CredentialError::NotFound); // nothing was written
    }
    else
    {
        QCOMPARE(read.secret, value);
    }
}

void TestCredentialStore::sessionLifecycle()
{
    const Credentials first { seededSecret(), seededSecret(), seededSecret() };
    const Credentials rotated { seededSecret(), seededSecret(), seededSecret() };

    {
        CredentialSession session(m_store, m_profileId);
        QCOMPARE(blockingLoad(session, kTimeout).error, CredentialError::NotFound);
        QCOMPARE(session.state(), CredentialSession::State::NotConfigured);
        QVERIFY(blockingReplace(session, first, kTimeout).ok());
        QCOMPARE(session.credentials(), first);
    }

    // A new process: reads what the keychain holds, then rotates in place.
    {
        CredentialSession session(m_store, m_profileId);
        QVERIFY(blockingLoad(session, kTimeout).ok());
        QCOMPARE(session.credentials(), first);
        const CredentialResult replaced = blockingReplace(session, rotated, kTimeout);
        QVERIFY2(replaced.ok(), qPrintable(replaced.message));
        QCOMPARE(session.credentials(), rotated);
    }

    // Disconnect removes every entry.
    {
        CredentialSession session(m_store, m_profileId);
        QVERIFY(blockingLoad(session, kTimeout).ok());
        QCOMPARE(session.credentials(), rotated);
        QVERIFY(blockingRemoveAll(session, kTimeout).ok());
        QCOMPARE(session.state(), CredentialSession::State::NotConfigured);
    }
    for (const CredentialPurpose purpose : allCredentialPurposes())
    {
        QCOMPARE(blockingRead(m_store, key(purpose), kTimeout).error, CredentialError::NotFound);
    }
}

void TestCredentialStore::nothingInPlaintextOnDisk()
{
    // gnome-keyring keeps the login collection in $XDG_DATA_HOME/keyrings, encrypted.
    const QString dataHome = qEnvironmentVariableIsSet("XDG_DATA_HOME")
        ? qEnvironmentVariable("XDG_DATA_HOME")
        : QDir::homePath() + QStringLiteral("/.local/share");
    const QString keyrings = dataHome + QStringLiteral("/keyrings");
    const QByteArray before = keyringFiles(keyrings);

    const QString secret = seededSecret();
    QVERIFY(blockingWrite(m_store, key(CredentialPurpose::HarvestClientSecret), secret, kTimeout).ok());

    // The entry really went to the collection on disk (not to an in-memory session one),
    // so the search below looks where the secret would be.
    QTRY_VERIFY2(keyringFiles(keyrings) != before, qPrintable(keyrings + QStringLiteral(" did not change")));

    QStringList roots { keyrings };
    for (const auto location : { QStandardPaths::AppConfigLocation, QStandardPaths::AppDataLocation,
             QStandardPaths::GenericConfigLocation, QStandardPaths::CacheLocation })
    {
        roots.append(QStandardPaths::writableLocation(location));
    }
    if (qEnvironmentVariableIsSet("XDG_RUNTIME_DIR"))
    {
        roots.append(qEnvironmentVariable("XDG_RUNTIME_DIR"));
    }
    for (const QString &root : std::as_const(roots))
    {
        const QStringList hits = filesContaining(root, secret);
        QVERIFY2(hits.isEmpty(), qPrintable(hits.join(QLatin1Char(' '))));
    }
}

void TestCredentialStore::noBackend_data()
{
    QTest::addColumn<QString>("busAddress"); // "none": unset; "private": a bus with no Secret Service

    QTest::newRow("bus address points at nothing") << QStringLiteral("unix:path=/nonexistent/talentbridge-bus");
    QTest::newRow("no session bus at all") << QStringLiteral("none");
    QTest::newRow("bus without a Secret Service") << QStringLiteral("private");
}

void TestCredentialStore::noBackend()
{
    QFETCH(QString, busAddress);
    QTemporaryDir home;
    QVERIFY(home.isValid());

    // A bus of our own whose configuration lists no service directories, so nothing can be
    // activated on it: the situation of a Linux session without gnome-keyring or KWallet.
    QProcess bus;
    if (busAddress == QLatin1String("private"))
    {
        QFile config(home.filePath(QStringLiteral("bus.conf")));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
                     " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                     "<busconfig><type>session</type><listen>unix:tmpdir=/tmp</listen><auth>EXTERNAL</auth>"
                     "<policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>"
                     "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>\n");
        config.close();
        bus.start(QStringLiteral("dbus-daemon"),
            { QStringLiteral("--config-file=") + config.fileName(), QStringLiteral("--nofork"),
                QStringLiteral("--print-address=1") });
        QVERIFY2(bus.waitForStarted(), "dbus-daemon is needed (package dbus)");
        QTRY_VERIFY(bus.canReadLine());
        busAddress = QString::fromUtf8(bus.readLine()).trimmed();
        QVERIFY(!busAddress.isEmpty());
    }

    const QString secret = seededSecret();
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(kChildVariable), QStringLiteral("1"));
    environment.insert(QStringLiteral("TB_CREDENTIAL_TEST_KEY"), key(CredentialPurpose::HarvestClientSecret));
    environment.insert(QStringLiteral("TB_CREDENTIAL_TEST_SECRET"), secret);
    environment.insert(QStringLiteral("HOME"), home.path());
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), home.filePath(QStringLiteral("cache")));
    environment.remove(QStringLiteral("GNOME_KEYRING_CONTROL"));
    environment.remove(QStringLiteral("DISPLAY"));
    environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
    if (busAddress == QLatin1String("none"))
    {
        environment.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    }
    else
    {
        environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), busAddress);
    }

    QProcess child;
    child.setProcessEnvironment(environment);
    child.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY(child.waitForFinished(int(std::chrono::milliseconds(4 * kTimeout).count())));
    bus.kill();
    bus.waitForFinished();

    const QString output = QString::fromUtf8(child.readAllStandardOutput());
    const QString errors = QString::fromUtf8(child.readAllStandardError());
    QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0, qPrintable(errors));

    const QString expected = QStringLiteral("%1 %1 %1").arg(int(CredentialError::NoBackend));
    QVERIFY2(output.startsWith(expected), qPrintable(output + errors));
    QVERIFY2(output.contains(QLatin1String("gnome-keyring")), qPrintable(output));

    // Nothing was written anywhere instead, and the secret never reached the child's output.
    const QStringList hits = filesContaining(home.path(), secret);
    QVERIFY2(hits.isEmpty(), qPrintable(hits.join(QLatin1Char(' '))));
    QStringList written = regularFiles(home.path());
    written.removeAll(home.filePath(QStringLiteral("bus.conf")));
    QVERIFY2(written.isEmpty(), qPrintable(written.join(QLatin1Char(' '))));
    QVERIFY(!errors.contains(secret));
    QVERIFY(!output.contains(secret));
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsSet(kChildVariable))
    {
        return childMain();
    }
    TestCredentialStore test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "testcredentialstore.moc"
