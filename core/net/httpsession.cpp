#include "core/net/httpsession.h"

#include "core/logging.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QThreadStorage>

#include <algorithm>
#include <cmath>

namespace Net
{

namespace
{
using std::chrono::milliseconds;

bool isRedirect(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// Path only: queries may carry e-mail addresses, and nothing here may carry a secret.
QString logTarget(const QUrl &url)
{
    return url.host() + QLatin1Char(':') + QString::number(url.port()) + url.path();
}

struct ReplyDeleter
{
    void operator()(QNetworkReply *reply) const
    {
        if (reply)
        {
            reply->deleteLater();
        }
    }
};
} // namespace

HttpSession::HttpSession(
    const SessionConfig &config, std::shared_ptr<RateLimiter> limiter, std::shared_ptr<Clock> clock)
    : m_config(config), m_limiter(std::move(limiter)), m_clock(clock ? std::move(clock) : SystemClock::instance())
{
}

QNetworkAccessManager *HttpSession::threadNetworkAccessManager()
{
    static QThreadStorage<QNetworkAccessManager *> managers;
    if (!managers.hasLocalData())
    {
        auto *manager = new QNetworkAccessManager;
        manager->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
        managers.setLocalData(manager);
    }
    return managers.localData();
}

milliseconds HttpSession::backoffDelay(const SessionConfig &config, int attempt, double random)
{
    const double base = double(config.backoffBase.count()) * std::pow(2.0, std::min(attempt, 20));
    const double capped = std::min(base, double(config.backoffMax.count()));
    // "Equal jitter": half fixed, half random, so retries of many clients spread out.
    return milliseconds(qint64(capped / 2.0 + random * capped / 2.0));
}

Result<Response> HttpSession::exchange(const Request &request, const Hop &hop, std::stop_token stop) const
{
    if (stop.stop_requested())
    {
        return Error::make(Error::Kind::Cancelled, m_config.service);
    }
    QNetworkRequest networkRequest(hop.url);
    networkRequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    networkRequest.setTransferTimeout(int(std::clamp<qint64>(m_config.transferTimeout.count(), 1, INT_MAX)));
    for (const auto &[name, value] : request.headers)
    {
        networkRequest.setRawHeader(name, value);
    }
    if (!hop.authorization.isEmpty())
    {
        networkRequest.setRawHeader(QByteArrayLiteral("Authorization"), hop.authorization);
    }

    QNetworkAccessManager *manager = threadNetworkAccessManager();
    std::unique_ptr<QNetworkReply, ReplyDeleter> reply(hop.body.isEmpty() && hop.method == "GET"
            ? manager->get(networkRequest)
            : manager->sendCustomRequest(networkRequest, hop.method, hop.body));

    const qint64 limit = request.maxBodyBytes > 0 ? request.maxBodyBytes : m_config.maxBodyBytes;
    bool tooLarge = false;
    bool cancelled = false;
    QEventLoop loop;
    QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QObject::connect(reply.get(), &QNetworkReply::downloadProgress, &loop,
        [&](qint64 received, qint64 total)
        {
            if (limit > 0 && (received > limit || total > limit) && !tooLarge)
            {
                tooLarge = true;
                reply->abort();
            }
        });
    {
        // Declared after everything it touches, so it is gone before they are. A write that is
        // not safe to repeat is never cut off once sent: whether it took effect would be unknown,
        // so a stop waits for its answer (bounded by the transfer timeout) and ends the run after.
        std::stop_callback onStop(request.retryable ? stop : std::stop_token(),
            [&loop, &cancelled, &reply]
            {
                QMetaObject::invokeMethod(
                    &loop,
                    [&cancelled, &reply]
                    {
                        cancelled = true;
                        reply->abort();
                    },
                    Qt::QueuedConnection);
            });
        if (!reply->isFinished())
        {
            loop.exec(QEventLoop::ExcludeUserInputEvents);
        }
    }

    if (cancelled || (request.retryable && stop.stop_requested()))
    {
        return Error::make(Error::Kind::Cancelled, m_config.service);
    }
    if (tooLarge)
    {
        return Error::make(Error::Kind::TooLarge, m_config.service);
    }

    const QNetworkReply::NetworkError code = reply->error();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (code == QNetworkReply::OperationCanceledError || code == QNetworkReply::TimeoutError)
    {
        // We did not abort it, so the transfer timeout did.
        return Error::make(Error::Kind::Timeout, m_config.service, status, reply->errorString());
    }
    if ((code != QNetworkReply::NoError && code < QNetworkReply::ContentAccessDenied) || status <= 0)
    {
        return Error::make(Error::Kind::Network, m_config.service, status, reply->errorString());
    }

    Response response;
    response.status = status;
    response.url = hop.url;
    const QList<QNetworkReply::RawHeaderPair> pairs = reply->rawHeaderPairs();
    for (const auto &pair : pairs)
    {
        response.headers.append({ pair.first, pair.second });
    }
    response.body = reply->readAll();
    if (limit > 0 && response.body.size() > limit)
    {
        return Error::make(Error::Kind::TooLarge, m_config.service, status);
    }
    return response;
}

Result<Response> HttpSession::send(const Request &request, std::stop_token stop) const
{
    if (!request.url.isValid())
    {
        return Error::make(Error::Kind::MalformedResponse, m_config.service, 0, QStringLiteral("invalid URL"));
    }

    Hop hop { request.method, request.url, request.authorization, request.body };
    int failures = 0;
    int limited = 0;
    int redirects = 0;
    for (;;)
    {
        const bool ownOrigin = sameOrigin(hop.url, request.url);
        if (ownOrigin && m_limiter && !m_limiter->acquire(stop))
        {
            return Error::make(Error::Kind::Cancelled, m_config.service);
        }

        Result<Response> result = exchange(request, hop, stop);
        if (!result.ok())
        {
            Error error = result.error();
            if (error.kind == Error::Kind::Cancelled || error.kind == Error::Kind::TooLarge)
            {
                return error;
            }
            qCInfo(lcNet) << m_config.service << hop.method << logTarget(hop.url) << "failed:" << error.kindName()
                          << error.detail;
            if (request.retryable && failures < m_config.maxRetries)
            {
                const milliseconds wait = backoffDelay(m_config, failures, m_clock->random());
                ++failures;
                if (!m_clock->sleepFor(wait, stop))
                {
                    return Error::make(Error::Kind::Cancelled, m_config.service);
                }
                continue;
            }
            // A write may have reached the server before the connection failed.
            error.outcomeUnknown = !request.retryable && hop.method != "GET";
            return error;
        }

        Response response = std::move(result).value();
        if (ownOrigin && m_limiter)
        {
            m_limiter->observe(response.headers);
        }
        qCDebug(lcNet) << m_config.service << hop.method << logTarget(hop.url) << "->" << response.status;

        if (response.status == 429)
        {
            milliseconds wait;
            if (ownOrigin && m_limiter)
            {
                wait = m_limiter->observeTooManyRequests(response.headers);
            }
            else
            {
                const auto retryAfter
                    = parseRetryAfter(response.header("Retry-After"), QDateTime::currentDateTimeUtc());
                wait = retryAfter.value_or(std::chrono::seconds(5));
            }
            if (limited >= m_config.maxRateLimitRetries)
            {
                Error error = Error::make(Error::Kind::RateLimited, m_config.service, 429);
                error.retryAfter = std::chrono::ceil<std::chrono::seconds>(wait);
                return error;
            }
            ++limited;
            if ((!ownOrigin || !m_limiter) && !m_clock->sleepFor(wait, stop))
            {
                return Error::make(Error::Kind::Cancelled, m_config.service);
            }
            continue;
        }

        if (isRedirect(response.status))
        {
            const QByteArray location = response.header("Location");
            if (location.isEmpty())
            {
                return response;
            }
            if (++redirects > m_config.maxRedirects)
            {
                return Error::make(
                    Error::Kind::Network, m_config.service, response.status, QStringLiteral("too many redirects"));
            }
            const QUrl target = hop.url.resolved(QUrl::fromEncoded(location));
            if (!target.isValid())
            {
                return Error::make(Error::Kind::MalformedResponse, m_config.service, response.status,
                    QStringLiteral("invalid redirect"));
            }
            if (hop.url.scheme() == QLatin1String("https") && target.scheme() != QLatin1String("https"))
            {
                return Error::make(Error::Kind::InsecureUrl, m_config.service, response.status);
            }
            // The credential belongs to the origin we were asked to talk to, nowhere else.
            if (!sameOrigin(target, request.url))
            {
                hop.authorization.clear();
            }
            if (response.status == 303 || ((response.status == 301 || response.status == 302) && hop.method == "POST"))
            {
                hop.method = QByteArrayLiteral("GET");
                hop.body.clear();
            }
            qCInfo(lcNet) << m_config.service << "redirected to" << logTarget(target)
                          << (hop.authorization.isEmpty() ? "without credentials" : "with credentials");
            hop.url = target;
            continue;
        }

        if (response.status >= 500 && request.retryable && failures < m_config.maxRetries)
        {
            milliseconds wait = backoffDelay(m_config, failures, m_clock->random());
            const auto retryAfter = parseRetryAfter(response.header("Retry-After"), QDateTime::currentDateTimeUtc());
            if (retryAfter)
            {
                wait = std::max<milliseconds>(wait, *retryAfter);
            }
            ++failures;
            qCInfo(lcNet) << m_config.service << hop.method << logTarget(hop.url) << "answered" << response.status
                          << "- retry" << failures << "in" << wait.count() << "ms";
            if (!m_clock->sleepFor(wait, stop))
            {
                return Error::make(Error::Kind::Cancelled, m_config.service);
            }
            continue;
        }
        return response;
    }
}

} // namespace Net
