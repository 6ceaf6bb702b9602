#pragma once

#include "core/harvest/harvestclient.h"
#include "core/platform/platformclient.h"
#include "core/store/store.h"
#include "sandbox/sandboxserver.h"

#include <QHash>
#include <QJsonArray>
#include <QList>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

// How many candidates created through the API carry each applicant tag ("smartdreamers-<id>").
inline QHash<QString, int> applicantTagCounts(const Sandbox::Server &server)
{
    QHash<QString, int> tags;
    for (const QJsonObject &candidate : server.createdCandidates())
    {
        for (const QJsonValue &tag : candidate.value(u"tags").toArray())
        {
            if (tag.toString().startsWith(QLatin1String("smartdreamers-")))
            {
                ++tags[tag.toString()];
            }
        }
    }
    return tags;
}

// What Greenhouse holds twice: an applicant tag on two candidates, two applications of one
// candidate on one job, two resumes on one application. Empty when nothing is duplicated.
inline QStringList greenhouseDuplicates(const Sandbox::Server &server)
{
    QStringList duplicates;
    const QHash<QString, int> tags = applicantTagCounts(server);
    for (auto it = tags.cbegin(); it != tags.cend(); ++it)
    {
        if (it.value() > 1)
        {
            duplicates.append(QStringLiteral("%1 candidates tagged %2").arg(it.value()).arg(it.key()));
        }
    }
    QSet<QPair<qint64, qint64>> applications;
    for (const QJsonObject &application : server.createdApplications())
    {
        const QPair<qint64, qint64> key(
            application.value(u"candidate_id").toInteger(), application.value(u"job_id").toInteger());
        if (applications.contains(key))
        {
            duplicates.append(
                QStringLiteral("two applications of candidate %1 on job %2").arg(key.first).arg(key.second));
        }
        applications.insert(key);
    }
    QSet<qint64> attached;
    for (const QJsonObject &attachment : server.createdAttachments())
    {
        const qint64 application = attachment.value(u"application_id").toInteger();
        if (attached.contains(application))
        {
            duplicates.append(QStringLiteral("two resumes on application %1").arg(application));
        }
        attached.insert(application);
    }
    return duplicates;
}

// A sandbox, a fresh profile database and client configurations pointing at the sandbox.
struct SyncFixture
{
    QTemporaryDir dir;
    std::unique_ptr<Sandbox::Server> server;
    std::unique_ptr<Store> store;
    Harvest::SharedState shared = Harvest::SharedState::create(); // per sandbox: its own budget

    bool start(const Sandbox::Options &options = {})
    {
        server = std::make_unique<Sandbox::Server>(options);
        if (!server->start())
        {
            qWarning() << "sandbox:" << server->errorString();
            return false;
        }
        store = std::make_unique<Store>(Store::databasePathFor(dir.path()));
        return store->open();
    }

    static Net::SessionConfig fastSession()
    {
        Net::SessionConfig session;
        session.backoffBase = std::chrono::milliseconds(20);
        session.backoffMax = std::chrono::milliseconds(200);
        session.transferTimeout = std::chrono::milliseconds(10'000);
        return session;
    }

    Harvest::ClientConfig harvestConfig() const
    {
        const Sandbox::Credentials credentials = server->credentials();
        Harvest::ClientConfig config;
        config.baseUrl = server->harvestBaseUrl();
        config.tokenUrl = server->tokenUrl();
        config.introspectUrl = server->introspectUrl();
        config.clientId = credentials.clientId;
        config.clientSecret = credentials.clientSecret;
        config.actingUserId = credentials.siteAdminUserId;
        config.session = fastSession();
        return config;
    }

    Platform::ClientConfig platformConfig() const
    {
        Platform::ClientConfig config;
        config.baseUrl = server->platformBaseUrl();
        config.token = server->credentials().platformToken;
        config.session = fastSession();
        return config;
    }

    int count(const QString &service, const QByteArray &method = {}) const
    {
        const QList<Sandbox::LoggedRequest> log = server->requestLog();
        return int(std::count_if(log.cbegin(), log.cend(),
            [&](const Sandbox::LoggedRequest &r)
            { return r.service == service && (method.isEmpty() || r.method == method); }));
    }
};
