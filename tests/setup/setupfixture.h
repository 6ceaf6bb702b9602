#pragma once

// What both setup suites verify: the sandbox's own credentials, acting as its Site Admin.

#include "core/setup/connectionverifier.h"
#include "sandbox/sandboxserver.h"

inline Setup::VerificationInput sandboxVerificationInput(const Sandbox::Server &server)
{
    const Sandbox::Credentials credentials = server.credentials();
    Setup::VerificationInput input;
    input.harvestUrl = server.harvestBaseUrl();
    input.tokenUrl = server.tokenUrl();
    input.introspectUrl = server.introspectUrl();
    input.clientId = credentials.clientId;
    input.clientSecret = credentials.clientSecret;
    input.actingUserId = credentials.siteAdminUserId;
    input.platformUrl = server.platformBaseUrl();
    input.platformToken = credentials.platformToken;
    return input;
}
