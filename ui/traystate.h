#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

#include <array>

namespace Tray
{

// The two cadences the connector runs; the order is the order of the tooltip lines.
enum class Lane
{
    Jobs, // export open jobs to SmartDreamers
    Applicants, // import applicants into Greenhouse
    Count
};

enum class RunResult
{
    None, // never ran in this session
    Ok,
    Failed
};

struct LaneStatus
{
    bool running = false;
    RunResult lastResult = RunResult::None;
    QString lastMessage; // the failure's one-line message (already translated, no secrets)
    QDateTime lastFinished; // when the last run ended
    int consecutiveFailures = 0;
};

// Everything the tray shows, gathered by whoever owns the sync engine.
struct TrayState
{
    std::array<LaneStatus, static_cast<int>(Lane::Count)> lanes {};
    int quarantinedApplicants = 0;
    bool authLost = false; // Greenhouse or SmartDreamers rejects the stored credentials
    bool paused = false; // the user paused syncing
    bool connected = true; // false until the setup wizard has stored a connection

    LaneStatus &lane(Lane which) { return lanes[static_cast<int>(which)]; }
    const LaneStatus &lane(Lane which) const { return lanes[static_cast<int>(which)]; }
};

enum class OverallState
{
    Ok,
    Syncing,
    Warning,
    Error,
    Paused
};

struct TrayPresentation
{
    OverallState state = OverallState::Ok;
    QString iconPath; // ":/icons/tray-<state>.svg"
    QString toolTip; // at most kMaxToolTipLength characters
};

// Windows truncates a tray tooltip at 128 UTF-16 units including the terminating null.
inline constexpr int kMaxToolTipLength = 127;

// Failures in a row after which a lane counts as broken rather than having a hiccup.
inline constexpr int kRepeatedFailureThreshold = 3;

// The one mapping from state to icon and tooltip. Pure: `now` decides whether a time is
// shown with its date, so tests are independent of the clock.
TrayPresentation presentTrayState(const TrayState &state, const QDateTime &now);

QString iconPathFor(OverallState state);
QString laneName(Lane lane);

// One desktop notification the tray should show.
struct Notification
{
    QString title;
    QString message;
};

// Decides which failures are new: a lane notifies once when it starts failing and again
// only after it has succeeded in between; losing authorization notifies once until restored.
// Retries of a failing lane stay quiet.
class FailureNotifier final
{
public:
    QList<Notification> update(const TrayState &state);

private:
    std::array<bool, static_cast<int>(Lane::Count)> m_laneArmed { true, true };
    bool m_authArmed = true;
};

} // namespace Tray
