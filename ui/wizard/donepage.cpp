#include "ui/wizard/donepage.h"

#include "core/logging.h"
#include "ui/wizard/setupcontroller.h"
#include "ui/wizard/syncsettingspage.h"
#include "ui/wizard/wizardsupport.h"

#include <QAbstractButton>
#include <QLabel>
#include <QVBoxLayout>
#include <QWizard>

namespace Wizard
{

namespace
{
QString formatInterval(std::chrono::seconds interval)
{
    // Spelled out rather than "%n hour(s)": without a loaded translation the "(s)" would show.
    const qint64 seconds = interval.count();
    if (seconds >= 3600 && seconds % 3600 == 0)
    {
        const qint64 hours = seconds / 3600;
        return hours == 1 ? QObject::tr("1 hour") : QObject::tr("%1 hours").arg(hours);
    }
    const qint64 minutes = seconds / 60;
    return minutes == 1 ? QObject::tr("1 minute") : QObject::tr("%1 minutes").arg(minutes);
}

QString row(const QString &label, const QString &value)
{
    return QStringLiteral("<tr><td style=\"padding-right:1em\"><b>%1</b></td><td>%2</td></tr>")
        .arg(label.toHtmlEscaped(), value.toHtmlEscaped());
}

QString keychainName()
{
#if defined(Q_OS_MACOS)
    return QObject::tr("the macOS Keychain");
#elif defined(Q_OS_WIN)
    return QObject::tr("the Windows Credential Manager");
#else
    return QObject::tr("your desktop's keychain (Secret Service)");
#endif
}
} // namespace

DonePage::DonePage(SetupController *controller, const SyncSettingsPage *syncPage, QWidget *parent)
    : QWizardPage(parent), m_controller(controller), m_syncPage(syncPage)
{
    setObjectName(QStringLiteral("donePage"));
    setTitle(tr("Ready to connect"));
    setSubTitle(tr("Check the summary, then click Finish."));
    setFinalPage(true);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("summaryLabel"));
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_storageNote = new QLabel(tr("When you click Finish, the client ID, the client secret and the SmartDreamers "
                                  "token are saved in %1 and nowhere else. Then the first sync starts, and "
                                  "TalentBridge keeps working from the tray icon.")
                                   .arg(keychainName()),
        this);
    m_storageNote->setObjectName(QStringLiteral("storageNoteLabel"));
    m_storageNote->setWordWrap(true);

    m_status = makeStatusLabel("finishStatusLabel", this);

    connect(m_controller, &SetupController::committed, this, &DonePage::onCommitted);
    connect(m_controller, &SetupController::commitFailed, this, &DonePage::onCommitFailed);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addSpacing(layout->spacing() * 2);
    layout->addWidget(m_storageNote);
    layout->addWidget(m_status);
    layout->addStretch();
}

QString DonePage::summaryHtml() const
{
    const SetupFacts &facts = m_controller->facts();
    const ConnectionSettings base = m_controller->baseConnection();
    const SyncSettings sync = m_syncPage->settings();

    QString greenhouse = facts.organizationName.isEmpty() ? base.harvestUrl.host() : facts.organizationName;
    const QString actingUser = field(QStringLiteral("actingUserId")).toString();
    const QString actingAs
        = actingUser.isEmpty() ? tr("the credential's own service user") : tr("user %1").arg(actingUser);
    const QString platformUrl = field(QStringLiteral("platformUrl")).toString().trimmed();
    const QString platform
        = facts.platformAccountName.isEmpty() ? platformUrl : tr("%1 (%2)").arg(facts.platformAccountName, platformUrl);
    const QString departments = sync.departmentFilter.isEmpty()
        ? tr("all")
        : tr("%n chosen", nullptr, static_cast<int>(sync.departmentFilter.size()));
    const QString offices = sync.officeFilter.isEmpty()
        ? tr("all")
        : tr("%n chosen", nullptr, static_cast<int>(sync.officeFilter.size()));
    const QString source = m_syncPage->sourceName().isEmpty() ? tr("none") : m_syncPage->sourceName();

    QString html = QStringLiteral("<table cellspacing=\"0\" cellpadding=\"2\">");
    html += row(tr("Greenhouse:"), greenhouse);
    html += row(tr("Acting as:"), actingAs);
    html += row(tr("SmartDreamers:"), platform);
    html += row(tr("Jobs sent every:"), formatInterval(sync.jobsInterval));
    html += row(tr("Applicants brought in every:"), formatInterval(sync.applicantsInterval));
    html += row(tr("Departments:"), departments);
    html += row(tr("Offices:"), offices);
    html += row(tr("Source of new candidates:"), source);
    html += row(tr("Start at login:"), sync.startAtLogin ? tr("yes") : tr("no"));
    html += QStringLiteral("</table>");
    return html;
}

void DonePage::initializePage()
{
    m_summary->setText(summaryHtml());
    if (!m_controller->isCommitting())
    {
        setStatus(m_status, Tone::Neutral, {});
    }
}

bool DonePage::isComplete() const
{
    return !m_controller->isCommitting();
}

bool DonePage::validatePage()
{
    if (m_controller->isCommitted())
    {
        return true;
    }
    if (m_controller->isCommitting())
    {
        return false;
    }

    Credentials secrets;
    secrets.harvestClientId = field(QStringLiteral("clientId")).toString();
    secrets.harvestClientSecret = field(QStringLiteral("clientSecret")).toString();
    secrets.platformToken = field(QStringLiteral("platformToken")).toString().trimmed();

    ConnectionSettings connection = m_controller->baseConnection();
    bool ok = false;
    const qint64 actingUser = field(QStringLiteral("actingUserId")).toString().toLongLong(&ok);
    connection.actingUserId = ok && actingUser > 0 ? std::optional<qint64>(actingUser) : std::nullopt;
    connection.platformUrl = QUrl(field(QStringLiteral("platformUrl")).toString().trimmed());

    if (!m_controller->isVerified(secrets, connection))
    {
        // commit() would refuse too; saying so here also takes the admin to the checks.
        setStatus(m_status, Tone::Failure, SetupController::notVerifiedMessage());
        Q_EMIT verificationNeeded();
        return false;
    }

    setStatus(
        m_status, Tone::Busy, tr("Saving the credentials in the keychain\u2026 Your system may ask you to allow it."));
    m_controller->commit(secrets, connection, m_syncPage->settings());
    // commit() may have failed at once (no profile folder); its handler has run then.
    if (m_controller->isCommitting())
    {
        setBusy(true);
    }
    return m_controller->isCommitted();
}

void DonePage::setBusy(bool busy)
{
    Q_EMIT completeChanged();
    if (QWizard *w = wizard())
    {
        // After completeChanged(): QWizard re-enables Back while updating its buttons.
        w->button(QWizard::BackButton)->setEnabled(!busy);
        w->button(QWizard::CancelButton)->setEnabled(!busy);
    }
}

void DonePage::onCommitted()
{
    setBusy(false);
    setStatus(m_status, Tone::Success, tr("Saved. Starting TalentBridge\u2026"));
}

void DonePage::onCommitFailed(const QString &message)
{
    setBusy(false);
    setStatus(m_status, Tone::Failure, message);
}

} // namespace Wizard
