#pragma once

#include <QList>
#include <QString>

// What a keychain entry holds. The acting Harvest user id is not a secret and lives in the
// profile settings, not here.
enum class CredentialPurpose
{
    HarvestClientId,
    HarvestClientSecret,
    PlatformToken,
};

// Every purpose, in the order entries are read, written and removed.
QList<CredentialPurpose> allCredentialPurposes();

// "harvest-client-id", "harvest-client-secret", "platform-token": the last part of a key.
QString credentialPurposeName(CredentialPurpose purpose);

// A translated label for messages ("Harvest client secret").
QString credentialPurposeLabel(CredentialPurpose purpose);

// A stable id for a profile folder: the first 16 hex digits of the SHA-256 of its cleaned
// absolute path (case-folded on Windows, where paths are case-insensitive). Stable across
// runs and machines with the same path; reveals nothing about the secrets.
QString profileIdForFolder(const QString &profileFolder);

// "talentbridge/<profile-id>/<purpose>", the key of one entry under the service "TalentBridge".
QString credentialKey(const QString &profileId, CredentialPurpose purpose);
