#include "ui/wizard/syncsettingspage.h"

#include "ui/wizard/intervaledit.h"
#include "ui/wizard/setupcontroller.h"
#include "ui/wizard/syncfilterswidget.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCryptographicHash>
#include <QGroupBox>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

#include <optional>

namespace Wizard
{

namespace
{
constexpr char kSmartDreamersSource[] = "SmartDreamers";
} // namespace

SyncSettingsPage::SyncSettingsPage(SetupController *controller, QWidget *parent)
    : QWizardPage(parent), m_controller(controller), m_initial(controller->initialSync())
{
    setObjectName(QStringLiteral("syncSettingsPage"));
    setTitle(tr("Choose what to sync and how often"));
    setSubTitle(tr("You can change all of this later in Settings."));

    const CadenceEditors cadences = makeCadenceEditors(m_initial, this);
    m_jobsInterval = cadences.jobs;
    m_applicantsInterval = cadences.applicants;

    m_filters = new SyncFiltersWidget(this);
    m_filters->setSelection(m_initial);
    m_filters->setPreferredSourceName(QString::fromLatin1(kSmartDreamersSource));
    connect(m_filters, &SyncFiltersWidget::loaded, this,
        [this](int departments, int offices)
        {
            m_loadedKey = m_loadingKey;
            m_controller->facts().departmentCount = departments;
            m_controller->facts().officeCount = offices;
        });

    m_startAtLoginCheckBox = new QCheckBox(tr("Start TalentBridge when I &log in"), this);
    m_startAtLoginCheckBox->setObjectName(QStringLiteral("startAtLoginCheckBox"));
    m_startAtLoginCheckBox->setChecked(m_initial.startAtLogin);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(cadences.box);
    layout->addWidget(m_filters, 1);
    layout->addWidget(m_startAtLoginCheckBox);

    setTabOrder(m_applicantsInterval->unitComboBox(), m_filters->departmentList());
    setTabOrder(m_filters->retryButton(), m_startAtLoginCheckBox);
}

SyncSettingsPage::~SyncSettingsPage() = default;

QString SyncSettingsPage::credentialKey() const
{
    const ConnectionSettings base = m_controller->baseConnection();
    const QString text = base.harvestUrl.toString() + QLatin1Char('\n') + field(QStringLiteral("clientId")).toString()
        + QLatin1Char('\n') + field(QStringLiteral("clientSecret")).toString() + QLatin1Char('\n')
        + field(QStringLiteral("actingUserId")).toString();
    return QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex());
}

void SyncSettingsPage::initializePage()
{
    if (!m_filters->isLoading() && (!m_filters->isLoaded() || m_loadedKey != credentialKey()))
    {
        startLoading();
    }
}

void SyncSettingsPage::cleanupPage()
{
    // Going back keeps the choices; a load in flight stops and runs again on return.
    m_filters->cancel();
}

bool SyncSettingsPage::isLoading() const
{
    return m_filters->isLoading();
}

bool SyncSettingsPage::isLoaded() const
{
    return m_filters->isLoaded();
}

void SyncSettingsPage::startLoading()
{
    m_loadingKey = credentialKey();
    bool ok = false;
    const qint64 actingUser = field(QStringLiteral("actingUserId")).toString().toLongLong(&ok);
    const Harvest::ClientConfig config = m_controller->harvestConfig(field(QStringLiteral("clientId")).toString(),
        field(QStringLiteral("clientSecret")).toString(), ok ? std::optional<qint64>(actingUser) : std::nullopt);
    m_filters->load(config, m_controller->harvestShared());
}

SyncSettings SyncSettingsPage::settings() const
{
    SyncSettings result = m_initial;
    result.jobsInterval = m_jobsInterval->value();
    result.applicantsInterval = m_applicantsInterval->value();
    result.startAtLogin = m_startAtLoginCheckBox->isChecked();
    m_filters->applyTo(result);
    return result;
}

QString SyncSettingsPage::sourceName() const
{
    return m_filters->sourceName();
}

} // namespace Wizard
