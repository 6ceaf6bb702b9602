#include "ui/traystate.h"

#include <QCoreApplication>
#include <QLocale>
#include <QStringList>

namespace Tray
{

namespace
{
QString tr(const char *text)
{
    return QCoreApplication::translate("Tray", text);
}

QString formatTime(const QDateTime &when, const QDateTime &now)
{
    const QLocale locale;
    const QDateTime local = when.toLocalTime();
    if (local.date() == now.toLocalTime().date())
        return locale.toString(local.time(), QLocale::ShortFormat);
    return locale.toString(local, QLocale::ShortFormat);
}

OverallState overallState(const TrayState &state)
{
    // Lost authorization needs the admin whatever else is going on, even while paused.
    if (state.authLost)
        return OverallState::Error;
    if (state.paused)
        return OverallState::Paused;
    if (!state.connected)
        return OverallState::Warning;

    bool running = false;
    bool failing = false;
    for (const LaneStatus &lane : state.lanes)
    {
        if (lane.consecutiveFailures >= kRepeatedFailureThreshold)
            return OverallState::Error;
        running = running || lane.running;
        failing = failing || lane.lastResult == RunResult::Failed;
    }
    if (running)
        return OverallState::Syncing;
    if (failing || state.quarantinedApplicants > 0)
        return OverallState::Warning;
    return OverallState::Ok;
}

QString headline(const TrayState &state, OverallState overall)
{
    if (state.authLost)
        return tr("TalentBridge: sign-in rejected, reconnect");
    switch (overall)
    {
    case OverallState::Paused:
        return tr("TalentBridge: paused");
    case OverallState::Syncing:
        return tr("TalentBridge: syncing");
    case OverallState::Error:
        return tr("TalentBridge: syncing keeps failing");
    case OverallState::Warning:
        return state.connected ? tr("TalentBridge: needs attention") : tr("TalentBridge: not connected yet");
    case OverallState::Ok:
        break;
    }
    return tr("TalentBridge: up to date");
}

// "Jobs: failed 14:05" plus, when there is room, ": <message>".
QString laneSummary(Lane lane, const LaneStatus &status, const QDateTime &now)
{
    const QString name = laneName(lane);
    if (status.running)
        return tr("%1: running").arg(name);
    switch (status.lastResult)
    {
    case RunResult::None:
        return tr("%1: not run yet").arg(name);
    case RunResult::Ok:
        return tr("%1: ok %2").arg(name, formatTime(status.lastFinished, now));
    case RunResult::Failed:
        break;
    }
    return tr("%1: failed %2").arg(name, formatTime(status.lastFinished, now));
}

QString elide(const QString &text, int maxLength)
{
    if (text.size() <= maxLength)
        return text;
    if (maxLength <= 1)
        return QString();
    QString cut = text.left(maxLength - 1);

    // Never end on half a surrogate pair.
    if (!cut.isEmpty() && cut.back().isHighSurrogate())
        cut.chop(1);
    return cut.trimmed() + QChar(0x2026);
}
} // namespace

QString laneName(Lane lane)
{
    switch (lane)
    {
    case Lane::Jobs:
        return tr("Jobs");
    case Lane::Applicants:
        return tr("Applicants");
    case Lane::Count:
        break;
    }
    return QString();
}

QString iconPathFor(OverallState state)
{
    switch (state)
    {
    case OverallState::Syncing:
        return QStringLiteral(":/icons/tray-syncing.svg");
    case OverallState::Warning:
        return QStringLiteral(":/icons/tray-warning.svg");
    case OverallState::Error:
        return QStringLiteral(":/icons/tray-error.svg");
    case OverallState::Paused:
        return QStringLiteral(":/icons/tray-paused.svg");
    case OverallState::Ok:
        break;
    }
    return QStringLiteral(":/icons/tray-ok.svg");
}

TrayPresentation presentTrayState(const TrayState &state, const QDateTime &now)
{
    TrayPresentation result;
    result.state = overallState(state);
    result.iconPath = iconPathFor(result.state);

    QStringList lines { headline(state, result.state) };
    QList<int> messageLines; // lines that may be shortened, with the failure message appended
    QStringList messages;
    if (state.connected)
    {
        for (int i = 0; i < static_cast<int>(Lane::Count); ++i)
        {
            const LaneStatus &lane = state.lanes[i];
            lines.append(laneSummary(static_cast<Lane>(i), lane, now));
            if (!lane.running && lane.lastResult == RunResult::Failed && !lane.lastMessage.isEmpty())
            {
                messageLines.append(lines.size() - 1);
                messages.append(lane.lastMessage.simplified());
            }
        }
        if (state.quarantinedApplicants > 0)
            lines.append(QCoreApplication::translate(
                "Tray", "%n applicant(s) need a look", nullptr, state.quarantinedApplicants));
    }

    // The fixed part must fit; failure messages share whatever room is left.
    const auto joinedLength = [&lines]() { return static_cast<int>(lines.join(QLatin1Char('\n')).size()); };
    int room = kMaxToolTipLength - joinedLength();
    for (int i = 0; i < messageLines.size(); ++i)
    {
        const int share = room / static_cast<int>(messageLines.size() - i) - 2; // ": "
        if (share < 8)
            break;
        const QString message = elide(messages[i], share);
        lines[messageLines[i]] += QStringLiteral(": ") + message;
        room -= static_cast<int>(message.size()) + 2;
    }

    result.toolTip = elide(lines.join(QLatin1Char('\n')), kMaxToolTipLength);
    return result;
}

QList<Notification> FailureNotifier::update(const TrayState &state)
{
    QList<Notification> result;
    if (state.authLost && m_authArmed)
    {
        result.append({ tr("TalentBridge cannot sign in"),
            tr("The stored credentials were rejected. Open TalentBridge to reconnect.") });
    }
    m_authArmed = !state.authLost;

    for (int i = 0; i < static_cast<int>(Lane::Count); ++i)
    {
        const LaneStatus &lane = state.lanes[i];
        if (lane.lastResult == RunResult::Failed)
        {
            // While authorization is lost every lane fails for the same reason: one message.
            if (m_laneArmed[i] && !state.authLost)
            {
                const QString message
                    = lane.lastMessage.isEmpty() ? tr("Open TalentBridge for details.") : lane.lastMessage.simplified();
                result.append({ tr("%1 sync failed").arg(laneName(static_cast<Lane>(i))), message });
            }
            m_laneArmed[i] = false;
        }
        else if (lane.lastResult == RunResult::Ok)
        {
            m_laneArmed[i] = true;
        }
    }
    return result;
}

} // namespace Tray
