#pragma once

#include "core/store/storetypes.h"
#include "ui/models/recordtablemodel.h"

class Store;

// The job mirror: what Greenhouse has and what was exported to SmartDreamers.
class JobsModel final : public RecordTableModel<JobRecord>
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

    // Sorting and filtering happen in SQL. Columns the store cannot sort by are ignored.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    static bool isSortable(int column);
    void setSearch(const QString &text);
    JobQuery query() const { return m_query; }

protected:
    QList<JobRecord> readPage(int offset, int limit) const override;
    int queryCount() const override;
    QString keyOf(const JobRecord &record) const override;
    bool sameContent(const JobRecord &a, const JobRecord &b) const override;

private:
    Store *const m_store;
    JobQuery m_query;
};
