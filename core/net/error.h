#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <chrono>
#include <utility>
#include <variant>

namespace Net
{

// What went wrong with a call to Greenhouse or SmartDreamers, in terms a recruiting admin
// can act on. Core never shows it; the UI shows message().
struct Error
{
    enum class Kind
    {
        Auth, // credentials or token refused (see authProblem)
        MissingScope, // the credential lacks `scope`
        ForbiddenUser, // the acting user may not do this (e.g. not a Site Admin)
        Forbidden, // 403 that could not be narrowed down further
        NotFound,
        Validation, // 400/422 with fieldMessages
        RateLimited,
        Server, // 5xx after the retries
        Network,
        Timeout,
        MalformedResponse,
        PaginationNotAdvancing,
        CursorRejected, // a page cursor the service itself sent back was refused (400/422)
        TooLarge, // a download over its size limit
        InsecureUrl, // http:// where https:// is required
        Cancelled,
    };

    enum class AuthProblem
    {
        None,
        WrongClientCredentials, // token endpoint: {"error":"invalid_client"}
        MalformedClientId, // token endpoint: client id without the "-<n>" suffix
        TokenRequestRejected, // token endpoint refused for another reason (message kept)
        TokenRejected, // the API refused a freshly minted token
        BadPlatformToken, // SmartDreamers answered 401
    };

    Kind kind = Kind::Network;
    AuthProblem authProblem = AuthProblem::None;
    QString service; // "Greenhouse" or "SmartDreamers" (not translated: product names)
    int httpStatus = 0; // 0 when no HTTP answer arrived
    QString scope; // MissingScope: the scope the call needs
    QStringList fieldMessages; // Validation: "field: message" or plain messages
    QString detail; // a server message or errorString(); never contains secrets
    std::chrono::seconds retryAfter { 0 }; // RateLimited: when it is worth trying again
    bool outcomeUnknown = false; // a write whose answer was lost: check before repeating it

    // The stored credentials themselves were refused (invalid_client, a freshly minted token
    // answered 401, SmartDreamers 401): every later run fails the same way until reconnected.
    bool rejectsCredentials() const;

    // A translated sentence (or two) saying what happened and what to do about it.
    QString message() const;
    // A stable English slug for logs and the CLI ("missing_scope").
    QString kindName() const;

    static Error make(Kind kind, const QString &service, int httpStatus = 0, const QString &detail = {});
};

// Either a value or an Error. std::expected is C++23; this is the small part we need.
template <typename T> class Result
{
public:
    Result(T value) : m_data(std::in_place_index<0>, std::move(value)) { }
    Result(Error error) : m_data(std::in_place_index<1>, std::move(error)) { }

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<0>(m_data); }
    T &value() & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    const T *operator->() const { return &std::get<0>(m_data); }
    const T &operator*() const & { return std::get<0>(m_data); }

    const Error &error() const { return std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

using Status = Result<std::monostate>;

inline Status success()
{
    return Status(std::monostate {});
}

} // namespace Net
