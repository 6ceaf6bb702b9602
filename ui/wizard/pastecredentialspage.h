#pragma once

#include <QWizardPage>

class QLabel;
class QLineEdit;
class QToolButton;

namespace Wizard
{

// Page 3: the admin pastes the client id and secret (and, optionally, an acting user id).
// Only the input is checked here; the Verify page tries them against Greenhouse.
// Fields: "clientId", "clientSecret", "actingUserId".
class PasteCredentialsPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PasteCredentialsPage)

public:
    explicit PasteCredentialsPage(QWidget *parent = nullptr);

    bool isComplete() const override;
    bool validatePage() override;
    // Going back keeps what was pasted (QWizard's default would empty the fields).
    void cleanupPage() override;

private:
    void onClientIdEdited(const QString &text);
    void onClientSecretEdited(const QString &text);
    void onActingUserIdEdited(const QString &text);
    void onShowSecretToggled(bool show);
    bool updateValidation();

    QLineEdit *m_clientIdEdit = nullptr;
    QLabel *m_clientIdError = nullptr;
    QLineEdit *m_clientSecretEdit = nullptr;
    QToolButton *m_showSecretButton = nullptr;
    QLabel *m_clientSecretError = nullptr;
    QLineEdit *m_actingUserIdEdit = nullptr;
    QLabel *m_actingUserIdError = nullptr;
    // Errors of an empty field appear only once the admin tried to go on.
    bool m_validationRequested = false;
};

} // namespace Wizard
