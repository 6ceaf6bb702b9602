#pragma once

#include "core/credentials/credentialstore.h"

#include <chrono>

// The OS keychain through QtKeychain: Credential Manager on Windows, the Keychain on macOS,
// a Secret Service (GNOME Keyring, KWallet) on Linux. QtKeychain's insecure fallback (a
// plaintext settings file) is never enabled. Entries are text, under service "TalentBridge".
//
// When no keychain answers (a Secret Service still starting at login), the operation is tried
// once more after retryDelay() before NoBackend is reported.
class KeychainCredentialStore final : public CredentialStore
{
public:
    static constexpr std::chrono::milliseconds kDefaultRetryDelay { 2000 };

    explicit KeychainCredentialStore(QString service = QStringLiteral("TalentBridge"));

    QString service() const { return m_service; }

    std::chrono::milliseconds retryDelay() const { return m_retryDelay; }
    void setRetryDelay(std::chrono::milliseconds delay) { m_retryDelay = delay; }

protected:
    void doRead(const QString &key, QObject *context, Callback done) override;
    void doWrite(const QString &key, const QString &secret, QObject *context, Callback done) override;
    void doRemove(const QString &key, QObject *context, Callback done) override;

private:
    const QString m_service;
    std::chrono::milliseconds m_retryDelay = kDefaultRetryDelay;
};
