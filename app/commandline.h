#pragma once

#include <QString>
#include <QStringList>

// What the command line asks for. Parsed before any QCoreApplication exists, because the
// answer decides which one to create (none for --version, no display for headless commands).
struct CommandLine
{
    enum class Mode
    {
        Gui,
        Headless, // the first positional argument is a headless command
        Version,
        Help,
        Error
    };

    Mode mode = Mode::Gui;
    bool demo = false;
    bool minimized = false;
    QString profileDirectory; // empty: the default profile
    QString message; // Version/Help text, or the error for Error
};

CommandLine parseCommandLine(const QStringList &arguments);

// "TalentBridge 0.1.0"
QString versionText();
