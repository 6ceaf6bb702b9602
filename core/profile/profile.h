#pragma once

#include <QList>
#include <QString>
#include <QUrl>

#include <chrono>
#include <optional>

// A profile is one folder holding the settings file and the database of one connection,
// so several profiles (and the tests) never collide. Secrets are not in it: they are in
// the OS keychain under keys that carry id().
class Profile final
{
public:
    // The platform's app-data folder (QStandardPaths::AppDataLocation) when dir is empty.
    explicit Profile(const QString &dir = {});

    QString dir() const { return m_dir; }
    QString settingsPath() const; // <dir>/settings.ini
    QString databasePath() const; // <dir>/talentbridge.sqlite
    QString logDir() const; // <dir>/logs
    QString id() const; // stable, short: a hash of the canonical folder path

    // Creates the folder (owner-only permissions). False with a message when it cannot.
    bool ensureExists(QString *error = nullptr) const;

private:
    QString m_dir;
};

// Greenhouse production endpoints; the sandbox and tests override them.
namespace Defaults
{
inline constexpr char kHarvestUrl[] = "https://harvest.greenhouse.io/v3";
inline constexpr char kTokenUrl[] = "https://auth.greenhouse.io/token";
inline constexpr char kIntrospectUrl[] = "https://auth.greenhouse.io/introspect";
inline constexpr std::chrono::minutes kJobsInterval { 5 };
inline constexpr std::chrono::hours kApplicantsInterval { 12 };
inline constexpr std::chrono::minutes kMinJobsInterval { 1 };
inline constexpr std::chrono::hours kMaxJobsInterval { 24 };
inline constexpr std::chrono::minutes kMinApplicantsInterval { 15 };
inline constexpr std::chrono::hours kMaxApplicantsInterval { 24 * 7 };
} // namespace Defaults

// Everything about the connection that is not secret.
struct ConnectionSettings
{
    QUrl harvestUrl { QString::fromLatin1(Defaults::kHarvestUrl) };
    QUrl tokenUrl { QString::fromLatin1(Defaults::kTokenUrl) };
    QUrl introspectUrl { QString::fromLatin1(Defaults::kIntrospectUrl) };
    std::optional<qint64> actingUserId; // the token's "sub": an active Site Admin
    QUrl platformUrl;
    bool connected = false; // the last wizard/connect run verified it

    bool operator==(const ConnectionSettings &) const = default;
};

struct SyncSettings
{
    std::chrono::seconds jobsInterval { Defaults::kJobsInterval };
    std::chrono::seconds applicantsInterval { Defaults::kApplicantsInterval };
    QList<qint64> departmentFilter; // empty = all departments
    QList<qint64> officeFilter; // empty = all offices
    std::optional<qint64> sourceId; // Greenhouse source credited for imported candidates
    bool startAtLogin = false;

    bool operator==(const SyncSettings &) const = default;

    // Clamps the cadences to their bounds; returns what it changed, for a warning.
    QStringList clampToBounds();
};

// Reads and writes the profile's settings.ini. Writes are all-or-nothing per call.
class ProfileSettings final
{
public:
    explicit ProfileSettings(const Profile &profile);

    ConnectionSettings connection() const;
    void setConnection(const ConnectionSettings &settings);
    SyncSettings sync() const;
    void setSync(const SyncSettings &settings);
    QString logLevel() const; // "info" (default) or "debug"
    void setLogLevel(const QString &level);
    bool trayHintShown() const;
    void setTrayHintShown(bool shown);

private:
    QString m_path;
};
