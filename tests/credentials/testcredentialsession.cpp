#include "core/credentials/blockingcredentials.h"
#include "core/credentials/credentialkey.h"
#include "core/credentials/credentialsession.h"
#include "core/credentials/memorycredentialstore.h"
#include "core/credentials/unavailablecredentialstore.h"

#include <QElapsedTimer>
#include <QObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <optional>

using namespace std::chrono_literals;

namespace
{
const QString kProfile = QStringLiteral("0123456789abcdef");

// Seeded fake secrets: none of them may ever appear in log output.
const Credentials kOld { QStringLiteral("old-client-id-5f1c"), QStringLiteral("old-secret-9d2e7a"),
    QStringLiteral("old-token-44b1c0") };
const Credentials kNew { QStringLiteral("new-client-id-a7e3"), QStringLiteral("new-secret-c81f02"),
    QStringLiteral("new-token-2b9d55") };

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

void seed(MemoryCredentialStore &store, const Credentials &credentials)
{
    for (const CredentialPurpose purpose : allCredentialPurposes())
    {
        store.setEntry(credentialKey(kProfile, purpose), credentials.value(purpose));
    }
}

Credentials stored(const MemoryCredentialStore &store)
{
    Credentials credentials;
    for (const CredentialPurpose purpose : allCredentialPurposes())
    {
        credentials.setValue(purpose, store.entries().value(credentialKey(kProfile, purpose)));
    }
    return credentials;
}

// A keychain that never answers, as one waiting on a prompt nobody sees.
class SilentStore final : public CredentialStore
{
protected:
    void doRead(const QString &, QObject *, Callback) override { }
    void doWrite(const QString &, const QString &, QObject *, Callback) override { }
    void doRemove(const QString &, QObject *, Callback) override { }
};
} // namespace

class TestCredentialSession final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void profileIdIsStable();
    void keysNamePurposes();

    void loadReadsOnceAndCaches();
    void loadNothingStoredIsNotConfigured();
    void loadPartial();
    void deniedReadIsNotNotFound();
    void deniedReadIsRememberedUntilReload();
    void noBackendSaysWhatToDo();
    void rotationOverwritesWithoutDeleting();
    void rotationKeepsEmptyFields();
    void rotationDeniedStopsAndKeepsOldValues();
    void rotationAfterDeniedLoadReadsAgainLater();
    void disconnectRemovesEverything();
    void disconnectDeniedRemovesNothing();
    void sizeLimit_data();
    void sizeLimit();
    void sizeLimitDuringRotationNamesTheEntry();
    void unavailableStore();
    void deadContextGetsNoCallback();
    void blockingTimesOut();
};

void TestCredentialSession::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    g_previousHandler = qInstallMessageHandler(recordMessage);
}

void TestCredentialSession::cleanupTestCase()
{
    qInstallMessageHandler(g_previousHandler);
    for (const Credentials &credentials : { kOld, kNew })
    {
        for (const CredentialPurpose purpose : allCredentialPurposes())
        {
            for (const QString &message : std::as_const(g_messages))
            {
                QVERIFY2(!message.contains(credentials.value(purpose)), qPrintable(message));
            }
        }
    }
}

void TestCredentialSession::profileIdIsStable()
{
    const QString id = profileIdForFolder(QStringLiteral("/home/admin/TalentBridge/profiles/main"));
    QCOMPARE(id.size(), 16);
    QCOMPARE(profileIdForFolder(QStringLiteral("/home/admin/TalentBridge/profiles/x/../main/")), id);
    QVERIFY(profileIdForFolder(QStringLiteral("/home/admin/TalentBridge/profiles/other")) != id);
}

void TestCredentialSession::keysNamePurposes()
{
    QCOMPARE(credentialKey(kProfile, CredentialPurpose::HarvestClientId),
        QStringLiteral("talentbridge/0123456789abcdef/harvest-client-id"));
    QCOMPARE(credentialKey(kProfile, CredentialPurpose::HarvestClientSecret),
        QStringLiteral("talentbridge/0123456789abcdef/harvest-client-secret"));
    QCOMPARE(credentialKey(kProfile, CredentialPurpose::PlatformToken),
        QStringLiteral("talentbridge/0123456789abcdef/platform-token"));
}

void TestCredentialSession::loadReadsOnceAndCaches()
{
    MemoryCredentialStore store;
    seed(store, kOld);
    CredentialSession session(store, kProfile);

    QVERIFY(blockingLoad(session, 5s).ok());
    QCOMPARE(session.state(), CredentialSession::State::Loaded);
    QCOMPARE(session.credentials(), kOld);
    QCOMPARE(store.readCount(), 3);

    // Every later cycle is answered from memory: no second prompt.
    for (int cycle = 0; cycle < 3; ++cycle)
    {
        QVERIFY(blockingLoad(session, 5s).ok());
    }
    QCOMPARE(store.readCount(), 3);
}

void TestCredentialSession::loadNothingStoredIsNotConfigured()
{
    MemoryCredentialStore store;
    CredentialSession session(store, kProfile);

    const CredentialResult result = blockingLoad(session, 5s);
    QCOMPARE(result.error, CredentialError::NotFound);
    QCOMPARE(session.state(), CredentialSession::State::NotConfigured);
    QVERIFY(session.credentials().isEmpty());
}

void TestCredentialSession::loadPartial()
{
    MemoryCredentialStore store;
    store.setEntry(credentialKey(kProfile, CredentialPurpose::HarvestClientId), kOld.harvestClientId);
    CredentialSession session(store, kProfile);

    QVERIFY(blockingLoad(session, 5s).ok());
    QCOMPARE(session.state(), CredentialSession::State::Loaded);
    QCOMPARE(session.credentials().harvestClientId, kOld.harvestClientId);
    QVERIFY(!session.credentials().isComplete());
}

void TestCredentialSession::deniedReadIsNotNotFound()
{
    MemoryCredentialStore store;
    seed(store, kOld);
    store.setFailure(MemoryCredentialStore::Operation::Read, CredentialError::AccessDenied);
    CredentialSession session(store, kProfile);
    QSignalSpy states(&session, &CredentialSession::stateChanged);

    const CredentialResult result = blockingLoad(session, 5s);
    QCOMPARE(result.error, CredentialError::AccessDenied);
    QVERIFY(!result.message.isEmpty());
    QCOMPARE(session.state(), CredentialSession::State::AccessDenied);
    QCOMPARE(states.last().first().value<CredentialSession::State>(), CredentialSession::State::AccessDenied);
    QVERIFY(session.credentials().isEmpty());

    // Stopped at the first denial (one prompt), and nothing was overwritten or deleted.
    QCOMPARE(store.readCount(), 1);
    QCOMPARE(store.writeCount(), 0);
    QCOMPARE(store.removeCount(), 0);
    QCOMPARE(stored(store), kOld);
}

void TestCredentialSession::deniedReadIsRememberedUntilReload()
{
    MemoryCredentialStore store;
    seed(store, kOld);
    store.setFailure(MemoryCredentialStore::Operation::Read, CredentialError::AccessDenied);
    CredentialSession session(store, kProfile);

    QCOMPARE(blockingLoad(session, 5s).error, CredentialError::AccessDenied);
    QCOMPARE(blockingLoad(session, 5s).error, CredentialError::AccessDenied);
    QCOMPARE(store.readCount(), 1);

    // The user unlocks the keychain and presses "Try again".
    store.setFailure(MemoryCredentialStore::Operation::Read, CredentialError::None);
    QObject context;
    std::optional<CredentialResult> reloaded;
    session.reload(&context, [&reloaded](const CredentialResult &result) { reloaded = result; });
    QTRY_VERIFY(reloaded.has_value());
    QVERIFY(reloaded->ok());
    QCOMPARE(session.credentials(), kOld);
    QCOMPARE(store.writeCount(), 0);
    QCOMPARE(store.removeCount(), 0);
}

void TestCredentialSession::noBackendSaysWhatToDo()
{
    MemoryCredentialStore store;
    store.setFailureForAll(CredentialError::NoBackend);
    CredentialSession session(store, kProfile);

    const CredentialResult result = blockingLoad(session, 5s);
    QCOMPARE(result.error, CredentialError::NoBackend);
    QCOMPARE(session.state(), CredentialSession::State::NoBackend);
#if defined(Q_OS_LINUX)
    QVERIFY2(result.message.contains(QLatin1String("gnome-keyring")), qPrintable(result.message));
#endif
    QCOMPARE(store.writeCount(), 0);
}

void TestCredentialSession::rotationOverwritesWithoutDeleting()
{
    MemoryCredentialStore store;
    seed(store, kOld);
    CredentialSession session(store, kProfile);
    QVERIFY(blockingLoad(session, 5s).ok());

    QVERIFY(blockingReplace(session, kNew, 5s).ok());
    QCOMPARE(stored(store), kNew);
    QCOMPARE(session.credentials(), kNew);
    QCOMPARE(store.writeCount(), 3);
    QCOMPARE(store.removeCount(), 0);
    // 3 initial reads + one read-back per written entry.
    QCOMPARE(store.readCount(), 6);

    // The cache already holds the new values: no further read.
    QVERIFY(blockingLoad(session, 5s).ok());
    QCOMPARE(store.readCount(), 6);
}

void TestCredentialSession::rotationKeepsEmptyFields()
{
    MemoryCredentialStore store;
    seed(store, kOld);
    CredentialSession session(store, kProfile);
    QVERIFY(blockingLoad(session, 5s).ok());

    Credentials secretOnly;
    secretOnly.harvestClientSecret = kNew.harvestClientSecret;
    QVERIFY(blockingReplace(session, secretOnly, 5s).ok());

    Credentials expected = kOld;
    expected.harvestClientSecret = kNew.harvestClientSecret;
    QCOMPARE(stored(store), expected);
    QCOMPARE(session.credentials(), expected);
    QCOMPARE(store.writeCount(), 1);
}

void TestCredentialSession::rotationDeniedStopsAndKeepsOldValues()
{
    MemoryCredentialStore store;
    seed(store, kOld);
    CredentialSession session(store, kProfile);
    QVERIFY(blockingLoad(session, 5s).ok());
    store.setFailure(MemoryCredentialStore::Operation::Write, CredentialError::AccessDenied);

    const CredentialResult result = blockingReplace(session, kNew, 5s);
    QCOMPARE(result.error, CredentialError::AccessDenied);
    QVERIFY(result.message.contains(credentialPurposeLabel(CredentialPurpose::HarvestClientId)));
    QCOMPARE(store.writeCount(), 1);
    QCOMPARE(store.removeCount(), 0);
    QCOMPARE(stored(store), kOld);
    QCOMPARE(session.credentials(), kOld);
    QCOMPARE(session.state(), CredentialSession::State::Loaded);
}

void TestCredentialSession::rotationAfterDeniedLoadReadsAgainLater()
{
    MemoryCredentialStore store;
    seed(store, kOld);
    store.setFailure(MemoryCredentialStore::Operation::Read, CredentialError::AccessDenied);
    CredentialSession session(store, kProfile);
    QCOMPARE(blockingLoad(session, 5s).error, CredentialError::AccessDenied);

    // Reading back is denied too, so the rotation cannot be confirmed and says so.
    const CredentialResult denied = blockingReplace(session, kNew, 5s);
    QCOMPARE(denied.error, CredentialError::AccessDenied);
    QCOMPARE(store.removeCount(), 0);

    // Once the keychain allows it, a full rotation from an unknown state leaves all known.
    store.setFailure(MemoryCredentialStore::Operation::Read, CredentialError::None);
    QVERIFY(blockingReplace(session, kNew, 5s).ok());
    QCOMPARE(session.state(), CredentialSession::State::Loaded);
    QCOMPARE(session.credentials(), kNew);
}

void TestCredentialSession::disconnectRemovesEverything()
{
    MemoryCredentialStore store;
    // No platform token yet: a missing entry is fine when disconnecting.
    store.setEntry(credentialKey(kProfile, CredentialPurpose::HarvestClientId), kOld.harvestClientId);
    store.setEntry(credentialKey(kProfile, CredentialPurpose::HarvestClientSecret), kOld.harvestClientSecret);
    store.setEntry(QStringLiteral("talentbridge/ffffffffffffffff/platform-token"), QStringLiteral("other-profile"));
    CredentialSession session(store, kProfile);
    QVERIFY(blockingLoad(session, 5s).ok());

    QVERIFY(blockingRemoveAll(session, 5s).ok());
    QCOMPARE(session.state(), CredentialSession::State::NotConfigured);
    QVERIFY(session.credentials().isEmpty());
    QCOMPARE(store.entries().size(), 1); // the other profile's entry stays
    QCOMPARE(blockingLoad(session, 5s).error, CredentialError::NotFound);
}

void TestCredentialSession::disconnectDeniedRemovesNothing()
{
    MemoryCredentialStore store;
    seed(store, kOld);
    CredentialSession session(store, kProfile);
    QVERIFY(blockingLoad(session, 5s).ok());
    store.setFailure(MemoryCredentialStore::Operation::Remove, CredentialError::AccessDenied);

    const CredentialResult result = blockingRemoveAll(session, 5s);
    QCOMPARE(result.error, CredentialError::AccessDenied);
    QCOMPARE(stored(store), kOld);
    QCOMPARE(store.writeCount(), 0);
}

void TestCredentialSession::sizeLimit_data()
{
    QTest::addColumn<QString>("secret");
    QTest::addColumn<CredentialError>("expected");

    QTest::newRow("1024 ascii bytes") << QString(1024, QLatin1Char('a')) << CredentialError::None;
    QTest::newRow("1025 ascii bytes") << QString(1025, QLatin1Char('a')) << CredentialError::TooLarge;
    // 341 euro signs are 1023 UTF-8 bytes, 342 are 1026: the limit counts bytes, not characters.
    QTest::newRow("1023 utf-8 bytes") << QString(341, QChar(0x20AC)) << CredentialError::None;
    QTest::newRow("1026 utf-8 bytes") << QString(342, QChar(0x20AC)) << CredentialError::TooLarge;
    QTest::newRow("64 KiB") << QString(65536, QLatin1Char('x')) << CredentialError::TooLarge;
}

void TestCredentialSession::sizeLimit()
{
    QFETCH(QString, secret);
    QFETCH(CredentialError, expected);

    MemoryCredentialStore store;
    const QString key = credentialKey(kProfile, CredentialPurpose::PlatformToken);
    const CredentialResult result = blockingWrite(store, key, secret, 5s);
    QCOMPARE(result.error, expected);
    if (expected == CredentialError::TooLarge)
    {
        QVERIFY2(result.message.contains(QString::number(kMaxCredentialEntryBytes)), qPrintable(result.message));
        QCOMPARE(store.writeCount(), 0);
        QVERIFY(store.entries().isEmpty());
    }
    else
    {
        QCOMPARE(store.entries().value(key), secret);
    }
}

void TestCredentialSession::sizeLimitDuringRotationNamesTheEntry()
{
    MemoryCredentialStore store;
    seed(store, kOld);
    CredentialSession session(store, kProfile);
    QVERIFY(blockingLoad(session, 5s).ok());

    Credentials next = kNew;
    next.platformToken = QString(2000, QLatin1Char('t'));
    const CredentialResult result = blockingReplace(session, next, 5s);
    QCOMPARE(result.error, CredentialError::TooLarge);
    QVERIFY(result.message.contains(credentialPurposeLabel(CredentialPurpose::PlatformToken)));
    QCOMPARE(stored(store).platformToken, kOld.platformToken);
    QCOMPARE(store.removeCount(), 0);
}

void TestCredentialSession::unavailableStore()
{
    UnavailableCredentialStore store;
    QVERIFY(!store.isAvailable());
    const CredentialResult result = blockingRead(store, credentialKey(kProfile, CredentialPurpose::PlatformToken), 5s);
    QCOMPARE(result.error, CredentialError::NoBackend);
    QCOMPARE(result.message, CredentialStore::noBackendMessage());
    QCOMPARE(blockingWrite(store, QStringLiteral("k"), QStringLiteral("v"), 5s).error, CredentialError::NoBackend);
}

void TestCredentialSession::deadContextGetsNoCallback()
{
    MemoryCredentialStore store;
    seed(store, kOld);
    bool called = false;
    auto *context = new QObject;
    store.read(credentialKey(kProfile, CredentialPurpose::PlatformToken), context,
        [&called](const CredentialResult &) { called = true; });
    QVERIFY(!called); // never inside the call
    delete context;
    QTest::qWait(50);
    QVERIFY(!called);
}

void TestCredentialSession::blockingTimesOut()
{
    SilentStore store;
    QElapsedTimer timer;
    timer.start();
    const CredentialResult result = blockingRead(store, QStringLiteral("k"), 200ms);
    QCOMPARE(result.error, CredentialError::Other);
    QVERIFY(!result.message.isEmpty());
    QVERIFY(timer.elapsed() >= 150);
}

QTEST_GUILESS_MAIN(TestCredentialSession)
#include "testcredentialsession.moc"
