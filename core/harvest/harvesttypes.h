#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// Typed Harvest v3 records (reference §6). Only what the connector uses is typed; the
// raw object is kept where the sync engine may need more.
namespace Harvest
{

struct Job
{
    qint64 id = 0;
    QString name;
    QString requisitionId;
    QString notes;
    bool confidential = false;
    QString status; // open | draft | closed
    QDateTime openedAt;
    QDateTime closedAt;
    bool isTemplate = false;
    std::optional<qint64> departmentId;
    QList<qint64> officeIds;
    QString employmentType; // custom field "employment_type" (empty when unset)
    QJsonObject customFields;
    QDateTime createdAt;
    QDateTime updatedAt;
};

struct JobPost
{
    qint64 id = 0;
    qint64 jobId = 0;
    std::optional<qint64> jobBoardId;
    QString title;
    QString content;
    QString internalContent;
    bool internal = false;
    bool live = false;
    bool active = false;
    bool featured = false;
    QDateTime firstPublishedAt;
    QString language;
    QString publicUrl;
    QDateTime createdAt;
    QDateTime updatedAt;
};

struct JobPostLocation
{
    qint64 id = 0;
    qint64 jobPostId = 0;
    QString type; // free_text | office | custom_list
    QString plainTextLocation;
    std::optional<qint64> officeId;
    std::optional<qint64> customLocationId;
};

struct Department
{
    qint64 id = 0;
    QString name;
    std::optional<qint64> parentId;
    QString externalId;
    QDateTime updatedAt;
};

struct Office
{
    qint64 id = 0;
    QString name;
    std::optional<qint64> parentId;
    QString externalId;
    QString location;
    QDateTime updatedAt;
};

struct Opening
{
    qint64 id = 0;
    qint64 jobId = 0;
    QString openingId;
    bool open = false;
    QDateTime openedAt;
    QDateTime closedAt;
    std::optional<qint64> closeReasonId;
    std::optional<qint64> applicationId;
};

struct User
{
    qint64 id = 0;
    QString firstName;
    QString lastName;
    QString name;
    QString primaryEmail;
    QStringList emails;
    QString jobTitle;
    bool deactivated = false;
    bool siteAdmin = false;
};

struct Source
{
    qint64 id = 0;
    QString name;
    std::optional<qint64> typeId;
    QString typeName;
};

struct JobInterviewStage
{
    qint64 id = 0;
    qint64 jobId = 0;
    QString name;
    int sortOrder = 0;
    bool active = true;
};

struct TypedValue
{
    QString value;
    QString type; // personal | work | other; mobile | home | ...
};

struct Candidate
{
    qint64 id = 0;
    QString firstName;
    QString lastName;
    QString preferredName;
    QString company;
    QString title;
    QList<TypedValue> emailAddresses;
    QList<TypedValue> phoneNumbers;
    QList<TypedValue> addresses;
    QList<TypedValue> websiteAddresses;
    QStringList socialMediaAddresses;
    QStringList tags;
    QList<qint64> applicationIds; // only when the server embeds them
    QDateTime createdAt;
    QDateTime updatedAt;
};

struct Application
{
    qint64 id = 0;
    qint64 candidateId = 0;
    std::optional<qint64> jobId;
    bool prospect = false;
    QString status; // in_process | rejected | hired | converted
    std::optional<qint64> stageId;
    QString stageName;
    std::optional<qint64> sourceId;
    QDateTime createdAt;
    QDateTime updatedAt;
};

struct Attachment
{
    qint64 id = 0;
    std::optional<qint64> applicationId;
    std::optional<qint64> candidateId;
    QString type;
    QString filename;
    QString url;
};

// What introspection says about the credential and the token.
struct Introspection
{
    bool active = false;
    QString organizationId;
    QString organizationName;
    QString actingUserId; // "sub"
    QString userRole;
    QStringList scopes;
};

// Input: the nested application of a candidate create.
struct NewApplicationNested
{
    qint64 jobId = 0;
    std::optional<qint64> sourceId;
    std::optional<qint64> recruiterId;
    std::optional<qint64> coordinatorId;
    std::optional<qint64> initialStageId;
};

struct NewCandidate
{
    QString firstName;
    QString lastName;
    QString company;
    QString title;
    QList<TypedValue> emailAddresses;
    QList<TypedValue> phoneNumbers;
    QList<TypedValue> addresses;
    QList<TypedValue> websiteAddresses;
    QStringList socialMediaAddresses;
    QStringList tags;
    std::optional<NewApplicationNested> application;
};

struct NewApplication
{
    qint64 candidateId = 0;
    qint64 jobId = 0;
    std::optional<qint64> initialStageId;
    std::optional<qint64> sourceId;
    std::optional<qint64> referrerId;
    std::optional<qint64> recruiterId;
    std::optional<qint64> coordinatorId;
};

struct NewAttachment
{
    qint64 applicationId = 0;
    QString filename;
    QString type = QStringLiteral("resume");
    QByteArray content; // raw bytes; sent base64-encoded, never logged
    QString visibility; // empty = the server's default
};

// Candidate create: the candidate and, when known, the application created with it.
struct CreatedCandidate
{
    Candidate candidate;
    std::optional<Application> application;
    // The answer did not carry the application, so one more request looked it up (callers
    // that count requests count this one too).
    bool applicationLookedUp = false;
};

// The access token and when to stop using it.
struct Token
{
    QByteArray accessToken;
    QDateTime expiresAt; // UTC
};

} // namespace Harvest
