#include "ui/wizard/intervaledit.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>

#include <algorithm>

namespace Wizard
{

namespace
{
constexpr std::chrono::seconds kMinute { 60 };
constexpr std::chrono::seconds kHour { 3600 };

qint64 ceilDiv(qint64 value, qint64 divisor)
{
    return (value + divisor - 1) / divisor;
}
} // namespace

IntervalEdit::IntervalEdit(const QString &objectName, QWidget *parent) : QWidget(parent)
{
    setObjectName(objectName);
    m_spinBox = new QSpinBox(this);
    m_spinBox->setObjectName(objectName + QStringLiteral("SpinBox"));
    m_spinBox->setAccelerated(true);
    m_spinBox->setAlignment(Qt::AlignRight);

    m_unitComboBox = new QComboBox(this);
    m_unitComboBox->setObjectName(objectName + QStringLiteral("UnitComboBox"));
    m_unitComboBox->addItem(tr("minutes"), qint64(kMinute.count()));
    m_unitComboBox->addItem(tr("hours"), qint64(kHour.count()));
    setFocusProxy(m_spinBox);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_spinBox);
    layout->addWidget(m_unitComboBox);
    layout->addStretch();

    // Wide enough for four digits at any font size.
    m_spinBox->setMinimumWidth(m_spinBox->fontMetrics().horizontalAdvance(QStringLiteral("00000")) * 2);
    applyRange();

    connect(m_spinBox, &QSpinBox::valueChanged, this, &IntervalEdit::valueChanged);
    connect(m_unitComboBox, &QComboBox::currentIndexChanged, this, &IntervalEdit::onUnitChanged);
}

std::chrono::seconds IntervalEdit::unit() const
{
    return std::chrono::seconds(m_unitComboBox->currentData().toLongLong());
}

void IntervalEdit::applyRange()
{
    const qint64 step = unit().count();
    const qint64 low = std::max<qint64>(1, ceilDiv(m_minimum.count(), step));
    const qint64 high = std::max<qint64>(low, m_maximum.count() / step);
    const QSignalBlocker blocker(m_spinBox);
    m_spinBox->setRange(static_cast<int>(low), static_cast<int>(high));
}

void IntervalEdit::setRange(std::chrono::seconds minimum, std::chrono::seconds maximum)
{
    const std::chrono::seconds current = value();
    m_minimum = minimum;
    m_maximum = maximum;
    setValue(current);
}

void IntervalEdit::setValue(std::chrono::seconds value)
{
    value = std::clamp(value, m_minimum, m_maximum);
    // Whole hours read best in hours; anything else stays in minutes.
    const bool hours = value >= kHour && value.count() % kHour.count() == 0;
    {
        const QSignalBlocker blocker(m_unitComboBox);
        m_unitComboBox->setCurrentIndex(hours ? 1 : 0);
    }
    applyRange();
    m_spinBox->setValue(static_cast<int>(value.count() / unit().count()));
    Q_EMIT valueChanged();
}

std::chrono::seconds IntervalEdit::value() const
{
    return std::clamp(unit() * m_spinBox->value(), m_minimum, m_maximum);
}

void IntervalEdit::onUnitChanged(int index)
{
    Q_UNUSED(index)
    // Keep the number the admin typed and read it in the new unit, within the bounds.
    const int typed = m_spinBox->value();
    applyRange();
    m_spinBox->setValue(typed);
    Q_EMIT valueChanged();
}

CadenceEditors makeCadenceEditors(const SyncSettings &sync, QWidget *parent)
{
    CadenceEditors editors;
    editors.jobs = new IntervalEdit(QStringLiteral("jobsInterval"), parent);
    editors.jobs->setRange(Defaults::kMinJobsInterval, Defaults::kMaxJobsInterval);
    editors.jobs->setValue(sync.jobsInterval);
    editors.applicants = new IntervalEdit(QStringLiteral("applicantsInterval"), parent);
    editors.applicants->setRange(Defaults::kMinApplicantsInterval, Defaults::kMaxApplicantsInterval);
    editors.applicants->setValue(sync.applicantsInterval);

    editors.box = new QGroupBox(IntervalEdit::tr("How often"), parent);
    editors.box->setObjectName(QStringLiteral("cadenceGroupBox"));
    auto *form = new QFormLayout(editors.box);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    auto *jobsLabel = new QLabel(IntervalEdit::tr("Send open &jobs to SmartDreamers every:"), editors.box);
    jobsLabel->setBuddy(editors.jobs->spinBox());
    auto *applicantsLabel = new QLabel(IntervalEdit::tr("Bring new &applicants into Greenhouse every:"), editors.box);
    applicantsLabel->setBuddy(editors.applicants->spinBox());
    form->addRow(jobsLabel, editors.jobs);
    form->addRow(applicantsLabel, editors.applicants);

    QWidget::setTabOrder(editors.jobs->spinBox(), editors.jobs->unitComboBox());
    QWidget::setTabOrder(editors.jobs->unitComboBox(), editors.applicants->spinBox());
    QWidget::setTabOrder(editors.applicants->spinBox(), editors.applicants->unitComboBox());
    return editors;
}

} // namespace Wizard
