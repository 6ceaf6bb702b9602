#pragma once

#include <QString>
#include <QUrl>

#include <optional>

namespace Wizard
{

// What the setup wizard starts with. Empty members fall back to the profile's stored
// connection settings, then to the Greenhouse production defaults (core/profile/profile.h).
//
// Demo mode fills it from the in-process sandbox:
//   prefill.harvestUrl = server.harvestBaseUrl(); prefill.tokenUrl = server.tokenUrl();
//   prefill.introspectUrl = server.introspectUrl(); prefill.platformUrl = server.platformBaseUrl();
//   prefill.clientId / clientSecret / platformToken from server.credentials(), and
//   prefill.actingUserId = server.credentials().siteAdminUserId.
// Settings > Connection fills the secrets from CredentialSession::credentials().
//
// It holds secrets: keep it on the stack, never log it, never put it in a QVariant.
struct WizardPrefill
{
    QUrl harvestUrl; // .../v3
    QUrl tokenUrl;
    QUrl introspectUrl;
    QUrl platformUrl; // SmartDreamers base URL

    QString clientId;
    QString clientSecret;
    std::optional<qint64> actingUserId;
    QString platformToken;
};

} // namespace Wizard
