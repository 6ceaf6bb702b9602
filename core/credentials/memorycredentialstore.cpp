#include "core/credentials/memorycredentialstore.h"

#include <QCoreApplication>

#include <utility>

void MemoryCredentialStore::setFailure(Operation operation, CredentialError error, int after)
{
    m_failures.at(static_cast<std::size_t>(operation)) = error;
    m_failFrom.at(static_cast<std::size_t>(operation)) = callCount(operation) + after;
}

int MemoryCredentialStore::callCount(Operation operation) const
{
    switch (operation)
    {
    case Operation::Read:
        return m_reads;
    case Operation::Write:
        return m_writes;
    case Operation::Remove:
        return m_removes;
    }
    return 0;
}

void MemoryCredentialStore::setFailureForAll(CredentialError error)
{
    for (const Operation operation : { Operation::Read, Operation::Write, Operation::Remove })
    {
        setFailure(operation, error);
    }
}

void MemoryCredentialStore::doRead(const QString &key, QObject *context, Callback done)
{
    ++m_reads;
    CredentialResult result = failure(Operation::Read);
    if (result.ok())
    {
        const auto it = m_entries.constFind(key);
        if (it == m_entries.constEnd())
        {
            result = { CredentialError::NotFound, notFoundMessage(), {} };
        }
        else
        {
            result.secret = *it;
        }
    }
    deliver(context, std::move(done), std::move(result));
}

void MemoryCredentialStore::doWrite(const QString &key, const QString &secret, QObject *context, Callback done)
{
    ++m_writes;
    CredentialResult result = failure(Operation::Write);
    if (result.ok())
    {
        m_entries.insert(key, secret);
    }
    deliver(context, std::move(done), std::move(result));
}

void MemoryCredentialStore::doRemove(const QString &key, QObject *context, Callback done)
{
    ++m_removes;
    CredentialResult result = failure(Operation::Remove);
    if (result.ok() && m_entries.remove(key) == 0)
    {
        result = { CredentialError::NotFound, notFoundMessage(), {} };
    }
    deliver(context, std::move(done), std::move(result));
}

CredentialResult MemoryCredentialStore::failure(Operation operation) const
{
    // Called after the counter went up: the call being made is number callCount().
    if (callCount(operation) <= m_failFrom.at(static_cast<std::size_t>(operation)))
    {
        return {};
    }
    switch (m_failures.at(static_cast<std::size_t>(operation)))
    {
    case CredentialError::None:
        return {};
    case CredentialError::NotFound:
        return { CredentialError::NotFound, notFoundMessage(), {} };
    case CredentialError::AccessDenied:
        return { CredentialError::AccessDenied, accessDeniedMessage(), {} };
    case CredentialError::NoBackend:
        return { CredentialError::NoBackend, noBackendMessage(), {} };
    case CredentialError::TooLarge:
    case CredentialError::Other:
        break;
    }
    return { CredentialError::Other,
        QCoreApplication::translate("CredentialStore", "The keychain reported an error (simulated)."), {} };
}
