#include "core/harvest/tokencache.h"

#include <QCryptographicHash>

namespace Harvest
{

namespace
{
constexpr qint64 kRefreshMarginSeconds = 60;
} // namespace

std::optional<Token> TokenCache::find(const QByteArray &key, const QDateTime &nowUtc) const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_entries.constFind(key);
    if (it == m_entries.cend() || nowUtc >= it->refreshAt)
    {
        return std::nullopt;
    }
    return it->token;
}

void TokenCache::store(const QByteArray &key, const Token &token, const QDateTime &issuedAtUtc)
{
    const qint64 lifetime = std::max<qint64>(0, issuedAtUtc.secsTo(token.expiresAt));
    const qint64 margin = std::min(kRefreshMarginSeconds, lifetime / 2);
    std::lock_guard lock(m_mutex);
    m_entries.insert(key, { token, token.expiresAt.addSecs(-margin) });
}

void TokenCache::invalidate(const QByteArray &key, const QByteArray &accessToken)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_entries.find(key);
    if (it != m_entries.end() && it->token.accessToken == accessToken)
    {
        m_entries.erase(it);
    }
}

void TokenCache::clear()
{
    std::lock_guard lock(m_mutex);
    m_entries.clear();
}

QByteArray TokenCache::makeKey(
    const QString &tokenUrl, const QString &clientId, const QString &clientSecret, const QString &actingUser)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString &part : { tokenUrl, clientId, clientSecret, actingUser })
    {
        hash.addData(part.toUtf8());
        hash.addData(QByteArrayView("\n"));
    }
    return hash.result().toHex();
}

} // namespace Harvest
