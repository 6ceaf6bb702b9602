#pragma once

#include "core/credentials/credentialstore.h"

#include <QHash>

#include <array>

// An in-process store for tests and the demo. It can pretend the user declined a prompt or
// that no keychain exists, per operation, and counts calls so tests can prove nothing was
// written or removed (and nobody was prompted again).
class MemoryCredentialStore final : public CredentialStore
{
public:
    enum class Operation
    {
        Read,
        Write,
        Remove,
    };

    MemoryCredentialStore() = default;

    // Every later call of `operation` fails with `error` (None restores normal behaviour).
    // AccessDenied, NoBackend and Other get the standard messages.
    // With `after` > 0, that many more calls succeed first (a write failing on the 2nd entry).
    void setFailure(Operation operation, CredentialError error, int after = 0);
    void setFailureForAll(CredentialError error);

    // Test access to the contents, bypassing failures and counters.
    QHash<QString, QString> entries() const { return m_entries; }
    void setEntry(const QString &key, const QString &secret) { m_entries.insert(key, secret); }

    // Calls that reached the store (refused oversize writes do not count).
    int readCount() const { return m_reads; }
    int writeCount() const { return m_writes; }
    int removeCount() const { return m_removes; }

protected:
    void doRead(const QString &key, QObject *context, Callback done) override;
    void doWrite(const QString &key, const QString &secret, QObject *context, Callback done) override;
    void doRemove(const QString &key, QObject *context, Callback done) override;

private:
    CredentialResult failure(Operation operation) const;

    QHash<QString, QString> m_entries;
    int callCount(Operation operation) const;

    std::array<CredentialError, 3> m_failures {}; // indexed by Operation
    std::array<int, 3> m_failFrom {}; // the call count after which failures start
    int m_reads = 0;
    int m_writes = 0;
    int m_removes = 0;
};
