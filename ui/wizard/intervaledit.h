#pragma once

#include "core/profile/profile.h"

#include <QWidget>

#include <chrono>

class QComboBox;
class QGroupBox;
class QSpinBox;

namespace Wizard
{

// A cadence as a number and a unit (minutes or hours), kept within the bounds it is given.
// The child widgets are named <objectName>SpinBox and <objectName>UnitComboBox.
class IntervalEdit final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IntervalEdit)

public:
    explicit IntervalEdit(const QString &objectName, QWidget *parent = nullptr);

    void setRange(std::chrono::seconds minimum, std::chrono::seconds maximum);
    void setValue(std::chrono::seconds value);
    std::chrono::seconds value() const;

    QSpinBox *spinBox() const { return m_spinBox; }
    QComboBox *unitComboBox() const { return m_unitComboBox; }

Q_SIGNALS:
    void valueChanged();

private:
    void onUnitChanged(int index);
    std::chrono::seconds unit() const;
    void applyRange();

    QSpinBox *m_spinBox = nullptr;
    QComboBox *m_unitComboBox = nullptr;
    std::chrono::seconds m_minimum { 60 };
    std::chrono::seconds m_maximum { 24 * 3600 };
};

// "How often": the jobs and applicants cadences within their bounds, labelled, set to `sync`.
// The wizard's sync page and the Settings dialog both use it.
struct CadenceEditors
{
    QGroupBox *box = nullptr;
    IntervalEdit *jobs = nullptr;
    IntervalEdit *applicants = nullptr;
};
CadenceEditors makeCadenceEditors(const SyncSettings &sync, QWidget *parent);

} // namespace Wizard
