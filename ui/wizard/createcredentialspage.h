#pragma once

#include <QWizardPage>

class QLabel;
class QPushButton;
class QTextBrowser;

namespace Wizard
{

// Page 2: where to create Harvest V3 (OAuth) credentials and exactly which scopes to tick.
class CreateCredentialsPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CreateCredentialsPage)

public:
    explicit CreateCredentialsPage(QWidget *parent = nullptr);

private:
    void onCopyScopesClicked();

    QTextBrowser *m_scopeList = nullptr;
    int m_scopeCount = 0;
    QPushButton *m_copyButton = nullptr;
    QLabel *m_copyStatus = nullptr;
};

} // namespace Wizard
