#pragma once

#include "core/profile/profile.h"

#include <QList>
#include <QWizardPage>

#include <stop_token>

class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;

namespace Wizard
{

class IntervalEdit;
class SetupController;

// Page 6: the two cadences, the optional department and office filters and the source for
// imported candidates (both loaded live from Greenhouse, off the UI thread), start at login.
class SyncSettingsPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncSettingsPage)

public:
    explicit SyncSettingsPage(SetupController *controller, QWidget *parent = nullptr);
    ~SyncSettingsPage() override;

    void initializePage() override;
    void cleanupPage() override;

    // What the admin chose; lists that did not load keep the values the page started with.
    SyncSettings settings() const;
    QString sourceName() const;

    bool isLoading() const { return m_loading; }
    bool isLoaded() const { return m_loaded; }

private:
    void startLoading();
    void cancelLoading();
    void onRetryClicked();
    QString credentialKey() const;

    SetupController *m_controller = nullptr;
    IntervalEdit *m_jobsInterval = nullptr;
    IntervalEdit *m_applicantsInterval = nullptr;
    QListWidget *m_departmentList = nullptr;
    QListWidget *m_officeList = nullptr;
    QComboBox *m_sourceComboBox = nullptr;
    QLabel *m_loadStatus = nullptr;
    QPushButton *m_retryButton = nullptr;
    QCheckBox *m_startAtLoginCheckBox = nullptr;

    SyncSettings m_initial;
    std::stop_source m_stop;
    quint64 m_generation = 0;
    bool m_loading = false;
    bool m_loaded = false;
    QString m_loadedKey;
};

} // namespace Wizard
