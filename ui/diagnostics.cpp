#include "ui/diagnostics.h"

#include "core/logging.h"
#include "core/profile/profile.h"
#include "core/store/store.h"
#include "talentbridge/version.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>

#include <algorithm>

namespace Diagnostics
{

namespace
{
QString tr(const char *text)
{
    return QCoreApplication::translate("Diagnostics", text);
}

QString csvField(const QString &value)
{
    if (!value.contains(QLatin1Char(',')) && !value.contains(QLatin1Char('"')) && !value.contains(QLatin1Char('\n')))
        return value;
    QString escaped = value;
    escaped.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

bool writeFile(const QString &path, const QByteArray &data, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(data) != data.size())
    {
        if (error)
            *error = tr("%1 cannot be written: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

// Secrets that slipped into a log line or a hand-edited setting: bearer/basic credentials and
// the value of anything named like a secret (client_secret=..., "access_token": "...").
QString redactSecrets(const QString &text)
{
    static const QRegularExpression scheme(
        QStringLiteral("\\b(Bearer|Basic)\\s+[A-Za-z0-9._~+/=-]+"), QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression named(
        QStringLiteral("\\b([A-Za-z_]*(?:secret|token|password|passwd|api_?key|authorization))(\"?\\s*[:=]\\s*\"?)"
                       "(?!<redacted>)[^\\s\"&,;]+"),
        QRegularExpression::CaseInsensitiveOption);
    QString result = text;
    result.replace(scheme, QStringLiteral("\\1 <redacted>"));
    result.replace(named, QStringLiteral("\\1\\2<redacted>"));
    return result;
}

// Applicant personal data: any email address, and the names of the applicants in the store
// (a service may quote a candidate in an error; a debug line may name one).
class PersonalDataRedactor
{
public:
    explicit PersonalDataRedactor(const Store &store)
    {
        QStringList names;
        constexpr int kPage = 1000;
        const ApplicantQuery all;
        QList<ApplicantRecord> page = store.applicantsPage(all, 0, kPage);
        while (!page.isEmpty())
        {
            for (const ApplicantRecord &applicant : page)
            {
                const QString full = QString(applicant.firstName + QLatin1Char(' ') + applicant.lastName).simplified();
                for (const QString &name : { full, applicant.firstName.trimmed(), applicant.lastName.trimmed() })
                {
                    // Very short names ("Li", "Al") would redact ordinary words too.
                    if (name.size() >= 3)
                        names.append(QRegularExpression::escape(name));
                }
            }
            if (page.size() < kPage)
                break;
            page = store.applicantsAfter(all, page.constLast(), kPage);
        }
        names.removeDuplicates();
        // Longest first: "Zoë Müller" goes as a whole before "Zoë" alone.
        std::sort(names.begin(), names.end(), [](const QString &a, const QString &b) { return a.size() > b.size(); });
        if (!names.isEmpty())
        {
            m_names = QRegularExpression(QStringLiteral("(?<![\\w-])(?:") + names.join(QLatin1Char('|'))
                    + QStringLiteral(")(?![\\w-])"),
                QRegularExpression::UseUnicodePropertiesOption);
        }
    }

    QString operator()(const QString &text) const
    {
        static const QRegularExpression email(QStringLiteral("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}"));
        QString result = scrubUrlUserInfo(redactSecrets(text));
        result.replace(email, QStringLiteral("<email>"));
        if (m_names.isValid() && !m_names.pattern().isEmpty())
            result.replace(m_names, QStringLiteral("<name>"));
        return result;
    }

private:
    QRegularExpression m_names;
};
} // namespace

QString scrubUrlUserInfo(const QString &text)
{
    static const QRegularExpression userInfo(QStringLiteral("([A-Za-z][A-Za-z0-9+.-]*://)[^/\\s@]+@"));
    QString result = text;
    result.replace(userInfo, QStringLiteral("\\1"));
    return result;
}

QString exportTo(const Profile &profile, const Store &store, const QString &targetDirectory, QString *error)
{
    const QString name = QStringLiteral("talentbridge-diagnostics-")
        + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QDir target(targetDirectory);
    if (!target.mkpath(name))
    {
        if (error)
            *error = tr("%1 cannot be created.").arg(QDir::toNativeSeparators(target.filePath(name)));
        return {};
    }
    const QDir out(target.filePath(name));

    // About this installation.
    const QString about = QStringLiteral("TalentBridge %1\nQt %2\n%3\nprofile id %4\n")
                              .arg(QString::fromLatin1(TalentBridge::kVersion), QString::fromLatin1(qVersion()),
                                  QSysInfo::prettyProductName(), profile.id());
    if (!writeFile(out.filePath(QStringLiteral("about.txt")), about.toUtf8(), error))
        return {};

    const PersonalDataRedactor redact(store);

    // Settings: there should be no secrets in them, but a hand-edited file may hold one; URLs
    // lose any user info.
    QFile settings(profile.settingsPath());
    if (settings.open(QIODevice::ReadOnly))
    {
        const QString text = redact(QString::fromUtf8(settings.readAll()));
        if (!writeFile(out.filePath(QStringLiteral("settings.ini")), text.toUtf8(), error))
            return {};
    }

    // Logs.
    QDir logs(profile.logDir());
    if (logs.exists())
    {
        out.mkpath(QStringLiteral("logs"));
        const QStringList files = logs.entryList(QDir::Files);
        for (const QString &file : files)
        {
            QFile log(logs.filePath(file));
            if (!log.open(QIODevice::ReadOnly))
                continue;
            const QString text = redact(QString::fromUtf8(log.readAll()));
            if (!writeFile(out.filePath(QStringLiteral("logs/") + file), text.toUtf8(), error))
                return {};
        }
    }

    // Run history: counts and errors, no applicant data.
    QString csv
        = QStringLiteral("id,lane,started,finished,ok,created,updated,closed,imported,quarantined,requests,error\n");
    const QList<RunRecord> runs = store.runsPage(QString(), 0, 10000);
    for (const RunRecord &run : runs)
    {
        const QStringList fields {
            QString::number(run.id),
            run.lane,
            run.startedAt.toString(Qt::ISODate),
            run.finishedAt.toString(Qt::ISODate),
            run.ok ? (*run.ok ? QStringLiteral("1") : QStringLiteral("0")) : QString(),
            QString::number(run.counts.created),
            QString::number(run.counts.updated),
            QString::number(run.counts.closed),
            QString::number(run.counts.imported),
            QString::number(run.counts.quarantined),
            QString::number(run.counts.requests),
            csvField(redact(run.error.simplified())),
        };
        csv += fields.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    if (!writeFile(out.filePath(QStringLiteral("runs.csv")), csv.toUtf8(), error))
        return {};

    // A zip when the tool is there; the folder otherwise.
    const QString zip = QStandardPaths::findExecutable(QStringLiteral("zip"));
    if (!zip.isEmpty())
    {
        QProcess process;
        process.setWorkingDirectory(target.absolutePath());
        process.start(zip, { QStringLiteral("-q"), QStringLiteral("-r"), name + QStringLiteral(".zip"), name });
        if (process.waitForFinished(60000) && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0)
        {
            QDir(out).removeRecursively();
            qCInfo(lcUi) << "diagnostics exported as zip";
            return target.filePath(name + QStringLiteral(".zip"));
        }
        qCWarning(lcUi) << "zip failed; keeping the folder";
    }
    qCInfo(lcUi) << "diagnostics exported as a folder";
    return out.absolutePath();
}

} // namespace Diagnostics
