#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QTimer>

#include <algorithm>
#include <chrono>

// Common roles of the store-backed table models.
namespace ModelRoles
{
enum Role
{
    SortRole = Qt::UserRole + 1, // the raw value the column sorts by (numbers, UTC times, ids)
    KeyRole, // the row's primary key as a string (job id, applicant id, run id)
    LinkRole, // a QUrl to open for the row (applicants: the candidate in Greenhouse)
    StateRole, // a raw state name ("quarantined", "open", "ok"...)
};
}

// A QAbstractTableModel over rows read page by page from the Store. Subclasses say how to read
// a page, count the matches, name a row's key and compare two rows; this class does the paging
// (canFetchMore/fetchMore) and the live refresh.
//
// A refresh re-reads the rows already shown and applies the difference: rows that left are
// removed, rows that arrived are inserted, rows that moved are moved with a layout change that
// keeps persistent indexes (selection, current index), and rows whose content changed get a
// dataChanged of their own. The model is never reset, so selection and scroll position stay.
// Store notifications are coalesced: many commits during a run cost one refresh per interval.
template <typename Record> class RecordTableModel : public QAbstractTableModel
{
public:
    static constexpr int kDefaultPageSize = 100;

    explicit RecordTableModel(QObject *parent = nullptr) : QAbstractTableModel(parent)
    {
        m_refreshTimer.setSingleShot(true);
        m_refreshTimer.setInterval(std::chrono::milliseconds(150));
        QObject::connect(&m_refreshTimer, &QTimer::timeout, this, [this]() { refresh(); });
    }

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
    }

    bool canFetchMore(const QModelIndex &parent) const override { return !parent.isValid() && m_rows.size() < m_total; }

    void fetchMore(const QModelIndex &parent) override
    {
        if (parent.isValid() || m_rows.size() >= m_total)
            return;
        const QList<Record> page = readPage(static_cast<int>(m_rows.size()), m_pageSize);
        QList<Record> fresh;
        for (const Record &record : page)
        {
            if (!m_rowOfKey.contains(keyOf(record)))
                fresh.append(record);
        }
        if (fresh.isEmpty())
        {
            // The store has fewer matches than counted (rows left meanwhile): stop asking.
            m_total = static_cast<int>(m_rows.size());
            return;
        }
        const int first = static_cast<int>(m_rows.size());
        beginInsertRows({}, first, first + static_cast<int>(fresh.size()) - 1);
        m_rows.append(fresh);
        rebuildIndex();
        endInsertRows();
    }

    // The number of rows matching the current query, fetched or not.
    int totalCount() const { return m_total; }

    int pageSize() const { return m_pageSize; }
    void setPageSize(int rows) { m_pageSize = std::max(1, rows); }

    // How long store notifications are gathered before one refresh (0 = next event loop turn).
    void setRefreshDelay(std::chrono::milliseconds delay) { m_refreshTimer.setInterval(delay); }

    // Re-reads the shown rows now and applies the difference (see the class comment).
    void refresh()
    {
        m_refreshTimer.stop();
        const int newTotal = queryCount();
        const int shown = static_cast<int>(m_rows.size());
        int window = shown;
        if (shown == 0)
            window = m_pageSize;
        else if (shown >= m_total)
            window = shown + m_pageSize; // everything was shown: new rows show up too
        window = std::min(window, newTotal);
        const QList<Record> fresh = window > 0 ? readPage(0, window) : QList<Record>();
        apply(fresh);
        m_total = std::max(newTotal, static_cast<int>(m_rows.size()));
    }

    // Starts over with the first page (after the query changed) without a reset.
    void requery()
    {
        m_refreshTimer.stop();
        const int newTotal = queryCount();
        const int window = std::min(std::max(static_cast<int>(m_rows.size()), m_pageSize), newTotal);
        apply(window > 0 ? readPage(0, window) : QList<Record>());
        m_total = std::max(newTotal, static_cast<int>(m_rows.size()));
    }

    const Record *recordAt(int row) const { return row >= 0 && row < m_rows.size() ? &m_rows[row] : nullptr; }

    int rowOfKey(const QString &key) const { return m_rowOfKey.value(key, -1); }

protected:
    virtual QList<Record> readPage(int offset, int limit) const = 0;
    virtual int queryCount() const = 0;
    virtual QString keyOf(const Record &record) const = 0;
    virtual bool sameContent(const Record &a, const Record &b) const = 0;

    // Subclasses call this from their Store notification handlers.
    void scheduleRefresh()
    {
        if (!m_refreshTimer.isActive())
            m_refreshTimer.start();
    }

    // Subclasses call this when something all rows show changed (e.g. a looked-up name).
    void allRowsChanged()
    {
        if (!m_rows.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    }

    QList<Record> m_rows;

private:
    void rebuildIndex()
    {
        m_rowOfKey.clear();
        m_rowOfKey.reserve(m_rows.size());
        for (int row = 0; row < m_rows.size(); ++row)
            m_rowOfKey.insert(keyOf(m_rows[row]), row);
    }

    void apply(const QList<Record> &fresh)
    {
        QSet<QString> freshKeys;
        freshKeys.reserve(fresh.size());
        for (const Record &record : fresh)
            freshKeys.insert(keyOf(record));

        // 1. Rows that left, removed from the back in contiguous runs.
        for (int row = static_cast<int>(m_rows.size()) - 1; row >= 0;)
        {
            if (freshKeys.contains(keyOf(m_rows[row])))
            {
                --row;
                continue;
            }
            int first = row;
            while (first > 0 && !freshKeys.contains(keyOf(m_rows[first - 1])))
                --first;
            beginRemoveRows({}, first, row);
            m_rows.remove(first, row - first + 1);
            endRemoveRows();
            row = first - 1;
        }
        rebuildIndex();

        // 2. Rows that stayed but changed order: one layout change, persistent indexes follow.
        QList<Record> keptInNewOrder;
        for (const Record &record : fresh)
        {
            const int row = m_rowOfKey.value(keyOf(record), -1);
            if (row >= 0)
                keptInNewOrder.append(m_rows[row]);
        }
        bool moved = false;
        for (int row = 0; row < m_rows.size() && !moved; ++row)
            moved = keyOf(m_rows[row]) != keyOf(keptInNewOrder[row]);
        if (moved)
        {
            Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
            const QModelIndexList before = persistentIndexList();
            QList<QString> keysBefore;
            keysBefore.reserve(before.size());
            for (const QModelIndex &index : before)
                keysBefore.append(keyOf(m_rows[index.row()]));
            m_rows = keptInNewOrder;
            rebuildIndex();
            QModelIndexList after;
            after.reserve(before.size());
            for (int i = 0; i < before.size(); ++i)
                after.append(index(m_rowOfKey.value(keysBefore[i]), before[i].column()));
            changePersistentIndexList(before, after);
            Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
        }

        // 3. New rows inserted where they belong; changed rows updated one by one.
        for (int i = 0; i < fresh.size();)
        {
            if (i < m_rows.size() && keyOf(m_rows[i]) == keyOf(fresh[i]))
            {
                if (!sameContent(m_rows[i], fresh[i]))
                {
                    m_rows[i] = fresh[i];
                    Q_EMIT dataChanged(index(i, 0), index(i, columnCount() - 1));
                }
                ++i;
                continue;
            }
            int end = i;
            while (end < fresh.size() && !m_rowOfKey.contains(keyOf(fresh[end])))
                ++end;
            beginInsertRows({}, i, end - 1);
            for (int j = i; j < end; ++j)
                m_rows.insert(j, fresh[j]);
            rebuildIndex();
            endInsertRows();
            i = end;
        }
    }

    QHash<QString, int> m_rowOfKey;
    QTimer m_refreshTimer;
    int m_total = 0;
    int m_pageSize = kDefaultPageSize;
};
