#include "ui/dashboard/lanepanel.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace
{
QString countdownText(qint64 seconds)
{
    const auto tr = [](const char *text) { return LanePanel::tr(text); };
    if (seconds <= 0)
        return tr("due now");
    const qint64 h = seconds / 3600;
    const qint64 m = (seconds % 3600) / 60;
    const qint64 s = seconds % 60;
    if (h > 0)
        //: Countdown to the next run: hours, minutes
        return tr("in %1 h %2 min").arg(h).arg(m, 2, 10, QLatin1Char('0'));
    //: Countdown to the next run: minutes:seconds
    return tr("in %1:%2").arg(m).arg(s, 2, 10, QLatin1Char('0'));
}
} // namespace

LanePanel::LanePanel(SyncScheduler::Lane lane, QWidget *parent) : QGroupBox(parent), m_lane(lane)
{
    const bool jobs = lane == SyncScheduler::Lane::Jobs;
    const QString name = SyncScheduler::laneName(lane);
    setObjectName(name + QStringLiteral("LanePanel"));
    setTitle(jobs ? tr("Jobs: Greenhouse to SmartDreamers") : tr("Applicants: SmartDreamers to Greenhouse"));

    m_state = new QLabel(this);
    m_state->setObjectName(name + QStringLiteral("StateLabel"));
    m_lastRun = new QLabel(this);
    m_lastRun->setObjectName(name + QStringLiteral("LastRunLabel"));
    m_lastRun->setWordWrap(true);
    m_nextRun = new QLabel(this);
    m_nextRun->setObjectName(name + QStringLiteral("NextRunLabel"));
    m_counts = new QLabel(this);
    m_counts->setObjectName(name + QStringLiteral("CountsLabel"));
    m_counts->setWordWrap(true);
    m_step = new QLabel(this);
    m_step->setObjectName(name + QStringLiteral("StepLabel"));

    m_syncNow = new QPushButton(jobs ? tr("Sync jobs now") : tr("Import applicants now"), this);
    m_syncNow->setObjectName(name + QStringLiteral("SyncNowButton"));
    connect(m_syncNow, &QPushButton::clicked, this, [this]() { Q_EMIT syncNowClicked(m_lane); });

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(name + QStringLiteral("ProgressBar"));
    m_progress->setTextVisible(false);
    m_progress->setRange(0, 0);
    m_progress->setVisible(false);
    m_progress->setMaximumHeight(m_progress->sizeHint().height() * 2 / 3);

    auto *form = new QFormLayout;
    form->addRow(tr("State:"), m_state);
    form->addRow(tr("Last run:"), m_lastRun);
    form->addRow(tr("Next run:"), m_nextRun);
    form->addRow(jobs ? tr("Jobs:") : tr("Applicants:"), m_counts);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_step, 1);
    buttons->addWidget(m_syncNow);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addLayout(buttons);
}

void LanePanel::setStatus(const SyncScheduler::LaneStatus &status, bool paused, Connection connection)
{
    const bool connected = connection == Connection::Connected;
    m_running = status.running;
    m_paused = paused;
    m_connection = connection;
    m_nextDue = status.nextDue;

    QString state;
    if (connection == Connection::NotConnected)
        state = tr("Not connected");
    else if (connection == Connection::AuthLost)
        state = tr("Stopped: sign-in lost");
    else if (status.running)
        state = tr("Running");
    else if (paused)
        state = tr("Paused");
    else if (status.consecutiveFailures > 0)
        state = tr("Failing (%n time(s) in a row)", nullptr, status.consecutiveFailures);
    else
        state = tr("Waiting");
    m_state->setText(state);

    m_progress->setVisible(status.running);
    if (!status.running)
    {
        m_step->clear();
        m_progress->setRange(0, 0);
    }
    m_syncNow->setEnabled(connected && !status.running);
    // A disabled button says why; the scheduler is stopped, so a click could do nothing.
    m_syncNow->setToolTip(connection == Connection::AuthLost
            ? tr("Sign-in was refused. Reconnect TalentBridge to sync again.")
            : QString());
    updateCountdown(QDateTime::currentDateTimeUtc());
}

void LanePanel::setLastRun(const QString &text, bool failed)
{
    m_lastRun->setText(text);
    m_lastRun->setStyleSheet(failed ? QStringLiteral("color: #d32f2f; font-weight: bold;") : QString());
}

void LanePanel::setCounts(const QString &text)
{
    m_counts->setText(text);
}

void LanePanel::setProgress(const QString &step, int done, int total)
{
    m_step->setText(total > 0 ? tr("%1 (%2 of %3)").arg(step).arg(done).arg(total) : step);
    if (total > 0)
    {
        m_progress->setRange(0, total);
        m_progress->setValue(std::min(done, total));
    }
    else
    {
        m_progress->setRange(0, 0);
    }
}

void LanePanel::updateCountdown(const QDateTime &now)
{
    if (m_connection == Connection::NotConnected)
        m_nextRun->setText(tr("after setup"));
    else if (m_connection == Connection::AuthLost)
        m_nextRun->setText(tr("none until you reconnect"));
    else if (m_running)
        m_nextRun->setText(tr("running now"));
    else if (m_paused)
        m_nextRun->setText(tr("paused"));
    else if (!m_nextDue.isValid())
        m_nextRun->setText(tr("due now"));
    else
        m_nextRun->setText(countdownText(now.secsTo(m_nextDue)));
}

QString LanePanel::stateText() const
{
    return m_state->text();
}

QString LanePanel::nextRunText() const
{
    return m_nextRun->text();
}
