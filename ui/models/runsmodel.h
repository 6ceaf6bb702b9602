#pragma once

#include "core/store/storetypes.h"
#include "ui/models/recordtablemodel.h"

class Store;

// The run history, newest first.
class RunsModel final : public RecordTableModel<RunRecord>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunsModel)

public:
    enum Column
    {
        StartedColumn,
        LaneColumn,
        DurationColumn,
        ResultColumn,
        CountsColumn,
        ErrorColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    explicit RunsModel(Store *store, QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "jobs", "applicants" or empty for both.
    void setLaneFilter(const QString &lane);
    QString laneFilter() const { return m_lane; }

    static QString countsText(const RunRecord &run);

protected:
    QList<RunRecord> readPage(int offset, int limit) const override;
    int queryCount() const override;
    QString keyOf(const RunRecord &record) const override;
    bool sameContent(const RunRecord &a, const RunRecord &b) const override;

private:
    Store *const m_store;
    QString m_lane;
};
