#include "ui/wizard/verifypage.h"

#include "core/logging.h"
#include "core/setup/verificationrunner.h"
#include "ui/wizard/setupcontroller.h"
#include "ui/wizard/wizardsupport.h"

#include <QCryptographicHash>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QTimer>
#include <QVBoxLayout>

namespace Wizard
{

namespace
{
using Status = Setup::CheckItem::Status;

Tone toneFor(Status status, bool running)
{
    if (running)
    {
        return Tone::Busy;
    }
    switch (status)
    {
    case Status::Ok:
        return Tone::Success;
    case Status::Failed:
        return Tone::Failure;
    case Status::Pending:
    case Status::Skipped:
        break;
    }
    return Tone::Neutral;
}

QString objectBase(const QString &id)
{
    QString base = id;
    base.replace(QLatin1Char(':'), QLatin1Char('_'));
    return base;
}
} // namespace

VerifyPage::VerifyPage(SetupController *controller, QWidget *parent)
    : QWizardPage(parent), m_controller(controller), m_runner(new Setup::VerificationRunner(this))
{
    setObjectName(QStringLiteral("verifyPage"));
    setTitle(tr("Check the connection to Greenhouse"));
    setSubTitle(tr("TalentBridge tries the credentials and every permission it needs. It only reads."));

    m_summary = makeStatusLabel("verifySummaryLabel", this);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("verifyProgressBar"));
    m_progress->setTextVisible(false);

    m_checkAgainButton = new QPushButton(tr("Check &again"), this);
    m_checkAgainButton->setObjectName(QStringLiteral("checkAgainButton"));
    connect(m_checkAgainButton, &QPushButton::clicked, this, &VerifyPage::startChecks);
    m_stopButton = new QPushButton(tr("&Stop checking"), this);
    m_stopButton->setObjectName(QStringLiteral("stopCheckButton"));
    connect(m_stopButton, &QPushButton::clicked, this, &VerifyPage::stopChecks);

    auto *list = new QWidget;
    list->setObjectName(QStringLiteral("checklistWidget"));
    m_grid = new QGridLayout(list);
    m_grid->setColumnStretch(1, 1);
    m_grid->setVerticalSpacing(m_grid->verticalSpacing() / 2);
    buildRows();
    m_grid->setRowStretch(m_grid->rowCount(), 1);

    auto *scroll = new QScrollArea(this);
    m_scroll = scroll;
    scroll->setObjectName(QStringLiteral("checklistScrollArea"));
    scroll->setWidget(list);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFocusPolicy(Qt::StrongFocus); // keyboard users scroll the list with the arrows

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_checkAgainButton);
    buttons->addWidget(m_stopButton);
    buttons->addWidget(m_progress, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addLayout(buttons);
    layout->addWidget(scroll, 1);

    setTabOrder(m_checkAgainButton, m_stopButton);
    setTabOrder(m_stopButton, scroll);

    connect(m_runner, &Setup::VerificationRunner::checkUpdated, this, &VerifyPage::onCheckUpdated);
    connect(m_runner, &Setup::VerificationRunner::finished, this, &VerifyPage::onFinished);
    updateSummary();
}

VerifyPage::~VerifyPage() = default;

bool VerifyPage::isRunning() const
{
    return m_runner->isRunning();
}

void VerifyPage::buildRows()
{
    QWidget *parent = m_grid->parentWidget();
    const QList<Setup::CheckItem> planned = Setup::ConnectionVerifier::plannedChecks(false);
    for (const Setup::CheckItem &item : planned)
    {
        Row row;
        row.item = item;
        const int line = static_cast<int>(m_order.size()) * 3;
        const QString base = objectBase(item.id);
        row.mark = new QLabel(parent);
        row.mark->setObjectName(base + QStringLiteral("_markLabel"));
        row.mark->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
        row.mark->setMinimumWidth(row.mark->fontMetrics().horizontalAdvance(QStringLiteral("MM")));
        row.titleLabel = new QLabel(item.title, parent);
        row.titleLabel->setObjectName(base + QStringLiteral("_titleLabel"));
        row.titleLabel->setWordWrap(true);
        row.titleLabel->setTextFormat(Qt::PlainText);
        row.detailLabel = makeStatusLabel("", parent);
        row.detailLabel->setObjectName(base + QStringLiteral("_detailLabel"));
        row.fixLabel = makeStatusLabel("", parent);
        row.fixLabel->setObjectName(base + QStringLiteral("_fixLabel"));
        m_grid->addWidget(row.mark, line, 0);
        m_grid->addWidget(row.titleLabel, line, 1);
        m_grid->addWidget(row.detailLabel, line + 1, 1);
        m_grid->addWidget(row.fixLabel, line + 2, 1);
        m_order.append(item.id);
        m_rows.insert(item.id, row);
        updateRow(m_rows[item.id]);
    }
}

void VerifyPage::updateRow(Row &row)
{
    const Setup::CheckItem &item = row.item;
    const Tone tone = toneFor(item.status, row.running);
    setStatus(row.mark, tone, toneMark(tone));
    const QString state = row.running ? tr("checking") : Setup::checkStatusName(item.status);
    row.mark->setAccessibleName(state);
    row.titleLabel->setAccessibleDescription(state);
    const bool finished = !row.running && item.status != Status::Pending;
    setStatus(row.detailLabel, Tone::Neutral, finished ? item.detail : QString());
    setStatus(
        row.fixLabel, item.status == Status::Failed ? Tone::Failure : Tone::Neutral, finished ? item.fix : QString());
}

QString VerifyPage::credentialKey() const
{
    const ConnectionSettings base = m_controller->baseConnection();
    const QString text = base.harvestUrl.toString() + QLatin1Char('\n') + base.tokenUrl.toString() + QLatin1Char('\n')
        + field(QStringLiteral("clientId")).toString() + QLatin1Char('\n')
        + field(QStringLiteral("clientSecret")).toString() + QLatin1Char('\n')
        + field(QStringLiteral("actingUserId")).toString();
    return QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex());
}

void VerifyPage::initializePage()
{
    // Arriving with new credentials (or after a failed run) checks again; a passed run stands.
    if (!isRunning() && !isComplete())
    {
        startChecks();
    }
}

void VerifyPage::cleanupPage()
{
    // Back to the credentials: a running check stops; what was typed stays.
    stopChecks();
}

bool VerifyPage::isComplete() const
{
    return !isRunning() && m_passed && m_checkedKey == credentialKey();
}

Setup::CheckItem VerifyPage::check(const QString &id) const
{
    return m_rows.value(id).item;
}

QStringList VerifyPage::failedChecks() const
{
    QStringList failed;
    for (const QString &id : m_order)
    {
        if (m_rows[id].item.isFailed())
        {
            failed.append(id);
        }
    }
    return failed;
}

void VerifyPage::startChecks()
{
    for (const QString &id : m_order)
    {
        Row &row = m_rows[id];
        row.item.status = Status::Pending;
        row.item.detail.clear();
        row.item.fix.clear();
        row.running = false;
        updateRow(row);
    }
    m_cancelled = false;
    m_passed = false;
    m_checkedKey.clear();
    m_runningKey = credentialKey();
    // Until this run passes, Finish accepts no credentials at all.
    m_controller->clearVerified();

    const ConnectionSettings base = m_controller->baseConnection();
    Setup::VerificationInput input;
    input.harvestUrl = base.harvestUrl;
    input.tokenUrl = base.tokenUrl;
    input.introspectUrl = base.introspectUrl;
    input.clientId = field(QStringLiteral("clientId")).toString();
    input.clientSecret = field(QStringLiteral("clientSecret")).toString();
    bool ok = false;
    const qint64 actingUser = field(QStringLiteral("actingUserId")).toString().toLongLong(&ok);
    input.actingUserId = ok && actingUser > 0 ? std::optional<qint64>(actingUser) : std::nullopt;
    input.checkPlatform = false; // page 5 tests SmartDreamers

    qCInfo(lcUi) << "setup: verifying the Greenhouse credentials";
    m_runningInput = input;
    m_runner->start(input);
    updateSummary();
    Q_EMIT completeChanged();
}

void VerifyPage::stopChecks()
{
    if (!isRunning())
    {
        return;
    }
    qCInfo(lcUi) << "setup: verification stopped by the user";
    m_cancelled = true;
    m_runner->cancel();
    // The runner confirms with finished(); until then the page shows the stop at once.
    for (const QString &id : m_order)
    {
        Row &row = m_rows[id];
        row.running = false;
        updateRow(row);
    }
    updateSummary();
}

void VerifyPage::onCheckUpdated(const Setup::CheckItem &item)
{
    const auto it = m_rows.find(item.id);
    if (it == m_rows.end())
    {
        qCWarning(lcUi) << "setup: result for an unplanned check" << item.id;
        return;
    }
    it->item = item;
    // Pending from the runner means "started".
    it->running = item.status == Status::Pending && !m_cancelled;
    updateRow(*it);
    if (item.isFailed())
    {
        qCInfo(lcUi) << "setup: check failed:" << item.id << Setup::checkProblemName(item.problem);
    }
    updateSummary();
}

void VerifyPage::onFinished(const Setup::VerificationResult &result)
{
    for (const Setup::CheckItem &item : result.checks)
    {
        const auto it = m_rows.find(item.id);
        if (it != m_rows.end())
        {
            it->item = item;
            it->running = false;
            updateRow(*it);
        }
    }
    m_cancelled = result.cancelled;
    m_passed = result.passed();
    m_checkedKey = m_runningKey;
    if (m_passed)
    {
        m_controller->setVerified(m_runningInput);
        m_controller->facts().organizationName = result.organizationName;
        qCInfo(lcUi) << "setup: every Greenhouse check passed";
    }
    else if (const QStringList failed = failedChecks(); !failed.isEmpty())
    {
        // The first failure and its fix in view, so the admin need not hunt for it.
        // After the layout has placed the labels just shown.
        const Row &row = m_rows[failed.first()];
        QTimer::singleShot(0, m_scroll,
            [scroll = m_scroll, fix = row.fixLabel, title = row.titleLabel]()
            {
                scroll->ensureWidgetVisible(fix, 0, scroll->height() / 4);
                scroll->ensureWidgetVisible(title);
            });
    }
    updateSummary();
    Q_EMIT completeChanged();
}

void VerifyPage::updateSummary()
{
    const bool running = isRunning() && !m_cancelled;
    int done = 0;
    int failed = 0;
    QStringList failedNames;
    for (const QString &id : m_order)
    {
        const Row &row = m_rows[id];
        done += (!row.running && row.item.status != Status::Pending) ? 1 : 0;
        if (row.item.isFailed())
        {
            ++failed;
            failedNames.append(row.item.scope.isEmpty() ? row.item.title : row.item.scope);
        }
    }
    const int total = static_cast<int>(m_order.size());
    m_progress->setRange(0, total);
    m_progress->setValue(done);
    m_progress->setVisible(running);
    m_stopButton->setEnabled(running);
    m_checkAgainButton->setEnabled(!running);

    if (running)
    {
        setStatus(m_summary, Tone::Busy, tr("Checking\u2026 %1 of %2 done.").arg(done).arg(total));
    }
    else if (m_cancelled)
    {
        setStatus(m_summary, Tone::Neutral, tr("Checking stopped. Click Check again to start over."));
    }
    else if (failed > 0)
    {
        // The failures are named here too: in a long list some of them are scrolled out of view.
        setStatus(m_summary, Tone::Failure,
            (failed == 1 ? tr("1 check failed: %1. It says what to change; then click Check again.")
                         : tr("%n checks failed: %1. Each one says what to change; then click Check again.", "",
                             failed))
                .arg(QLocale().createSeparatedList(failedNames)));
    }
    else if (m_passed)
    {
        setStatus(m_summary, Tone::Success, tr("All %1 checks passed. Click Next.").arg(total));
    }
    else
    {
        setStatus(m_summary, Tone::Neutral, {});
    }
}

} // namespace Wizard
