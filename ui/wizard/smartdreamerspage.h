#pragma once

#include <QWizardPage>

#include <stop_token>

class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;

namespace Wizard
{

class SetupController;

// Page 5: the SmartDreamers API address and token, tested live (GET /v1/me) off the UI thread.
// Next needs a passed test of exactly the values shown. Fields: "platformUrl", "platformToken".
class SmartDreamersPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SmartDreamersPage)

public:
    explicit SmartDreamersPage(SetupController *controller, QWidget *parent = nullptr);
    ~SmartDreamersPage() override;

    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override;

    bool isTesting() const { return m_testing; }

private:
    void onUrlEdited(const QString &text);
    void onTokenEdited(const QString &text);
    void onInputEdited();
    void onShowTokenToggled(bool show);
    void onTestClicked();
    void startTest();
    void cancelTest();
    QString inputError() const;
    QString currentKey() const;

    SetupController *m_controller = nullptr;
    QLineEdit *m_urlEdit = nullptr;
    QLabel *m_urlError = nullptr;
    QLineEdit *m_tokenEdit = nullptr;
    QToolButton *m_showTokenButton = nullptr;
    QPushButton *m_testButton = nullptr;
    QLabel *m_status = nullptr;

    std::stop_source m_stop;
    bool m_testing = false;
    // The URL and a hash of the token that passed the test; Next needs them to match the fields.
    QString m_passedKey;
    quint64 m_generation = 0;
};

} // namespace Wizard
