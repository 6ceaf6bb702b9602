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

// Installs the handler (chaining to the previous one, which prints to stderr). Returns
// false with a message when the folder cannot be created; logging then goes on to stderr.
bool install(const QString &logDir, QString *error = nullptr);

// Restores the previous handler and closes the file. Safe to call when not installed.
void uninstall();

// The current log file, empty when not installed.
QString currentPath();

// Masks credentials in a line: "Bearer x" / "Basic x", and the values of access_token,
// client_secret, token, password and refresh_token in JSON or form syntax.
QString redactSecrets(const QString &line);

} // namespace LogFile
