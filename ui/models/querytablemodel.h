#pragma once

#include "ui/models/recordtablemodel.h"

#include <optional>

// A RecordTableModel whose rows come from a store query (JobQuery, ApplicantQuery): sorting and
// searching change the query and re-read the first page without a reset. Query needs a
// SortColumn enum and `sortColumn`, `order` and `search` members.
template <typename Record, typename Query> class QueryTableModel : public RecordTableModel<Record>
{
public:
    using SortColumn = typename Query::SortColumn;
    using RecordTableModel<Record>::RecordTableModel;

    // Sorting happens in SQL. Columns the store cannot sort by are ignored.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override
    {
        const std::optional<SortColumn> sortColumn = sortColumnFor(column);
        if (!sortColumn)
            return;
        updateQuery(
            [&](Query &query)
            {
                query.sortColumn = *sortColumn;
                query.order = order;
            });
    }

    bool isSortable(int column) const { return sortColumnFor(column).has_value(); }

    // Rows whose text fields contain the (trimmed) text, case-insensitively; empty shows all.
    void setSearch(const QString &text)
    {
        updateQuery([search = text.trimmed()](Query &query) { query.search = search; });
    }

    const Query &query() const { return m_query; }

protected:
    virtual std::optional<SortColumn> sortColumnFor(int column) const = 0;

    // Applies change to the query and re-reads the rows if that changed anything.
    template <typename Change> void updateQuery(Change &&change)
    {
        Query changed = m_query;
        change(changed);
        if (changed == m_query)
            return;
        m_query = std::move(changed);
        this->requery();
    }

    Query m_query;
};
