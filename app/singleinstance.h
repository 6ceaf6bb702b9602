#pragma once

#include <QLockFile>
#include <QObject>
#include <QString>

#include <chrono>
#include <memory>

class QLocalServer;
class QLocalSocket;

// One running TalentBridge per user and profile: the first instance holds a lock file in the
// profile directory and listens on a local socket; a later launch finds the lock taken, asks
// the first one to raise its window and exits. A lock left by a crashed instance is recovered
// (QLockFile checks whether its process still runs), and so is its leftover socket.
class SingleInstance final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SingleInstance)

public:
    enum class Role
    {
        Primary, // we hold the lock and listen; raiseRequested() tells us to show up
        Secondary, // another instance runs; it has been asked to raise
        Failed // neither: the lock or the socket could not be used (errorString())
    };

    explicit SingleInstance(const QString &profileDirectory, QObject *parent = nullptr);
    ~SingleInstance() override;

    // Takes the lock, or hands "raise" to the instance that has it.
    Role start();

    QString serverName() const { return m_serverName; }
    QString lockFilePath() const;
    QString errorString() const { return m_errorString; }

    // A name unique per user and profile, short enough for a Unix socket path.
    static QString serverNameFor(const QString &profileDirectory, const QString &userName);
    static QString currentUserName();

    static constexpr char kRaiseMessage[] = "raise\n";

Q_SIGNALS:
    void raiseRequested();

private:
    bool notifyPrimary();
    void onNewConnection();
    void readMessage(QLocalSocket *socket);

    QString m_profileDirectory;
    QString m_serverName;
    QString m_errorString;
    std::unique_ptr<QLockFile> m_lock;
    QLocalServer *m_server = nullptr;
};
