#pragma once

#include "core/store/storetypes.h"
#include "ui/models/querytablemodel.h"

#include <QUrl>

class Store;

// The applicant ledger: every applicant SmartDreamers offered and what became of it.
// Personal data is shown (the admin needs it) but never logged; the platform's payload,
// which carries the resume URL, is not exposed in any role.
class ApplicantsModel final : public QueryTableModel<ApplicantRecord, ApplicantQuery>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApplicantsModel)

public:
    enum Column
    {
        NameColumn,
        JobColumn,
        AppliedColumn,
        StateColumn,
        CandidateColumn,
        AttemptsColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    static constexpr char kDefaultGreenhouseWebUrl[] = "https://app.greenhouse.io";

    // store must outlive the model. Reads the first page at once.
    explicit ApplicantsModel(Store *store, QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Only applicants in this state; nullopt = all.
    void setStateFilter(std::optional<ApplicantState> state);

    // Where candidate links point: <url>/people/<candidate id>.
    void setGreenhouseWebUrl(const QUrl &url);
    QUrl candidateUrl(qint64 candidateId) const;

    // The applicant ids of the given rows (rows out of range are skipped).
    QStringList applicantIds(const QList<int> &rows) const;
    bool canRetry(int row) const; // quarantined
    bool canDismiss(int row) const; // quarantined

    // Quarantined applicants only; others are left alone. Return how many changed.
    // Retry puts them back where they stopped; the next applicants run continues them.
    int retry(const QStringList &applicantIds);
    // Dismiss records that the admin gave up; the engine acknowledges them as `rejected` on
    // the platform in its next applicants run (Store::dismissedNotAcked()).
    int dismiss(const QStringList &applicantIds, const QString &reason = {});

protected:
    std::optional<ApplicantQuery::SortColumn> sortColumnFor(int column) const override;
    QList<ApplicantRecord> readPage(int offset, int limit) const override;
    int queryCount() const override;
    QString keyOf(const ApplicantRecord &record) const override;
    bool sameContent(const ApplicantRecord &a, const ApplicantRecord &b) const override;

private:
    QString jobTitle(const QString &sourceJobId) const;
    void onJobsChanged();

    Store *const m_store;
    QUrl m_greenhouseWebUrl { QString::fromLatin1(kDefaultGreenhouseWebUrl) };
    mutable QHash<QString, QString> m_jobTitles;
    mutable int m_countCache = -1;
};

// Translated name of an applicant state, for tables and filters.
QString applicantStateText(ApplicantState state);
