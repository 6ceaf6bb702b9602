#include "core/net/error.h"

#include <QCoreApplication>

namespace Net
{

namespace
{
QString tr(const char *text)
{
    return QCoreApplication::translate("Net::Error", text);
}
} // namespace

Error Error::make(Kind kind, const QString &service, int httpStatus, const QString &detail)
{
    Error error;
    error.kind = kind;
    error.service = service;
    error.httpStatus = httpStatus;
    error.detail = detail;
    return error;
}

QString Error::kindName() const
{
    switch (kind)
    {
    case Kind::Auth:
        return QStringLiteral("auth");
    case Kind::MissingScope:
        return QStringLiteral("missing_scope");
    case Kind::ForbiddenUser:
        return QStringLiteral("forbidden_user");
    case Kind::Forbidden:
        return QStringLiteral("forbidden");
    case Kind::NotFound:
        return QStringLiteral("not_found");
    case Kind::Validation:
        return QStringLiteral("validation");
    case Kind::RateLimited:
        return QStringLiteral("rate_limited");
    case Kind::Server:
        return QStringLiteral("server");
    case Kind::Network:
        return QStringLiteral("network");
    case Kind::Timeout:
        return QStringLiteral("timeout");
    case Kind::MalformedResponse:
        return QStringLiteral("malformed_response");
    case Kind::PaginationNotAdvancing:
        return QStringLiteral("pagination_not_advancing");
    case Kind::CursorRejected:
        return QStringLiteral("cursor_rejected");
    case Kind::TooLarge:
        return QStringLiteral("too_large");
    case Kind::InsecureUrl:
        return QStringLiteral("insecure_url");
    case Kind::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QStringLiteral("unknown");
}

bool Error::rejectsCredentials() const
{
    if (kind != Kind::Auth)
    {
        return false;
    }
    switch (authProblem)
    {
    case AuthProblem::WrongClientCredentials:
    case AuthProblem::MalformedClientId:
    case AuthProblem::TokenRejected:
    case AuthProblem::BadPlatformToken:
        return true;
    case AuthProblem::TokenRequestRejected:
    case AuthProblem::None:
        break;
    }
    return false;
}

QString Error::message() const
{
    const QString svc = service.isEmpty() ? tr("The service") : service;
    QString text;
    switch (kind)
    {
    case Kind::Auth:
        switch (authProblem)
        {
        case AuthProblem::WrongClientCredentials:
            text = tr("%1 did not accept the client ID and client secret. Copy both again from "
                      "Configure > Dev Center > API Credential Management; if the secret was rotated, use the new one.")
                       .arg(svc);
            break;
        case AuthProblem::MalformedClientId:
            text = tr("The client ID is not in the form %1 issues (it ends in a dash and a number, e.g. \"…-1\"). "
                      "Copy the complete client ID of a Harvest V3 (OAuth) credential.")
                       .arg(svc);
            break;
        case AuthProblem::TokenRequestRejected:
            text = tr("%1 refused to issue an access token. Check that the credential is of type Harvest V3 (OAuth) "
                      "and that the acting user ID is the numeric ID of an active Greenhouse user.")
                       .arg(svc);
            break;
        case AuthProblem::TokenRejected:
            text = tr(
                "%1 refused a freshly issued access token. The credential may have been revoked; create a new one.")
                       .arg(svc);
            break;
        case AuthProblem::BadPlatformToken:
            text = tr("%1 did not accept the API token. Paste a current token from your SmartDreamers account.")
                       .arg(svc);
            break;
        case AuthProblem::None:
            text = tr("%1 refused the credentials. Check them in the connection settings.").arg(svc);
            break;
        }
        break;
    case Kind::MissingScope:
        text = tr("The %1 credential lacks the permission \"%2\". Tick it on the credential in "
                  "Configure > Dev Center > API Credential Management, then test the connection again.")
                   .arg(svc, scope);
        break;
    case Kind::ForbiddenUser:
        text = tr("The Greenhouse user the connector acts as may not do this. Choose an active Site Admin as the "
                  "acting user, or give this user the needed permissions.");
        break;
    case Kind::Forbidden:
        text
            = tr("%1 refused this request (permission denied). Check the credential's permissions and the acting user.")
                  .arg(svc);
        break;
    case Kind::NotFound:
        text = tr(
            "%1 does not know the requested record or address. Check the base URL; the record may have been deleted.")
                   .arg(svc);
        break;
    case Kind::Validation:
        text = tr("%1 rejected the data: %2")
                   .arg(svc, fieldMessages.isEmpty() ? detail : fieldMessages.join(QStringLiteral("; ")));
        break;
    case Kind::RateLimited:
        text = QCoreApplication::translate("Net::Error",
            "%1 is limiting how fast the connector may work. It will continue by itself in about %n second(s).",
            nullptr, int(retryAfter.count()))
                   .arg(svc);
        break;
    case Kind::Server:
        text = tr("%1 had a problem of its own (HTTP %2) and did not recover after several attempts. "
                  "Try again later; if it persists, check the service's status page.")
                   .arg(svc)
                   .arg(httpStatus);
        break;
    case Kind::Network:
        text = tr("Could not reach %1 (%2). Check the internet connection, proxy and firewall.").arg(svc, detail);
        break;
    case Kind::Timeout:
        text = tr("%1 did not answer in time. Check the connection; the connector will try again later.").arg(svc);
        break;
    case Kind::MalformedResponse:
        text = tr("%1 sent an answer the connector cannot read (%2). Check that the base URL points at the API.")
                   .arg(svc, detail);
        break;
    case Kind::PaginationNotAdvancing:
        text = tr("%1 kept returning the same page of results, so the list was stopped to avoid an endless loop. "
                  "Try again later; if it persists, contact the service's support.")
                   .arg(svc);
        break;
    case Kind::CursorRejected:
        text = tr("%1 refused the page cursor it had itself sent for the next page of results (%2), so the list "
                  "was stopped. Nothing is lost: the next sync starts the list over from the first page. If this "
                  "keeps happening, contact %1 support.")
                   .arg(svc, fieldMessages.isEmpty() ? detail : fieldMessages.join(QStringLiteral("; ")));
        break;
    case Kind::TooLarge:
        text = tr("A file from %1 is larger than the allowed limit and was not downloaded.").arg(svc);
        break;
    case Kind::InsecureUrl:
        text = tr("The address for %1 must start with https:// so that credentials are sent encrypted.").arg(svc);
        break;
    case Kind::Cancelled:
        text = tr("The operation was cancelled.");
        break;
    }
    if (outcomeUnknown)
    {
        text += QLatin1Char(' ')
            + tr("The change may or may not have been saved; the connector checks before trying it again.");
    }
    return text;
}

} // namespace Net
