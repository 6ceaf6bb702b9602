#pragma once

// Internal to core/cli: what the commands share.

#include "core/cli/cli.h"
#include "core/credentials/credentialsession.h"
#include "core/profile/profile.h"

#include <QCommandLineParser>
#include <QString>
#include <QStringList>
#include <QTextStream>

class CredentialStore;

namespace Cli
{

struct Context
{
    explicit Context(const Profile &profile_) : profile(profile_) { }
    Q_DISABLE_COPY_MOVE(Context)

    Profile profile;
    CredentialStore *store = nullptr;
    QString program; // "talentbridge"
    QString command; // "connect", ...
    QStringList arguments; // the command's own arguments, program name first (for QCommandLineParser)
    bool verbose = false;
    QTextStream out { stdout };
    QTextStream err { stderr };

    // "talentbridge connect: <message>" on stderr.
    void error(const QString &message);

    // Parses the command's own arguments with `parser` (to which it adds --help, --profile and
    // --verbose, accepted after the command too), then makes sure the profile folder exists.
    // More than `positionalArguments` arguments after the command is a usage error.
    // False when the command must not go on; *exitCode then holds the code (0 after --help).
    bool parse(QCommandLineParser &parser, int *exitCode, qsizetype positionalArguments = 0);

    // error() for a wrong command line, with where to read how it goes.
    void usageError(const QString &message);
};

int connectCommand(Context &context);
int syncCommand(Context &context);
int runCommand(Context &context);
int statusCommand(Context &context);
int disconnectCommand(Context &context);

// Shared by the commands that need a connected profile: loads the settings and the secrets.
// On failure prints the reason and returns false with *exitCode set.
struct Connection
{
    ConnectionSettings settings;
    Credentials credentials;
};
bool loadConnection(Context &context, Connection *connection, int *exitCode);

} // namespace Cli
