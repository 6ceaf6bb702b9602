#include "ui/wizard/syncfilterswidget.h"

#include "core/logging.h"
#include "ui/wizard/wizardsupport.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHash>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace Wizard
{

namespace
{
// A person waits for these lists: fail fast rather than retry for long.
constexpr std::chrono::seconds kTransferTimeout { 20 };
constexpr std::chrono::seconds kBackoffMax { 2 };

using NamedIds = QList<std::pair<qint64, QString>>;

// Departments and offices, sources: what the widget shows, read on a worker thread.
struct ReferenceData
{
    std::optional<Net::Error> error;
    QString failedList; // translated: which list could not be read
    NamedIds departments;
    NamedIds offices;
    NamedIds sources;
};

void sortByName(NamedIds &items)
{
    std::sort(items.begin(), items.end(),
        [](const auto &a, const auto &b) { return a.second.localeAwareCompare(b.second) < 0; });
}

// "Parent / Child" labels, sorted, so nested departments and offices are told apart.
template <typename T> NamedIds labelled(const QList<T> &items)
{
    QHash<qint64, const T *> byId;
    for (const T &item : items)
    {
        byId.insert(item.id, &item);
    }
    NamedIds result;
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
    sortByName(result);
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
        data.failedList = SyncFiltersWidget::tr("departments");
        return data;
    }
    data.departments = labelled(departments.value());

    auto offices = client.offices(stop);
    if (!offices.ok())
    {
        data.error = offices.error();
        data.failedList = SyncFiltersWidget::tr("offices");
        return data;
    }
    data.offices = labelled(offices.value());

    auto sources = client.sources(stop);
    if (!sources.ok())
    {
        data.error = sources.error();
        data.failedList = SyncFiltersWidget::tr("sources");
        return data;
    }
    for (const Harvest::Source &source : sources.value())
    {
        data.sources.append({ source.id, source.name });
    }
    sortByName(data.sources);
    return data;
}

QListWidget *makeFilterList(const char *objectName, const QString &accessibleName, QWidget *parent)
{
    auto *list = new QListWidget(parent);
    list->setObjectName(QString::fromLatin1(objectName));
    list->setAccessibleName(accessibleName);
    list->setSelectionMode(QAbstractItemView::SingleSelection);
    list->setUniformItemSizes(true);
    // Three rows, so the wizard page fits its smallest window even with a load error and the
    // saved choice shown (the lists scroll; they grow with the window).
    list->setMinimumHeight(list->fontMetrics().lineSpacing() * 3);
    return list;
}

QListWidgetItem *addFilterItem(QListWidget *list, qint64 id, const QString &label, bool checked)
{
    auto *item = new QListWidgetItem(label, list);
    item->setData(Qt::UserRole, id);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
    item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
    return item;
}

void fillFilterList(QListWidget *list, const NamedIds &items, const QList<qint64> &checked)
{
    list->clear();
    QList<qint64> missing = checked;
    for (const auto &[id, label] : items)
    {
        addFilterItem(list, id, label, checked.contains(id));
        missing.removeAll(id);
    }
    // A stored id Greenhouse does not list (deleted, or a typo from an older version) stays
    // ticked and in sight: dropping it would widen the filter to everything without a word.
    for (qint64 id : std::as_const(missing))
    {
        QListWidgetItem *item
            = addFilterItem(list, id, SyncFiltersWidget::tr("Unknown to Greenhouse (id %1)").arg(id), true);
        item->setToolTip(SyncFiltersWidget::tr("Greenhouse does not list this id any more. Untick it to drop it."));
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

SyncFiltersWidget::SyncFiltersWidget(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("syncFiltersWidget"));

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
    auto *sourceLabel = new QLabel(tr("Credit imported candidates to the &source:"), this);
    sourceLabel->setBuddy(m_sourceComboBox);
    // Label and list side by side when there is room, else the list goes below the label.
    auto *sourceRow = new QFormLayout;
    sourceRow->setRowWrapPolicy(QFormLayout::WrapLongRows);
    sourceRow->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    sourceRow->setContentsMargins(0, 0, 0, 0);
    sourceRow->addRow(sourceLabel, m_sourceComboBox);

    m_status = makeStatusLabel("referenceDataStatusLabel", this);
    m_retryButton = new QPushButton(tr("&Retry"), this);
    m_retryButton->setObjectName(QStringLiteral("retryReferenceDataButton"));
    m_retryButton->hide();
    connect(m_retryButton, &QPushButton::clicked, this, &SyncFiltersWidget::onRetryClicked);
    auto *statusRow = new QHBoxLayout;
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_retryButton, 0, Qt::AlignTop);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(filterBox, 1);
    layout->addLayout(sourceRow);
    layout->addLayout(statusRow);

    setTabOrder(m_departmentList, m_officeList);
    setTabOrder(m_officeList, m_sourceComboBox);
    setTabOrder(m_sourceComboBox, m_retryButton);
    showSavedChoice();
}

SyncFiltersWidget::~SyncFiltersWidget()
{
    m_stop.request_stop();
}

void SyncFiltersWidget::setSelection(const SyncSettings &sync)
{
    m_selection = sync;
    if (!m_loaded)
    {
        showSavedChoice();
    }
}

void SyncFiltersWidget::showSavedChoice()
{
    const auto fill = [](QListWidget *list, const QList<qint64> &ids, const QString &all, const QString &one)
    {
        list->clear();
        if (ids.isEmpty())
        {
            new QListWidgetItem(all, list);
        }
        for (qint64 id : ids)
        {
            addFilterItem(list, id, one.arg(id), true);
        }
        list->setEnabled(false);
    };
    fill(m_departmentList, m_selection.departmentFilter, tr("All departments"), tr("Department id %1"));
    fill(m_officeList, m_selection.officeFilter, tr("All offices"), tr("Office id %1"));
    m_sourceComboBox->clear();
    if (m_selection.sourceId)
    {
        m_sourceComboBox->addItem(tr("Source id %1").arg(*m_selection.sourceId), *m_selection.sourceId);
    }
    else
    {
        m_sourceComboBox->addItem(tr("None (leave the source empty)"));
    }
    m_sourceComboBox->setEnabled(false);
}

SyncSettings SyncFiltersWidget::currentChoice() const
{
    SyncSettings choice = m_selection;
    if (m_loaded)
    {
        choice.departmentFilter = checkedIds(m_departmentList);
        choice.officeFilter = checkedIds(m_officeList);
        const QVariant source = m_sourceComboBox->currentData();
        choice.sourceId = source.isValid() ? std::optional<qint64>(source.toLongLong()) : std::nullopt;
    }
    return choice;
}

void SyncFiltersWidget::applyTo(SyncSettings &sync) const
{
    const SyncSettings choice = currentChoice();
    sync.departmentFilter = choice.departmentFilter;
    sync.officeFilter = choice.officeFilter;
    sync.sourceId = choice.sourceId;
}

QString SyncFiltersWidget::sourceName() const
{
    if (!m_loaded || !m_sourceComboBox->currentData().isValid())
    {
        return {};
    }
    return m_sourceComboBox->currentText();
}

void SyncFiltersWidget::showUnavailable(const QString &message)
{
    cancel();
    m_retryButton->hide();
    setStatus(m_status, Tone::Neutral, message);
}

void SyncFiltersWidget::cancel()
{
    if (!m_loading)
    {
        return;
    }
    m_stop.request_stop();
    ++m_generation;
    m_loading = false;
    setStatus(m_status, Tone::Neutral, {});
}

void SyncFiltersWidget::onRetryClicked()
{
    if (m_config)
    {
        load(*m_config, m_shared);
    }
}

void SyncFiltersWidget::load(const Harvest::ClientConfig &config, const Harvest::SharedState &shared)
{
    cancel();
    m_config = config;
    m_config->session.transferTimeout = kTransferTimeout;
    m_config->session.maxRetries = 1;
    m_config->session.backoffMax = kBackoffMax;
    m_shared = shared;
    m_stop = std::stop_source();
    m_loading = true;
    const quint64 generation = ++m_generation;
    m_retryButton->hide();
    setStatus(m_status, Tone::Busy, tr("Loading departments, offices and sources from Greenhouse\u2026"));

    // What is ticked now survives a reload; before the first load, the stored choice counts.
    const SyncSettings choice = currentChoice();
    const bool preferNamedSource = !m_loaded && !choice.sourceId && !m_preferredSource.isEmpty();
    const Harvest::ClientConfig work = *m_config;
    const std::stop_token stop = m_stop.get_token();

    runInBackground(
        this, [work, shared, stop]() { return loadReferenceData(work, shared, stop); },
        [this, generation, choice, preferNamedSource](const ReferenceData &data)
        {
            if (generation != m_generation)
            {
                return;
            }
            m_loading = false;
            if (data.error)
            {
                qCWarning(lcUi) << "sync filters: loading" << data.failedList << "failed:" << data.error->kindName()
                                << data.error->httpStatus;
                const QString kept
                    = m_loaded ? QString() : QLatin1Char(' ') + tr("Until they load, the choice shown above is kept.");
                setStatus(m_status, Tone::Failure,
                    tr("Could not load the %1 from Greenhouse. %2").arg(data.failedList, data.error->message())
                        + kept);
                m_retryButton->show();
                Q_EMIT loadFailed();
                return;
            }

            fillFilterList(m_departmentList, data.departments, choice.departmentFilter);
            fillFilterList(m_officeList, data.offices, choice.officeFilter);
            m_departmentList->setEnabled(true);
            m_officeList->setEnabled(true);
            m_sourceComboBox->setEnabled(true);
            m_sourceComboBox->clear();
            m_sourceComboBox->addItem(tr("None (leave the source empty)"));
            int selected = 0;
            for (const auto &[id, name] : data.sources)
            {
                m_sourceComboBox->addItem(name, id);
                const bool stored = choice.sourceId && *choice.sourceId == id;
                const bool preferred = preferNamedSource && name == m_preferredSource;
                if (stored || preferred)
                {
                    selected = m_sourceComboBox->count() - 1;
                }
            }
            if (choice.sourceId && selected == 0)
            {
                m_sourceComboBox->addItem(tr("Unknown to Greenhouse (id %1)").arg(*choice.sourceId), *choice.sourceId);
                selected = m_sourceComboBox->count() - 1;
            }
            m_sourceComboBox->setCurrentIndex(selected);

            m_loaded = true;
            qCInfo(lcUi) << "sync filters: loaded" << data.departments.size() << "departments,"
                         << data.offices.size() << "offices," << data.sources.size() << "sources";
            setStatus(m_status, Tone::Neutral, {});
            Q_EMIT loaded(static_cast<int>(data.departments.size()), static_cast<int>(data.offices.size()));
        });
}

} // namespace Wizard
