#include "ui/wizard/permissionspage.h"

#include "core/logging.h"

#include <QCheckBox>
#include <QDesktopServices>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace Wizard
{

const char PermissionsPage::kUsersPageUrl[] = "https://app.greenhouse.io/account/users";

namespace
{
QLabel *wrappedLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    return label;
}
} // namespace

PermissionsPage::PermissionsPage(QWidget *parent) : QWizardPage(parent)
{
    setObjectName(QStringLiteral("permissionsPage"));
    setTitle(tr("Get permission to create API credentials"));
    setSubTitle(tr("TalentBridge talks to Greenhouse with API credentials that you create yourself."));

    auto *why = wrappedLabel(
        tr("Creating those credentials needs the Greenhouse permission <b>Can manage ALL organization's API "
           "Credentials</b>. Without it, Greenhouse does not show the Dev Center where credentials are made."),
        this);
    why->setObjectName(QStringLiteral("whyLabel"));

    auto *how = wrappedLabel(tr("If you do not have it, ask a Site Admin to grant it:"
                                "<ol>"
                                "<li>Open <b>Configure</b> (the gear icon) and choose <b>Users</b>.</li>"
                                "<li>Click <b>your name</b> in the list.</li>"
                                "<li>Open <b>Permissions</b>, then <b>Developer permissions</b>.</li>"
                                "<li>Tick <b>Can manage ALL organization's API Credentials</b> and save.</li>"
                                "</ol>"),
        this);
    how->setObjectName(QStringLiteral("howLabel"));
    auto *siteAdmins = wrappedLabel(tr("Site Admins already have it."), this);

    m_openUsersButton = new QPushButton(tr("Open Greenhouse users page"), this);
    m_openUsersButton->setObjectName(QStringLiteral("openUsersPageButton"));
    m_openUsersButton->setToolTip(QString::fromLatin1(kUsersPageUrl));
    connect(m_openUsersButton, &QPushButton::clicked, this, &PermissionsPage::onOpenUsersPageClicked);

    m_confirmCheckBox = new QCheckBox(tr("I have this permission"), this);
    m_confirmCheckBox->setObjectName(QStringLiteral("permissionConfirmedCheckBox"));
    connect(m_confirmCheckBox, &QCheckBox::toggled, this, &PermissionsPage::completeChanged);
    registerField(QStringLiteral("permissionConfirmed"), m_confirmCheckBox);

    auto *buttonRow = new QHBoxLayout;
    buttonRow->addWidget(m_openUsersButton);
    buttonRow->addStretch();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(why);
    layout->addWidget(how);
    layout->addWidget(siteAdmins);
    layout->addLayout(buttonRow);
    layout->addSpacing(layout->spacing() * 2);
    layout->addWidget(m_confirmCheckBox);
    layout->addStretch();

    setTabOrder(m_openUsersButton, m_confirmCheckBox);
}

bool PermissionsPage::isComplete() const
{
    return m_confirmCheckBox->isChecked();
}

bool PermissionsPage::validatePage()
{
    return m_confirmCheckBox->isChecked();
}

void PermissionsPage::onOpenUsersPageClicked()
{
    if (!QDesktopServices::openUrl(QUrl(QString::fromLatin1(kUsersPageUrl))))
        qCWarning(lcUi) << "could not open the Greenhouse users page in a browser";
}

} // namespace Wizard
