#pragma once

#include "core/store/storetypes.h"
#include "ui/models/querytablemodel.h"

class Store;

// The job mirror: what Greenhouse has and what was exported to SmartDreamers.
class JobsModel final : public QueryTableModel<JobRecord, JobQuery>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobsModel)

public:
    enum Column
    {
        JobIdColumn,
        TitleColumn,
        DepartmentColumn,
        OfficesColumn,
        GreenhouseStatusColumn,
        PlatformStatusColumn,
        LastExportedColumn,
        ErrorColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    // store must outlive the model. Reads the first page at once.
    explicit JobsModel(Store *store, QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    std::optional<JobQuery::SortColumn> sortColumnFor(int column) const override;
    QList<JobRecord> readPage(int offset, int limit) const override;
    int queryCount() const override;
    QString keyOf(const JobRecord &record) const override;
    bool sameContent(const JobRecord &a, const JobRecord &b) const override;

private:
    Store *const m_store;
};
