#pragma once

#include <QString>

class Profile;
class Store;

// Help > Export diagnostics: a folder "talentbridge-diagnostics-<time>" (zipped with `zip` when
// it is installed) holding the logs, settings.ini and the run history as CSV. Secrets live in the
// keychain only and applicant data is not logged, but whatever slipped through is redacted in
// all three: bearer/basic credentials, values of keys named like secrets or tokens, URL user
// info, email addresses and the names of the applicants in the store.
namespace Diagnostics
{
// Returns the folder or zip written, or an empty string with *error.
QString exportTo(const Profile &profile, const Store &store, const QString &targetDirectory, QString *error = nullptr);

// "https://user:pw@host/x" -> "https://host/x" wherever a URL appears in `text`.
QString scrubUrlUserInfo(const QString &text);
} // namespace Diagnostics
