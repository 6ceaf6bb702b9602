#include "sandbox/sandboxserver.h"

#include "core/harvest/scopes.h"
#include "core/logging.h"
#include "sandbox/harvestemulator.h"
#include "sandbox/httpfront.h"
#include "sandbox/platformemulator.h"
#include "sandbox/sandboxstate.h"
#include "sandbox/seeddata.h"

#include <QJsonArray>
#include <QMutex>
#include <QMutexLocker>
#include <QThread>

namespace Sandbox
{

class Server::Private
{
public:
    explicit Private(const Options &options) : m_harvest(m_state), m_platform(m_state)
    {
        m_state.options = options;
        m_state.serverErrorsLeft = options.serverErrorBurst;
        m_state.rateLimitsLeft = options.rateLimitBurst;
        m_state.faultRng.seed(options.seed);
        m_state.tokenRng.seed(options.seed ^ 0x5eedu);
        m_state.grantedScopes = Server::allConnectorScopes();
        seedState(m_state);
    }

    HttpResponse serve(bool harvestSide, const HttpRequest &request)
    {
        HttpResponse response;
        int latency = 0;
        {
            QMutexLocker lock(&m_mutex);
            if (request.path == QLatin1String("/echo"))
            {
                response = echo(request);
            }
            else
            {
                response = harvestSide ? m_harvest.handle(request) : m_platform.handle(request);
            }
            latency = m_state.options.latencyMs;

            LoggedRequest entry;
            const bool auth = request.path == QLatin1String("/token") || request.path == QLatin1String("/introspect");
            entry.service = harvestSide ? (auth ? QStringLiteral("auth") : QStringLiteral("harvest"))
                                        : QStringLiteral("platform");
            entry.method = request.method;
            entry.rawTarget = request.rawTarget;
            entry.path = request.path;
            entry.authorization = request.authorization;
            entry.body = request.body;
            entry.status = response.drop ? 0 : response.status;
            entry.at = QDateTime::currentDateTimeUtc();
            m_state.log.append(entry);
            qCDebug(lcSandbox) << entry.service << request.method << request.path << "->"
                               << (response.drop ? QByteArray("dropped") : QByteArray::number(response.status));
        }
        if (latency > 0)
        {
            // Blocks this server's thread only; the caller's thread is never involved.
            QThread::msleep(static_cast<unsigned long>(latency));
        }
        return response;
    }

    HttpResponse echo(const HttpRequest &request) const
    {
        return jsonResponse(200,
            QJsonObject { { QStringLiteral("method"), QString::fromLatin1(request.method) },
                { QStringLiteral("target"), QString::fromUtf8(request.rawTarget) },
                { QStringLiteral("authorization_present"), !request.authorization.isEmpty() } });
    }

    mutable QMutex m_mutex;
    State m_state;
    HarvestEmulator m_harvest;
    PlatformEmulator m_platform;
    QString m_errorString;

    QThread m_thread;
    QObject *m_context = nullptr; // lives on m_thread; the fronts are its children
    bool m_running = false;
};

Server::Server(const Options &options, QObject *parent) : QObject(parent), d(std::make_unique<Private>(options))
{
    d->m_thread.setObjectName(QStringLiteral("sandbox"));
}

Server::~Server()
{
    stop();
}

bool Server::start()
{
    if (d->m_running)
    {
        return true;
    }
    Options options = this->options();
    d->m_thread.start();
    d->m_context = new QObject;
    d->m_context->moveToThread(&d->m_thread);

    quint16 harvestPort = 0;
    quint16 platformPort = 0;
    QString error;
    QMetaObject::invokeMethod(
        d->m_context,
        [this, &options, &harvestPort, &platformPort, &error]
        {
            auto *harvest = new HttpFront([this](const HttpRequest &r) { return d->serve(true, r); }, d->m_context);
            auto *platform = new HttpFront([this](const HttpRequest &r) { return d->serve(false, r); }, d->m_context);
            harvestPort = harvest->listenLoopback(options.harvestPort);
            platformPort = platform->listenLoopback(options.platformPort);
            if (!harvestPort)
            {
                error = QStringLiteral("Harvest port %1: %2").arg(options.harvestPort).arg(harvest->errorString());
            }
            else if (!platformPort)
            {
                error = QStringLiteral("Platform port %1: %2").arg(options.platformPort).arg(platform->errorString());
            }
        },
        Qt::BlockingQueuedConnection);

    if (!error.isEmpty())
    {
        {
            QMutexLocker lock(&d->m_mutex);
            d->m_errorString = error;
        }
        d->m_running = true;
        stop();
        qCWarning(lcSandbox) << "sandbox failed to start:" << error;
        return false;
    }
    QMutexLocker lock(&d->m_mutex);
    d->m_state.harvestBase = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(harvestPort));
    d->m_state.platformBase = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(platformPort));
    d->m_state.options.harvestPort = harvestPort;
    d->m_state.options.platformPort = platformPort;
    d->m_errorString.clear();
    d->m_running = true;
    qCInfo(lcSandbox) << "sandbox listening: harvest port" << harvestPort << "platform port" << platformPort;
    return true;
}

void Server::stop()
{
    if (!d->m_running)
    {
        return;
    }
    QObject *context = d->m_context;
    QMetaObject::invokeMethod(
        context, [context] { qDeleteAll(context->children()); }, Qt::BlockingQueuedConnection);
    d->m_thread.quit();
    d->m_thread.wait();
    delete context;
    d->m_context = nullptr;
    d->m_running = false;
}

QString Server::errorString() const
{
    QMutexLocker lock(&d->m_mutex);
    return d->m_errorString;
}

Options Server::options() const
{
    QMutexLocker lock(&d->m_mutex);
    return d->m_state.options;
}

Credentials Server::credentials() const
{
    QMutexLocker lock(&d->m_mutex);
    return d->m_state.credentials;
}

QUrl Server::authBaseUrl() const
{
    QMutexLocker lock(&d->m_mutex);
    return d->m_state.harvestBase;
}

QUrl Server::tokenUrl() const
{
    QUrl url = authBaseUrl();
    url.setPath(QStringLiteral("/token"));
    return url;
}

QUrl Server::introspectUrl() const
{
    QUrl url = authBaseUrl();
    url.setPath(QStringLiteral("/introspect"));
    return url;
}

QUrl Server::harvestBaseUrl() const
{
    QUrl url = authBaseUrl();
    url.setPath(QStringLiteral("/v3"));
    return url;
}

QUrl Server::platformBaseUrl() const
{
    QMutexLocker lock(&d->m_mutex);
    return d->m_state.platformBase;
}

QUrl Server::echoUrl() const
{
    QUrl url = platformBaseUrl();
    url.setPath(QStringLiteral("/echo"));
    return url;
}

void Server::setOptions(const Options &options)
{
    QMutexLocker lock(&d->m_mutex);
    // Ports, seed and data sizes belong to the running instance; the rest applies at once.
    Options applied = options;
    applied.seed = d->m_state.options.seed;
    applied.jobCount = d->m_state.options.jobCount;
    applied.applicantCount = d->m_state.options.applicantCount;
    applied.harvestPort = d->m_state.options.harvestPort;
    applied.platformPort = d->m_state.options.platformPort;
    d->m_state.options = applied;
    d->m_state.serverErrorsLeft = applied.serverErrorBurst;
    d->m_state.rateLimitsLeft = applied.rateLimitBurst;
}

void Server::setGrantedScopes(const QStringList &scopes)
{
    QMutexLocker lock(&d->m_mutex);
    d->m_state.grantedScopes = scopes;
}

QStringList Server::grantedScopes() const
{
    QMutexLocker lock(&d->m_mutex);
    return d->m_state.grantedScopes;
}

QStringList Server::allConnectorScopes()
{
    QStringList scopes;
    for (const Harvest::ScopeRequirement &requirement : Harvest::requiredScopes())
    {
        scopes.append(requirement.scope);
    }
    return scopes;
}

void Server::setClientSecret(const QString &secret)
{
    QMutexLocker lock(&d->m_mutex);
    d->m_state.credentials.clientSecret = secret;
}

void Server::expireAllTokens()
{
    QMutexLocker lock(&d->m_mutex);
    d->m_state.tokens.clear();
}

void Server::setUserSiteAdmin(qint64 userId, bool siteAdmin)
{
    QMutexLocker lock(&d->m_mutex);
    if (QJsonObject *user = d->m_state.findById(QStringLiteral("users"), userId))
    {
        user->insert(QStringLiteral("site_admin"), siteAdmin);
        user->insert(QStringLiteral("updated_at"), d->m_state.nowStamp());
    }
}

QJsonObject Server::updateJob(qint64 jobId, const QJsonObject &changes)
{
    return updateRow(QStringLiteral("jobs"), jobId, changes);
}

QJsonObject Server::updateRow(const QString &resource, qint64 id, const QJsonObject &changes)
{
    QMutexLocker lock(&d->m_mutex);
    QJsonObject *row = d->m_state.findById(resource, id);
    if (!row)
    {
        return {};
    }
    const QDateTime previous
        = QDateTime::fromString(row->value(QStringLiteral("updated_at")).toString(), Qt::ISODateWithMs);
    for (auto it = changes.constBegin(); it != changes.constEnd(); ++it)
    {
        row->insert(it.key(), it.value());
    }
    // Stamped by the service's clock, as Greenhouse does; changes made in the same millisecond
    // share it. Only a row that is already newer (a clock behind the seed's reference date)
    // moves a millisecond past its own stamp, never past other rows: stamps a second apart per
    // update ran ahead of the clock and out of a client's window.
    QDateTime stamp = QDateTime::currentDateTimeUtc();
    if (previous.isValid() && previous >= stamp)
    {
        stamp = previous.addMSecs(1);
    }
    row->insert(QStringLiteral("updated_at"), harvestTimestamp(stamp));
    return *row;
}

void Server::addApplicant(const QJsonObject &applicant)
{
    QMutexLocker lock(&d->m_mutex);
    QJsonObject stored = applicant;
    QString id = stored.value(QStringLiteral("id")).toString();
    if (id.isEmpty())
    {
        id = QStringLiteral("app_added_%1").arg(d->m_state.applicants.size() + 1);
        stored.insert(QStringLiteral("id"), id);
    }
    // Resume bytes may come as "resume_base64"; a resume object without them gets a small PDF.
    if (stored.value(QStringLiteral("resume")).isObject())
    {
        const QJsonObject resume = stored.value(QStringLiteral("resume")).toObject();
        const QByteArray bytes = stored.contains(QStringLiteral("resume_base64"))
            ? QByteArray::fromBase64(stored.value(QStringLiteral("resume_base64")).toString().toLatin1())
            : minimalPdf(QStringLiteral("Resume ") + id);
        const QString contentType
            = resume.value(QStringLiteral("content_type")).toString(QStringLiteral("application/pdf"));
        d->m_state.resumes.insert(id,
            Resume { bytes, contentType.toLatin1(), qint64(stored.value(QStringLiteral("resume_size")).toDouble()) });
    }
    stored.remove(QStringLiteral("resume_base64"));
    stored.remove(QStringLiteral("resume_size"));
    stored.insert(QStringLiteral("status"), QStringLiteral("pending"));
    stored.insert(QStringLiteral("ack"), QJsonValue());
    d->m_state.applicants.append(stored);
}

void Server::setRedirect(const QString &path, const QUrl &target)
{
    QMutexLocker lock(&d->m_mutex);
    if (target.isEmpty())
    {
        d->m_state.redirects.remove(path);
    }
    else
    {
        d->m_state.redirects.insert(path, target);
    }
}

QList<LoggedRequest> Server::requestLog() const
{
    QMutexLocker lock(&d->m_mutex);
    return d->m_state.log;
}

void Server::clearRequestLog()
{
    QMutexLocker lock(&d->m_mutex);
    d->m_state.log.clear();
}

QList<QJsonObject> Server::harvestJobs() const
{
    return harvestRows(QStringLiteral("jobs"));
}

QList<QJsonObject> Server::harvestRows(const QString &resource) const
{
    QMutexLocker lock(&d->m_mutex);
    return d->m_state.resources.value(resource);
}

QList<QJsonObject> Server::createdCandidates() const
{
    QMutexLocker lock(&d->m_mutex);
    return d->m_state.createdCandidates;
}

QList<QJsonObject> Server::createdApplications() const
{
    QMutexLocker lock(&d->m_mutex);
    return d->m_state.createdApplications;
}

QList<QJsonObject> Server::createdAttachments() const
{
    QMutexLocker lock(&d->m_mutex);
    return d->m_state.createdAttachments;
}

QList<QJsonObject> Server::platformJobs() const
{
    QMutexLocker lock(&d->m_mutex);
    return d->m_state.platformJobs.values();
}

QList<QJsonObject> Server::platformApplicants() const
{
    QMutexLocker lock(&d->m_mutex);
    QList<QJsonObject> result;
    for (const QJsonObject &stored : std::as_const(d->m_state.applicants))
    {
        QJsonObject applicant = d->m_platform.publicApplicant(stored);
        applicant.insert(QStringLiteral("status"), stored.value(QStringLiteral("status")));
        applicant.insert(QStringLiteral("ack"), stored.value(QStringLiteral("ack")));
        result.append(applicant);
    }
    return result;
}

QByteArray Server::resumeBytes(const QString &applicantId) const
{
    QMutexLocker lock(&d->m_mutex);
    return d->m_state.resumes.value(applicantId).bytes;
}

QByteArray Server::attachmentBytes(qint64 attachmentId) const
{
    QMutexLocker lock(&d->m_mutex);
    return d->m_state.attachmentBytes.value(attachmentId);
}

} // namespace Sandbox
