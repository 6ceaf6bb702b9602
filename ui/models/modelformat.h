#pragma once

#include <QDateTime>
#include <QString>

// How the tables show values, in one place so every table agrees.
namespace ModelFormat
{
// Local time, short format; an empty string for "never".
QString dateTime(const QDateTime &utc);
// "4 s", "2 min 5 s", "1 h 3 min".
QString duration(qint64 msecs);
} // namespace ModelFormat
