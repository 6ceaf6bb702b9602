#include "core/profile/profile.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

#include <algorithm>

namespace
{
QList<qint64> toIdList(const QVariant &value)
{
    QList<qint64> ids;
    const QStringList parts = value.toStringList();
    for (const QString &part : parts)
    {
        bool ok = false;
        const qint64 id = part.trimmed().toLongLong(&ok);
        if (ok)
            ids.append(id);
    }
    return ids;
}

QStringList fromIdList(const QList<qint64> &ids)
{
    QStringList parts;
    for (qint64 id : ids)
        parts.append(QString::number(id));
    return parts;
}

std::chrono::seconds clampDuration(std::chrono::seconds value, std::chrono::seconds low, std::chrono::seconds high)
{
    return std::clamp(value, low, high);
}
} // namespace

Profile::Profile(const QString &dir)
    : m_dir(
        dir.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) : QDir(dir).absolutePath())
{
}

QString Profile::settingsPath() const
{
    return QDir(m_dir).filePath(QStringLiteral("settings.ini"));
}

QString Profile::databasePath() const
{
    return QDir(m_dir).filePath(QStringLiteral("talentbridge.sqlite"));
}

QString Profile::logDir() const
{
    return QDir(m_dir).filePath(QStringLiteral("logs"));
}

QString Profile::id() const
{
    const QFileInfo info(m_dir);
    const QString canonical = info.exists() ? info.canonicalFilePath() : info.absoluteFilePath();
    return QString::fromLatin1(
        QCryptographicHash::hash(canonical.toUtf8(), QCryptographicHash::Sha256).toHex().left(16));
}

bool Profile::ensureExists(QString *error) const
{
    QDir dir(m_dir);
    if (!dir.exists() && !dir.mkpath(QStringLiteral(".")))
    {
        if (error)
            *error = QObject::tr("Cannot create the profile folder %1. Check that you may write there.")
                         .arg(QDir::toNativeSeparators(m_dir));
        return false;
    }
    QFile::setPermissions(m_dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return true;
}

QStringList SyncSettings::clampToBounds()
{
    QStringList changed;
    const auto jobs = clampDuration(jobsInterval, Defaults::kMinJobsInterval, Defaults::kMaxJobsInterval);
    if (jobs != jobsInterval)
    {
        changed.append(QObject::tr("The job export interval was set to %1 minutes, the nearest allowed value.")
                           .arg(std::chrono::duration_cast<std::chrono::minutes>(jobs).count()));
        jobsInterval = jobs;
    }
    const auto applicants
        = clampDuration(applicantsInterval, Defaults::kMinApplicantsInterval, Defaults::kMaxApplicantsInterval);
    if (applicants != applicantsInterval)
    {
        changed.append(QObject::tr("The applicant import interval was set to %1 minutes, the nearest allowed value.")
                           .arg(std::chrono::duration_cast<std::chrono::minutes>(applicants).count()));
        applicantsInterval = applicants;
    }
    return changed;
}

ProfileSettings::ProfileSettings(const Profile &profile) : m_path(profile.settingsPath()) { }

ConnectionSettings ProfileSettings::connection() const
{
    const QSettings s(m_path, QSettings::IniFormat);
    ConnectionSettings c;
    c.harvestUrl = s.value(QStringLiteral("connection/harvestUrl"), c.harvestUrl).toUrl();
    c.tokenUrl = s.value(QStringLiteral("connection/tokenUrl"), c.tokenUrl).toUrl();
    c.introspectUrl = s.value(QStringLiteral("connection/introspectUrl"), c.introspectUrl).toUrl();
    bool ok = false;
    const qint64 sub = s.value(QStringLiteral("connection/actingUserId")).toLongLong(&ok);
    if (ok && sub > 0)
        c.actingUserId = sub;
    c.platformUrl = s.value(QStringLiteral("connection/platformUrl")).toUrl();
    c.connected = s.value(QStringLiteral("connection/connected"), false).toBool();
    return c;
}

void ProfileSettings::setConnection(const ConnectionSettings &c)
{
    QSettings s(m_path, QSettings::IniFormat);
    s.setValue(QStringLiteral("connection/harvestUrl"), c.harvestUrl);
    s.setValue(QStringLiteral("connection/tokenUrl"), c.tokenUrl);
    s.setValue(QStringLiteral("connection/introspectUrl"), c.introspectUrl);
    if (c.actingUserId)
        s.setValue(QStringLiteral("connection/actingUserId"), *c.actingUserId);
    else
        s.remove(QStringLiteral("connection/actingUserId"));
    s.setValue(QStringLiteral("connection/platformUrl"), c.platformUrl);
    s.setValue(QStringLiteral("connection/connected"), c.connected);
    s.sync();
}

SyncSettings ProfileSettings::sync() const
{
    const QSettings s(m_path, QSettings::IniFormat);
    SyncSettings r;
    r.jobsInterval = std::chrono::seconds(
        s.value(QStringLiteral("sync/jobsIntervalSeconds"), qint64(r.jobsInterval.count())).toLongLong());
    r.applicantsInterval = std::chrono::seconds(
        s.value(QStringLiteral("sync/applicantsIntervalSeconds"), qint64(r.applicantsInterval.count())).toLongLong());
    r.departmentFilter = toIdList(s.value(QStringLiteral("sync/departmentFilter")));
    r.officeFilter = toIdList(s.value(QStringLiteral("sync/officeFilter")));
    bool ok = false;
    const qint64 source = s.value(QStringLiteral("sync/sourceId")).toLongLong(&ok);
    if (ok && source > 0)
        r.sourceId = source;
    r.startAtLogin = s.value(QStringLiteral("sync/startAtLogin"), false).toBool();
    r.clampToBounds();
    return r;
}

void ProfileSettings::setSync(const SyncSettings &settings)
{
    SyncSettings r = settings;
    r.clampToBounds();
    QSettings s(m_path, QSettings::IniFormat);
    s.setValue(QStringLiteral("sync/jobsIntervalSeconds"), qint64(r.jobsInterval.count()));
    s.setValue(QStringLiteral("sync/applicantsIntervalSeconds"), qint64(r.applicantsInterval.count()));
    s.setValue(QStringLiteral("sync/departmentFilter"), fromIdList(r.departmentFilter));
    s.setValue(QStringLiteral("sync/officeFilter"), fromIdList(r.officeFilter));
    if (r.sourceId)
        s.setValue(QStringLiteral("sync/sourceId"), *r.sourceId);
    else
        s.remove(QStringLiteral("sync/sourceId"));
    s.setValue(QStringLiteral("sync/startAtLogin"), r.startAtLogin);
    s.sync();
}

QString ProfileSettings::logLevel() const
{
    return QSettings(m_path, QSettings::IniFormat)
        .value(QStringLiteral("log/level"), QStringLiteral("info"))
        .toString();
}

void ProfileSettings::setLogLevel(const QString &level)
{
    QSettings s(m_path, QSettings::IniFormat);
    s.setValue(QStringLiteral("log/level"), level);
}

bool ProfileSettings::trayHintShown() const
{
    return QSettings(m_path, QSettings::IniFormat).value(QStringLiteral("ui/trayHintShown"), false).toBool();
}

void ProfileSettings::setTrayHintShown(bool shown)
{
    QSettings s(m_path, QSettings::IniFormat);
    s.setValue(QStringLiteral("ui/trayHintShown"), shown);
}
