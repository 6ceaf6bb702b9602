#pragma once

#include "core/setup/connectionverifier.h"

#include <QHash>
#include <QList>
#include <QWizardPage>

class QGridLayout;
class QLabel;
class QProgressBar;
class QPushButton;
class QScrollArea;

namespace Setup
{
class VerificationRunner;
}

namespace Wizard
{

class SetupController;

// Page 4: the pasted credentials tried live through Setup::VerificationRunner: an access
// token, introspection, every scope (a harmless read per list scope, introspection for the
// writes) and the acting user. The checklist fills in as results arrive; the checks run off
// the UI thread and can be stopped. Next needs every required check passed with the
// credentials now on page 3.
class VerifyPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VerifyPage)

public:
    explicit VerifyPage(SetupController *controller, QWidget *parent = nullptr);
    ~VerifyPage() override;

    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override;

    bool isRunning() const;
    // By check id ("token", "introspection", "scope:harvest:jobs:list", "site_admin").
    Setup::CheckItem check(const QString &id) const;
    QStringList failedChecks() const;

private:
    struct Row
    {
        Setup::CheckItem item;
        bool running = false;
        QLabel *mark = nullptr;
        QLabel *titleLabel = nullptr;
        QLabel *detailLabel = nullptr;
        QLabel *fixLabel = nullptr;
    };

    void buildRows();
    void startChecks();
    void stopChecks();
    void onCheckUpdated(const Setup::CheckItem &item);
    void onFinished(const Setup::VerificationResult &result);
    void updateRow(Row &row);
    void updateSummary();
    QString credentialKey() const;

    SetupController *m_controller = nullptr;
    Setup::VerificationRunner *m_runner = nullptr;
    QLabel *m_summary = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_checkAgainButton = nullptr;
    QPushButton *m_stopButton = nullptr;
    QGridLayout *m_grid = nullptr;
    QScrollArea *m_scroll = nullptr;
    QList<QString> m_order;
    QHash<QString, Row> m_rows;

    bool m_cancelled = false;
    bool m_passed = false;
    // The credentials of the last finished run; Next needs them to match page 3.
    QString m_checkedKey;
    QString m_runningKey;
    // What the running checks were given; handed to the controller when they all pass.
    Setup::VerificationInput m_runningInput;
};

} // namespace Wizard
