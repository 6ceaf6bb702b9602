#include "ui/wizard/syncsettingspage.h"

#include "core/harvest/harvestclient.h"
#include "core/logging.h"
#include "ui/wizard/intervaledit.h"
#include "ui/wizard/setupcontroller.h"
#include "ui/wizard/wizardsupport.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCryptographicHash>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHash>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <optional>

namespace Wizard
{

namespace
{
constexpr char kSmartDreamersSource[] = "SmartDreamers";

// Departments and offices, sources: what the page shows, read on a worker thread.
struct ReferenceData
{
    std::optional<Net::Error> error;
    QString failedList; // translated: which list could not be read
    QList<std::pair<qint64, QString>> departments;
    QList<std::pair<qint64, QString>> offices;
    QList<std::pair<qint64, QString>> sources;
};

// "Parent / Child" labels, sorted, so nested departments and offices are told apart.
template <typename T> QList<std::pair<qint64, QString>> labelled(const QList<T> &items)
{
    QHash<qint64, const T *> byId;
    for (const T &item : items)
    {
        byId.insert(item.id, &item);
    }
    QList<std::pair<qint64, QString>> result;
    for (const T &item : items)
    {
        QString label = item.name;
        std::optional<qint64> parent = item.parentId;
        for (int depth = 0; parent && depth < 8; ++depth)
        {
            const T *up = byId.value(*parent);
            if (!up)
            {
                break;
            }
            label = up->name + QStringLiteral(" / ") + label;
            parent = up->parentId;
        }
        result.append({ item.id, label });
    }
    std::sort(result.begin(), result.end(),
        [](const auto &a, const auto &b) { return a.second.localeAwareCompare(b.second) < 0; });
    return result;
}

ReferenceData loadReferenceData(
    const Harvest::ClientConfig &config, const Harvest::SharedState &shared, std::stop_token stop)
{
    ReferenceData data;
    const Harvest::HarvestClient client(config, shared);

    auto departments = client.departments(stop);
    if (!departments.ok())
    {
        data.error = departments.error();
        data.failedList = QObject::tr("departments");
        return data;
    }
    data.departments = labelled(departments.value());

    auto offices = client.offices(stop);
    if (!offices.ok())
    {
        data.error = offices.error();
        data.failedList = QObject::tr("offices");
        return data;
    }
    data.offices = labelled(offices.value());

    auto sources = client.sources(stop);
    if (!sources.ok())
    {
        data.error = sources.error();
        data.failedList = QObject::tr("sources");
        return data;
    }
    for (const Harvest::Source &source : sources.value())
    {
        data.sources.append({ source.id, source.name });
    }
    std::sort(data.sources.begin(), data.sources.end(),
        [](const auto &a, const auto &b) { return a.second.localeAwareCompare(b.second) < 0; });
    return data;
}

QListWidget *makeFilterList(const char *objectName, const QString &accessibleName, QWidget *parent)
{
    auto *list = new QListWidget(parent);
    list->setObjectName(QString::fromLatin1(objectName));
    list->setAccessibleName(accessibleName);
    list->setSelectionMode(QAbstractItemView::SingleSelection);
    list->setUniformItemSizes(true);
    // Four rows, so the page fits the wizard's smallest window even with a load error shown.
    list->setMinimumHeight(list->fontMetrics().lineSpacing() * 4);
    return list;
}

void fillFilterList(QListWidget *list, const QList<std::pair<qint64, QString>> &items, const QList<qint64> &checked)
{
    list->clear();
    for (const auto &[id, label] : items)
    {
        auto *item = new QListWidgetItem(label, list);
        item->setData(Qt::UserRole, id);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(checked.contains(id) ? Qt::Checked : Qt::Unchecked);
    }
    if (list->count() > 0)
    {
        list->setCurrentRow(0);
    }
}

QList<qint64> checkedIds(const QListWidget *list)
{
    QList<qint64> ids;
    for (int row = 0; row < list->count(); ++row)
    {
        const QListWidgetItem *item = list->item(row);
        if (item->checkState() == Qt::Checked)
        {
            ids.append(item->data(Qt::UserRole).toLongLong());
        }
    }
    return ids;
}
} // namespace

SyncSettingsPage::SyncSettingsPage(SetupController *controller, QWidget *parent)
    : QWizardPage(parent), m_controller(controller), m_initial(controller->initialSync())
{
    setObjectName(QStringLiteral("syncSettingsPage"));
    setTitle(tr("Choose what to sync and how often"));
    setSubTitle(tr("You can change all of this later in Settings."));

    m_jobsInterval = new IntervalEdit(QStringLiteral("jobsInterval"), this);
    m_jobsInterval->setRange(Defaults::kMinJobsInterval, Defaults::kMaxJobsInterval);
    m_jobsInterval->setValue(m_initial.jobsInterval);
    m_applicantsInterval = new IntervalEdit(QStringLiteral("applicantsInterval"), this);
    m_applicantsInterval->setRange(Defaults::kMinApplicantsInterval, Defaults::kMaxApplicantsInterval);
    m_applicantsInterval->setValue(m_initial.applicantsInterval);

    auto *cadenceBox = new QGroupBox(tr("How often"), this);
    cadenceBox->setObjectName(QStringLiteral("cadenceGroupBox"));
    auto *cadenceForm = new QFormLayout(cadenceBox);
    cadenceForm->setRowWrapPolicy(QFormLayout::WrapLongRows);
    auto *jobsLabel = new QLabel(tr("Send open &jobs to SmartDreamers every:"), cadenceBox);
    jobsLabel->setBuddy(m_jobsInterval->spinBox());
    auto *applicantsLabel = new QLabel(tr("Bring new &applicants into Greenhouse every:"), cadenceBox);
    applicantsLabel->setBuddy(m_applicantsInterval->spinBox());
    cadenceForm->addRow(jobsLabel, m_jobsInterval);
    cadenceForm->addRow(applicantsLabel, m_applicantsInterval);

    m_departmentList = makeFilterList("departmentListWidget", tr("Departments"), this);
    m_officeList = makeFilterList("officeListWidget", tr("Offices"), this);
    auto *departmentLabel = new QLabel(tr("&Departments:"), this);
    departmentLabel->setBuddy(m_departmentList);
    auto *officeLabel = new QLabel(tr("&Offices:"), this);
    officeLabel->setBuddy(m_officeList);

    // Short texts: a hint that wrapped to a second line pushed the lists out of the box in the
    // wizard's smallest window.
    auto *filterBox = new QGroupBox(tr("Which jobs (optional: nothing ticked sends all)"), this);
    filterBox->setObjectName(QStringLiteral("filterGroupBox"));
    auto *filterHint = new QLabel(tr("Tick departments or offices to send only their jobs."), filterBox);
    filterHint->setObjectName(QStringLiteral("filterHintLabel"));
    filterHint->setWordWrap(true);
    auto *filterGrid = new QGridLayout(filterBox);
    filterGrid->addWidget(filterHint, 0, 0, 1, 2);
    filterGrid->addWidget(departmentLabel, 1, 0);
    filterGrid->addWidget(officeLabel, 1, 1);
    filterGrid->addWidget(m_departmentList, 2, 0);
    filterGrid->addWidget(m_officeList, 2, 1);

    m_sourceComboBox = new QComboBox(this);
    m_sourceComboBox->setObjectName(QStringLiteral("sourceComboBox"));
    // A long source name must not widen the page past a small screen; the list shows it whole.
    m_sourceComboBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_sourceComboBox->setMinimumContentsLength(24);
    m_sourceComboBox->addItem(tr("None (leave the source empty)"));
    auto *sourceLabel = new QLabel(tr("Credit imported candidates to the &source:"), this);
    sourceLabel->setBuddy(m_sourceComboBox);
    // Label and list side by side when there is room, else the list goes below the label.
    auto *sourceRow = new QFormLayout;
    sourceRow->setRowWrapPolicy(QFormLayout::WrapLongRows);
    sourceRow->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    sourceRow->setContentsMargins(0, 0, 0, 0);
    sourceRow->addRow(sourceLabel, m_sourceComboBox);

    m_loadStatus = makeStatusLabel("referenceDataStatusLabel", this);
    m_retryButton = new QPushButton(tr("&Retry"), this);
    m_retryButton->setObjectName(QStringLiteral("retryReferenceDataButton"));
    m_retryButton->hide();
    connect(m_retryButton, &QPushButton::clicked, this, &SyncSettingsPage::onRetryClicked);
    auto *statusRow = new QHBoxLayout;
    statusRow->addWidget(m_loadStatus, 1);
    statusRow->addWidget(m_retryButton, 0, Qt::AlignTop);

    m_startAtLoginCheckBox = new QCheckBox(tr("Start TalentBridge when I &log in"), this);
    m_startAtLoginCheckBox->setObjectName(QStringLiteral("startAtLoginCheckBox"));
    m_startAtLoginCheckBox->setChecked(m_initial.startAtLogin);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(cadenceBox);
    layout->addWidget(filterBox, 1);
    layout->addLayout(sourceRow);
    layout->addLayout(statusRow);
    layout->addWidget(m_startAtLoginCheckBox);

    setTabOrder(m_jobsInterval->spinBox(), m_jobsInterval->unitComboBox());
    setTabOrder(m_jobsInterval->unitComboBox(), m_applicantsInterval->spinBox());
    setTabOrder(m_applicantsInterval->spinBox(), m_applicantsInterval->unitComboBox());
    setTabOrder(m_applicantsInterval->unitComboBox(), m_departmentList);
    setTabOrder(m_departmentList, m_officeList);
    setTabOrder(m_officeList, m_sourceComboBox);
    setTabOrder(m_sourceComboBox, m_retryButton);
    setTabOrder(m_retryButton, m_startAtLoginCheckBox);
}

SyncSettingsPage::~SyncSettingsPage()
{
    m_stop.request_stop();
}

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
    if (!m_loading && (!m_loaded || m_loadedKey != credentialKey()))
    {
        startLoading();
    }
}

void SyncSettingsPage::cleanupPage()
{
    // Going back keeps the choices; a load in flight stops and runs again on return.
    cancelLoading();
}

void SyncSettingsPage::onRetryClicked()
{
    startLoading();
}

void SyncSettingsPage::cancelLoading()
{
    if (!m_loading)
    {
        return;
    }
    m_stop.request_stop();
    ++m_generation;
    m_loading = false;
    setStatus(m_loadStatus, Tone::Neutral, {});
}

void SyncSettingsPage::startLoading()
{
    cancelLoading();
    m_stop = std::stop_source();
    m_loading = true;
    const quint64 generation = ++m_generation;
    const QString key = credentialKey();
    m_retryButton->hide();
    setStatus(m_loadStatus, Tone::Busy, tr("Loading departments, offices and sources from Greenhouse\u2026"));

    bool ok = false;
    const qint64 actingUser = field(QStringLiteral("actingUserId")).toString().toLongLong(&ok);
    const Harvest::ClientConfig config = m_controller->harvestConfig(field(QStringLiteral("clientId")).toString(),
        field(QStringLiteral("clientSecret")).toString(), ok ? std::optional<qint64>(actingUser) : std::nullopt);
    const Harvest::SharedState shared = m_controller->harvestShared();
    const std::stop_token stop = m_stop.get_token();

    // What is ticked now survives a reload; before the first load, the stored choice counts.
    const QList<qint64> departments = m_loaded ? checkedIds(m_departmentList) : m_initial.departmentFilter;
    const QList<qint64> offices = m_loaded ? checkedIds(m_officeList) : m_initial.officeFilter;
    const QVariant currentSource = m_sourceComboBox->currentData();
    const std::optional<qint64> source = m_loaded
        ? (currentSource.isValid() ? std::optional<qint64>(currentSource.toLongLong()) : std::nullopt)
        : m_initial.sourceId;
    const bool firstLoad = !m_loaded;

    runInBackground(
        this, [config, shared, stop]() { return loadReferenceData(config, shared, stop); },
        [this, generation, key, departments, offices, source, firstLoad](const ReferenceData &data)
        {
            if (generation != m_generation)
            {
                return;
            }
            m_loading = false;
            if (data.error)
            {
                qCWarning(lcUi) << "setup: loading" << data.failedList << "failed:" << data.error->kindName()
                                << data.error->httpStatus;
                setStatus(m_loadStatus, Tone::Failure,
                    tr("Could not load the %1 from Greenhouse. %2").arg(data.failedList, data.error->message()));
                m_retryButton->show();
                return;
            }

            fillFilterList(m_departmentList, data.departments, departments);
            fillFilterList(m_officeList, data.offices, offices);
            m_sourceComboBox->clear();
            m_sourceComboBox->addItem(tr("None (leave the source empty)"));
            int selected = 0;
            for (const auto &[id, name] : data.sources)
            {
                m_sourceComboBox->addItem(name, id);
                const bool stored = source && *source == id;
                const bool preferred = firstLoad && !source && name == QLatin1String(kSmartDreamersSource);
                if (stored || preferred)
                {
                    selected = m_sourceComboBox->count() - 1;
                }
            }
            m_sourceComboBox->setCurrentIndex(selected);

            m_loaded = true;
            m_loadedKey = key;
            m_controller->facts().departmentCount = static_cast<int>(data.departments.size());
            m_controller->facts().officeCount = static_cast<int>(data.offices.size());
            qCInfo(lcUi) << "setup: loaded" << data.departments.size() << "departments," << data.offices.size()
                         << "offices," << data.sources.size() << "sources";
            setStatus(m_loadStatus, Tone::Neutral, {});
        });
}

SyncSettings SyncSettingsPage::settings() const
{
    SyncSettings result = m_initial;
    result.jobsInterval = m_jobsInterval->value();
    result.applicantsInterval = m_applicantsInterval->value();
    result.startAtLogin = m_startAtLoginCheckBox->isChecked();
    if (m_loaded)
    {
        result.departmentFilter = checkedIds(m_departmentList);
        result.officeFilter = checkedIds(m_officeList);
        const QVariant source = m_sourceComboBox->currentData();
        result.sourceId = source.isValid() ? std::optional<qint64>(source.toLongLong()) : std::nullopt;
    }
    return result;
}

QString SyncSettingsPage::sourceName() const
{
    if (!m_loaded)
    {
        return {};
    }
    return m_sourceComboBox->currentData().isValid() ? m_sourceComboBox->currentText() : QString();
}

} // namespace Wizard
