#pragma once

#include <QWizardPage>

class QLabel;

namespace Wizard
{

class SetupController;
class SyncSettingsPage;

// Page 7: a summary. Finish stores the secrets in the keychain (only now) and then the
// settings, through SetupController::commit(); a keychain failure is shown here and the
// wizard stays open, with nothing written.
class DonePage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DonePage)

public:
    DonePage(SetupController *controller, const SyncSettingsPage *syncPage, QWidget *parent = nullptr);

    void initializePage() override;
    bool isComplete() const override;
    // True once everything is stored; the first call starts storing and answers false.
    bool validatePage() override;

Q_SIGNALS:
    // Finish was refused: the credentials on page 3 have not passed the Verify page.
    void verificationNeeded();

private:
    void onCommitted();
    void onCommitFailed(const QString &message);
    void setBusy(bool busy);
    QString summaryHtml() const;

    SetupController *m_controller = nullptr;
    const SyncSettingsPage *m_syncPage = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_storageNote = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace Wizard
