#pragma once

#include <QObject>
#include <QString>

#include <functional>

// Why a keychain operation failed. Each one means something different to the user.
enum class CredentialError
{
    None,
    NotFound, // nothing stored under the key: "not configured", not an error for the UI
    AccessDenied, // the user declined a prompt or the keychain is locked: never "not found"
    NoBackend, // no keychain to talk to; the message says what to do
    TooLarge, // the value is over kMaxCredentialEntryBytes; nothing was written
    Other,
};

// The outcome of one read, write or remove. `secret` is set by a successful read only.
// Never log a CredentialResult: log error and message, which hold no secret.
struct CredentialResult
{
    CredentialError error = CredentialError::None;
    QString message; // translated and actionable; empty when error is None
    QString secret;
    // CredentialSession::replace() only: how many of the entries it was asked to write (in the
    // order of allCredentialPurposes()) the keychain accepted, also when a later one failed.
    int written = 0;

    bool ok() const { return error == CredentialError::None; }
};

// The most a single entry may hold, in UTF-8 bytes. Windows Credential Manager caps a blob
// at 2560 bytes (CRED_MAX_CREDENTIAL_BLOB_SIZE); keeping well under it leaves room for any
// encoding a backend adds and for longer tokens later.
inline constexpr qsizetype kMaxCredentialEntryBytes = 1024;

// Asynchronous access to secrets, one entry per key. The rest of the application goes
// through this interface and never through QtKeychain.
//
// Results arrive later (never inside the call) on `context`'s thread through `done`. If
// `context` is destroyed first, `done` is not called. Call from the thread `context` lives in.
class CredentialStore
{
public:
    using Callback = std::function<void(const CredentialResult &result)>;

    CredentialStore() = default;
    virtual ~CredentialStore() = default;
    Q_DISABLE_COPY_MOVE(CredentialStore)

    void read(const QString &key, QObject *context, Callback done);

    // Overwrites any existing value with one write. Values over kMaxCredentialEntryBytes are
    // refused with TooLarge before the keychain is touched.
    void write(const QString &key, const QString &secret, QObject *context, Callback done);

    // Removing a missing entry succeeds or answers NotFound, depending on the backend
    // (libsecret reports success); treat both as "gone".
    void remove(const QString &key, QObject *context, Callback done);

    // False when the store knows up front that it cannot work (see UnavailableCredentialStore);
    // a store that is available may still answer NoBackend when the keychain goes away.
    virtual bool isAvailable() const { return true; }

    // Translated messages, shared by every store so the user sees the same words.
    static QString notFoundMessage();
    static QString accessDeniedMessage();
    static QString noBackendMessage();
    static QString tooLargeMessage(const QString &key, qsizetype bytes);

    // Delivers `result` to `done` through `context`'s event loop (queued, dropped if `context`
    // is destroyed). For implementations.
    static void deliver(QObject *context, Callback done, CredentialResult result);

protected:
    virtual void doRead(const QString &key, QObject *context, Callback done) = 0;
    virtual void doWrite(const QString &key, const QString &secret, QObject *context, Callback done) = 0;
    virtual void doRemove(const QString &key, QObject *context, Callback done) = 0;
};
