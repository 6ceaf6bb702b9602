#include "core/credentials/keychaincredentialstore.h"

#include "core/logging.h"

#include <QCoreApplication>
#include <QPointer>
#include <QTimer>
#include <qt6keychain/keychain.h>

#include <memory>
#include <utility>

namespace
{
enum class Operation
{
    Read,
    Write,
    Remove,
};

// Everything one operation needs, copied so a retry does not depend on the store still existing.
struct Request
{
    Operation operation;
    QString service;
    QString key;
    QString secret;
    std::chrono::milliseconds retryDelay;
    QPointer<QObject> context;
    CredentialStore::Callback done;
    bool retried = false;
};

const char *operationName(Operation operation)
{
    switch (operation)
    {
    case Operation::Read:
        return "read";
    case Operation::Write:
        return "write";
    case Operation::Remove:
        return "remove";
    }
    return "?";
}

// On Linux, QtKeychain reports a missing Secret Service or session bus as OtherError with the
// D-Bus / libsecret text; these are the texts that mean "nobody is there to answer".
bool looksLikeMissingBackend(const QString &errorString)
{
    static const char *const kHints[] = {
        "org.freedesktop.secrets",
        "ServiceUnknown",
        "was not provided by any .service files",
        "Cannot autolaunch D-Bus",
        "Could not connect",
        "No such file or directory",
        "Connection refused",
        "DBUS_SESSION_BUS_ADDRESS",
    };
    for (const char *hint : kHints)
    {
        if (errorString.contains(QLatin1String(hint), Qt::CaseInsensitive))
        {
            return true;
        }
    }
    return false;
}

CredentialResult toResult(const QKeychain::Job &job, Operation operation)
{
    switch (job.error())
    {
    case QKeychain::NoError:
        return {};
    case QKeychain::EntryNotFound:
        return { CredentialError::NotFound, CredentialStore::notFoundMessage(), {} };
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return { CredentialError::AccessDenied, CredentialStore::accessDeniedMessage(), {} };
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return { CredentialError::NoBackend, CredentialStore::noBackendMessage(), {} };
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::OtherError:
        break;
    }
    if (looksLikeMissingBackend(job.errorString()))
    {
        return { CredentialError::NoBackend, CredentialStore::noBackendMessage(), {} };
    }
    const QString what = operation == Operation::Read
        ? QCoreApplication::translate("CredentialStore", "read")
        : (operation == Operation::Write ? QCoreApplication::translate("CredentialStore", "write")
                                         : QCoreApplication::translate("CredentialStore", "remove"));
    return { CredentialError::Other,
        QCoreApplication::translate("CredentialStore", "The keychain could not %1 a TalentBridge entry: %2")
            .arg(what, job.errorString()),
        {} };
}

QKeychain::Job *createJob(const Request &request)
{
    QKeychain::Job *job = nullptr;
    switch (request.operation)
    {
    case Operation::Read:
        job = new QKeychain::ReadPasswordJob(request.service);
        break;
    case Operation::Write:
    {
        auto *write = new QKeychain::WritePasswordJob(request.service);
        write->setTextData(request.secret);
        job = write;
        break;
    }
    case Operation::Remove:
        job = new QKeychain::DeletePasswordJob(request.service);
        break;
    }
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(request.key);
    return job;
}

void start(std::shared_ptr<Request> request)
{
    QObject *context = request->context.data();
    if (!context)
    {
        return;
    }

    QKeychain::Job *job = createJob(*request);
    QObject::connect(job, &QKeychain::Job::finished, context,
        [request](QKeychain::Job *finished)
        {
            CredentialResult result = toResult(*finished, request->operation);

            if (result.error == CredentialError::NoBackend && !request->retried)
            {
                // A Secret Service may still be starting (login, D-Bus activation): ask once more.
                qCInfo(lcKeychain) << "No keychain answered the" << operationName(request->operation) << "of"
                                   << request->key << "(" << finished->errorString() << "); retrying in"
                                   << request->retryDelay.count() << "ms";
                request->retried = true;
                QTimer::singleShot(request->retryDelay, request->context.data(), [request]() { start(request); });
                return;
            }

            if (result.ok() && request->operation == Operation::Read)
            {
                result.secret = static_cast<QKeychain::ReadPasswordJob *>(finished)->textData();
            }

            if (result.ok() || result.error == CredentialError::NotFound)
            {
                qCDebug(lcKeychain) << operationName(request->operation) << request->key
                                    << (result.ok() ? "done" : "not found");
            }
            else
            {
                qCWarning(lcKeychain) << operationName(request->operation) << request->key
                                      << "failed:" << finished->error() << finished->errorString();
            }
            // Through the event loop, in case QtKeychain finished inside start().
            CredentialStore::deliver(request->context.data(), std::move(request->done), std::move(result));
        });
    job->start();
}
} // namespace

KeychainCredentialStore::KeychainCredentialStore(QString service) : m_service { std::move(service) } { }

void KeychainCredentialStore::doRead(const QString &key, QObject *context, Callback done)
{
    start(std::make_shared<Request>(
        Request { Operation::Read, m_service, key, {}, m_retryDelay, context, std::move(done) }));
}

void KeychainCredentialStore::doWrite(const QString &key, const QString &secret, QObject *context, Callback done)
{
    start(std::make_shared<Request>(
        Request { Operation::Write, m_service, key, secret, m_retryDelay, context, std::move(done) }));
}

void KeychainCredentialStore::doRemove(const QString &key, QObject *context, Callback done)
{
    start(std::make_shared<Request>(
        Request { Operation::Remove, m_service, key, {}, m_retryDelay, context, std::move(done) }));
}
