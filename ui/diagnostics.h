#pragma once

#include <QString>

class Profile;
class Store;

// Help > Export diagnostics: a folder "talentbridge-diagnostics-<time>" (zipped with `zip` when
// it is installed) holding the logs, settings.ini with URL user info scrubbed, and the run
// history as CSV. No secret is in any of them (secrets live in the keychain only); applicant
// names and emails in the logs are not logged in the first place, and the CSV has none.
namespace Diagnostics
{
// Returns the folder or zip written, or an empty string with *error.
QString exportTo(const Profile &profile, const Store &store, const QString &targetDirectory, QString *error = nullptr);

// "https://user:pw@host/x" -> "https://host/x" wherever a URL appears in `text`.
QString scrubUrlUserInfo(const QString &text);
} // namespace Diagnostics
