#pragma once

#include "core/harvest/harvestclient.h"
#include "core/platform/platformclient.h"
#include "core/store/store.h"
#include "sandbox/sandboxserver.h"

#include <QByteArray>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QTimeZone>

#include <algorithm>
#include <array>
#include <cstdio>

// What every benchmark program shares: one way to print a figure, process figures from /proc,
// and client configurations aimed at an in-process sandbox.
namespace Bench
{

// "name: value unit (target ...)": one line per figure, so a script can collect them.
inline void figure(const char *name, double value, const char *unit, const char *target = nullptr)
{
    if (target)
    {
        std::printf("%s: %.3f %s (target %s)\n", name, value, unit, target);
    }
    else
    {
        std::printf("%s: %.3f %s\n", name, value, unit);
    }
    std::fflush(stdout);
}

inline void note(const QString &text)
{
    std::printf("# %s\n", qPrintable(text));
    std::fflush(stdout);
}

inline double seconds(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e9;
}

inline double milliseconds(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

// A "Key:   123 kB" line of /proc/<path>/status; -1 where there is no /proc (not Linux).
inline qint64 procStatusValue(const QString &path, const QByteArray &key)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
    {
        return -1;
    }
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines)
    {
        if (line.startsWith(QByteArray(key + ':')))
        {
            return line.mid(key.size() + 1).trimmed().split(' ').value(0).toLongLong();
        }
    }
    return -1;
}

inline double rssMegabytes()
{
    const qint64 kilobytes = procStatusValue(QStringLiteral("/proc/self/status"), "VmRSS");
    return kilobytes < 0 ? -1.0 : double(kilobytes) / 1024.0;
}

// Client settings for the sandbox: short backoff so a transient fault costs little wall time.
inline Net::SessionConfig sandboxSession()
{
    Net::SessionConfig session;
    session.backoffBase = std::chrono::milliseconds(20);
    session.backoffMax = std::chrono::milliseconds(200);
    session.transferTimeout = std::chrono::milliseconds(30'000);
    return session;
}

inline Harvest::ClientConfig harvestConfig(const Sandbox::Server &server)
{
    const Sandbox::Credentials credentials = server.credentials();
    Harvest::ClientConfig config;
    config.baseUrl = server.harvestBaseUrl();
    config.tokenUrl = server.tokenUrl();
    config.introspectUrl = server.introspectUrl();
    config.clientId = credentials.clientId;
    config.clientSecret = credentials.clientSecret;
    config.actingUserId = credentials.siteAdminUserId;
    config.perPage = 500;
    config.session = sandboxSession();
    return config;
}

inline Platform::ClientConfig platformConfig(const Sandbox::Server &server)
{
    Platform::ClientConfig config;
    config.baseUrl = server.platformBaseUrl();
    config.token = server.credentials().platformToken;
    config.pageLimit = 200;
    config.session = sandboxSession();
    return config;
}

// Requests the sandbox logged for one service ("harvest", "auth", "platform").
struct RequestCounts
{
    int total = 0;
    int tooMany = 0; // 429
    int writes = 0; // anything but GET
    QDateTime first;
    QDateTime last;
};

inline RequestCounts countRequests(const QList<Sandbox::LoggedRequest> &log, const QString &service)
{
    RequestCounts counts;
    for (const Sandbox::LoggedRequest &request : log)
    {
        if (request.service != service)
        {
            continue;
        }
        ++counts.total;
        counts.tooMany += request.status == 429 ? 1 : 0;
        counts.writes += request.method != "GET" ? 1 : 0;
        if (!counts.first.isValid() || request.at < counts.first)
        {
            counts.first = request.at;
        }
        if (!counts.last.isValid() || request.at > counts.last)
        {
            counts.last = request.at;
        }
    }
    return counts;
}

// A platform applicant, deterministic and varied enough for sorting and searching to have
// real work to do: 12 first names, 16 last names, 500 jobs, a distinct email and time each.
inline QJsonObject syntheticApplicant(int index)
{
    static const std::array<const char *, 12> firstNames { "Ana", "Bruno", "Chen", "Dalia", "Emre", "Fatima", "Gustav",
        "Hana", "Ivan", "Jules", "Kwame", "Lea" };
    static const std::array<const char *, 16> lastNames { "Smith", "Müller", "Okafor", "Nguyen", "García", "Kowalski",
        "Rossi", "Haddad", "Tanaka", "Silva", "Novak", "Dubois", "Smirnova", "Johansson", "Patel", "O'Brien" };
    const QString first = QString::fromUtf8(firstNames[size_t(index) % firstNames.size()]);
    const QString last = QString::fromUtf8(lastNames[size_t(index / 7) % lastNames.size()]);
    const QDateTime applied = QDateTime(QDate(2026, 1, 1), QTime(0, 0), QTimeZone::utc()).addSecs(qint64(index) * 257);
    return QJsonObject {
        { QStringLiteral("id"), QStringLiteral("sd-%1").arg(index, 6, 10, QLatin1Char('0')) },
        { QStringLiteral("source_job_id"), QString::number(1000 + index % 500) },
        { QStringLiteral("first_name"), first },
        { QStringLiteral("last_name"), last },
        { QStringLiteral("email"),
            QStringLiteral("%1.%2.%3@example.org").arg(first.toLower(), last.toLower()).arg(index) },
        { QStringLiteral("applied_at"), applied.toString(Qt::ISODateWithMs) },
        { QStringLiteral("channel"), QStringLiteral("jobboard") },
        { QStringLiteral("consent"), QJsonObject { { QStringLiteral("given"), true } } },
    };
}

// Fills a ledger with `rows` synthetic applicants (state seen), 2,000 to a transaction.
inline bool seedLedger(Store &store, int rows)
{
    for (int start = 0; start < rows; start += 2000)
    {
        QList<QJsonObject> batch;
        for (int i = start; i < std::min(rows, start + 2000); ++i)
        {
            batch.append(syntheticApplicant(i));
        }
        if (store.recordSeen(batch) < 0)
        {
            std::fprintf(stderr, "store: %s\n", qPrintable(store.errorString()));
            return false;
        }
    }
    return true;
}

} // namespace Bench
