#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QUrl>

#include <chrono>
#include <optional>
#include <utility>

// Small, pure helpers for the wire format shared by both clients. Free functions so that
// unit tests and fuzzers can call them directly.
namespace Net
{

using RawHeaders = QList<std::pair<QByteArray, QByteArray>>;

// The value of the first header called `name`, compared case-insensitively; null if absent.
QByteArray headerValue(const RawHeaders &headers, QByteArrayView name);

// One entry of an RFC 8288 Link header: the target exactly as written between < and >.
struct LinkEntry
{
    QByteArray target;
    QList<QByteArray> rels; // lower-cased relation types ("next")
};

// Parses a Link header; entries that cannot be parsed are skipped. Commas and semicolons
// inside <...> and inside quoted strings are part of the value.
QList<LinkEntry> parseLinkHeader(QByteArrayView header);
// The rel="next" target exactly as received (empty when there is none).
QByteArray nextLinkTarget(QByteArrayView header);

// Retry-After: delta seconds or an HTTP-date; nullopt when absent or unreadable. A wait past
// kLongestRetryAfter is cut to it: no service means that, and longer ones overflow time points.
inline constexpr std::chrono::seconds kLongestRetryAfter { 24 * 60 * 60 };
std::optional<std::chrono::seconds> parseRetryAfter(QByteArrayView value, const QDateTime &nowUtc);

// Percent-encodes everything but RFC 3986 unreserved characters, so '|', ':', '+', ',' and
// spaces never appear raw in a query.
QByteArray encodeQueryComponent(const QString &value);

// A query in the exact encoding we want on the wire. Keys are sent in insertion order.
class QueryBuilder
{
public:
    QueryBuilder &add(const QString &key, const QString &value);
    QueryBuilder &add(const QString &key, qint64 value);
    bool isEmpty() const { return m_encoded.isEmpty(); }
    QByteArray encoded() const { return m_encoded; }
    // base + "?" + query, built from encoded bytes so nothing is re-encoded or decoded.
    QUrl applyTo(const QUrl &base) const;

private:
    QByteArray m_encoded;
};

// "2026-11-01T00:00:00Z": always UTC, always Z, seconds precision.
QString formatUtc(const QDateTime &dateTime);

// Reads "2024-12-15T03:55:00.000Z", "...T03:55:00Z", "...T03:55:00+05:30", "...+0530" and
// "2026-12-03" (midnight UTC). Result is in UTC; invalid when unreadable.
QDateTime parseDateTime(const QString &text);

// True for localhost, 127.0.0.0/8 and ::1.
bool isLoopbackHost(const QString &host);
// Same scheme, host (case-insensitive) and port. 127.0.0.1 and localhost differ.
bool sameOrigin(const QUrl &a, const QUrl &b);

} // namespace Net
