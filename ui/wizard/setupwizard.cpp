#include "ui/wizard/setupwizard.h"

#include "core/logging.h"
#include "ui/wizard/createcredentialspage.h"
#include "ui/wizard/donepage.h"
#include "ui/wizard/pastecredentialspage.h"
#include "ui/wizard/permissionspage.h"
#include "ui/wizard/setupcontroller.h"
#include "ui/wizard/smartdreamerspage.h"
#include "ui/wizard/syncsettingspage.h"
#include "ui/wizard/verifypage.h"

#include <QAbstractButton>
#include <QIcon>
#include <QScreen>
#include <QStyle>

namespace Wizard
{

SetupWizard::SetupWizard(
    const Profile &profile, CredentialSession *session, const WizardPrefill &prefill, QWidget *parent)
    : QWizard(parent), m_controller(new SetupController(profile, session, prefill, this))
{
    setObjectName(QStringLiteral("setupWizard"));
    setWindowTitle(tr("Set up TalentBridge"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/talentbridge.svg")));
    // The same look everywhere, with room for each page's subtitle.
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnStartPage, true);
    setOption(QWizard::NoDefaultButton, false);

    m_pastePage = new PasteCredentialsPage;
    m_verifyPage = new VerifyPage(m_controller);
    m_smartDreamersPage = new SmartDreamersPage(m_controller);
    m_syncPage = new SyncSettingsPage(m_controller);
    m_donePage = new DonePage(m_controller, m_syncPage);
    setPage(toInt(PageId::Permissions), new PermissionsPage);
    setPage(toInt(PageId::CreateCredentials), new CreateCredentialsPage);
    setPage(toInt(PageId::PasteCredentials), m_pastePage);
    setPage(toInt(PageId::Verify), m_verifyPage);
    setPage(toInt(PageId::SmartDreamers), m_smartDreamersPage);
    setPage(toInt(PageId::SyncSettings), m_syncPage);
    setPage(toInt(PageId::Done), m_donePage);

    // Prefill: set after setPage() so the fields exist; the pages keep them on Back.
    const ConnectionSettings base = m_controller->baseConnection();
    setField(QStringLiteral("clientId"), prefill.clientId);
    setField(QStringLiteral("clientSecret"), prefill.clientSecret);
    if (base.actingUserId)
    {
        setField(QStringLiteral("actingUserId"), QString::number(*base.actingUserId));
    }
    if (!base.platformUrl.isEmpty())
    {
        setField(QStringLiteral("platformUrl"), base.platformUrl.toString());
    }
    setField(QStringLiteral("platformToken"), prefill.platformToken);

    setButtonText(QWizard::FinishButton, tr("&Finish"));
    button(QWizard::CancelButton)->setObjectName(QStringLiteral("cancelButton"));
    button(QWizard::BackButton)->setObjectName(QStringLiteral("backButton"));
    button(QWizard::NextButton)->setObjectName(QStringLiteral("nextButton"));
    button(QWizard::FinishButton)->setObjectName(QStringLiteral("finishButton"));

    connect(m_controller, &SetupController::committed, this, &SetupWizard::onCommitted);
    // Queued: the Done page asks from inside QWizard's own Finish handling.
    connect(m_donePage, &DonePage::verificationNeeded, this, &SetupWizard::onVerificationNeeded, Qt::QueuedConnection);

    // In text units, so the pages fit at 125% and 150% as they do at 100%; the smallest window
    // still shows every page whole (testsetupwizard checks both sizes at each scale). The
    // default is bounded by the screen: a 1280x800 laptop at 150% has only 533 pixels of
    // height, and the title bar takes some of them.
    const QFontMetrics metrics = fontMetrics();
    setMinimumSize(metrics.averageCharWidth() * 84, metrics.lineSpacing() * 36);
    QSize size(metrics.averageCharWidth() * 96, metrics.lineSpacing() * 40);
    if (const QScreen *screen = this->screen())
    {
        const int titleBar = style()->pixelMetric(QStyle::PM_TitleBarHeight, nullptr, this);
        size = size.boundedTo(screen->availableGeometry().size() - QSize(0, titleBar));
    }
    resize(size.expandedTo(minimumSize()));
}

SetupWizard::~SetupWizard() = default;

void SetupWizard::setStartPage(PageId id)
{
    setStartId(toInt(id));
    if (isVisible())
    {
        restart();
    }
}

void SetupWizard::done(int result)
{
    // While the keychain is being written, Cancel (or Esc, or closing the window) waits: the
    // write either completes or fails and rolls back; leaving half-way is not offered.
    if (result == QDialog::Rejected && m_controller->isCommitting())
    {
        qCInfo(lcUi) << "setup: cancel ignored while the credentials are being saved";
        return;
    }
    if (result == QDialog::Rejected)
    {
        qCInfo(lcUi) << "setup: cancelled; nothing was saved";
    }
    QWizard::done(result);
}

void SetupWizard::onVerificationNeeded()
{
    const int verify = toInt(PageId::Verify);
    qCInfo(lcUi) << "setup: Finish refused without a passed Verify; back to the checks";
    if (visitedIds().contains(verify))
    {
        while (currentId() > verify)
        {
            back();
        }
        return;
    }

    // Opened at a later page: start over at the credentials, so Back from Verify still leads
    // to them, and go straight on to the checks (Next stays on page 3 if the input is invalid).
    setStartId(toInt(PageId::PasteCredentials));
    restart();
    next();
}

void SetupWizard::onCommitted()
{
    Q_EMIT setupCompleted();
    accept();
}

} // namespace Wizard
