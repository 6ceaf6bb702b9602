#include "ui/traycontroller.h"

#include "core/logging.h"

#include <QAction>
#include <QIcon>
#include <QMenu>

namespace
{
// A tray host (panel, trayer, the shell's extension) may start a few seconds after us at login.
constexpr int kDefaultRetryAttempts = 5;
constexpr std::chrono::milliseconds kDefaultRetryInterval { std::chrono::seconds(3) };
} // namespace

TrayController::TrayController(QObject *parent)
    : QObject(parent)
    , m_menu(std::make_unique<QMenu>())
    , m_icon(new QSystemTrayIcon(this))
    , m_retryAttempts(kDefaultRetryAttempts)
{
    m_menu->setObjectName(QStringLiteral("trayMenu"));
    const auto addAction = [this](const QString &text, const char *objectName, void (TrayController::*signal)())
    {
        QAction *action = m_menu->addAction(text);
        action->setObjectName(QString::fromLatin1(objectName));
        connect(action, &QAction::triggered, this, signal);
        return action;
    };
    m_openAction = addAction(tr("Open dashboard"), "openDashboardAction", &TrayController::openDashboardRequested);
    m_menu->setDefaultAction(m_openAction);
    m_setupAction = addAction(tr("Set up connection..."), "setupConnectionAction", &TrayController::setupRequested);
    m_menu->addSeparator();
    m_syncJobsAction = addAction(tr("Sync jobs now"), "syncJobsAction", &TrayController::syncJobsRequested);
    m_importAction
        = addAction(tr("Import applicants now"), "importApplicantsAction", &TrayController::importApplicantsRequested);
    m_pauseAction = m_menu->addAction(tr("Pause syncing"));
    m_pauseAction->setObjectName(QStringLiteral("pauseAction"));
    connect(m_pauseAction, &QAction::triggered, this, &TrayController::onPauseTriggered);
    m_menu->addSeparator();
    m_settingsAction = addAction(tr("Settings..."), "settingsAction", &TrayController::settingsRequested);
    m_quitAction = addAction(tr("Quit"), "quitAction", &TrayController::quitRequested);
    m_quitAction->setMenuRole(QAction::QuitRole);

    m_icon->setContextMenu(m_menu.get());
    connect(m_icon, &QSystemTrayIcon::activated, this, &TrayController::onActivated);

    m_retryTimer.setInterval(kDefaultRetryInterval);
    connect(&m_retryTimer, &QTimer::timeout, this, &TrayController::tryShowIcon);

    m_presentation = Tray::presentTrayState(m_state, QDateTime::currentDateTime());
    applyPresentation();
}

TrayController::~TrayController()
{
    // The icon refers to the menu: drop it first.
    delete m_icon;
}

void TrayController::setRetryPolicy(int attempts, std::chrono::milliseconds interval)
{
    m_retryAttempts = attempts;
    m_retryTimer.setInterval(interval);
}

void TrayController::show()
{
    m_wantVisible = true;
    m_retriesLeft = m_retryAttempts;
    tryShowIcon();
}

void TrayController::hide()
{
    m_wantVisible = false;
    m_retryTimer.stop();
    m_icon->hide();
}

bool TrayController::isIconVisible() const
{
    return m_icon->isVisible();
}

void TrayController::tryShowIcon()
{
    if (!m_wantVisible)
        return;
    if (QSystemTrayIcon::isSystemTrayAvailable())
    {
        m_retryTimer.stop();
        m_icon->show();
        qCInfo(lcUi) << "tray icon shown";
        Q_EMIT trayAvailabilityChanged(true);
        return;
    }
    if (m_retriesLeft > 0)
    {
        --m_retriesLeft;
        qCInfo(lcUi) << "no system tray yet, retrying; attempts left:" << m_retriesLeft;
        m_retryTimer.start();
        return;
    }
    m_retryTimer.stop();
    qCWarning(lcUi) << "no system tray available, giving up on the tray icon";
    Q_EMIT trayAvailabilityChanged(false);
}

void TrayController::setState(const Tray::TrayState &state)
{
    m_state = state;
    m_presentation = Tray::presentTrayState(m_state, QDateTime::currentDateTime());
    applyPresentation();

    const QList<Tray::Notification> notifications = m_notifier.update(m_state);
    for (const Tray::Notification &notification : notifications)
    {
        qCInfo(lcUi) << "notifying:" << notification.title;
        if (m_icon->isVisible() && QSystemTrayIcon::supportsMessages())
            m_icon->showMessage(notification.title, notification.message, QSystemTrayIcon::Warning);
        Q_EMIT notificationPosted(notification.title, notification.message);
    }
}

void TrayController::setSyncActionsEnabled(bool enabled)
{
    m_syncJobsAction->setEnabled(enabled);
    m_importAction->setEnabled(enabled);
    m_pauseAction->setEnabled(enabled);
}

void TrayController::applyPresentation()
{
    m_icon->setIcon(QIcon(m_presentation.iconPath));
    m_icon->setToolTip(m_presentation.toolTip);
    m_pauseAction->setText(m_state.paused ? tr("Resume syncing") : tr("Pause syncing"));
    m_setupAction->setVisible(!m_state.connected);
}

void TrayController::onPauseTriggered()
{
    if (m_state.paused)
        Q_EMIT resumeRequested();
    else
        Q_EMIT pauseRequested();
}

void TrayController::onActivated(QSystemTrayIcon::ActivationReason reason)
{
    // Only a plain click opens the dashboard; the context menu handles the rest, and
    // DoubleClick would otherwise open it twice (Trigger comes first).
    if (reason == QSystemTrayIcon::Trigger)
        Q_EMIT openDashboardRequested();
}
