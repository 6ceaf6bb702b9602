#include "core/credentials/unavailablecredentialstore.h"

#include <utility>

UnavailableCredentialStore::UnavailableCredentialStore(QString reason)
    : m_reason { reason.isEmpty() ? noBackendMessage() : std::move(reason) }
{
}

void UnavailableCredentialStore::doRead(const QString &, QObject *context, Callback done)
{
    fail(context, std::move(done));
}

void UnavailableCredentialStore::doWrite(const QString &, const QString &, QObject *context, Callback done)
{
    fail(context, std::move(done));
}

void UnavailableCredentialStore::doRemove(const QString &, QObject *context, Callback done)
{
    fail(context, std::move(done));
}

void UnavailableCredentialStore::fail(QObject *context, Callback done) const
{
    deliver(context, std::move(done), { CredentialError::NoBackend, m_reason, {} });
}
