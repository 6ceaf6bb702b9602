#pragma once

#include "core/profile/profile.h"

#include <QWizardPage>

class QCheckBox;

namespace Wizard
{

class IntervalEdit;
class SetupController;
class SyncFiltersWidget;

// Page 6: the two cadences, the optional department and office filters and the source for
// imported candidates (a SyncFiltersWidget, shared with Settings), start at login.
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

    bool isLoading() const;
    bool isLoaded() const;

private:
    void startLoading();
    QString credentialKey() const;

    SetupController *m_controller = nullptr;
    IntervalEdit *m_jobsInterval = nullptr;
    IntervalEdit *m_applicantsInterval = nullptr;
    SyncFiltersWidget *m_filters = nullptr;
    QCheckBox *m_startAtLoginCheckBox = nullptr;

    SyncSettings m_initial;
    QString m_loadingKey; // the credentials of the load in flight
    QString m_loadedKey; // ... and of the lists shown
};

} // namespace Wizard
