#pragma once

#include "core/credentials/credentials.h"
#include "core/credentials/credentialstore.h"

#include <chrono>

class CredentialSession;

// Synchronous forms for headless code (the CLI, a worker thread): each starts the asynchronous
// operation and waits for it in a local event loop, at most `timeout`. On timeout the result is
// Other with a message saying the keychain did not answer (it may be waiting for a prompt
// nobody can see); a late answer is dropped. Call from a thread with no other event loop
// depending on promptness, never from the UI thread.
inline constexpr std::chrono::milliseconds kDefaultKeychainTimeout { 60000 };

CredentialResult blockingRead(
    CredentialStore &store, const QString &key, std::chrono::milliseconds timeout = kDefaultKeychainTimeout);
CredentialResult blockingWrite(CredentialStore &store, const QString &key, const QString &secret,
    std::chrono::milliseconds timeout = kDefaultKeychainTimeout);
CredentialResult blockingRemove(
    CredentialStore &store, const QString &key, std::chrono::milliseconds timeout = kDefaultKeychainTimeout);

CredentialResult blockingLoad(CredentialSession &session, std::chrono::milliseconds timeout = kDefaultKeychainTimeout);
CredentialResult blockingReplace(
    CredentialSession &session, const Credentials &next, std::chrono::milliseconds timeout = kDefaultKeychainTimeout);
CredentialResult blockingRemoveAll(
    CredentialSession &session, std::chrono::milliseconds timeout = kDefaultKeychainTimeout);
