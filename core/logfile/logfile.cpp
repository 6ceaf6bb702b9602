#include "core/logfile/logfile.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QMutex>
#include <QRegularExpression>

namespace LogFile
{

namespace
{
struct Patterns
{
    const QRegularExpression authScheme { QStringLiteral(R"((\b(?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=\-]+)"),
        QRegularExpression::CaseInsensitiveOption };
    const QRegularExpression jsonField {
        QStringLiteral(R"re(("(?:access_token|client_secret|refresh_token|token|password)"\s*:\s*")[^"]*("))re"),
        QRegularExpression::CaseInsensitiveOption };
    const QRegularExpression formField {
        QStringLiteral(R"(\b((?:access_token|client_secret|refresh_token|token|password)=)[^&\s]+)"),
        QRegularExpression::CaseInsensitiveOption };
};

// Both are leaked on purpose: Qt still logs during static destruction (plugin unloading with
// debug output on), and the handler must find its file, mutex and patterns alive then.
const Patterns &patterns()
{
    static const auto *p = new Patterns;
    return *p;
}

struct State
{
    QMutex mutex;
    QFile file;
    QString dir;
    QtMessageHandler previous = nullptr;
    Echo echo = Echo::Previous;
    bool installed = false;
};

State &state()
{
    static auto *s = new State;
    return *s;
}

QString filePath(const QString &dir, int index)
{
    const QString name
        = index == 0 ? QStringLiteral("talentbridge.log") : QStringLiteral("talentbridge.%1.log").arg(index);
    return QDir(dir).filePath(name);
}

bool openFile(State &s)
{
    s.file.setFileName(filePath(s.dir, 0));
    if (!s.file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text))
        return false;
    s.file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    return true;
}

// Shifts talentbridge.log -> .1 -> .2 ..., dropping the oldest.
void rotate(State &s)
{
    s.file.close();
    QFile::remove(filePath(s.dir, kKeptFiles));
    for (int i = kKeptFiles - 1; i >= 0; --i)
        QFile::rename(filePath(s.dir, i), filePath(s.dir, i + 1));
    openFile(s);
}

const char *typeName(QtMsgType type)
{
    switch (type)
    {
    case QtDebugMsg:
        return "debug";
    case QtInfoMsg:
        return "info";
    case QtWarningMsg:
        return "warning";
    case QtCriticalMsg:
        return "critical";
    case QtFatalMsg:
        return "fatal";
    }
    return "?";
}

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    State &s = state();
    const QString safe = redactSecrets(message);
    {
        QMutexLocker lock(&s.mutex);
        if (s.file.isOpen())
        {
            const QString line = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs) + QLatin1Char(' ')
                + QLatin1String(typeName(type)) + QLatin1Char(' ')
                + QLatin1String(context.category ? context.category : "default") + QLatin1String(": ") + safe
                + QLatin1Char('\n');
            s.file.write(line.toUtf8());
            s.file.flush();
            if (s.file.size() > kMaxBytes)
                rotate(s);
        }
    }
    if (s.previous && s.echo == Echo::Previous)
        s.previous(type, context, safe);
}
} // namespace

bool install(const QString &logDir, Echo echo, QString *error)
{
    State &s = state();
    QMutexLocker lock(&s.mutex);
    s.echo = echo;
    if (s.installed && s.dir == logDir)
        return true;
    if (!QDir().mkpath(logDir))
    {
        if (error)
            *error = QObject::tr("Cannot create the log folder %1.").arg(QDir::toNativeSeparators(logDir));
        return false;
    }
    QFile::setPermissions(logDir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    s.file.close();
    s.dir = logDir;
    if (!openFile(s))
    {
        if (error)
            *error = QObject::tr("Cannot write the log file in %1: %2")
                         .arg(QDir::toNativeSeparators(logDir), s.file.errorString());
        return false;
    }
    if (!s.installed)
        s.previous = qInstallMessageHandler(handler);
    s.installed = true;
    return true;
}

void uninstall()
{
    State &s = state();
    QMutexLocker lock(&s.mutex);
    if (!s.installed)
        return;
    qInstallMessageHandler(s.previous);
    s.previous = nullptr;
    s.file.close();
    s.installed = false;
}

QString currentPath()
{
    State &s = state();
    QMutexLocker lock(&s.mutex);
    return s.installed ? s.file.fileName() : QString();
}

QString redactSecrets(const QString &line)
{
    const Patterns &p = patterns();
    QString result = line;
    result.replace(p.authScheme, QStringLiteral("\\1[redacted]"));
    result.replace(p.jsonField, QStringLiteral("\\1[redacted]\\2"));
    result.replace(p.formField, QStringLiteral("\\1[redacted]"));
    return result;
}

} // namespace LogFile
