#include "core/credentials/credentialstore.h"

#include "core/logging.h"

#include <QCoreApplication>
#include <QMetaObject>

#include <utility>

void CredentialStore::read(const QString &key, QObject *context, Callback done)
{
    Q_ASSERT(context);
    doRead(key, context, std::move(done));
}

void CredentialStore::write(const QString &key, const QString &secret, QObject *context, Callback done)
{
    Q_ASSERT(context);

    // Checked here, once for every store, so an oversized value never reaches a keychain.
    const qsizetype bytes = secret.toUtf8().size();
    if (bytes > kMaxCredentialEntryBytes)
    {
        qCWarning(lcKeychain) << "Refusing to write" << key << "of" << bytes << "bytes";
        deliver(context, std::move(done), { CredentialError::TooLarge, tooLargeMessage(key, bytes), {} });
        return;
    }
    doWrite(key, secret, context, std::move(done));
}

void CredentialStore::remove(const QString &key, QObject *context, Callback done)
{
    Q_ASSERT(context);
    doRemove(key, context, std::move(done));
}

QString CredentialStore::notFoundMessage()
{
    return QCoreApplication::translate("CredentialStore", "No credentials are configured for this profile yet.");
}

QString CredentialStore::accessDeniedMessage()
{
    return QCoreApplication::translate("CredentialStore",
        "Access to the keychain was denied, so TalentBridge cannot read its credentials. Nothing "
        "stored was changed or removed. Unlock the keychain and allow TalentBridge when asked, "
        "then try again.");
}

QString CredentialStore::noBackendMessage()
{
#if defined(Q_OS_MACOS)
    return QCoreApplication::translate("CredentialStore",
        "The macOS Keychain is not available. TalentBridge keeps its credentials only in the "
        "keychain, never in a file. Unlock your login keychain (Keychain Access), then try again.");
#elif defined(Q_OS_WIN)
    return QCoreApplication::translate("CredentialStore",
        "Windows Credential Manager is not available. TalentBridge keeps its credentials only "
        "there, never in a file. Sign in to Windows with your own account so Credential Manager "
        "is unlocked, then try again.");
#else
    return QCoreApplication::translate("CredentialStore",
        "No keychain is available. TalentBridge keeps its credentials only in a Secret Service "
        "keychain, never in a file. Install and start one, such as GNOME Keyring (package "
        "gnome-keyring) or KWallet, make sure it is unlocked, then try again.");
#endif
}

QString CredentialStore::tooLargeMessage(const QString &key, qsizetype bytes)
{
    return QCoreApplication::translate("CredentialStore",
        "The value for %1 is %2 bytes long, more than the %3 bytes a keychain entry may hold. "
        "Check that you pasted only the credential itself.")
        .arg(key)
        .arg(bytes)
        .arg(kMaxCredentialEntryBytes);
}

void CredentialStore::deliver(QObject *context, Callback done, CredentialResult result)
{
    // Queued even when the result is already known, so callers never see a re-entrant callback.
    QMetaObject::invokeMethod(
        context, [done = std::move(done), result = std::move(result)]() { done(result); }, Qt::QueuedConnection);
}
