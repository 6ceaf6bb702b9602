#include "ui/settingsdialog.h"

#include "core/logging.h"
#include "ui/autostart.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

#include <chrono>

namespace
{
QString idListText(const QList<qint64> &ids)
{
    QStringList parts;
    for (qint64 id : ids)
        parts << QString::number(id);
    return parts.join(QStringLiteral(", "));
}
} // namespace

std::optional<QList<qint64>> parseIdList(const QString &text)
{
    QList<qint64> ids;
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    for (const QString &part : text.split(separators, Qt::SkipEmptyParts))
    {
        bool ok = false;
        const qint64 id = part.toLongLong(&ok);
        if (!ok || id <= 0)
            return std::nullopt;
        ids.append(id);
    }
    return ids;
}

SettingsDialog::SettingsDialog(const Profile &profile, QWidget *parent) : QDialog(parent), m_profile(profile)
{
    using namespace std::chrono;
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("TalentBridge settings"));
    const ProfileSettings settings(profile);
    const SyncSettings sync = settings.sync();

    m_jobsMinutes = new QSpinBox(this);
    m_jobsMinutes->setObjectName(QStringLiteral("jobsIntervalSpinBox"));
    m_jobsMinutes->setRange(static_cast<int>(Defaults::kMinJobsInterval.count()),
        static_cast<int>(duration_cast<minutes>(Defaults::kMaxJobsInterval).count()));
    m_jobsMinutes->setSuffix(tr(" min"));
    m_jobsMinutes->setValue(static_cast<int>(duration_cast<minutes>(sync.jobsInterval).count()));
    m_applicantsHours = new QSpinBox(this);
    m_applicantsHours->setObjectName(QStringLiteral("applicantsIntervalSpinBox"));
    m_applicantsHours->setRange(1, static_cast<int>(Defaults::kMaxApplicantsInterval.count()));
    m_applicantsHours->setSuffix(tr(" h"));
    m_applicantsHours->setValue(std::max(1, static_cast<int>(duration_cast<hours>(sync.applicantsInterval).count())));

    m_departments = new QLineEdit(idListText(sync.departmentFilter), this);
    m_departments->setObjectName(QStringLiteral("departmentsLineEdit"));
    m_departments->setPlaceholderText(tr("All departments (or Greenhouse department ids, comma separated)"));
    m_offices = new QLineEdit(idListText(sync.officeFilter), this);
    m_offices->setObjectName(QStringLiteral("officesLineEdit"));
    m_offices->setPlaceholderText(tr("All offices (or Greenhouse office ids, comma separated)"));
    m_source = new QLineEdit(sync.sourceId ? QString::number(*sync.sourceId) : QString(), this);
    m_source->setObjectName(QStringLiteral("sourceLineEdit"));
    m_source->setPlaceholderText(tr("Greenhouse source id credited for imported candidates"));

    m_startAtLogin = new QCheckBox(tr("Start TalentBridge when I log in"), this);
    m_startAtLogin->setObjectName(QStringLiteral("startAtLoginCheckBox"));
    m_startAtLogin->setChecked(Autostart::isEnabled());
    m_logLevel = new QComboBox(this);
    m_logLevel->setObjectName(QStringLiteral("logLevelComboBox"));
    m_logLevel->addItem(tr("Normal"), QStringLiteral("info"));
    m_logLevel->addItem(tr("Detailed (for support)"), QStringLiteral("debug"));
    m_logLevel->setCurrentIndex(std::max(0, m_logLevel->findData(settings.logLevel())));

    auto *cadences = new QGroupBox(tr("Cadences"), this);
    auto *cadenceForm = new QFormLayout(cadences);
    cadenceForm->addRow(tr("Export jobs every:"), m_jobsMinutes);
    cadenceForm->addRow(tr("Import applicants every:"), m_applicantsHours);

    auto *filters = new QGroupBox(tr("Jobs and applicants"), this);
    auto *filterForm = new QFormLayout(filters);
    filterForm->addRow(tr("Departments:"), m_departments);
    filterForm->addRow(tr("Offices:"), m_offices);
    filterForm->addRow(tr("Source:"), m_source);

    auto *general = new QGroupBox(tr("General"), this);
    auto *generalForm = new QFormLayout(general);
    generalForm->addRow(m_startAtLogin);
    generalForm->addRow(tr("Log level:"), m_logLevel);

    auto *connection = new QGroupBox(tr("Connection"), this);
    auto *connectionLayout = new QHBoxLayout(connection);
    auto *reconnect = new QPushButton(tr("Reconnect..."), connection);
    reconnect->setObjectName(QStringLiteral("reconnectButton"));
    auto *disconnectButton = new QPushButton(tr("Disconnect"), connection);
    disconnectButton->setObjectName(QStringLiteral("disconnectButton"));
    connectionLayout->addWidget(reconnect);
    connectionLayout->addWidget(disconnectButton);
    connectionLayout->addStretch(1);
    connect(reconnect, &QPushButton::clicked, this, &SettingsDialog::reconnectRequested);
    connect(disconnectButton, &QPushButton::clicked, this,
        [this]()
        {
            const auto answer = QMessageBox::question(this, tr("Disconnect"),
                tr("Remove the stored credentials and stop syncing? The run history and the applicant ledger stay."),
                QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
            if (answer == QMessageBox::Yes)
                Q_EMIT disconnectRequested();
        });

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("settingsButtonBox"));
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(cadences);
    layout->addWidget(filters);
    layout->addWidget(general);
    layout->addWidget(connection);
    layout->addWidget(buttons);
}

void SettingsDialog::accept()
{
    using namespace std::chrono;
    const std::optional<QList<qint64>> departments = parseIdList(m_departments->text());
    const std::optional<QList<qint64>> offices = parseIdList(m_offices->text());
    std::optional<qint64> source;
    bool sourceOk = true;
    if (!m_source->text().trimmed().isEmpty())
    {
        source = m_source->text().trimmed().toLongLong(&sourceOk);
        sourceOk = sourceOk && *source > 0;
    }
    if (!departments || !offices || !sourceOk)
    {
        QMessageBox::warning(this, windowTitle(),
            tr("Departments, offices and the source take Greenhouse ids: "
               "numbers separated by commas."));
        return;
    }

    ProfileSettings settings(m_profile);
    SyncSettings sync = settings.sync();
    sync.jobsInterval = duration_cast<seconds>(minutes(m_jobsMinutes->value()));
    sync.applicantsInterval = duration_cast<seconds>(hours(m_applicantsHours->value()));
    sync.departmentFilter = *departments;
    sync.officeFilter = *offices;
    sync.sourceId = source;
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
