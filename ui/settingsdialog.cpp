#include "ui/settingsdialog.h"

#include "core/logging.h"
#include "ui/autostart.h"
#include "ui/wizard/intervaledit.h"
#include "ui/wizard/syncfilterswidget.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

SettingsDialog::SettingsDialog(const Profile &profile, QWidget *parent) : QDialog(parent), m_profile(profile)
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("TalentBridge settings"));
    const ProfileSettings settings(profile);
    const SyncSettings sync = settings.sync();

    const Wizard::CadenceEditors cadences = Wizard::makeCadenceEditors(sync, this);
    m_jobsInterval = cadences.jobs;
    m_applicantsInterval = cadences.applicants;
    m_shownJobsInterval = m_jobsInterval->value();
    m_shownApplicantsInterval = m_applicantsInterval->value();

    m_filters = new Wizard::SyncFiltersWidget(this);
    m_filters->setSelection(sync);

    m_startAtLogin = new QCheckBox(tr("Start TalentBridge when I &log in"), this);
    m_startAtLogin->setObjectName(QStringLiteral("startAtLoginCheckBox"));
    m_startAtLogin->setChecked(Autostart::isEnabled());
    m_logLevel = new QComboBox(this);
    m_logLevel->setObjectName(QStringLiteral("logLevelComboBox"));
    m_logLevel->addItem(tr("Normal"), QStringLiteral("info"));
    m_logLevel->addItem(tr("Detailed (for support)"), QStringLiteral("debug"));
    m_logLevel->setCurrentIndex(std::max(0, m_logLevel->findData(settings.logLevel())));
    auto *logLevelLabel = new QLabel(tr("Lo&g level:"), this);
    logLevelLabel->setBuddy(m_logLevel);

    auto *general = new QGroupBox(tr("General"), this);
    auto *generalForm = new QFormLayout(general);
    generalForm->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    generalForm->addRow(m_startAtLogin);
    generalForm->addRow(logLevelLabel, m_logLevel);

    auto *connection = new QGroupBox(tr("Connection"), this);
    auto *connectionLayout = new QHBoxLayout(connection);
    m_reconnectButton = new QPushButton(connection);
    m_reconnectButton->setObjectName(QStringLiteral("reconnectButton"));
    m_disconnectButton = new QPushButton(tr("Dis&connect..."), connection);
    m_disconnectButton->setObjectName(QStringLiteral("disconnectButton"));
    connectionLayout->addWidget(m_reconnectButton);
    connectionLayout->addWidget(m_disconnectButton);
    connectionLayout->addStretch(1);
    connect(m_reconnectButton, &QPushButton::clicked, this,
        [this]()
        {
            if (m_connected)
                Q_EMIT reconnectRequested();
            else
                Q_EMIT setupRequested();
        });
    connect(m_disconnectButton, &QPushButton::clicked, this, &SettingsDialog::onDisconnectClicked);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("settingsButtonBox"));
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(cadences.box);
    layout->addWidget(m_filters, 1);
    layout->addWidget(general);
    layout->addWidget(connection);
    layout->addWidget(buttons);

    setTabOrder(m_applicantsInterval->unitComboBox(), m_filters->departmentList());
    setTabOrder(m_filters->retryButton(), m_startAtLogin);

    setConnected(settings.connection().connected);
    resize(sizeHint().width(), std::max(sizeHint().height(), 560));
}

SettingsDialog::~SettingsDialog() = default;

void SettingsDialog::setConnected(bool connected)
{
    m_connected = connected;
    m_reconnectButton->setText(connected ? tr("Reco&nnect...") : tr("Set &up connection..."));
    m_disconnectButton->setEnabled(connected);
    if (!connected)
        m_filters->showUnavailable(tr("Departments, offices and sources load from Greenhouse once TalentBridge "
                                      "is connected. The saved choice stays as it is."));
}

void SettingsDialog::loadFilterLists(const Harvest::ClientConfig &config, const Harvest::SharedState &shared)
{
    m_filters->load(config, shared);
}

void SettingsDialog::onDisconnectClicked()
{
    const auto answer = QMessageBox::question(this, tr("Disconnect"),
        tr("Remove the stored credentials and stop syncing? The run history and the applicant ledger stay."),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer == QMessageBox::Yes)
        Q_EMIT disconnectRequested();
}

void SettingsDialog::accept()
{
    ProfileSettings settings(m_profile);
    SyncSettings sync = settings.sync();
    // An editor left alone keeps the stored value exactly, whatever its unit can show.
    if (m_jobsInterval->value() != m_shownJobsInterval)
        sync.jobsInterval = m_jobsInterval->value();
    if (m_applicantsInterval->value() != m_shownApplicantsInterval)
        sync.applicantsInterval = m_applicantsInterval->value();
    m_filters->applyTo(sync);
    sync.startAtLogin = m_startAtLogin->isChecked();
    const QStringList clamped = sync.clampToBounds();
    if (!clamped.isEmpty())
        qCInfo(lcUi) << "settings: cadences clamped:" << clamped.size();
    settings.setSync(sync);
    settings.setLogLevel(m_logLevel->currentData().toString());

    if (m_startAtLogin->isChecked() != Autostart::isEnabled())
    {
        QString error;
        if (!Autostart::setEnabled(m_startAtLogin->isChecked(), m_profile.dir(), &error))
            QMessageBox::warning(this, windowTitle(), error);
    }
    QDialog::accept();
}
