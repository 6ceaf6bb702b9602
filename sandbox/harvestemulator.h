#pragma once

#include "sandbox/sandboxstate.h"

namespace Sandbox
{

// Greenhouse Harvest v3 and its auth server (/token, /introspect), per
// shared/reference/harvest-v3.md. Called with the server's mutex held.
class HarvestEmulator final
{
public:
    explicit HarvestEmulator(State &state);

    HttpResponse handle(const HttpRequest &request);

    static bool isKnownListRoute(const QString &resource);

private:
    HttpResponse handleToken(const HttpRequest &request);
    HttpResponse handleIntrospect(const HttpRequest &request);
    HttpResponse handleV3(const HttpRequest &request, const QString &clientKey, const Token *token);
    HttpResponse list(const QString &resource, const HttpRequest &request);
    HttpResponse createCandidate(const QJsonObject &body, const Token &token);
    HttpResponse createApplication(const QJsonObject &body);
    HttpResponse createAttachment(const QJsonObject &body);

    // Validates and creates an application; on failure returns the 422 errors.
    QJsonObject insertApplication(const QJsonObject &body, QJsonArray &errors);
    const Token *validToken(const HttpRequest &request) const;
    bool userIsSiteAdmin(qint64 userId) const;
    QString issueToken(const QString &clientId, qint64 sub, const QDateTime &expiresAt);

    State &m_state;
};

} // namespace Sandbox
