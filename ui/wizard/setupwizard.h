#pragma once

#include "core/profile/profile.h"
#include "ui/wizard/wizardpageid.h"
#include "ui/wizard/wizardprefill.h"

#include <QWizard>

class CredentialSession;

namespace Wizard
{

class DonePage;
class PasteCredentialsPage;
class SetupController;
class SmartDreamersPage;
class SyncSettingsPage;
class VerifyPage;

// The setup wizard (issue #5): seven pages in the order of the real work. Nothing is written
// until Finish on the last page: then the secrets go to the keychain through `session`
// (CredentialSession::replace) and, once they are stored, the settings to the profile's
// settings.ini; setupCompleted() follows and the wizard closes. Cancel at any page writes
// nothing. A keychain failure on Finish is shown on the last page and the wizard stays open.
//
//   Wizard::SetupWizard wizard(profile, &session, prefill);
//   wizard.setStartPage(Wizard::PageId::PasteCredentials); // Settings > Connection
//   connect(&wizard, &Wizard::SetupWizard::setupCompleted, app, &App::onSetupCompleted);
//   wizard.open();
class SetupWizard final : public QWizard
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SetupWizard)

public:
    // `session` must outlive the wizard; its profile id must be `profile.id()`.
    SetupWizard(const Profile &profile, CredentialSession *session, const WizardPrefill &prefill = {},
        QWidget *parent = nullptr);
    ~SetupWizard() override;

    // The page the wizard opens at (Settings > Connection, "reopen at the credentials page").
    // Call before show(); on a visible wizard it restarts there.
    void setStartPage(PageId id);

    void done(int result) override;

Q_SIGNALS:
    // Secrets and settings are stored; the application starts syncing and shows the dashboard.
    void setupCompleted();

private:
    void onCommitted();
    void onVerificationNeeded();

    SetupController *m_controller = nullptr;
    PasteCredentialsPage *m_pastePage = nullptr;
    VerifyPage *m_verifyPage = nullptr;
    SmartDreamersPage *m_smartDreamersPage = nullptr;
    SyncSettingsPage *m_syncPage = nullptr;
    DonePage *m_donePage = nullptr;
};

} // namespace Wizard
