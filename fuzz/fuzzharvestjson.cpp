// libFuzzer target: every parser of Greenhouse Harvest v3 responses (token endpoint, API
// errors, list pages of each resource, candidate create, introspection).

#include "core/harvest/harvestparsers.h"
#include "fuzz/fuzzinput.h"

#include <QDate>
#include <QTimeZone>

#include <cstdlib>

namespace
{
enum Mode : unsigned
{
    TokenResponse,
    TokenFailure,
    ApiError,
    ListPage,
    Jobs,
    Candidates,
    Applications,
    CandidateCreate,
    Introspection,
    Object,
    ModeCount,
};

// Every typed parser over every item of a page: the items of any list endpoint reach one of them.
void parseEveryType(const QList<QJsonObject> &items)
{
    for (const QJsonObject &item : items)
    {
        Fuzz::consume(Harvest::parseJob(item));
        Fuzz::consume(Harvest::parseJobPost(item));
        Fuzz::consume(Harvest::parseJobPostLocation(item));
        Fuzz::consume(Harvest::parseDepartment(item));
        Fuzz::consume(Harvest::parseOffice(item));
        Fuzz::consume(Harvest::parseOpening(item));
        Fuzz::consume(Harvest::parseUser(item));
        Fuzz::consume(Harvest::parseSource(item));
        Fuzz::consume(Harvest::parseJobInterviewStage(item));
        Fuzz::consume(Harvest::parseCandidate(item));
        Fuzz::consume(Harvest::parseApplication(item));
        Fuzz::consume(Harvest::parseAttachment(item));
    }
}

// What the UI and the logs do with an error: both must cope with whatever the server sent.
void render(const Net::Error &error)
{
    Fuzz::consume(error.message());
    Fuzz::consume(error.kindName());
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const Fuzz::Input input = Fuzz::splitInput(data, size, ModeCount);
    switch (input.mode)
    {
    case TokenResponse:
    {
        const QDateTime now(QDate(2026, 12, 1), QTime(8, 0), QTimeZone::utc());
        const Net::Result<Harvest::Token> token = Harvest::parseTokenResponse(input.body, now);
        if (token.ok() && token->accessToken.isEmpty())
        {
            std::abort(); // documented: a token is never accepted without access_token
        }
        if (!token.ok())
        {
            render(token.error());
        }
        break;
    }
    case TokenFailure:
        render(Harvest::classifyTokenFailure(input.status, input.body));
        break;
    case ApiError:
        Fuzz::consume(Harvest::parseErrorMessages(input.body));
        render(Harvest::classifyApiError(input.status, input.body));
        break;
    case ListPage:
    {
        const Net::Result<QList<QJsonObject>> page = Harvest::parseListPage(input.body);
        if (page.ok())
        {
            parseEveryType(page.value());
        }
        else
        {
            render(page.error());
        }
        break;
    }
    case Jobs:
        Fuzz::consume(Harvest::parseJobs(input.body));
        break;
    case Candidates:
        Fuzz::consume(Harvest::parseCandidates(input.body));
        break;
    case Applications:
        Fuzz::consume(Harvest::parseApplications(input.body));
        break;
    case CandidateCreate:
        Fuzz::consume(Harvest::parseCandidateCreateResponse(input.body));
        break;
    case Introspection:
        Fuzz::consume(Harvest::parseIntrospection(input.body));
        break;
    case Object:
    default:
        Fuzz::consume(Harvest::parseObject(input.body));
        break;
    }
    return 0;
}
