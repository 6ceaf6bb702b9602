#pragma once

#include "core/harvest/harvestclient.h"
#include "core/profile/profile.h"

#include <QList>
#include <QWidget>

#include <optional>
#include <stop_token>

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;

namespace Wizard
{

// Which jobs go out (the department and office checklists) and which Greenhouse source imported
// candidates are credited to, as named lists loaded live from Greenhouse off the UI thread, with
// a loading or failed status and Retry. The wizard's sync page and the Settings dialog both use
// it, so a filter is always picked by name and never typed as an id.
//
// The stored choice stays what applyTo() gives until the lists have loaded: a list that cannot
// load (or is never loaded) never clears it. A stored id Greenhouse no longer lists stays ticked,
// shown as such, rather than silently widening the filter to everything.
class SyncFiltersWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncFiltersWidget)

public:
    explicit SyncFiltersWidget(QWidget *parent = nullptr);
    ~SyncFiltersWidget() override;

    // The stored departments, offices and source: ticked when the lists load.
    void setSelection(const SyncSettings &sync);
    // Writes the chosen departments, offices and source into `sync`.
    void applyTo(SyncSettings &sync) const;
    // On the first load without a stored source, select the source with this name.
    void setPreferredSourceName(const QString &name) { m_preferredSource = name; }

    // Loads the lists with these credentials (Retry uses them again); a load in flight is dropped.
    void load(const Harvest::ClientConfig &config, const Harvest::SharedState &shared);
    // Drops a load in flight; the lists and the choice stay as they are.
    void cancel();
    // Nothing to load with (not connected): says so; the stored choice stays.
    void showUnavailable(const QString &message);

    bool isLoading() const { return m_loading; }
    bool isLoaded() const { return m_loaded; }
    // The chosen source's name; empty for none or before the lists loaded.
    QString sourceName() const;

    QListWidget *departmentList() const { return m_departmentList; }
    QListWidget *officeList() const { return m_officeList; }
    QComboBox *sourceComboBox() const { return m_sourceComboBox; }
    QPushButton *retryButton() const { return m_retryButton; }
    QLabel *statusLabel() const { return m_status; }

Q_SIGNALS:
    // The lists loaded: how many departments and offices Greenhouse has.
    void loaded(int departments, int offices);
    // A load ended without the lists (the status says why).
    void loadFailed();

private:
    void onRetryClicked();
    SyncSettings currentChoice() const;
    // Until the lists load: the saved ids in place of the names, read-only, so a list that is
    // not (yet) loaded neither looks like "nothing chosen" nor can be edited blind.
    void showSavedChoice();

    QListWidget *m_departmentList = nullptr;
    QListWidget *m_officeList = nullptr;
    QComboBox *m_sourceComboBox = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_retryButton = nullptr;

    SyncSettings m_selection;
    QString m_preferredSource;
    std::optional<Harvest::ClientConfig> m_config;
    Harvest::SharedState m_shared;
    std::stop_source m_stop;
    quint64 m_generation = 0;
    bool m_loading = false;
    bool m_loaded = false;
};

} // namespace Wizard
