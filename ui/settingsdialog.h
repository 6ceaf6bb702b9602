#pragma once

#include "core/profile/profile.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;

// Settings > cadences, filters, source, start at login, log level; "Reconnect..." reopens the
// setup wizard, "Disconnect" removes the secrets (the Application does both; the history stays).
// OK writes the profile's settings.ini.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    explicit SettingsDialog(const Profile &profile, QWidget *parent = nullptr);

    void accept() override;

Q_SIGNALS:
    void reconnectRequested();
    void disconnectRequested();

private:
    Profile m_profile;
    QSpinBox *m_jobsMinutes = nullptr;
    QSpinBox *m_applicantsHours = nullptr;
    QLineEdit *m_departments = nullptr;
    QLineEdit *m_offices = nullptr;
    QLineEdit *m_source = nullptr;
    QCheckBox *m_startAtLogin = nullptr;
    QComboBox *m_logLevel = nullptr;
};

// "12, 34 56" -> {12, 34, 56}; nullopt when a part is not a number.
std::optional<QList<qint64>> parseIdList(const QString &text);
