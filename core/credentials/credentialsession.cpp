#include "core/credentials/credentialsession.h"

#include "core/logging.h"

#include <QCoreApplication>
#include <QPointer>

#include <utility>

namespace
{
// Wraps a caller's callback so it is delivered through its context (and dropped with it).
CredentialStore::Callback through(QObject *context, CredentialStore::Callback done)
{
    Q_ASSERT(context);
    return [context = QPointer<QObject>(context), done = std::move(done)](const CredentialResult &result)
    {
        if (context)
        {
            CredentialResult withoutSecret = result;
            withoutSecret.secret.clear();
            CredentialStore::deliver(context.data(), done, std::move(withoutSecret));
        }
    };
}

CredentialSession::State stateFor(CredentialError error)
{
    switch (error)
    {
    case CredentialError::None:
        return CredentialSession::State::Loaded;
    case CredentialError::NotFound:
        return CredentialSession::State::NotConfigured;
    case CredentialError::AccessDenied:
        return CredentialSession::State::AccessDenied;
    case CredentialError::NoBackend:
        return CredentialSession::State::NoBackend;
    case CredentialError::TooLarge:
    case CredentialError::Other:
        break;
    }
    return CredentialSession::State::Failed;
}
} // namespace

CredentialSession::CredentialSession(CredentialStore &store, QString profileId, QObject *parent)
    : QObject(parent), m_store { store }, m_profileId { std::move(profileId) }
{
}

void CredentialSession::load(QObject *context, Callback done)
{
    enqueue(
        [this, done = through(context, std::move(done))]()
        {
            if (m_state != State::NotLoaded)
            {
                // Read once per process: answer from memory, a remembered denial included.
                finish(done, currentResult());
                return;
            }
            setState(State::Loading);
            readEntry(0, {}, 0, done);
        });
}

void CredentialSession::reload(QObject *context, Callback done)
{
    enqueue(
        [this]()
        {
            clearCache();
            finishOperation();
        });
    load(context, std::move(done));
}

void CredentialSession::replace(const Credentials &next, QObject *context, Callback done)
{
    enqueue(
        [this, next, done = through(context, std::move(done))]()
        {
            QList<CredentialPurpose> purposes;
            for (const CredentialPurpose purpose : allCredentialPurposes())
            {
                if (!next.value(purpose).isEmpty())
                {
                    purposes.append(purpose);
                }
            }
            if (purposes.isEmpty())
            {
                finish(done, {});
                return;
            }
            const bool wasKnown = m_state == State::Loaded || m_state == State::NotConfigured;
            writeEntry(purposes, 0, next, wasKnown, done);
        });
}

void CredentialSession::removeAll(QObject *context, Callback done)
{
    remove(allCredentialPurposes(), context, std::move(done));
}

void CredentialSession::remove(QList<CredentialPurpose> purposes, QObject *context, Callback done)
{
    enqueue([this, purposes = std::move(purposes), done = through(context, std::move(done))]()
        { removeEntry(purposes, 0, done); });
}

void CredentialSession::clearCache()
{
    m_credentials = {};
    m_errorMessage.clear();
    setState(State::NotLoaded);
}

void CredentialSession::enqueue(std::function<void()> operation)
{
    m_queue.append(std::move(operation));
    if (!m_busy)
    {
        finishOperation();
    }
}

void CredentialSession::finishOperation()
{
    m_busy = false;
    if (m_queue.isEmpty())
    {
        return;
    }
    m_busy = true;
    const std::function<void()> operation = m_queue.takeFirst();
    operation();
}

void CredentialSession::setState(State state)
{
    if (m_state == state)
    {
        return;
    }
    m_state = state;
    qCInfo(lcKeychain) << "Credentials of profile" << m_profileId << "are now" << state;
    Q_EMIT stateChanged(state);
}

CredentialResult CredentialSession::currentResult() const
{
    switch (m_state)
    {
    case State::Loaded:
        return {};
    case State::NotConfigured:
        return { CredentialError::NotFound, CredentialStore::notFoundMessage(), {} };
    case State::AccessDenied:
        return { CredentialError::AccessDenied, m_errorMessage, {} };
    case State::NoBackend:
        return { CredentialError::NoBackend, m_errorMessage, {} };
    case State::NotLoaded:
    case State::Loading:
    case State::Failed:
        break;
    }
    return { CredentialError::Other, m_errorMessage, {} };
}

void CredentialSession::readEntry(qsizetype index, Credentials loaded, int found, Callback done)
{
    const QList<CredentialPurpose> purposes = allCredentialPurposes();
    if (index == purposes.size())
    {
        m_credentials = std::move(loaded);
        setState(found > 0 ? State::Loaded : State::NotConfigured);
        finish(done, currentResult());
        return;
    }

    const CredentialPurpose purpose = purposes.at(index);
    m_store.read(credentialKey(m_profileId, purpose), this,
        [this, index, purpose, loaded = std::move(loaded), found, done](const CredentialResult &result) mutable
        {
            if (result.ok())
            {
                loaded.setValue(purpose, result.secret);
                readEntry(index + 1, std::move(loaded), found + 1, done);
                return;
            }
            if (result.error == CredentialError::NotFound)
            {
                readEntry(index + 1, std::move(loaded), found, done);
                return;
            }

            // Denied, no keychain or another failure: remembered as such, so the next cycle
            // neither prompts again nor mistakes it for "not configured".
            m_credentials = {};
            m_errorMessage = result.message;
            setState(stateFor(result.error));
            finish(done, { result.error, result.message, {} });
        });
}

void CredentialSession::writeEntry(
    QList<CredentialPurpose> purposes, qsizetype index, Credentials next, bool wasKnown, Callback done)
{
    if (index == purposes.size())
    {
        if (wasKnown || next.isComplete())
        {
            if (!wasKnown)
            {
                m_credentials = next;
            }
            m_errorMessage.clear();
            setState(m_credentials.isEmpty() ? State::NotConfigured : State::Loaded);
        }
        else
        {
            // What was not replaced is unknown in memory: the next load() reads it.
            clearCache();
        }
        qCInfo(lcKeychain) << "Replaced" << purposes.size() << "credential entries of profile" << m_profileId;
        CredentialResult replaced;
        replaced.written = static_cast<int>(purposes.size());
        finish(done, replaced);
        return;
    }

    const CredentialPurpose purpose = purposes.at(index);
    const QString key = credentialKey(m_profileId, purpose);
    const QString value = next.value(purpose);

    // `written`: the entries the keychain accepted, this one included once its write succeeded.
    const auto failed = [this, purpose, index, done](const CredentialResult &result, qsizetype written)
    {
        QString message = QCoreApplication::translate("CredentialSession", "The %1 was not replaced. %2")
                              .arg(credentialPurposeLabel(purpose), result.message);
        if (index > 0)
        {
            // Confirmed entries stay replaced; the user needs to know the rotation is partial.
            message += QLatin1Char(' ')
                + QCoreApplication::translate(
                    "CredentialSession", "%n entries before it were replaced.", nullptr, int(index));
        }
        finish(done, { result.error, message, {}, static_cast<int>(written) });
    };

    // A single write overwrites the entry in place; the old value is never deleted first, so
    // a failure leaves either the old or the new value, never none.
    m_store.write(key, value, this,
        [this, purposes, index, next, wasKnown, done, key, value, purpose, failed](const CredentialResult &written)
        {
            if (!written.ok())
            {
                failed(written, index);
                return;
            }
            m_store.read(key, this,
                [this, purposes, index, next, wasKnown, done, value, purpose, failed](const CredentialResult &readBack)
                {
                    if (readBack.ok() && readBack.secret != value)
                    {
                        failed({ CredentialError::Other,
                                   QCoreApplication::translate("CredentialSession",
                                       "The keychain returned a different value than was written."),
                                   {} },
                            index + 1);
                        return;
                    }
                    if (!readBack.ok())
                    {
                        failed(readBack, index + 1);
                        return;
                    }
                    if (wasKnown)
                    {
                        m_credentials.setValue(purpose, value);
                    }
                    writeEntry(purposes, index + 1, next, wasKnown, done);
                });
        });
}

void CredentialSession::removeEntry(QList<CredentialPurpose> purposes, qsizetype index, Callback done)
{
    if (index == purposes.size())
    {
        const bool everything = purposes.size() == allCredentialPurposes().size();
        if (everything || m_state == State::Loaded || m_state == State::NotConfigured)
        {
            m_errorMessage.clear();
            setState(m_credentials.isEmpty() ? State::NotConfigured : State::Loaded);
        }
        qCInfo(lcKeychain) << "Removed" << purposes.size() << "credential entries of profile" << m_profileId;
        finish(done, {});
        return;
    }

    const CredentialPurpose purpose = purposes.at(index);
    m_store.remove(credentialKey(m_profileId, purpose), this,
        [this, purposes, index, purpose, done](const CredentialResult &result)
        {
            if (result.ok() || result.error == CredentialError::NotFound)
            {
                m_credentials.setValue(purpose, {});
                removeEntry(purposes, index + 1, done);
                return;
            }
            const QString message
                = QCoreApplication::translate("CredentialSession", "The %1 could not be removed from the keychain. %2")
                      .arg(credentialPurposeLabel(purpose), result.message);
            finish(done, { result.error, message, {} });
        });
}

void CredentialSession::finish(Callback done, CredentialResult result)
{
    done(result);
    finishOperation();
}
