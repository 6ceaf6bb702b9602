#include "core/net/httputil.h"

#include <QHostAddress>
#include <QLocale>
#include <QRegularExpression>
#include <QTimeZone>

#include <algorithm>

namespace Net
{

QByteArray headerValue(const RawHeaders &headers, QByteArrayView name)
{
    for (const auto &[key, value] : headers)
    {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
        {
            return value.isNull() ? QByteArray("") : value;
        }
    }
    return {};
}

namespace
{
bool isSpace(char c)
{
    return c == ' ' || c == '\t';
}

// Reads a token or a quoted-string starting at `pos`; leaves `pos` after it.
QByteArray readParamValue(QByteArrayView text, qsizetype &pos)
{
    QByteArray value;
    if (pos < text.size() && text[pos] == '"')
    {
        ++pos;
        while (pos < text.size() && text[pos] != '"')
        {
            if (text[pos] == '\\' && pos + 1 < text.size())
            {
                ++pos;
            }
            value.append(text[pos]);
            ++pos;
        }
        if (pos < text.size())
        {
            ++pos; // closing quote
        }
        return value;
    }
    while (pos < text.size() && text[pos] != ';' && text[pos] != ',' && !isSpace(text[pos]))
    {
        value.append(text[pos]);
        ++pos;
    }
    return value;
}
} // namespace

QList<LinkEntry> parseLinkHeader(QByteArrayView text)
{
    QList<LinkEntry> entries;
    qsizetype pos = 0;
    const qsizetype size = text.size();
    while (pos < size)
    {
        while (pos < size && (isSpace(text[pos]) || text[pos] == ','))
        {
            ++pos;
        }
        if (pos >= size)
        {
            break;
        }
        if (text[pos] != '<')
        {
            // Not a link-value: skip to the next comma outside quotes.
            bool quoted = false;
            while (pos < size && (quoted || text[pos] != ','))
            {
                if (text[pos] == '"')
                {
                    quoted = !quoted;
                }
                ++pos;
            }
            continue;
        }
        const qsizetype close = text.indexOf('>', pos + 1);
        if (close < 0)
        {
            break;
        }
        LinkEntry entry;
        entry.target = text.sliced(pos + 1, close - pos - 1).toByteArray().trimmed();
        pos = close + 1;

        // Parameters: ; name = value ...
        while (pos < size)
        {
            while (pos < size && isSpace(text[pos]))
            {
                ++pos;
            }
            if (pos >= size || text[pos] == ',')
            {
                break;
            }
            if (text[pos] != ';')
            {
                ++pos;
                continue;
            }
            ++pos;
            while (pos < size && isSpace(text[pos]))
            {
                ++pos;
            }
            QByteArray name;
            while (pos < size && text[pos] != '=' && text[pos] != ';' && text[pos] != ',' && !isSpace(text[pos]))
            {
                name.append(text[pos]);
                ++pos;
            }
            while (pos < size && isSpace(text[pos]))
            {
                ++pos;
            }
            QByteArray value;
            if (pos < size && text[pos] == '=')
            {
                ++pos;
                while (pos < size && isSpace(text[pos]))
                {
                    ++pos;
                }
                value = readParamValue(text, pos);
            }
            if (name.compare("rel", Qt::CaseInsensitive) == 0 && entry.rels.isEmpty())
            {
                const QList<QByteArray> rels = value.simplified().split(' ');
                for (const QByteArray &rel : rels)
                {
                    if (!rel.isEmpty())
                    {
                        entry.rels.append(rel.toLower());
                    }
                }
            }
        }
        if (!entry.target.isEmpty())
        {
            entries.append(entry);
        }
    }
    return entries;
}

QByteArray nextLinkTarget(QByteArrayView header)
{
    const QList<LinkEntry> entries = parseLinkHeader(header);
    for (const LinkEntry &entry : entries)
    {
        if (entry.rels.contains(QByteArrayLiteral("next")))
        {
            return entry.target;
        }
    }
    return {};
}

std::optional<std::chrono::seconds> parseRetryAfter(QByteArrayView value, const QDateTime &nowUtc)
{
    const QByteArray text = value.toByteArray().trimmed();
    if (text.isEmpty())
    {
        return std::nullopt;
    }
    bool isNumber = false;
    const qlonglong seconds = text.toLongLong(&isNumber);
    if (isNumber)
    {
        return seconds < 0 ? std::nullopt
                           : std::optional(std::chrono::seconds(std::min<qlonglong>(seconds, kLongestRetryAfter.count())));
    }

    // HTTP-date, e.g. "Wed, 21 Oct 2026 07:28:00 GMT".
    QDateTime when
        = QLocale::c().toDateTime(QString::fromLatin1(text), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!when.isValid())
    {
        return std::nullopt;
    }
    when.setTimeZone(QTimeZone::utc());
    const qint64 delta = nowUtc.secsTo(when);
    return std::chrono::seconds(std::clamp<qint64>(delta, 0, kLongestRetryAfter.count()));
}

QByteArray encodeQueryComponent(const QString &value)
{
    // toPercentEncoding leaves only ALPHA / DIGIT / "-" / "." / "_" / "~" unencoded.
    return QUrl::toPercentEncoding(value);
}

QueryBuilder &QueryBuilder::add(const QString &key, const QString &value)
{
    if (!m_encoded.isEmpty())
    {
        m_encoded.append('&');
    }
    m_encoded.append(encodeQueryComponent(key));
    m_encoded.append('=');
    m_encoded.append(encodeQueryComponent(value));
    return *this;
}

QueryBuilder &QueryBuilder::add(const QString &key, qint64 value)
{
    return add(key, QString::number(value));
}

QUrl QueryBuilder::applyTo(const QUrl &base) const
{
    QByteArray encoded = base.toEncoded(QUrl::RemoveQuery | QUrl::RemoveFragment);
    if (!m_encoded.isEmpty())
    {
        encoded.append('?');
        encoded.append(m_encoded);
    }
    return QUrl::fromEncoded(encoded, QUrl::StrictMode);
}

QString formatUtc(const QDateTime &dateTime)
{
    const QDateTime utc = dateTime.toUTC();
    return utc.toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss'Z'"));
}

QDateTime parseDateTime(const QString &input)
{
    const QString text = input.trimmed();
    if (text.isEmpty())
    {
        return {};
    }
    static const QRegularExpression pattern(QStringLiteral(
        R"(^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$)"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
    {
        return {};
    }
    const QDate date(match.captured(1).toInt(), match.captured(2).toInt(), match.captured(3).toInt());
    if (!date.isValid())
    {
        return {};
    }
    if (match.captured(4).isEmpty())
    {
        return QDateTime(date, QTime(0, 0), QTimeZone::utc());
    }
    int msec = 0;
    const QString fraction = match.captured(7);
    if (!fraction.isEmpty())
    {
        msec = fraction.left(3).leftJustified(3, QLatin1Char('0')).toInt();
    }
    const QTime time(match.captured(4).toInt(), match.captured(5).toInt(), match.captured(6).toInt(), msec);
    if (!time.isValid())
    {
        return {};
    }
    const QString zone = match.captured(8);
    int offsetSeconds = 0;
    if (!zone.isEmpty() && zone.compare(QLatin1String("Z"), Qt::CaseInsensitive) != 0)
    {
        const int sign = zone.startsWith(QLatin1Char('-')) ? -1 : 1;
        QString digits = zone.mid(1);
        digits.remove(QLatin1Char(':'));
        const int hours = digits.left(2).toInt();
        const int minutes = digits.size() >= 4 ? digits.mid(2, 2).toInt() : 0;
        if (hours > 23 || minutes > 59)
        {
            return {};
        }
        offsetSeconds = sign * (hours * 3600 + minutes * 60);
    }
    // A missing zone is read as UTC: Harvest and the platform both speak UTC.
    const QDateTime local(date, time, QTimeZone(offsetSeconds));
    return local.toUTC();
}

bool isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
    {
        return true;
    }
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0
        && a.host().compare(b.host(), Qt::CaseInsensitive) == 0
        && a.port(a.scheme() == QLatin1String("https") ? 443 : 80)
        == b.port(b.scheme() == QLatin1String("https") ? 443 : 80);
}

} // namespace Net
