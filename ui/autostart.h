#pragma once

#include <QString>

// Start at login, the way each desktop expects it: an XDG autostart .desktop file on Linux,
// the HKCU Run key on Windows, a LaunchAgent plist on macOS. The entry starts the app with
// --minimized (and --profile when not the default profile).
namespace Autostart
{
bool isEnabled();
// False with *error when the entry cannot be written or removed.
bool setEnabled(bool enabled, const QString &profileDirectory = {}, QString *error = nullptr);
// Where the entry lives (a file path, or the registry value), for the log and the tests.
QString location();
} // namespace Autostart
