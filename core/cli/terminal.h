#pragma once

#include <QObject>
#include <QString>

#include <memory>

namespace Cli
{

// True when standard input is an interactive terminal (a prompt can be answered).
bool stdinIsTerminal();

// Prints `prompt` to stderr and reads one line from the terminal with echo switched off.
// Empty when standard input is not a terminal or nothing was entered. The caller clears the
// returned string as soon as it is no longer needed.
QString readSecret(const QString &prompt);

// Turns SIGINT and SIGTERM (Ctrl-C / Ctrl-Break / console close on Windows) into a queued
// signal on the thread the watcher lives in. On Unix the handler only writes one byte to a
// pipe (async-signal-safe); a QSocketNotifier reads it in the event loop. While a watcher
// exists the signals no longer end the process: the receiver decides what to finish first.
// One watcher per process.
class StopSignalWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StopSignalWatcher)

public:
    explicit StopSignalWatcher(QObject *parent = nullptr);
    ~StopSignalWatcher() override;

    bool isActive() const;

    // For the Windows console handler, which runs on a thread of its own: call queued only.
    void notifySignal();

Q_SIGNALS:
    // `count`: how many stop signals arrived so far (a second Ctrl-C may mean "now").
    void stopRequested(int count);

private:
    void onSignalReceived();

    struct Private;
    std::unique_ptr<Private> d;
    int m_count = 0;
};

} // namespace Cli
