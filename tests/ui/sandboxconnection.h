#pragma once

// A profile's view of the in-process sandbox: its endpoints as stored settings and its
// Greenhouse credentials as a client configuration.

#include "core/harvest/harvestclient.h"
#include "core/profile/profile.h"
#include "sandbox/sandboxserver.h"

namespace TestSupport
{

// The sandbox's endpoints and Site Admin, marked connected.
inline ConnectionSettings sandboxConnection(const Sandbox::Server &server)
{
    ConnectionSettings connection;
    connection.harvestUrl = server.harvestBaseUrl();
    connection.tokenUrl = server.tokenUrl();
    connection.introspectUrl = server.introspectUrl();
    connection.platformUrl = server.platformBaseUrl();
    connection.actingUserId = server.credentials().siteAdminUserId;
    connection.connected = true;
    return connection;
}

inline Harvest::ClientConfig sandboxHarvestConfig(const Sandbox::Server &server)
{
    const ConnectionSettings connection = sandboxConnection(server);
    Harvest::ClientConfig config;
    config.baseUrl = connection.harvestUrl;
    config.tokenUrl = connection.tokenUrl;
    config.introspectUrl = connection.introspectUrl;
    config.actingUserId = connection.actingUserId;
    config.clientId = server.credentials().clientId;
    config.clientSecret = server.credentials().clientSecret;
    return config;
}

} // namespace TestSupport
