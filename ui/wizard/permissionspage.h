#pragma once

#include <QWizardPage>

class QCheckBox;
class QPushButton;

namespace Wizard
{

// Page 1: the admin gets "Can manage ALL organization's API Credentials" before anything else.
class PermissionsPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PermissionsPage)

public:
    // Where a Site Admin edits users' permissions.
    static const char kUsersPageUrl[];

    explicit PermissionsPage(QWidget *parent = nullptr);

    bool isComplete() const override;
    bool validatePage() override;

private:
    void onOpenUsersPageClicked();

    QPushButton *m_openUsersButton = nullptr;
    QCheckBox *m_confirmCheckBox = nullptr;
};

} // namespace Wizard
