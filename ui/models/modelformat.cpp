#include "ui/models/modelformat.h"

#include <QCoreApplication>
#include <QLocale>

namespace ModelFormat
{

QString dateTime(const QDateTime &utc)
{
    if (!utc.isValid())
        return {};
    return QLocale().toString(utc.toLocalTime(), QLocale::ShortFormat);
}

QString duration(qint64 msecs)
{
    const auto tr = [](const char *text) { return QCoreApplication::translate("ModelFormat", text); };
    if (msecs < 0)
        return {};
    const qint64 seconds = (msecs + 500) / 1000;
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    if (seconds < 3600)
        return tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    return tr("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60);
}

} // namespace ModelFormat
