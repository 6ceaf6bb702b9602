#pragma once

#include "core/credentials/credentialstore.h"

// The store used when no keychain can work at all (for example a platform QtKeychain does not
// support). Every call fails with NoBackend and the reason, so the wizard and the CLI say so
// plainly and refuse to continue. There is deliberately no plaintext fallback.
class UnavailableCredentialStore final : public CredentialStore
{
public:
    // An empty reason means CredentialStore::noBackendMessage().
    explicit UnavailableCredentialStore(QString reason = {});

    bool isAvailable() const override { return false; }
    QString reason() const { return m_reason; }

protected:
    void doRead(const QString &key, QObject *context, Callback done) override;
    void doWrite(const QString &key, const QString &secret, QObject *context, Callback done) override;
    void doRemove(const QString &key, QObject *context, Callback done) override;

private:
    void fail(QObject *context, Callback done) const;

    const QString m_reason;
};
