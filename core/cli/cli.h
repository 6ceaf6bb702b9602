#pragma once

#include <QStringList>

class CredentialStore;

// The headless commands of issue #3, in the same binary as the GUI:
//   talentbridge [--profile DIR] [--verbose] connect --harvest-url URL --token-url URL
//                [--introspect-url URL] --client-id ID [--acting-user ID] --platform-url URL
//   talentbridge [--profile DIR] sync jobs|applicants
//   talentbridge [--profile DIR] run
//   talentbridge [--profile DIR] status [--json]
//   talentbridge [--profile DIR] disconnect
namespace Cli
{

enum ExitCode
{
    ExitOk = 0,
    ExitFailure = 1, // anything else: network, Greenhouse down, a failed run, bad state
    ExitUsage = 2, // the command line itself is wrong
    ExitRejected = 3, // connect: wrong credentials, missing scopes, acting user not a Site Admin;
                      // run: the stored credentials were refused (revoked or rotated)
    ExitKeychainUnavailable = 4, // no keychain, or access to it was refused
};

// Runs one command. `arguments` is the whole command line, program name first. A
// QCoreApplication must exist. `store` replaces the OS keychain (tests); nullptr = the
// keychain. Messages go to stdout, errors to stderr (one line each).
int run(const QStringList &arguments, CredentialStore *store = nullptr);

} // namespace Cli
