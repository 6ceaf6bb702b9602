#pragma once

#include "core/scheduler/syncscheduler.h"

#include <QDateTime>
#include <QGroupBox>

class QLabel;
class QProgressBar;
class QPushButton;

// One cadence on the overview: its state, last run and result, next run with a countdown,
// counts, "Sync now" and a progress bar while it runs.
class LanePanel final : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LanePanel)

public:
    explicit LanePanel(SyncScheduler::Lane lane, QWidget *parent = nullptr);

    SyncScheduler::Lane lane() const { return m_lane; }

    enum class Connection
    {
        NotConnected, // before the wizard, or after Disconnect
        Connected,
        AuthLost // the stored credentials were refused; nothing runs until a reconnect
    };

    void setStatus(const SyncScheduler::LaneStatus &status, bool paused, Connection connection);
    // lastRun: "ok 14:05 (3 created, ...)" or the failure.
    void setLastRun(const QString &text, bool failed);
    void setCounts(const QString &text);
    // While a run is in progress: the step and, when known, how far it is.
    void setProgress(const QString &step, int done, int total);
    // Re-renders the countdown against `now` (called every second).
    void updateCountdown(const QDateTime &now);

    QPushButton *syncNowButton() const { return m_syncNow; }
    QProgressBar *progressBar() const { return m_progress; }
    QString stateText() const;
    QString nextRunText() const;

Q_SIGNALS:
    void syncNowClicked(SyncScheduler::Lane lane);

private:
    const SyncScheduler::Lane m_lane;
    QLabel *m_state = nullptr;
    QLabel *m_lastRun = nullptr;
    QLabel *m_nextRun = nullptr;
    QLabel *m_counts = nullptr;
    QLabel *m_step = nullptr;
    QPushButton *m_syncNow = nullptr;
    QProgressBar *m_progress = nullptr;
    QDateTime m_nextDue;
    bool m_running = false;
    bool m_paused = false;
    Connection m_connection = Connection::Connected;
};
