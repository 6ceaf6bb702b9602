#include "ui/autostart.h"

#include "core/logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>

#include <algorithm>

namespace Autostart
{

namespace
{
QStringList launchArguments(const QString &profileDirectory)
{
    QStringList arguments { QStringLiteral("--minimized") };
    if (!profileDirectory.isEmpty())
        arguments << QStringLiteral("--profile") << QDir::toNativeSeparators(profileDirectory);
    return arguments;
}

#if defined(Q_OS_WIN)
constexpr char kRunKey[] = "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run";
#elif !defined(Q_OS_MACOS)
QString quoted(const QString &argument)
{
    // Desktop Entry Specification, "The Exec key": an argument with a reserved character is
    // quoted, with ", `, $ and \ escaped inside the quotes; '%' is doubled (field codes). The
    // key is a string value, so each backslash is escaped once more for the file.
    static const QString reserved = QStringLiteral(" \t\n\"'\\><~|&;$*?#()`");
    QString result = argument;
    const bool quote = std::any_of(
        argument.cbegin(), argument.cend(), [](QChar c) { return reserved.contains(c); });
    if (quote)
    {
        QString escaped;
        for (QChar c : argument)
        {
            if (c == QLatin1Char('"') || c == QLatin1Char('`') || c == QLatin1Char('$') || c == QLatin1Char('\\'))
                escaped += QLatin1Char('\\');
            escaped += c;
        }
        result = QLatin1Char('"') + escaped + QLatin1Char('"');
    }
    result.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    result.replace(QLatin1Char('%'), QStringLiteral("%%"));
    return result;
}
#endif
} // namespace

QString location()
{
#if defined(Q_OS_WIN)
    return QString::fromLatin1(kRunKey) + QStringLiteral("\\TalentBridge");
#elif defined(Q_OS_MACOS)
    return QDir::homePath() + QStringLiteral("/Library/LaunchAgents/example.talentbridge.plist");
#else
    QString config = qEnvironmentVariable("XDG_CONFIG_HOME");
    if (config.isEmpty())
        config = QDir::homePath() + QStringLiteral("/.config");
    return config + QStringLiteral("/autostart/talentbridge.desktop");
#endif
}

bool isEnabled()
{
#if defined(Q_OS_WIN)
    return QSettings(QString::fromLatin1(kRunKey), QSettings::NativeFormat).contains(QStringLiteral("TalentBridge"));
#else
    return QFile::exists(location());
#endif
}

bool setEnabled(bool enabled, const QString &profileDirectory, QString *error)
{
    const QString program = QDir::toNativeSeparators(QCoreApplication::applicationFilePath());
    const QStringList arguments = launchArguments(profileDirectory);
#if defined(Q_OS_WIN)
    QSettings run(QString::fromLatin1(kRunKey), QSettings::NativeFormat);
    if (enabled)
        run.setValue(QStringLiteral("TalentBridge"),
            QLatin1Char('"') + program + QStringLiteral("\" ") + arguments.join(QLatin1Char(' ')));
    else
        run.remove(QStringLiteral("TalentBridge"));
    run.sync();
    if (run.status() != QSettings::NoError)
    {
        if (error)
            *error = QCoreApplication::translate("Autostart", "The Run key in the registry cannot be written.");
        return false;
    }
    return true;
#else
    const QString path = location();
    if (!enabled)
    {
        if (QFile::exists(path) && !QFile::remove(path))
        {
            if (error)
                *error = QCoreApplication::translate("Autostart", "%1 cannot be removed.").arg(path);
            return false;
        }
        qCInfo(lcUi) << "start at login: off";
        return true;
    }
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
    {
        if (error)
            *error = QCoreApplication::translate("Autostart", "%1 cannot be written: %2").arg(path, file.errorString());
        return false;
    }
#if defined(Q_OS_MACOS)
    QString items = QStringLiteral("    <string>%1</string>\n").arg(program.toHtmlEscaped());
    for (const QString &argument : arguments)
        items += QStringLiteral("    <string>%1</string>\n").arg(argument.toHtmlEscaped());
    const QString text = QStringLiteral(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
        "<plist version=\"1.0\">\n<dict>\n  <key>Label</key>\n  <string>example.talentbridge</string>\n"
        "  <key>ProgramArguments</key>\n  <array>\n%1  </array>\n  <key>RunAtLoad</key>\n  <true/>\n"
        "</dict>\n</plist>\n")
                             .arg(items);
#else
    QStringList command { quoted(program) };
    for (const QString &argument : arguments)
        command << quoted(argument);
    const QString text = QStringLiteral("[Desktop Entry]\nType=Application\nName=TalentBridge\n"
                                        "Comment=Greenhouse and SmartDreamers sync\nExec=%1\nIcon=talentbridge\n"
                                        "Terminal=false\nX-GNOME-Autostart-enabled=true\n")
                             .arg(command.join(QLatin1Char(' ')));
#endif
    file.write(text.toUtf8());
    if (!file.commit())
    {
        if (error)
            *error = QCoreApplication::translate("Autostart", "%1 cannot be written: %2").arg(path, file.errorString());
        return false;
    }
    qCInfo(lcUi) << "start at login: on";
    return true;
#endif
}

} // namespace Autostart
