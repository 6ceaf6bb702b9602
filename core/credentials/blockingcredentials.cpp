#include "core/credentials/blockingcredentials.h"

#include "core/credentials/credentialsession.h"
#include "core/logging.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>

#include <functional>
#include <optional>

namespace
{
using Start = std::function<void(QObject *context, CredentialStore::Callback done)>;

CredentialResult waitFor(const Start &start, std::chrono::milliseconds timeout)
{
    // The context dies with this frame, so an answer after the timeout is dropped, not
    // delivered into a finished wait.
    QObject context;
    QEventLoop loop;
    std::optional<CredentialResult> result;

    start(&context,
        [&result, &loop](const CredentialResult &answer)
        {
            result = answer;
            loop.quit();
        });

    if (!result)
    {
        QTimer timer;
        timer.setSingleShot(true);
        QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
        timer.start(timeout);
        loop.exec();
    }

    if (!result)
    {
        qCWarning(lcKeychain) << "The keychain did not answer within" << timeout.count() << "ms";
        return { CredentialError::Other,
            QCoreApplication::translate("CredentialStore",
                "The keychain did not answer within %1 seconds. It may be waiting for a password "
                "or a confirmation in your desktop session: answer it there, then try again.")
                .arg(std::chrono::duration_cast<std::chrono::seconds>(timeout).count()),
            {} };
    }
    return *result;
}
} // namespace

CredentialResult blockingRead(CredentialStore &store, const QString &key, std::chrono::milliseconds timeout)
{
    return waitFor(
        [&](QObject *context, CredentialStore::Callback done) { store.read(key, context, std::move(done)); }, timeout);
}

CredentialResult blockingWrite(
    CredentialStore &store, const QString &key, const QString &secret, std::chrono::milliseconds timeout)
{
    return waitFor([&](QObject *context, CredentialStore::Callback done)
        { store.write(key, secret, context, std::move(done)); },
        timeout);
}

CredentialResult blockingRemove(CredentialStore &store, const QString &key, std::chrono::milliseconds timeout)
{
    return waitFor([&](QObject *context, CredentialStore::Callback done)
        { store.remove(key, context, std::move(done)); },
        timeout);
}

CredentialResult blockingLoad(CredentialSession &session, std::chrono::milliseconds timeout)
{
    return waitFor(
        [&](QObject *context, CredentialStore::Callback done) { session.load(context, std::move(done)); }, timeout);
}

CredentialResult blockingReplace(CredentialSession &session, const Credentials &next, std::chrono::milliseconds timeout)
{
    return waitFor([&](QObject *context, CredentialStore::Callback done)
        { session.replace(next, context, std::move(done)); },
        timeout);
}

CredentialResult blockingRemoveAll(CredentialSession &session, std::chrono::milliseconds timeout)
{
    return waitFor([&](QObject *context, CredentialStore::Callback done)
        { session.removeAll(context, std::move(done)); },
        timeout);
}
