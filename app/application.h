#pragma once

#include "app/commandline.h"
#include "core/profile/profile.h"

#include <QObject>
#include <QPointer>

#include <memory>

class QWidget;
class SingleInstance;
class TrayController;

// The desktop application: single instance, tray, and the window the admin works in.
// Created by main() after QApplication; run() returns the exit code.
class Application final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Application)

public:
    explicit Application(const CommandLine &commandLine, QObject *parent = nullptr);
    ~Application() override;

    // Starts everything, enters the event loop unless another instance took over, and
    // returns the process exit code.
    int run();

    const Profile &profile() const { return m_profile; }

private:
    // The seam where the real windows plug in: the setup wizard (#5) when no connection is
    // stored yet, otherwise the dashboard (#6). Returns the window to show from the tray.
    QWidget *createMainWindow();

    void showMainWindow();
    void onTrayAvailabilityChanged(bool available);

    CommandLine m_commandLine;
    Profile m_profile;
    std::unique_ptr<SingleInstance> m_singleInstance;
    std::unique_ptr<TrayController> m_tray;
    std::unique_ptr<QWidget> m_mainWindow;
};
