#pragma once

#include <QList>
#include <QString>

namespace Harvest
{

// One Harvest v3 scope the connector needs, why, and how the wizard checks it live.
struct ScopeRequirement
{
    QString scope; // e.g. "harvest:jobs:list"
    QString reason; // one line for the admin (translated)
    QString probePath; // a harmless read that needs exactly this scope ("/jobs"); empty for writes
};

// The exact set the credential must carry, in the order the wizard shows them.
QList<ScopeRequirement> requiredScopes();

// "harvest:jobs:list\nharvest:job_posts:list\n..." for the "Copy scope list" button.
QString requiredScopeList();

} // namespace Harvest
