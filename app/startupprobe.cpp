#include "app/startupprobe.h"

#include "core/logging.h"
#include "ui/traycontroller.h"

#include <QAbstractEventDispatcher>
#include <QApplication>
#include <QEvent>
#include <QWidget>

namespace
{
using Clock = std::chrono::steady_clock; // CLOCK_MONOTONIC on Linux, as QElapsedTimer
constexpr std::chrono::seconds kGiveUpAfter { 30 };

Clock::time_point s_mainEntered = Clock::now();

std::chrono::nanoseconds sinceMain()
{
    return Clock::now() - s_mainEntered;
}

QString milliseconds(std::chrono::nanoseconds duration)
{
    return QString::number(double(duration.count()) / 1e6, 'f', 1);
}
} // namespace

void StartupProbe::markMainEntered()
{
    s_mainEntered = Clock::now();
}

StartupProbe::StartupProbe(TrayController *tray, QWidget *window, QObject *parent) : QObject(parent), m_window(window)
{
    if (m_window)
    {
        m_window->installEventFilter(this);
    }
    // The icon may come later, when a tray host appears within the controller's retries.
    connect(tray, &TrayController::trayAvailabilityChanged, this,
        [this](bool available)
        {
            if (available)
            {
                watchTrayIcon();
            }
        });
    if (tray->isIconVisible())
    {
        watchTrayIcon();
    }
    m_giveUp.setSingleShot(true);
    connect(&m_giveUp, &QTimer::timeout, this, [this]() { report(true); });
    m_giveUp.start(kGiveUpAfter);
}

void StartupProbe::watchTrayIcon()
{
    if (m_trayIcon || m_trayPainted.count() >= 0)
    {
        return;
    }
    // On X11 without a StatusNotifier host the icon is a small top-level widget of Qt's that the
    // tray host embeds: its first paint is the icon on screen. Elsewhere (a D-Bus tray, Windows,
    // macOS) the icon is the shell's to draw, and showing it is all we can observe.
    const QWidgetList widgets = QApplication::topLevelWidgets();
    for (QWidget *widget : widgets)
    {
        if (widget->objectName() == QLatin1String("QSystemTrayIconSys"))
        {
            m_trayIcon = widget;
            m_trayIcon->installEventFilter(this);
            return;
        }
    }
    m_trayPainted = sinceMain();
    onPainted();
}

bool StartupProbe::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Paint)
    {
        if (watched == m_trayIcon && m_trayPainted.count() < 0)
        {
            m_trayPainted = sinceMain();
            m_trayIcon->removeEventFilter(this);
            onPainted();
        }
        else if (watched == m_window && m_windowPainted.count() < 0)
        {
            m_windowPainted = sinceMain();
            m_window->removeEventFilter(this);
            onPainted();
        }
    }
    return QObject::eventFilter(watched, event);
}

void StartupProbe::onPainted()
{
    if (m_waitingForIdle || m_trayPainted.count() < 0 || (m_window && m_windowPainted.count() < 0))
    {
        return;
    }
    m_waitingForIdle = true;
    connect(QAbstractEventDispatcher::instance(), &QAbstractEventDispatcher::aboutToBlock, this,
        &StartupProbe::onAboutToBlock, Qt::SingleShotConnection);
}

void StartupProbe::onAboutToBlock()
{
    report(false);
}

void StartupProbe::report(bool timedOut)
{
    // Once: the idle wait and the time-out must not both report.
    m_giveUp.stop();
    disconnect(QAbstractEventDispatcher::instance(), nullptr, this, nullptr);
    const QString main = QString::number(
        double(std::chrono::duration_cast<std::chrono::nanoseconds>(s_mainEntered.time_since_epoch()).count()) / 1e6,
        'f', 3);
    const QString tray = m_trayPainted.count() >= 0
        ? QStringLiteral("tray icon painted after %1 ms").arg(milliseconds(m_trayPainted))
        : QStringLiteral("tray icon not painted");
    QString window;
    if (m_windowPainted.count() >= 0)
    {
        window = QStringLiteral(", dashboard painted after %1 ms").arg(milliseconds(m_windowPainted));
    }
    else if (m_window)
    {
        window = QStringLiteral(", dashboard not painted");
    }
    const QString idle = timedOut ? QStringLiteral("gave up waiting after %1 ms").arg(milliseconds(sinceMain()))
                                  : QStringLiteral("event loop idle after %1 ms").arg(milliseconds(sinceMain()));
    qCInfo(lcApp).noquote() << QStringLiteral(
        "start-up: %1%2, %3 (since main(), which began at %4 ms on the monotonic clock)")
                                   .arg(tray, window, idle, main);
    deleteLater();
}
