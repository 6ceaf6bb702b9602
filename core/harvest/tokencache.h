#pragma once

#include "core/harvest/harvesttypes.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>

#include <mutex>
#include <optional>

namespace Harvest
{

// Access tokens in memory only (never on disk), shared by every client and thread that
// uses the same credential. Keys are hashes, so no secret is held here besides tokens.
class TokenCache final
{
public:
    TokenCache() = default;
    Q_DISABLE_COPY_MOVE(TokenCache)

    // The token for `key` if it stays valid past the refresh margin (60 s, or half the
    // lifetime of very short-lived tokens).
    std::optional<Token> find(const QByteArray &key, const QDateTime &nowUtc) const;
    void store(const QByteArray &key, const Token &token, const QDateTime &issuedAtUtc);
    // Drops the entry only if it still holds `accessToken`, so a token another thread just
    // minted survives a late 401 for the old one.
    void invalidate(const QByteArray &key, const QByteArray &accessToken);
    void clear();

    static QByteArray makeKey(
        const QString &tokenUrl, const QString &clientId, const QString &clientSecret, const QString &actingUser);

private:
    struct Entry
    {
        Token token;
        QDateTime refreshAt;
    };
    mutable std::mutex m_mutex;
    QHash<QByteArray, Entry> m_entries;
};

} // namespace Harvest
