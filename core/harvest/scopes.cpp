#include "core/harvest/scopes.h"

#include <QCoreApplication>
#include <QStringList>

namespace Harvest
{

namespace
{
struct Entry
{
    const char *scope;
    const char *reason;
    const char *probePath;
};

// Reference §8: export needs the job side, import the candidate side, and the wizard the
// reference data. Writes cannot be probed without creating something, so introspection
// answers for them.
constexpr Entry kScopes[] = {
    { "harvest:jobs:list", QT_TRANSLATE_NOOP("Harvest", "Read jobs to export the open ones"), "/jobs" },
    { "harvest:job_posts:list", QT_TRANSLATE_NOOP("Harvest", "Read job posts for titles, descriptions and apply links"),
        "/job_posts" },
    { "harvest:job_post_locations:list", QT_TRANSLATE_NOOP("Harvest", "Read where each job post is advertised"),
        "/job_post_locations" },
    { "harvest:departments:list",
        QT_TRANSLATE_NOOP("Harvest", "Name each job's department and offer the department filter"), "/departments" },
    { "harvest:offices:list", QT_TRANSLATE_NOOP("Harvest", "Name each job's offices and offer the office filter"),
        "/offices" },
    { "harvest:openings:list", QT_TRANSLATE_NOOP("Harvest", "Count each job's open openings"), "/openings" },
    { "harvest:custom_fields:list",
        QT_TRANSLATE_NOOP("Harvest", "Read the employment type and other job custom fields"), "/custom_fields" },
    { "harvest:users:list", QT_TRANSLATE_NOOP("Harvest", "Confirm the acting user is an active Site Admin"), "/users" },
    { "harvest:sources:list", QT_TRANSLATE_NOOP("Harvest", "Credit imported candidates to the source you choose"),
        "/sources" },
    { "harvest:job_interview_stages:list",
        QT_TRANSLATE_NOOP("Harvest", "Place new applications on the job's first stage"), "/job_interview_stages" },
    { "harvest:candidates:list",
        QT_TRANSLATE_NOOP("Harvest", "Find existing candidates by email so nobody is imported twice"), "/candidates" },
    { "harvest:applications:list", QT_TRANSLATE_NOOP("Harvest", "Check whether a candidate already applied to the job"),
        "/applications" },
    { "harvest:candidates:create", QT_TRANSLATE_NOOP("Harvest", "Create candidates for new applicants"), "" },
    { "harvest:applications:create", QT_TRANSLATE_NOOP("Harvest", "Add an application for the job they applied to"),
        "" },
    { "harvest:attachments:list",
        QT_TRANSLATE_NOOP("Harvest", "Check whether a resume was already uploaded, so none is uploaded twice"),
        "/attachments" },
    { "harvest:attachments:create", QT_TRANSLATE_NOOP("Harvest", "Upload each applicant's resume"), "" },
};
} // namespace

QList<ScopeRequirement> requiredScopes()
{
    QList<ScopeRequirement> result;
    result.reserve(std::size(kScopes));
    for (const Entry &entry : kScopes)
        result.append({ QString::fromLatin1(entry.scope), QCoreApplication::translate("Harvest", entry.reason),
            QString::fromLatin1(entry.probePath) });
    return result;
}

QString requiredScopeList()
{
    QStringList scopes;
    for (const Entry &entry : kScopes)
        scopes.append(QString::fromLatin1(entry.scope));
    return scopes.join(QLatin1Char('\n'));
}

} // namespace Harvest
