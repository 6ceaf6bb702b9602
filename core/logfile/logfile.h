#pragma once

#include <QString>
#include <QtGlobal>

// The support log: every message also goes to <profile>/logs/talentbridge.log, rotated at
// kMaxBytes with kKeptFiles old files kept, readable by the owner only. Diagnostics export
// collects these files.
//
// Code must never log a secret in the first place; redactSecrets() is a second line of
// defence applied to every line written, for bearer/basic credentials and token-shaped
// JSON or form fields that slip into a server message.
namespace LogFile
{

inline constexpr qint64 kMaxBytes = 5 * 1024 * 1024;
inline constexpr int kKeptFiles = 3;

// Whether a message written to the file is also passed on to the handler that was installed
// before (Qt's own prints to stderr). The headless commands keep stderr for their one-line
// answers, so they log to the file alone unless --verbose.
enum class Echo
{
    Previous,
    None,
};

// Installs the handler. Installing again (another profile) moves the log to the new folder.
// Returns false with a message when the folder or file cannot be created; logging then goes
// on as before.
bool install(const QString &logDir, Echo echo = Echo::Previous, QString *error = nullptr);

// Restores the previous handler and closes the file. Safe to call when not installed.
void uninstall();

// The current log file, empty when not installed.
QString currentPath();

// Masks credentials in a line: "Bearer x" / "Basic x", and the values of access_token,
// client_secret, token, password and refresh_token in JSON or form syntax.
QString redactSecrets(const QString &line);

} // namespace LogFile
