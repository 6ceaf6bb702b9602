#pragma once

#include "sandbox/sandboxstate.h"

namespace Sandbox
{

// The SmartDreamers side, per shared/reference/smartdreamers-contract.md. Called with the
// server's mutex held.
class PlatformEmulator final
{
public:
    explicit PlatformEmulator(State &state);

    HttpResponse handle(const HttpRequest &request);

    // The applicant as the API shows it: no bookkeeping fields, resume url filled in.
    QJsonObject publicApplicant(const QJsonObject &stored) const;

private:
    HttpResponse putJob(const QString &sourceJobId, const HttpRequest &request);
    HttpResponse listJobs(const HttpRequest &request);
    HttpResponse listApplicants(const HttpRequest &request);
    HttpResponse resume(const QString &applicantId);
    HttpResponse ack(const QString &applicantId, const HttpRequest &request);

    State &m_state;
};

} // namespace Sandbox
