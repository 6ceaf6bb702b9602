#pragma once

#include <QStringList>

// The commands that run without a window (connect, sync, run, status, disconnect).
bool isHeadlessCommand(const QString &word);

// Runs one headless command. `arguments` is the whole command line, program name included,
// so the command can read the global options (--profile) as well as its own.
// Returns the process exit code. A QCoreApplication exists when this is called.
int runHeadless(const QStringList &arguments);
