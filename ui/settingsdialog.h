#pragma once

#include "core/harvest/harvestclient.h"
#include "core/profile/profile.h"

#include <QDialog>

#include <chrono>

class QCheckBox;
class QComboBox;
class QPushButton;

namespace Wizard
{
class IntervalEdit;
class SyncFiltersWidget;
} // namespace Wizard

// Settings > cadences, filters, source, start at login, log level; "Reconnect..." reopens the
// setup wizard ("Set up connection..." when not connected), "Disconnect" removes the secrets
// (the Application does both; the history stays). OK writes the profile's settings.ini.
//
// Cadences and filters use the wizard's own editors: the same bounds, minutes or hours, and
// departments, offices and the source picked by name from lists loaded live from Greenhouse.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    explicit SettingsDialog(const Profile &profile, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    // Whether there is a connection to reconnect or disconnect (default: the saved flag).
    void setConnected(bool connected);
    bool isConnected() const { return m_connected; }
    // Loads the departments, offices and sources with these credentials (in the background).
    // Without it the lists stay empty and OK keeps the saved choice.
    void loadFilterLists(const Harvest::ClientConfig &config, const Harvest::SharedState &shared);

    Wizard::SyncFiltersWidget *filters() const { return m_filters; }

    void accept() override;

Q_SIGNALS:
    void reconnectRequested();
    // "Set up connection..." while not connected: the wizard from its first page.
    void setupRequested();
    void disconnectRequested();

private:
    void onDisconnectClicked();

    Profile m_profile;
    Wizard::IntervalEdit *m_jobsInterval = nullptr;
    Wizard::IntervalEdit *m_applicantsInterval = nullptr;
    Wizard::SyncFiltersWidget *m_filters = nullptr;
    QCheckBox *m_startAtLogin = nullptr;
    QComboBox *m_logLevel = nullptr;
    QPushButton *m_reconnectButton = nullptr;
    QPushButton *m_disconnectButton = nullptr;
    // What the editors showed on opening: an interval left alone is written back unchanged.
    std::chrono::seconds m_shownJobsInterval {};
    std::chrono::seconds m_shownApplicantsInterval {};
    bool m_connected = false;
};
