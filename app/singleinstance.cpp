#include "app/singleinstance.h"

#include "core/logging.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QThread>

namespace
{
// The first instance may hold the lock but not listen yet (it is starting up): ask a few times.
constexpr int kConnectAttempts = 10;
constexpr std::chrono::milliseconds kConnectTimeout { 500 };
constexpr std::chrono::milliseconds kConnectRetryDelay { 200 };
constexpr std::chrono::milliseconds kLockTimeout { 100 };
constexpr qsizetype kMaxMessageLength = 64;
} // namespace

SingleInstance::SingleInstance(const QString &profileDirectory, QObject *parent)
    : QObject(parent)
    , m_profileDirectory(profileDirectory)
    , m_serverName(serverNameFor(profileDirectory, currentUserName()))
{
}

SingleInstance::~SingleInstance()
{
    if (m_server)
        m_server->close();
    if (m_lock)
        m_lock->unlock();
}

QString SingleInstance::currentUserName()
{
    QString name = qEnvironmentVariable("USER");
    if (name.isEmpty())
        name = qEnvironmentVariable("USERNAME");
    if (name.isEmpty())
        name = QDir::homePath();
    return name;
}

QString SingleInstance::serverNameFor(const QString &profileDirectory, const QString &userName)
{
    // Hash the canonical path so "~/p" and "~/p/" or a symlink to it are the same profile.
    const QFileInfo info(profileDirectory);
    QString path = info.canonicalFilePath();
    if (path.isEmpty())
        path = QDir::cleanPath(info.absoluteFilePath());
#if defined(Q_OS_WIN) || defined(Q_OS_MACOS)
    path = path.toLower(); // case-insensitive file systems
#endif
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(userName.toUtf8());
    hash.addData(QByteArrayView("\0", 1));
    hash.addData(path.toUtf8());
    return QStringLiteral("talentbridge-") + QString::fromLatin1(hash.result().toHex().left(24));
}

QString SingleInstance::lockFilePath() const
{
    return QDir(m_profileDirectory).filePath(QStringLiteral("talentbridge.lock"));
}

SingleInstance::Role SingleInstance::start()
{
    if (!QDir().mkpath(m_profileDirectory))
    {
        m_errorString = tr("Cannot create the profile folder %1.").arg(QDir::toNativeSeparators(m_profileDirectory));
        return Role::Failed;
    }

    m_lock = std::make_unique<QLockFile>(lockFilePath());
    // We hold the lock for days: only a dead owner makes it stale, never its age.
    m_lock->setStaleLockTime(0);
    if (!m_lock->tryLock(kLockTimeout.count()))
    {
        if (m_lock->error() == QLockFile::LockFailedError)
        {
            m_lock.reset();
            if (notifyPrimary())
                return Role::Secondary;
            m_errorString = tr("TalentBridge already runs with this profile but does not answer.");
            return Role::Failed;
        }
        m_errorString = tr("Cannot create the lock file %1.").arg(QDir::toNativeSeparators(lockFilePath()));
        m_lock.reset();
        return Role::Failed;
    }

    // We own the profile: a socket left behind by a crashed instance is ours to remove.
    QLocalServer::removeServer(m_serverName);
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::onNewConnection);
    if (!m_server->listen(m_serverName))
    {
        // Still the only instance thanks to the lock; later launches just cannot raise us.
        qCWarning(lcApp) << "single instance: cannot listen:" << m_server->errorString();
    }
    qCInfo(lcApp) << "single instance: primary";
    return Role::Primary;
}

bool SingleInstance::notifyPrimary()
{
    for (int attempt = 0; attempt < kConnectAttempts; ++attempt)
    {
        QLocalSocket socket;
        socket.connectToServer(m_serverName);
        if (socket.waitForConnected(static_cast<int>(kConnectTimeout.count())))
        {
            socket.write(kRaiseMessage);
            const bool sent = socket.waitForBytesWritten(static_cast<int>(kConnectTimeout.count()));
            socket.disconnectFromServer();
            if (socket.state() != QLocalSocket::UnconnectedState)
                socket.waitForDisconnected(static_cast<int>(kConnectTimeout.count()));
            qCInfo(lcApp) << "single instance: asked the running instance to raise; sent:" << sent;
            return sent;
        }
        QThread::msleep(static_cast<unsigned long>(kConnectRetryDelay.count()));
    }
    qCWarning(lcApp) << "single instance: the running instance does not answer";
    return false;
}

void SingleInstance::onNewConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection())
    {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, socket, [this, socket]() { readMessage(socket); });

        // A quick peer's line may already be buffered.
        readMessage(socket);
    }
}

void SingleInstance::readMessage(QLocalSocket *socket)
{
    if (!socket->canReadLine())
    {
        // Nobody sends long lines; a peer that does is dropped.
        if (socket->bytesAvailable() > kMaxMessageLength)
            socket->abort();
        return;
    }
    const QByteArray line = socket->readLine(kMaxMessageLength);
    if (line == kRaiseMessage)
    {
        qCInfo(lcApp) << "single instance: another launch asked us to raise";
        Q_EMIT raiseRequested();
    }
    else
    {
        qCWarning(lcApp) << "single instance: ignored an unknown message of" << line.size() << "bytes";
    }
    socket->disconnectFromServer();
}
