// libFuzzer target: the header values both services send us. The whole input is read as a
// Link header, a Retry-After value and a datetime, then as a header block ("Name: value" per
// line) fed to the rate limiter the way HttpSession feeds it a response.

#include "core/net/httputil.h"
#include "core/net/ratelimiter.h"

#include <QDate>
#include <QString>
#include <QTimeZone>

#include <cstdint>
#include <cstdlib>
#include <memory>

namespace
{
const QDateTime kNow(QDate(2026, 12, 1), QTime(8, 0), QTimeZone::utc());

// A fixed clock: the limiter's arithmetic depends on "now", and a fuzz run must repeat exactly.
class FixedClock final : public Net::Clock
{
public:
    TimePoint now() const override { return TimePoint(std::chrono::milliseconds(kNow.toMSecsSinceEpoch())); }
    bool sleepFor(std::chrono::milliseconds, std::stop_token) override { return true; }
    double random() override { return 0.5; }
};

void checkLinks(QByteArrayView header)
{
    const QList<Net::LinkEntry> entries = Net::parseLinkHeader(header);
    const QByteArray next = Net::nextLinkTarget(header);
    if (next.isEmpty())
    {
        return;
    }
    // The next target is one of the parsed entries, exactly as written.
    for (const Net::LinkEntry &entry : entries)
    {
        if (entry.target == next && entry.rels.contains(QByteArrayLiteral("next")))
        {
            return;
        }
    }
    std::abort();
}

void checkRetryAfter(QByteArrayView value)
{
    const std::optional<std::chrono::seconds> wait = Net::parseRetryAfter(value, kNow);
    if (wait && wait->count() < 0)
    {
        std::abort(); // documented: never a negative wait
    }
}

void checkDateTime(const QString &text)
{
    const QDateTime parsed = Net::parseDateTime(text);
    if (!parsed.isValid())
    {
        return;
    }
    // Documented: the result is in UTC (Qt 6.4 reports QTimeZone::utc() as Qt::TimeZone, so the
    // offset is what is compared, not the spec).
    if (parsed.offsetFromUtc() != 0)
    {
        std::abort();
    }
    // What we write back (formatUtc) reads again as the same second, within four-digit years.
    const int year = parsed.date().year();
    if (year >= 1 && year <= 9999)
    {
        const QDateTime again = Net::parseDateTime(Net::formatUtc(parsed));
        if (!again.isValid() || again.secsTo(parsed) != 0)
        {
            std::abort();
        }
    }
}

Net::RawHeaders headerBlock(const QByteArray &input)
{
    Net::RawHeaders headers;
    const QList<QByteArray> lines = input.split('\n');
    for (const QByteArray &line : lines)
    {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
        {
            headers.append({ line.left(colon).trimmed(), line.mid(colon + 1).trimmed() });
        }
    }
    return headers;
}

void feedLimiter(const Net::RawHeaders &headers)
{
    Net::RateLimiter limiter(QStringLiteral("fuzz"), std::make_shared<FixedClock>());
    limiter.observe(headers);
    std::chrono::milliseconds delay = limiter.delayBeforeNextRequest();
    if (delay.count() < 0)
    {
        std::abort();
    }
    const std::chrono::milliseconds wait = limiter.observeTooManyRequests(headers);
    if (wait.count() < 0)
    {
        std::abort();
    }
    delay = limiter.delayBeforeNextRequest();
    if (delay.count() < 0)
    {
        std::abort();
    }
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    checkLinks(input);
    checkRetryAfter(input);
    checkDateTime(QString::fromUtf8(input));
    feedLimiter(headerBlock(input));
    return 0;
}
