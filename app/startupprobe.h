#pragma once

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>

class QWidget;
class TrayController;

// Logs once how long start-up took, from the top of main() to the first paint of the tray icon
// (and of the dashboard, when it opens at start) and on to the first moment the event loop had
// nothing left to do. The line also gives main()'s time on the monotonic clock, so a program
// that started the process (bench-startup) adds the time spent before main().
//
//   start-up: tray icon painted after 212.4 ms, dashboard painted after 230.1 ms, event loop
//   idle after 231.0 ms (since main(), which began at 5321.870 ms on the monotonic clock)
//
// Deletes itself after logging, or after 30 s if something never paints (no tray host).
class StartupProbe final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StartupProbe)

public:
    // The first statement of main(): the clock everything is measured from.
    static void markMainEntered();

    // window: the dashboard when it is shown at start, else nullptr.
    StartupProbe(TrayController *tray, QWidget *window, QObject *parent = nullptr);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void watchTrayIcon();
    void onPainted();
    void onAboutToBlock();
    void report(bool timedOut);

    QPointer<QWidget> m_trayIcon; // Qt's X11 tray icon widget, when the tray is XEmbed
    QPointer<QWidget> m_window;
    std::chrono::nanoseconds m_trayPainted { -1 };
    std::chrono::nanoseconds m_windowPainted { -1 };
    QTimer m_giveUp;
    bool m_waitingForIdle = false;
};
