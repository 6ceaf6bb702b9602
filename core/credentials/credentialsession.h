#pragma once

#include "core/credentials/credentials.h"
#include "core/credentials/credentialstore.h"

#include <QList>
#include <QObject>

#include <functional>

// The credentials of one profile for the life of the process. They are read from the store
// once and then answered from memory, so the user is not asked to unlock the keychain on
// every sync cycle. A denied read is remembered as AccessDenied (never as "not configured")
// and nothing is written or removed because of it; only reload() asks the keychain again.
//
// Operations run one at a time in the order they were asked for. Results arrive through
// `context` as with CredentialStore; their `secret` is always empty (see credentials()).
class CredentialSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CredentialSession)

public:
    enum class State
    {
        NotLoaded,
        Loading,
        Loaded, // credentials() holds what is stored; some entries may be missing
        NotConfigured, // nothing stored for this profile
        AccessDenied, // the user declined; errorMessage() says so
        NoBackend, // no keychain; errorMessage() says what to do
        Failed, // another keychain error; errorMessage()
    };
    Q_ENUM(State)

    using Callback = CredentialStore::Callback;

    // `store` must outlive the session.
    CredentialSession(CredentialStore &store, QString profileId, QObject *parent = nullptr);

    QString profileId() const { return m_profileId; }
    State state() const { return m_state; }
    QString errorMessage() const { return m_errorMessage; }

    // What is known in memory (empty unless state() is Loaded).
    const Credentials &credentials() const { return m_credentials; }

    // Reads every entry the first time; afterwards answers from memory, including a failure.
    // The result is None when anything is stored, NotFound when nothing is.
    void load(QObject *context, Callback done);

    // Forgets the last outcome and reads again, for an explicit "Try again" by the user.
    void reload(QObject *context, Callback done);

    // Rotation: each non-empty value of `next` is overwritten with a single write and read back
    // to confirm; empty values keep what is stored. Nothing is deleted first. Stops at the first
    // failure; the message names the entry, and entries already confirmed stay replaced. The
    // result's `written` counts the entries the keychain accepted, so a caller can undo them.
    void replace(const Credentials &next, QObject *context, Callback done);

    // Disconnect: removes every entry of the profile (missing ones are fine) and forgets them.
    void removeAll(QObject *context, Callback done);

    // Removes just these entries (missing ones are fine), e.g. what a failed first replace()
    // wrote. The state stays unknown if it was: other entries may still be stored.
    void remove(QList<CredentialPurpose> purposes, QObject *context, Callback done);

    // Drops the secrets from memory, not from the keychain; the next load() reads again.
    void clearCache();

Q_SIGNALS:
    void stateChanged(CredentialSession::State state);

private:
    void enqueue(std::function<void()> operation);
    void finishOperation();
    void setState(State state);
    CredentialResult currentResult() const;

    void readEntry(qsizetype index, Credentials loaded, int found, Callback done);
    void writeEntry(QList<CredentialPurpose> purposes, qsizetype index, Credentials next, bool wasKnown, Callback done);
    void removeEntry(QList<CredentialPurpose> purposes, qsizetype index, Callback done);
    void finish(Callback done, CredentialResult result);

    CredentialStore &m_store;
    const QString m_profileId;
    State m_state = State::NotLoaded;
    QString m_errorMessage;
    Credentials m_credentials;
    QList<std::function<void()>> m_queue;
    bool m_busy = false;
};
