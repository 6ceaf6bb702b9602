#include "core/cli/terminal.h"

#include <QMetaObject>
#include <QSocketNotifier>
#include <QTextStream>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <string>

#ifdef Q_OS_WIN
#include <io.h>
#include <windows.h>
#else
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>
#endif

namespace Cli
{

bool stdinIsTerminal()
{
#ifdef Q_OS_WIN
    return _isatty(_fileno(stdin)) != 0;
#else
    return ::isatty(STDIN_FILENO) != 0;
#endif
}

QString readSecret(const QString &prompt)
{
    if (!stdinIsTerminal())
    {
        return {};
    }
    QTextStream err(stderr);
    err << prompt;
    err.flush();

#ifdef Q_OS_WIN
    HANDLE input = GetStdHandle(STD_INPUT_HANDLE);
    DWORD mode = 0;
    GetConsoleMode(input, &mode);
    SetConsoleMode(input, mode & ~DWORD(ENABLE_ECHO_INPUT));
#else
    termios saved {};
    const bool haveTermios = ::tcgetattr(STDIN_FILENO, &saved) == 0;
    if (haveTermios)
    {
        termios silent = saved;
        silent.c_lflag &= ~tcflag_t(ECHO);
        silent.c_lflag |= tcflag_t(ECHONL);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent);
    }
#endif

    std::string line;
    for (int c = std::fgetc(stdin); c != EOF && c != '\n'; c = std::fgetc(stdin))
    {
        line.push_back(char(c));
    }

#ifdef Q_OS_WIN
    SetConsoleMode(input, mode);
    err << '\n';
    err.flush();
#else
    if (haveTermios)
    {
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    }
#endif
    if (!line.empty() && line.back() == '\r')
    {
        line.pop_back();
    }
    QString secret = QString::fromUtf8(line.data(), qsizetype(line.size())).trimmed();
    // Scrub the narrow copy; the QString is the caller's to clear.
    std::fill(line.begin(), line.end(), '\0');
    return secret;
}

namespace
{
#ifdef Q_OS_WIN
std::atomic<StopSignalWatcher *> g_watcher { nullptr };

BOOL WINAPI onConsoleControl(DWORD type)
{
    if (type == CTRL_C_EVENT || type == CTRL_BREAK_EVENT || type == CTRL_CLOSE_EVENT)
    {
        // The handler runs on a thread of its own, so posting to the event loop is safe here.
        if (StopSignalWatcher *watcher = g_watcher.load())
        {
            QMetaObject::invokeMethod(watcher, &StopSignalWatcher::notifySignal, Qt::QueuedConnection);
        }
        return TRUE;
    }
    return FALSE;
}
#else
int g_pipe[2] = { -1, -1 };

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_pipe[1], &byte, 1);
}
#endif
} // namespace

struct StopSignalWatcher::Private
{
    std::unique_ptr<QSocketNotifier> notifier;
    bool active = false;
};

StopSignalWatcher::StopSignalWatcher(QObject *parent) : QObject(parent), d(std::make_unique<Private>())
{
#ifdef Q_OS_WIN
    g_watcher = this;
    d->active = SetConsoleCtrlHandler(onConsoleControl, TRUE) != 0;
#else
    if (g_pipe[0] < 0 && ::pipe(g_pipe) != 0)
    {
        return;
    }
    ::fcntl(g_pipe[1], F_SETFL, ::fcntl(g_pipe[1], F_GETFL) | O_NONBLOCK);
    d->notifier = std::make_unique<QSocketNotifier>(g_pipe[0], QSocketNotifier::Read);
    connect(d->notifier.get(), &QSocketNotifier::activated, this, &StopSignalWatcher::onSignalReceived);
    struct sigaction action
    {
    };
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    d->active = ::sigaction(SIGINT, &action, nullptr) == 0 && ::sigaction(SIGTERM, &action, nullptr) == 0;
#endif
}

StopSignalWatcher::~StopSignalWatcher()
{
#ifdef Q_OS_WIN
    SetConsoleCtrlHandler(onConsoleControl, FALSE);
    g_watcher = nullptr;
#else
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
#endif
}

bool StopSignalWatcher::isActive() const
{
    return d->active;
}

void StopSignalWatcher::notifySignal()
{
    onSignalReceived();
}

void StopSignalWatcher::onSignalReceived()
{
#ifndef Q_OS_WIN
    char buffer[16];
    [[maybe_unused]] const auto drained = ::read(g_pipe[0], buffer, sizeof buffer);
#endif
    ++m_count;
    emit stopRequested(m_count);
}

} // namespace Cli
