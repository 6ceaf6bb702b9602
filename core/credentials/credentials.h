#pragma once

#include "core/credentials/credentialkey.h"

#include <QString>

// The secrets of one profile, as kept in memory for the life of the process. The acting
// Harvest user id is not secret and lives in the profile settings. Cached access tokens are
// never part of this: they stay in memory with the client that fetched them.
struct Credentials
{
    QString harvestClientId;
    QString harvestClientSecret;
    QString platformToken;

    QString value(CredentialPurpose purpose) const
    {
        switch (purpose)
        {
        case CredentialPurpose::HarvestClientId:
            return harvestClientId;
        case CredentialPurpose::HarvestClientSecret:
            return harvestClientSecret;
        case CredentialPurpose::PlatformToken:
            return platformToken;
        }
        return {};
    }

    void setValue(CredentialPurpose purpose, const QString &secret)
    {
        switch (purpose)
        {
        case CredentialPurpose::HarvestClientId:
            harvestClientId = secret;
            break;
        case CredentialPurpose::HarvestClientSecret:
            harvestClientSecret = secret;
            break;
        case CredentialPurpose::PlatformToken:
            platformToken = secret;
            break;
        }
    }

    bool isComplete() const
    {
        return !harvestClientId.isEmpty() && !harvestClientSecret.isEmpty() && !platformToken.isEmpty();
    }

    bool isEmpty() const
    {
        return harvestClientId.isEmpty() && harvestClientSecret.isEmpty() && platformToken.isEmpty();
    }

    friend bool operator==(const Credentials &, const Credentials &) = default;
};
