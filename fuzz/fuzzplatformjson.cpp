// libFuzzer target: every parser of SmartDreamers responses (list page and the applicants on
// it, account, error bodies).

#include "core/platform/platformclient.h"
#include "fuzz/fuzzinput.h"

#include <QJsonDocument>

#include <cstdlib>

namespace
{
enum Mode : unsigned
{
    ListPage,
    Account,
    Error,
    Applicant,
    ModeCount,
};

void render(const Net::Error &error)
{
    Fuzz::consume(error.message());
    Fuzz::consume(error.kindName());
}

void checkApplicant(const QJsonObject &object)
{
    const std::optional<Platform::Applicant> applicant = Platform::parseApplicant(object);
    // Documented: nullopt for an item without the two required ids, never an applicant without them.
    if (applicant && (applicant->id.isEmpty() || applicant->sourceJobId.isEmpty()))
    {
        std::abort();
    }
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const Fuzz::Input input = Fuzz::splitInput(data, size, ModeCount);
    switch (input.mode)
    {
    case ListPage:
    {
        const Net::Result<Platform::ListPage> page = Platform::parseListPage(input.body);
        if (page.ok())
        {
            for (const QJsonObject &item : page->items)
            {
                checkApplicant(item);
            }
        }
        else
        {
            render(page.error());
        }
        break;
    }
    case Account:
    {
        const Net::Result<Platform::Account> account = Platform::parseAccount(input.body);
        if (account.ok() && account->accountId.isEmpty())
        {
            std::abort();
        }
        break;
    }
    case Error:
        render(Platform::classifyError(input.status, input.body));
        break;
    case Applicant:
    default:
        checkApplicant(QJsonDocument::fromJson(input.body).object());
        break;
    }
    return 0;
}
