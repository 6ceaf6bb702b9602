#pragma once

#include "ui/traystate.h"

#include <QObject>
#include <QSystemTrayIcon>
#include <QTimer>

#include <chrono>
#include <memory>

class QAction;
class QMenu;

// Owns the tray icon and its menu, apart from any window (the dashboard may not exist yet).
// The owner of the sync engine feeds it a Tray::TrayState; it answers with signals.
class TrayController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayController)

public:
    explicit TrayController(QObject *parent = nullptr);
    ~TrayController() override;

    // Shows the icon, or keeps retrying while no tray host is up (common right after login).
    // Emits trayAvailabilityChanged(false) once the retries are used up.
    void show();
    void hide();
    bool isIconVisible() const;

    void setRetryPolicy(int attempts, std::chrono::milliseconds interval);

    void setState(const Tray::TrayState &state);
    const Tray::TrayState &state() const { return m_state; }
    const Tray::TrayPresentation &presentation() const { return m_presentation; }

    // Until the sync engine is connected these actions have nothing to act on.
    void setSyncActionsEnabled(bool enabled);

    QMenu *menu() const { return m_menu.get(); }
    QSystemTrayIcon *trayIcon() const { return m_icon; }

Q_SIGNALS:
    void openDashboardRequested();
    // Shown only while not connected: start the setup wizard.
    void setupRequested();
    void syncJobsRequested();
    void importApplicantsRequested();
    void pauseRequested();
    void resumeRequested();
    void settingsRequested();
    void quitRequested();
    void trayAvailabilityChanged(bool available);
    // Also shown as a balloon when the icon is visible; tests and logs listen here.
    void notificationPosted(const QString &title, const QString &message);

private:
    void tryShowIcon();
    void onActivated(QSystemTrayIcon::ActivationReason reason);
    void onPauseTriggered();
    void applyPresentation();

    std::unique_ptr<QMenu> m_menu; // QMenu is a widget: no QObject parent, we own it
    QSystemTrayIcon *m_icon = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_setupAction = nullptr;
    QAction *m_syncJobsAction = nullptr;
    QAction *m_importAction = nullptr;
    QAction *m_pauseAction = nullptr;
    QAction *m_settingsAction = nullptr;
    QAction *m_quitAction = nullptr;

    QTimer m_retryTimer;
    int m_retriesLeft = 0;
    int m_retryAttempts;
    bool m_wantVisible = false;

    Tray::TrayState m_state;
    Tray::TrayPresentation m_presentation;
    Tray::FailureNotifier m_notifier;
};
