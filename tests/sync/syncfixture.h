#pragma once

#include "core/harvest/harvestclient.h"
#include "core/platform/platformclient.h"
#include "core/store/store.h"
#include "sandbox/sandboxserver.h"

#include <QList>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

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
