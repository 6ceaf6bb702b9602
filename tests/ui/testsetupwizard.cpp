#include "core/credentials/credentialkey.h"
#include "core/credentials/credentialsession.h"
#include "core/credentials/memorycredentialstore.h"
#include "core/profile/profile.h"
#include "core/setup/connectionverifier.h"
#include "sandbox/sandboxserver.h"
#include "ui/autostart.h"
#include "ui/wizard/setupcontroller.h"
#include "ui/wizard/setupwizard.h"
#include "ui/wizard/smartdreamerspage.h"
#include "ui/wizard/syncsettingspage.h"
#include "ui/wizard/verifypage.h"
#include "ui/wizard/wizardpageid.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalSpy>
#include <QStyle>
#include <QStyleOptionFrame>
#include <QScreen>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QToolButton>

#include <memory>

Q_DECLARE_METATYPE(Wizard::PageId)
Q_DECLARE_METATYPE(CredentialError)

using Wizard::PageId;
using CheckStatus = Setup::CheckItem::Status;

namespace
{
// Network checks against the in-process sandbox finish in well under a second; leave room
// for a loaded CI machine.
constexpr int kNetworkTimeoutMs = 30'000;

// Every message is recorded; none may contain a secret (checked after each test).
QStringList g_messages;
QtMessageHandler g_previousHandler = nullptr;

void recordMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    g_messages.append(message);
    if (g_previousHandler)
    {
        g_previousHandler(type, context, message);
    }
}

Setup::VerificationInput verificationInput(const Credentials &secrets, const ConnectionSettings &connection)
{
    Setup::VerificationInput input;
    input.harvestUrl = connection.harvestUrl;
    input.tokenUrl = connection.tokenUrl;
    input.introspectUrl = connection.introspectUrl;
    input.clientId = secrets.harvestClientId;
    input.clientSecret = secrets.harvestClientSecret;
    input.actingUserId = connection.actingUserId;
    return input;
}

// The scaled runs (see CMakeLists.txt) keep their screenshots apart: scale-125, scale-150.
QString screenshotDir()
{
    const QString fromEnv = qEnvironmentVariable("TALENTBRIDGE_SCREENSHOT_DIR");
    const QDir dir(fromEnv.isEmpty() ? QDir::temp().filePath(QStringLiteral("talentbridge-screenshots")) : fromEnv);
    const double scale = qEnvironmentVariable("QT_SCALE_FACTOR", QStringLiteral("1")).toDouble();
    if (scale > 0 && !qFuzzyCompare(scale, 1.0))
    {
        return dir.filePath(QStringLiteral("scale-%1").arg(qRound(scale * 100)));
    }
    return dir.path();
}

QString describe(const QWidget *widget)
{
    QString text;
    if (const auto *label = qobject_cast<const QLabel *>(widget))
    {
        text = label->text();
    }
    else if (const auto *button = qobject_cast<const QAbstractButton *>(widget))
    {
        text = button->text();
    }
    return QStringLiteral("%1 \"%2\" (\"%3\")")
        .arg(QString::fromLatin1(widget->metaObject()->className()), widget->objectName(), text.left(40));
}

QString sizeText(QSize size)
{
    return QStringLiteral("%1x%2").arg(size.width()).arg(size.height());
}

// Widgets that are parts of another (a line edit's clear button, a spin box's editor, a combo
// box's popup, a scroll area's bars and corner) follow their owner's geometry.
bool isPartOfAnotherWidget(const QWidget *widget)
{
    const QWidget *parent = widget->parentWidget();
    return qobject_cast<const QLineEdit *>(parent) || qobject_cast<const QAbstractSpinBox *>(parent)
        || qobject_cast<const QComboBox *>(parent) || widget->inherits("QScrollBar")
        || (parent && parent->inherits("QAbstractScrollArea") && !widget->inherits("QAbstractScrollArea"));
}

// Inside a scroll area's viewport a widget may reach beyond what is in view: that is scrolling.
bool isScrolledContent(const QWidget *widget)
{
    for (const QWidget *up = widget->parentWidget(); up; up = up->parentWidget())
    {
        const auto *area = qobject_cast<const QAbstractScrollArea *>(up->parentWidget());
        if (area && area->viewport() == up)
        {
            return true;
        }
    }
    return false;
}

// The room a line edit leaves for its text (QLineEdit::paintEvent, less its side buttons).
int lineEditTextWidth(const QLineEdit *edit)
{
    QStyleOptionFrame option;
    option.initFrom(edit);
    option.rect = edit->rect();
    option.lineWidth = edit->hasFrame() ? edit->style()->pixelMetric(QStyle::PM_DefaultFrameWidth, &option, edit) : 0;
    option.midLineWidth = 0;
    option.state |= QStyle::State_Sunken;
    const QRect contents = edit->style()->subElementRect(QStyle::SE_LineEditContents, &option, edit);
    int width = contents.marginsRemoved(edit->textMargins()).width() - 2 * 2; // QLineEdit's horizontal margin
    const QList<QToolButton *> buttons = edit->findChildren<QToolButton *>(Qt::FindDirectChildrenOnly);
    for (const QToolButton *button : buttons)
    {
        width -= button->width();
    }
    return width;
}

// Why `widget`, shown on screen, does not show all of its text; empty when it does.
QString clipping(const QWidget *widget)
{
    const QSize size = widget->size();
    const auto tooSmall = [size](QSize needed) { return size.width() < needed.width() || size.height() < needed.height(); };
    if (const auto *label = qobject_cast<const QLabel *>(widget))
    {
        if (label->wordWrap())
        {
            const int needed = label->heightForWidth(size.width());
            return size.height() < needed
                ? QStringLiteral("%1 high, its wrapped text needs %2 at width %3").arg(size.height()).arg(needed).arg(size.width())
                : QString();
        }
        return tooSmall(label->sizeHint())
            ? QStringLiteral("%1, its text needs %2").arg(sizeText(size), sizeText(label->sizeHint()))
            : QString();
    }
    if (const auto *button = qobject_cast<const QAbstractButton *>(widget))
    {
        return tooSmall(button->sizeHint())
            ? QStringLiteral("%1, its text needs %2").arg(sizeText(size), sizeText(button->sizeHint()))
            : QString();
    }
    if (const auto *edit = qobject_cast<const QLineEdit *>(widget))
    {
        const int needed = edit->fontMetrics().horizontalAdvance(edit->placeholderText());
        if (edit->text().isEmpty() && needed > lineEditTextWidth(edit))
        {
            return QStringLiteral("placeholder needs %1, %2 available").arg(needed).arg(lineEditTextWidth(edit));
        }
    }
    // As layouts do: a minimum size set on the widget overrides its hint.
    QSize minimum = widget->minimumSizeHint();
    if (widget->minimumWidth() > 0)
    {
        minimum.setWidth(widget->minimumWidth());
    }
    if (widget->minimumHeight() > 0)
    {
        minimum.setHeight(widget->minimumHeight());
    }
    return minimum.isValid() && tooSmall(minimum)
        ? QStringLiteral("%1, smaller than its minimum %2").arg(sizeText(size), sizeText(minimum))
        : QString();
}

// Everything on the wizard's current page, its header and its buttons that is cut off, squeezed
// below what its text needs, or out of its window; one line each.
QStringList clippedWidgets(const QWizard &wizard)
{
    QStringList problems;
    const QList<QWidget *> widgets = wizard.findChildren<QWidget *>();
    for (const QWidget *widget : widgets)
    {
        if (!widget->isVisible() || widget->isWindow() || isPartOfAnotherWidget(widget))
        {
            continue;
        }
        const QString clipped = clipping(widget);
        if (!clipped.isEmpty())
        {
            problems.append(describe(widget) + QStringLiteral(": ") + clipped);
        }
        const QWidget *parent = widget->parentWidget();
        if (!isScrolledContent(widget) && !parent->rect().contains(widget->geometry()))
        {
            problems.append(describe(widget) + QStringLiteral(": at %1,%2 %3, outside its parent's %4")
                                                   .arg(widget->x())
                                                   .arg(widget->y())
                                                   .arg(sizeText(widget->size()), sizeText(parent->size())));
        }
    }
    return problems;
}
} // namespace

class TestSetupWizard final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void happyPath();
    void wrongSecret();
    void missingScopeThenFixed();
    void stopRunningCheck();
    void actingUserNotSiteAdmin();
    void cancelLeavesNothing_data();
    void cancelLeavesNothing();
    void cancelWaitsForTheKeychainWrite();
    void keychainFailureOnFinish_data();
    void keychainFailureOnFinish();
    void smartDreamersRejectsBadInput();
    void smartDreamersCleansPastedText_data();
    void smartDreamersCleansPastedText();
    void syncListsRetryAfterFailure();
    void startPage();
    void finishRefusedWithoutVerify();
    void commitRefusedWithoutVerify();
    void failedFirstCommitRemovesOnlyWhatItWrote();
    void failedCommitAfterDeniedReadRemovesNothing();
    void startAtLoginAppliedAfterKeychainWrite();
    void keyboardOnly();
    void tabOrder_data();
    void tabOrder();
    void pagesFitTheSmallestWindow();
    void everyInteractiveWidgetHasAnObjectName();

private:
    Wizard::WizardPrefill sandboxPrefill() const;
    void makeWizard(const Wizard::WizardPrefill &prefill);
    void makeWizard() { makeWizard(sandboxPrefill()); }
    template <typename T> T *find(const QString &name) const
    {
        T *widget = m_wizard->findChild<T *>(name);
        if (!widget)
        {
            qWarning("missing widget %s", qPrintable(name));
        }
        return widget;
    }
    // Walks forward with the Next button, waiting for each page's live checks.
    bool goTo(PageId id);
    bool waitUntilComplete();
    void clickNext();
    // Saves a picture of the wizard and checks that none of its text is cut off.
    void screenshot(const QString &name);
    void verifyNothingClipped(const QString &what);
    bool nothingStored() const;
    // The sandbox's credentials, and a controller that has seen them pass Verify.
    Credentials sandboxSecrets() const;
    std::unique_ptr<Wizard::SetupController> verifiedController() const;
    // Commits the sandbox's secrets; true once the controller reported the commit failed.
    bool commitFails(Wizard::SetupController &controller) const;

    QTemporaryDir m_dir;
    std::unique_ptr<Sandbox::Server> m_server;
    std::unique_ptr<MemoryCredentialStore> m_store;
    std::unique_ptr<Profile> m_profile;
    std::unique_ptr<CredentialSession> m_session;
    std::unique_ptr<Wizard::SetupWizard> m_wizard;
    QStringList m_secrets;
    int m_profileCount = 0;
};

void TestSetupWizard::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    QVERIFY(QDir().mkpath(screenshotDir()));
    // "Start at login" writes its .desktop file below XDG_CONFIG_HOME: never the real one.
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("xdg-config"))));
    g_previousHandler = qInstallMessageHandler(recordMessage);
}

void TestSetupWizard::cleanupTestCase()
{
    qInstallMessageHandler(g_previousHandler);
    qInfo("screenshots in %s", qPrintable(QDir::toNativeSeparators(screenshotDir())));
}

void TestSetupWizard::init()
{
    g_messages.clear();
    m_server = std::make_unique<Sandbox::Server>();
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
    m_store = std::make_unique<MemoryCredentialStore>();
    // A fresh profile folder per test, not created yet: the wizard creates it on Finish.
    m_profile = std::make_unique<Profile>(m_dir.filePath(QStringLiteral("profile-%1").arg(++m_profileCount)));
    m_session = std::make_unique<CredentialSession>(*m_store, m_profile->id());
    const Sandbox::Credentials credentials = m_server->credentials();
    m_secrets = { credentials.clientSecret, credentials.platformToken, QStringLiteral("wrong-secret-3c9a1f") };
    QFile::remove(Autostart::location());
}

void TestSetupWizard::cleanup()
{
    m_wizard.reset();
    m_session.reset();
    m_store.reset();
    m_server.reset();
    for (const QString &message : std::as_const(g_messages))
    {
        for (const QString &secret : std::as_const(m_secrets))
        {
            QVERIFY2(!message.contains(secret), "a secret appeared in the log output");
        }
    }
}

Wizard::WizardPrefill TestSetupWizard::sandboxPrefill() const
{
    const Sandbox::Credentials credentials = m_server->credentials();
    Wizard::WizardPrefill prefill;
    prefill.harvestUrl = m_server->harvestBaseUrl();
    prefill.tokenUrl = m_server->tokenUrl();
    prefill.introspectUrl = m_server->introspectUrl();
    prefill.platformUrl = m_server->platformBaseUrl();
    prefill.clientId = credentials.clientId;
    prefill.clientSecret = credentials.clientSecret;
    prefill.actingUserId = credentials.siteAdminUserId;
    prefill.platformToken = credentials.platformToken;
    return prefill;
}

void TestSetupWizard::makeWizard(const Wizard::WizardPrefill &prefill)
{
    m_wizard = std::make_unique<Wizard::SetupWizard>(*m_profile, m_session.get(), prefill);
    m_wizard->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_wizard.get()));
}

bool TestSetupWizard::waitUntilComplete()
{
    QWizardPage *page = m_wizard->currentPage();
    if (!page)
    {
        return false;
    }
    if (page->objectName() == QLatin1String("permissionsPage"))
    {
        find<QCheckBox>(QStringLiteral("permissionConfirmedCheckBox"))->setChecked(true);
    }
    if (auto *sync = qobject_cast<Wizard::SyncSettingsPage *>(page))
    {
        if (!QTest::qWaitFor([sync]() { return !sync->isLoading(); }, kNetworkTimeoutMs))
        {
            return false;
        }
    }
    return QTest::qWaitFor([page]() { return page->isComplete(); }, kNetworkTimeoutMs);
}

void TestSetupWizard::clickNext()
{
    QAbstractButton *next = m_wizard->button(QWizard::NextButton);
    QVERIFY(next->isVisible());
    QVERIFY(next->isEnabled());
    QTest::mouseClick(next, Qt::LeftButton);
}

bool TestSetupWizard::goTo(PageId id)
{
    for (int guard = 0; guard < 8 && m_wizard->currentId() < Wizard::toInt(id); ++guard)
    {
        const int before = m_wizard->currentId();
        if (!waitUntilComplete())
        {
            qWarning("page %d did not become complete", before);
            return false;
        }
        QTest::mouseClick(m_wizard->button(QWizard::NextButton), Qt::LeftButton);
        if (m_wizard->currentId() == before)
        {
            qWarning("Next did not leave page %d", before);
            return false;
        }
    }
    return m_wizard->currentId() == Wizard::toInt(id);
}

void TestSetupWizard::screenshot(const QString &name)
{
    // Let pending layouts and repaints settle so the image shows what a person would see.
    QCoreApplication::processEvents();
    const QString path = QDir(screenshotDir()).filePath(name + QStringLiteral(".png"));
    QVERIFY2(m_wizard->grab().save(path), qPrintable(path));
    // What the picture shows is whole, at this scale too.
    verifyNothingClipped(name);
}

void TestSetupWizard::verifyNothingClipped(const QString &what)
{
    // Layout requests post further ones (a scroll area's content, then the scroll area).
    QTest::qWait(50);
    const QStringList problems = clippedWidgets(*m_wizard);
    QVERIFY2(problems.isEmpty(), qPrintable(what + QStringLiteral(":\n  ") + problems.join(QStringLiteral("\n  "))));
    // The window, frame included, is on its screen.
    const QRect available = m_wizard->screen()->availableGeometry();
    QVERIFY2(available.contains(m_wizard->frameGeometry()),
        qPrintable(QStringLiteral("%1: the window (%2 at %3,%4) is larger than the screen's free area %5")
                .arg(what, sizeText(m_wizard->frameGeometry().size()))
                .arg(m_wizard->frameGeometry().x())
                .arg(m_wizard->frameGeometry().y())
                .arg(sizeText(available.size()))));
}

bool TestSetupWizard::nothingStored() const
{
    return m_store->entries().isEmpty() && m_store->writeCount() == 0 && !QFileInfo::exists(m_profile->settingsPath());
}

Credentials TestSetupWizard::sandboxSecrets() const
{
    const Sandbox::Credentials credentials = m_server->credentials();
    return { credentials.clientId, credentials.clientSecret, credentials.platformToken };
}

std::unique_ptr<Wizard::SetupController> TestSetupWizard::verifiedController() const
{
    auto controller = std::make_unique<Wizard::SetupController>(*m_profile, m_session.get(), sandboxPrefill());
    controller->setVerified(verificationInput(sandboxSecrets(), controller->baseConnection()));
    return controller;
}

bool TestSetupWizard::commitFails(Wizard::SetupController &controller) const
{
    QSignalSpy failed(&controller, &Wizard::SetupController::commitFailed);
    controller.commit(sandboxSecrets(), controller.baseConnection(), controller.initialSync());
    return QTest::qWaitFor([&failed]() { return failed.count() == 1; }, kNetworkTimeoutMs);
}

void TestSetupWizard::happyPath()
{
    makeWizard();
    QSignalSpy completed(m_wizard.get(), &Wizard::SetupWizard::setupCompleted);
    QCOMPARE(m_wizard->currentId(), Wizard::toInt(PageId::Permissions));
    screenshot(QStringLiteral("1-permissions"));
    QVERIFY(goTo(PageId::CreateCredentials));
    screenshot(QStringLiteral("2-create-credentials"));
    QVERIFY(goTo(PageId::PasteCredentials));
    QCOMPARE(find<QLineEdit>(QStringLiteral("clientIdLineEdit"))->text(), m_server->credentials().clientId);
    QCOMPARE(find<QLineEdit>(QStringLiteral("clientSecretLineEdit"))->echoMode(), QLineEdit::Password);
    screenshot(QStringLiteral("3-paste-credentials"));

    QVERIFY(goTo(PageId::Verify));
    auto *verify = qobject_cast<Wizard::VerifyPage *>(m_wizard->currentPage());
    QVERIFY(verify);
    QVERIFY(!verify->isComplete()); // not before the checks ran
    QVERIFY(!m_wizard->button(QWizard::NextButton)->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(verify->isComplete(), kNetworkTimeoutMs);
    QVERIFY(verify->failedChecks().isEmpty());
    QCOMPARE(verify->check(QStringLiteral("scope:harvest:jobs:list")).status, CheckStatus::Ok);
    QCOMPARE(verify->check(QStringLiteral("scope:harvest:attachments:create")).status, CheckStatus::Ok);
    QCOMPARE(verify->check(QStringLiteral("site_admin")).status, CheckStatus::Ok);
    QVERIFY(find<QLabel>(QStringLiteral("verifySummaryLabel"))->text().contains(QStringLiteral("passed")));
    screenshot(QStringLiteral("4-verify-all-passed"));

    QVERIFY(goTo(PageId::SmartDreamers));
    auto *platform = qobject_cast<Wizard::SmartDreamersPage *>(m_wizard->currentPage());
    QTRY_VERIFY_WITH_TIMEOUT(platform->isComplete(), kNetworkTimeoutMs);
    QCOMPARE(find<QLineEdit>(QStringLiteral("platformTokenLineEdit"))->echoMode(), QLineEdit::Password);
    QVERIFY(find<QLabel>(QStringLiteral("platformStatusLabel"))->text().contains(QStringLiteral("Connected")));
    screenshot(QStringLiteral("5-smartdreamers"));

    QVERIFY(goTo(PageId::SyncSettings));
    auto *sync = qobject_cast<Wizard::SyncSettingsPage *>(m_wizard->currentPage());
    QTRY_VERIFY_WITH_TIMEOUT(sync->isLoaded(), kNetworkTimeoutMs);
    // Defaults: 5 minutes and 12 hours; the source named SmartDreamers is preselected.
    QCOMPARE(find<QSpinBox>(QStringLiteral("jobsIntervalSpinBox"))->value(), 5);
    QCOMPARE(find<QComboBox>(QStringLiteral("jobsIntervalUnitComboBox"))->currentIndex(), 0);
    QCOMPARE(find<QSpinBox>(QStringLiteral("applicantsIntervalSpinBox"))->value(), 12);
    QCOMPARE(find<QComboBox>(QStringLiteral("applicantsIntervalUnitComboBox"))->currentIndex(), 1);
    QCOMPARE(find<QComboBox>(QStringLiteral("sourceComboBox"))->currentText(), QStringLiteral("SmartDreamers"));
    auto *departments = find<QListWidget>(QStringLiteral("departmentListWidget"));
    auto *offices = find<QListWidget>(QStringLiteral("officeListWidget"));
    QVERIFY(departments->count() > 0);
    QVERIFY(offices->count() > 0);
    departments->item(0)->setCheckState(Qt::Checked);
    const qint64 department = departments->item(0)->data(Qt::UserRole).toLongLong();
    find<QSpinBox>(QStringLiteral("jobsIntervalSpinBox"))->setValue(10);
    find<QCheckBox>(QStringLiteral("startAtLoginCheckBox"))->setChecked(true);
    screenshot(QStringLiteral("6-sync-settings"));

    QVERIFY(goTo(PageId::Done));
    const QString summary = find<QLabel>(QStringLiteral("summaryLabel"))->text();
    QVERIFY2(summary.contains(QStringLiteral("10 minutes")), qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("SmartDreamers")), qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("1 chosen")), qPrintable(summary));
    screenshot(QStringLiteral("7-done"));

    // Nothing is written before Finish.
    QVERIFY(nothingStored());
    QAbstractButton *finish = m_wizard->button(QWizard::FinishButton);
    QVERIFY(finish->isVisible() && finish->isEnabled());
    QTest::mouseClick(finish, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(completed.count(), 1, kNetworkTimeoutMs);
    QTRY_VERIFY(!m_wizard->isVisible());
    QCOMPARE(m_wizard->result(), int(QDialog::Accepted));

    const Sandbox::Credentials credentials = m_server->credentials();
    const QString id = m_profile->id();
    QCOMPARE(m_store->entries().value(credentialKey(id, CredentialPurpose::HarvestClientId)), credentials.clientId);
    QCOMPARE(
        m_store->entries().value(credentialKey(id, CredentialPurpose::HarvestClientSecret)), credentials.clientSecret);
    QCOMPARE(m_store->entries().value(credentialKey(id, CredentialPurpose::PlatformToken)), credentials.platformToken);

    QVERIFY(QFileInfo::exists(m_profile->settingsPath()));
    const ProfileSettings settings(*m_profile);
    const ConnectionSettings connection = settings.connection();
    QVERIFY(connection.connected);
    // "Start at login" was ticked on the sync page: the login entry exists, not just the setting.
    QVERIFY(QFileInfo::exists(Autostart::location()));
    QCOMPARE(connection.harvestUrl, m_server->harvestBaseUrl());
    QCOMPARE(connection.tokenUrl, m_server->tokenUrl());
    QCOMPARE(connection.platformUrl, m_server->platformBaseUrl());
    QCOMPARE(connection.actingUserId, std::optional<qint64>(credentials.siteAdminUserId));
    const SyncSettings sync_ = settings.sync();
    QCOMPARE(sync_.jobsInterval, std::chrono::seconds(600));
    QCOMPARE(sync_.applicantsInterval, std::chrono::seconds(12 * 3600));
    QCOMPARE(sync_.departmentFilter, QList<qint64> { department });
    QVERIFY(sync_.officeFilter.isEmpty());
    QVERIFY(sync_.sourceId.has_value());
    QVERIFY(sync_.startAtLogin);

    // The settings file holds no secret.
    QFile file(m_profile->settingsPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray ini = file.readAll();
    QVERIFY(!ini.contains(credentials.clientSecret.toUtf8()));
    QVERIFY(!ini.contains(credentials.platformToken.toUtf8()));
}

void TestSetupWizard::wrongSecret()
{
    Wizard::WizardPrefill prefill = sandboxPrefill();
    prefill.clientSecret = QStringLiteral("wrong-secret-3c9a1f");
    makeWizard(prefill);
    QVERIFY(goTo(PageId::PasteCredentials));
    QVERIFY(waitUntilComplete());
    clickNext();
    auto *verify = qobject_cast<Wizard::VerifyPage *>(m_wizard->currentPage());
    QVERIFY(verify);
    QTRY_VERIFY_WITH_TIMEOUT(!verify->isRunning(), kNetworkTimeoutMs);
    QCOMPARE(verify->check(QStringLiteral("token")).status, CheckStatus::Failed);
    QCOMPARE(verify->check(QStringLiteral("token")).problem, Setup::CheckItem::Problem::WrongCredentials);
    auto *fix = find<QLabel>(QStringLiteral("token_fixLabel"));
    QVERIFY(fix->isVisible());
    QVERIFY2(fix->text().contains(QStringLiteral("client ID and secret")), qPrintable(fix->text()));
    QCOMPARE(verify->check(QStringLiteral("scope:harvest:jobs:list")).status, CheckStatus::Skipped);
    QVERIFY(!verify->isComplete());
    QVERIFY(!m_wizard->button(QWizard::NextButton)->isEnabled());
    screenshot(QStringLiteral("4-verify-wrong-secret"));

    // Back, paste the right secret, and the checks run again on arrival.
    QTest::mouseClick(m_wizard->button(QWizard::BackButton), Qt::LeftButton);
    QCOMPARE(m_wizard->currentId(), Wizard::toInt(PageId::PasteCredentials));
    auto *secret = find<QLineEdit>(QStringLiteral("clientSecretLineEdit"));
    secret->clear();
    QTest::keyClicks(secret, m_server->credentials().clientSecret);
    clickNext();
    QCOMPARE(m_wizard->currentId(), Wizard::toInt(PageId::Verify));
    QTRY_VERIFY_WITH_TIMEOUT(verify->isComplete(), kNetworkTimeoutMs);
    QCOMPARE(verify->check(QStringLiteral("token")).status, CheckStatus::Ok);
    QCOMPARE(verify->check(QStringLiteral("scope:harvest:jobs:list")).status, CheckStatus::Ok);
    QVERIFY(verify->failedChecks().isEmpty());
    QVERIFY(!fix->isVisible());
    QVERIFY(m_wizard->button(QWizard::NextButton)->isEnabled());
    QVERIFY(nothingStored());
}

void TestSetupWizard::missingScopeThenFixed()
{
    QStringList scopes = Sandbox::Server::allConnectorScopes();
    scopes.removeAll(QStringLiteral("harvest:sources:list"));
    scopes.removeAll(QStringLiteral("harvest:attachments:create"));
    m_server->setGrantedScopes(scopes);
    makeWizard();
    QVERIFY(goTo(PageId::PasteCredentials));
    QVERIFY(waitUntilComplete());
    clickNext();
    auto *verify = qobject_cast<Wizard::VerifyPage *>(m_wizard->currentPage());
    QTRY_VERIFY_WITH_TIMEOUT(!verify->isRunning(), kNetworkTimeoutMs);
    QCOMPARE(verify->failedChecks(),
        (QStringList {
            QStringLiteral("scope:harvest:sources:list"), QStringLiteral("scope:harvest:attachments:create") }));
    auto *fix = find<QLabel>(QStringLiteral("scope_harvest_sources_list_fixLabel"));
    QVERIFY(fix->isVisible());
    QVERIFY2(fix->text().contains(QStringLiteral("harvest:sources:list")), qPrintable(fix->text()));
    QCOMPARE(
        verify->check(QStringLiteral("scope:harvest:sources:list")).problem, Setup::CheckItem::Problem::MissingScope);
    QCOMPARE(verify->check(QStringLiteral("scope:harvest:jobs:list")).status, CheckStatus::Ok);
    QVERIFY(!m_wizard->button(QWizard::NextButton)->isEnabled());
    // Both are named in the summary, even when the list scrolls one of them out of view.
    const QString summary = find<QLabel>(QStringLiteral("verifySummaryLabel"))->text();
    QVERIFY2(summary.contains(QStringLiteral("harvest:sources:list"))
            && summary.contains(QStringLiteral("harvest:attachments:create")),
        qPrintable(summary));
    screenshot(QStringLiteral("4-verify-missing-scope"));

    // The admin ticks the scopes in Greenhouse and checks again.
    m_server->setGrantedScopes(Sandbox::Server::allConnectorScopes());
    auto *again = find<QPushButton>(QStringLiteral("checkAgainButton"));
    QVERIFY(again->isEnabled());
    QTest::mouseClick(again, Qt::LeftButton);
    QVERIFY(verify->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(verify->isComplete(), kNetworkTimeoutMs);
    QVERIFY(verify->failedChecks().isEmpty());
    QVERIFY(m_wizard->button(QWizard::NextButton)->isEnabled());
    QVERIFY(!find<QLabel>(QStringLiteral("scope_harvest_sources_list_fixLabel"))->isVisible());
}

void TestSetupWizard::stopRunningCheck()
{
    Sandbox::Options slow = m_server->options();
    slow.latencyMs = 400;
    m_server->setOptions(slow);
    makeWizard();
    QVERIFY(goTo(PageId::PasteCredentials));
    QVERIFY(waitUntilComplete());
    clickNext();
    auto *verify = qobject_cast<Wizard::VerifyPage *>(m_wizard->currentPage());
    QVERIFY(verify->isRunning());
    auto *stop = find<QPushButton>(QStringLiteral("stopCheckButton"));
    QVERIFY(stop->isEnabled());

    // The UI keeps answering while the checks run: events are processed, clicks arrive.
    QElapsedTimer timer;
    timer.start();
    QTest::qWait(100);
    QTest::mouseClick(stop, Qt::LeftButton);
    QVERIFY(timer.elapsed() < 2000);
    QTRY_VERIFY_WITH_TIMEOUT(!verify->isRunning(), 5000);
    QVERIFY(!verify->isComplete());
    QVERIFY(find<QPushButton>(QStringLiteral("checkAgainButton"))->isEnabled());
    QVERIFY(find<QLabel>(QStringLiteral("verifySummaryLabel"))->text().contains(QStringLiteral("stopped")));

    // Late answers of the stopped run change nothing.
    QTest::qWait(1000);
    QVERIFY(!verify->isRunning());
    QVERIFY(!verify->isComplete());

    // Back during a run stops it too.
    slow.latencyMs = 0;
    m_server->setOptions(slow);
    QTest::mouseClick(find<QPushButton>(QStringLiteral("checkAgainButton")), Qt::LeftButton);
    QVERIFY(verify->isRunning());
    QTest::mouseClick(m_wizard->button(QWizard::BackButton), Qt::LeftButton);
    QCOMPARE(m_wizard->currentId(), Wizard::toInt(PageId::PasteCredentials));
    QTRY_VERIFY_WITH_TIMEOUT(!verify->isRunning(), 5000);
}

void TestSetupWizard::actingUserNotSiteAdmin()
{
    Wizard::WizardPrefill prefill = sandboxPrefill();
    prefill.actingUserId = m_server->credentials().regularUserId;
    makeWizard(prefill);
    QVERIFY(goTo(PageId::PasteCredentials));
    QVERIFY(waitUntilComplete());
    clickNext();
    auto *verify = qobject_cast<Wizard::VerifyPage *>(m_wizard->currentPage());
    QTRY_VERIFY_WITH_TIMEOUT(!verify->isRunning(), kNetworkTimeoutMs);
    QCOMPARE(verify->check(QStringLiteral("site_admin")).status, CheckStatus::Failed);
    QVERIFY(verify->check(QStringLiteral("site_admin")).fix.contains(QStringLiteral("Site Admin")));
    QVERIFY(!verify->isComplete());
    screenshot(QStringLiteral("4-verify-acting-user"));
}

void TestSetupWizard::cancelLeavesNothing_data()
{
    QTest::addColumn<PageId>("page");
    QTest::newRow("permissions") << PageId::Permissions;
    QTest::newRow("create credentials") << PageId::CreateCredentials;
    QTest::newRow("paste credentials") << PageId::PasteCredentials;
    QTest::newRow("verify") << PageId::Verify;
    QTest::newRow("smartdreamers") << PageId::SmartDreamers;
    QTest::newRow("sync settings") << PageId::SyncSettings;
    QTest::newRow("done") << PageId::Done;
}

void TestSetupWizard::cancelLeavesNothing()
{
    QFETCH(PageId, page);
    makeWizard();
    QSignalSpy completed(m_wizard.get(), &Wizard::SetupWizard::setupCompleted);
    QVERIFY(goTo(page));
    QTest::mouseClick(m_wizard->button(QWizard::CancelButton), Qt::LeftButton);
    QVERIFY(!m_wizard->isVisible());
    QCOMPARE(m_wizard->result(), int(QDialog::Rejected));
    QTest::qWait(200); // anything queued would have run by now
    QVERIFY(nothingStored());
    QVERIFY(!QFileInfo::exists(m_profile->dir()));
    QCOMPARE(completed.count(), 0);
}

void TestSetupWizard::cancelWaitsForTheKeychainWrite()
{
    // Escape or closing the window right after Finish (the Cancel button is disabled then)
    // must not leave the keychain half-written: the save completes and the wizard accepts.
    makeWizard();
    QSignalSpy completed(m_wizard.get(), &Wizard::SetupWizard::setupCompleted);
    QVERIFY(goTo(PageId::Done));
    QTest::mouseClick(m_wizard->button(QWizard::FinishButton), Qt::LeftButton);
    QVERIFY(!m_wizard->button(QWizard::CancelButton)->isEnabled());
    QVERIFY(m_store->entries().size() < 3); // still saving
    QTest::keyClick(m_wizard.get(), Qt::Key_Escape);
    m_wizard->close();
    QVERIFY(m_wizard->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(completed.count(), 1, kNetworkTimeoutMs);
    QCOMPARE(m_wizard->result(), int(QDialog::Accepted));
    QCOMPARE(m_store->entries().size(), 3);
    QCOMPARE(m_store->removeCount(), 0);
    QVERIFY(QFileInfo::exists(m_profile->settingsPath()));
}

void TestSetupWizard::keychainFailureOnFinish_data()
{
    QTest::addColumn<CredentialError>("error");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no backend") << CredentialError::NoBackend << QStringLiteral("no keychain");
    QTest::newRow("access denied") << CredentialError::AccessDenied << QStringLiteral("locked");
}

void TestSetupWizard::keychainFailureOnFinish()
{
    QFETCH(CredentialError, error);
    QFETCH(QString, expected);
    m_store->setFailure(MemoryCredentialStore::Operation::Write, error);
    makeWizard();
    QSignalSpy completed(m_wizard.get(), &Wizard::SetupWizard::setupCompleted);
    QVERIFY(goTo(PageId::Done));
    QTest::mouseClick(m_wizard->button(QWizard::FinishButton), Qt::LeftButton);
    auto *status = find<QLabel>(QStringLiteral("finishStatusLabel"));
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral("Finish again")), kNetworkTimeoutMs);
    QVERIFY2(status->text().contains(expected), qPrintable(status->text()));
    QVERIFY(status->isVisible());
    QVERIFY(m_wizard->isVisible());
    QCOMPARE(m_wizard->currentId(), Wizard::toInt(PageId::Done));
    QCOMPARE(completed.count(), 0);
    QVERIFY(m_store->entries().isEmpty());
    QVERIFY(!QFileInfo::exists(m_profile->settingsPath()));
    QVERIFY(m_wizard->button(QWizard::FinishButton)->isEnabled());
    QVERIFY(m_wizard->button(QWizard::CancelButton)->isEnabled());
    if (error == CredentialError::NoBackend)
    {
        screenshot(QStringLiteral("7-done-keychain-failure"));
    }

    // The admin unlocks the keychain and tries again.
    m_store->setFailure(MemoryCredentialStore::Operation::Write, CredentialError::None);
    QTest::mouseClick(m_wizard->button(QWizard::FinishButton), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(completed.count(), 1, kNetworkTimeoutMs);
    QCOMPARE(m_store->entries().size(), 3);
    QVERIFY(QFileInfo::exists(m_profile->settingsPath()));
}

void TestSetupWizard::smartDreamersRejectsBadInput()
{
    Wizard::WizardPrefill prefill = sandboxPrefill();
    prefill.platformToken = QStringLiteral("wrong-token-77aa");
    m_secrets.append(prefill.platformToken);
    makeWizard(prefill);
    QVERIFY(goTo(PageId::SmartDreamers));
    auto *page = qobject_cast<Wizard::SmartDreamersPage *>(m_wizard->currentPage());
    auto *status = find<QLabel>(QStringLiteral("platformStatusLabel"));
    QTRY_VERIFY_WITH_TIMEOUT(!page->isTesting(), kNetworkTimeoutMs);
    QVERIFY(!page->isComplete());
    QVERIFY2(status->text().contains(QStringLiteral("token")), qPrintable(status->text()));
    screenshot(QStringLiteral("5-smartdreamers-bad-token"));

    // Plain http to another host is refused before anything is sent.
    auto *url = find<QLineEdit>(QStringLiteral("platformUrlLineEdit"));
    url->clear();
    QTest::keyClicks(url, QStringLiteral("http://api.example.com"));
    auto *urlError = find<QLabel>(QStringLiteral("platformUrlErrorLabel"));
    QVERIFY(urlError->isVisible());
    QVERIFY(urlError->text().contains(QStringLiteral("https://")));
    QTest::mouseClick(find<QPushButton>(QStringLiteral("testPlatformButton")), Qt::LeftButton);
    QVERIFY(!page->isTesting());
    QVERIFY(!page->isComplete());

    // The right address and token pass; the token is masked until shown.
    url->clear();
    QTest::keyClicks(url, m_server->platformBaseUrl().toString());
    QVERIFY(!urlError->isVisible());
    auto *token = find<QLineEdit>(QStringLiteral("platformTokenLineEdit"));
    QCOMPARE(token->echoMode(), QLineEdit::Password);
    QTest::mouseClick(find<QToolButton>(QStringLiteral("showPlatformTokenToolButton")), Qt::LeftButton);
    QCOMPARE(token->echoMode(), QLineEdit::Normal);
    token->clear();
    QTest::keyClicks(token, m_server->credentials().platformToken);
    QTest::mouseClick(find<QPushButton>(QStringLiteral("testPlatformButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(page->isComplete(), kNetworkTimeoutMs);

    // Editing after a passed test asks for a new one.
    QTest::keyClick(token, Qt::Key_X);
    QVERIFY(!page->isComplete());
}

void TestSetupWizard::smartDreamersCleansPastedText_data()
{
    // "%1" and "%2" stand for the two halves of the sandbox's value, so a line break can
    // land inside it as when a long token wraps in a chat window or an e-mail.
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("pasted");
    const QString token = QStringLiteral("platformTokenLineEdit");
    const QString url = QStringLiteral("platformUrlLineEdit");
    QTest::newRow("token, spaces and line break") << token << QStringLiteral("  %1%2 \r\n");
    QTest::newRow("token, straight quotes") << token << QStringLiteral("\"%1%2\"");
    QTest::newRow("token, single quotes") << token << QStringLiteral(" '%1%2' ");
    QTest::newRow("token, typographic quotes") << token << QStringLiteral("\u201C%1%2\u201D");
    QTest::newRow("token, typographic single quotes") << token << QStringLiteral("\u2018%1%2\u2019\n");
    QTest::newRow("token, wrapped") << token << QStringLiteral("%1\n%2");
    QTest::newRow("token, zero-width space") << token << QStringLiteral("\u200B%1%2\uFEFF");
    QTest::newRow("url, spaces and line break") << url << QStringLiteral("\t%1%2 \n");
    QTest::newRow("url, straight quotes") << url << QStringLiteral("\"%1%2\"");
    QTest::newRow("url, typographic quotes") << url << QStringLiteral(" \u201C%1%2\u201D ");
}

void TestSetupWizard::smartDreamersCleansPastedText()
{
    QFETCH(QString, field);
    QFETCH(QString, pasted);
    const bool isToken = field == QLatin1String("platformTokenLineEdit");
    Wizard::WizardPrefill prefill = sandboxPrefill();
    const QString value = isToken ? prefill.platformToken : prefill.platformUrl.toString();
    // The field to paste into starts empty, so nothing is tested before the paste.
    if (isToken)
    {
        prefill.platformToken.clear();
    }
    else
    {
        prefill.platformUrl.clear();
    }
    makeWizard(prefill);
    m_wizard->setStartPage(PageId::SmartDreamers);
    auto *page = qobject_cast<Wizard::SmartDreamersPage *>(m_wizard->currentPage());
    QVERIFY(page);
    auto *edit = find<QLineEdit>(field);
    QVERIFY(edit->text().isEmpty());
    QVERIFY(!page->isTesting());
    verifyNothingClipped(QStringLiteral("empty ") + field); // its placeholder shows

    // Pasted with the keyboard, as the admin would: the field shows the clean value at once.
    const qsizetype half = value.size() / 2;
    QGuiApplication::clipboard()->setText(pasted.arg(value.left(half), value.mid(half)));
    edit->setFocus();
    QTest::keyClick(edit, Qt::Key_V, Qt::ControlModifier);
    QCOMPARE(edit->text(), value);
    QVERIFY(!find<QLabel>(QStringLiteral("platformUrlErrorLabel"))->isVisible());

    // And that clean value is what the test sends and what Next carries on.
    QTest::mouseClick(find<QPushButton>(QStringLiteral("testPlatformButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(page->isComplete(), kNetworkTimeoutMs);
    QCOMPARE(m_wizard->field(isToken ? QStringLiteral("platformToken") : QStringLiteral("platformUrl")).toString(),
        value);
}

void TestSetupWizard::syncListsRetryAfterFailure()
{
    QStringList scopes = Sandbox::Server::allConnectorScopes();
    makeWizard();
    QVERIFY(goTo(PageId::SmartDreamers));
    QVERIFY(waitUntilComplete());
    // Greenhouse stops answering the offices list after the checks passed.
    scopes.removeAll(QStringLiteral("harvest:offices:list"));
    m_server->setGrantedScopes(scopes);
    clickNext();
    auto *sync = qobject_cast<Wizard::SyncSettingsPage *>(m_wizard->currentPage());
    QVERIFY(sync);
    QTRY_VERIFY_WITH_TIMEOUT(!sync->isLoading(), kNetworkTimeoutMs);
    QVERIFY(!sync->isLoaded());
    auto *status = find<QLabel>(QStringLiteral("referenceDataStatusLabel"));
    QVERIFY2(status->text().contains(QStringLiteral("offices")), qPrintable(status->text()));
    auto *retry = find<QPushButton>(QStringLiteral("retryReferenceDataButton"));
    QVERIFY(retry->isVisible());
    screenshot(QStringLiteral("6-sync-settings-load-failed"));

    m_server->setGrantedScopes(Sandbox::Server::allConnectorScopes());
    QTest::mouseClick(retry, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(sync->isLoaded(), kNetworkTimeoutMs);
    QVERIFY(!retry->isVisible());
    QVERIFY(!status->isVisible());
    QVERIFY(find<QListWidget>(QStringLiteral("officeListWidget"))->count() > 0);
}

void TestSetupWizard::startPage()
{
    m_wizard = std::make_unique<Wizard::SetupWizard>(*m_profile, m_session.get(), sandboxPrefill());
    m_wizard->setStartPage(PageId::PasteCredentials);
    m_wizard->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_wizard.get()));
    QCOMPARE(m_wizard->currentId(), Wizard::toInt(PageId::PasteCredentials));
    QCOMPARE(find<QLineEdit>(QStringLiteral("clientSecretLineEdit"))->text(), m_server->credentials().clientSecret);

    // On a visible wizard it restarts at the page asked for.
    m_wizard->setStartPage(PageId::SmartDreamers);
    QCOMPARE(m_wizard->currentId(), Wizard::toInt(PageId::SmartDreamers));
    QVERIFY(nothingStored());
}

void TestSetupWizard::finishRefusedWithoutVerify()
{
    // Reopened at a page after Verify with a secret that never passed it.
    Wizard::WizardPrefill prefill = sandboxPrefill();
    prefill.clientSecret = QStringLiteral("wrong-secret-3c9a1f");
    m_wizard = std::make_unique<Wizard::SetupWizard>(*m_profile, m_session.get(), prefill);
    m_wizard->setStartPage(PageId::SyncSettings);
    m_wizard->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_wizard.get()));
    QSignalSpy completed(m_wizard.get(), &Wizard::SetupWizard::setupCompleted);
    QVERIFY(goTo(PageId::Done));
    QAbstractButton *finish = m_wizard->button(QWizard::FinishButton);
    QVERIFY(finish->isVisible() && finish->isEnabled());
    QTest::mouseClick(finish, Qt::LeftButton);

    // Finish is refused and the admin is taken to the checks, which fail with this secret;
    // Back from there leads to the credentials to fix.
    QTRY_COMPARE_WITH_TIMEOUT(m_wizard->currentId(), Wizard::toInt(PageId::Verify), kNetworkTimeoutMs);
    auto *verify = qobject_cast<Wizard::VerifyPage *>(m_wizard->currentPage());
    QVERIFY(verify);
    QTRY_VERIFY_WITH_TIMEOUT(!verify->isRunning(), kNetworkTimeoutMs);
    QVERIFY(!verify->isComplete());
    QCOMPARE(verify->check(QStringLiteral("token")).status, CheckStatus::Failed);
    QVERIFY(m_wizard->button(QWizard::BackButton)->isVisible());
    QVERIFY(m_wizard->isVisible());
    QCOMPARE(completed.count(), 0);
    QTest::qWait(200); // anything queued would have run by now
    QVERIFY(nothingStored());
}

void TestSetupWizard::commitRefusedWithoutVerify()
{
    Wizard::SetupController controller(*m_profile, m_session.get(), sandboxPrefill());
    QSignalSpy failed(&controller, &Wizard::SetupController::commitFailed);
    QSignalSpy committed(&controller, &Wizard::SetupController::committed);
    const Sandbox::Credentials credentials = m_server->credentials();
    ConnectionSettings connection = controller.baseConnection();
    connection.actingUserId = credentials.siteAdminUserId;
    const Credentials secrets = sandboxSecrets();

    // Nothing verified yet.
    controller.commit(secrets, connection, controller.initialSync());
    QCOMPARE(failed.count(), 1);
    QVERIFY2(
        failed.at(0).at(0).toString().contains(QStringLiteral("Verify")), qPrintable(failed.at(0).at(0).toString()));

    // Verified, but with another secret, acting user or token endpoint.
    const Setup::VerificationInput verified = verificationInput(secrets, connection);
    controller.setVerified(verified);
    Credentials otherSecret = secrets;
    otherSecret.harvestClientSecret = QStringLiteral("wrong-secret-3c9a1f");
    controller.commit(otherSecret, connection, controller.initialSync());
    ConnectionSettings otherUser = connection;
    otherUser.actingUserId = credentials.regularUserId;
    controller.commit(secrets, otherUser, controller.initialSync());
    ConnectionSettings otherToken = connection;
    otherToken.tokenUrl = QUrl(QStringLiteral("https://example.invalid/token"));
    controller.commit(secrets, otherToken, controller.initialSync());
    QCOMPARE(failed.count(), 4);
    QTest::qWait(100);
    QVERIFY(nothingStored());

    // A failed run afterwards withdraws the approval.
    controller.clearVerified();
    controller.commit(secrets, connection, controller.initialSync());
    QCOMPARE(failed.count(), 5);

    // The verified credentials themselves go through.
    controller.setVerified(verified);
    controller.commit(secrets, connection, controller.initialSync());
    QTRY_COMPARE_WITH_TIMEOUT(committed.count(), 1, kNetworkTimeoutMs);
    QCOMPARE(failed.count(), 5);
    QCOMPARE(m_store->entries().size(), 3);
}

void TestSetupWizard::failedFirstCommitRemovesOnlyWhatItWrote()
{
    // Nothing stored before; the keychain accepts the client id, then fails.
    m_store->setFailure(MemoryCredentialStore::Operation::Write, CredentialError::Other, 1);
    const auto controller = verifiedController();
    QVERIFY(commitFails(*controller));

    // The one entry it wrote is taken out again, and nothing else is touched.
    QTRY_COMPARE(m_store->removeCount(), 1);
    QTest::qWait(100);
    QCOMPARE(m_store->removeCount(), 1);
    QVERIFY(m_store->entries().isEmpty());
    QVERIFY(!QFileInfo::exists(m_profile->settingsPath()));
}

void TestSetupWizard::failedCommitAfterDeniedReadRemovesNothing()
{
    // The user has working credentials but declined the prompt when TalentBridge read them.
    const QString id = m_profile->id();
    m_store->setEntry(credentialKey(id, CredentialPurpose::HarvestClientId), QStringLiteral("old-client-id"));
    m_store->setEntry(credentialKey(id, CredentialPurpose::HarvestClientSecret), QStringLiteral("old-secret-5d1e"));
    m_store->setEntry(credentialKey(id, CredentialPurpose::PlatformToken), QStringLiteral("old-token-8b2f"));
    m_secrets << QStringLiteral("old-secret-5d1e") << QStringLiteral("old-token-8b2f");
    m_store->setFailure(MemoryCredentialStore::Operation::Read, CredentialError::AccessDenied);
    m_session->load(m_session.get(), [](const CredentialResult &) {});
    QTRY_COMPARE(m_session->state(), CredentialSession::State::AccessDenied);

    // Now the keychain answers, but fails on the second entry of the commit.
    m_store->setFailure(MemoryCredentialStore::Operation::Read, CredentialError::None);
    m_store->setFailure(MemoryCredentialStore::Operation::Write, CredentialError::Other, 1);
    const auto controller = verifiedController();
    QVERIFY(commitFails(*controller));
    QTest::qWait(200); // a rollback would have run by now

    QCOMPARE(m_store->removeCount(), 0);
    QCOMPARE(m_store->entries().value(credentialKey(id, CredentialPurpose::HarvestClientSecret)),
        QStringLiteral("old-secret-5d1e"));
    QCOMPARE(m_store->entries().value(credentialKey(id, CredentialPurpose::PlatformToken)),
        QStringLiteral("old-token-8b2f"));
    QVERIFY(!QFileInfo::exists(m_profile->settingsPath()));
}

void TestSetupWizard::startAtLoginAppliedAfterKeychainWrite()
{
    QVERIFY(Autostart::location().startsWith(m_dir.path()));
    QVERIFY(!QFileInfo::exists(Autostart::location()));
    const auto controller = verifiedController();
    SyncSettings sync = controller->initialSync();
    sync.startAtLogin = true;
    QSignalSpy committed(controller.get(), &Wizard::SetupController::committed);
    QSignalSpy failed(controller.get(), &Wizard::SetupController::commitFailed);

    // Not while the keychain refuses the secrets.
    m_store->setFailure(MemoryCredentialStore::Operation::Write, CredentialError::NoBackend);
    controller->commit(sandboxSecrets(), controller->baseConnection(), sync);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kNetworkTimeoutMs);
    QVERIFY(!QFileInfo::exists(Autostart::location()));

    // Once they are stored, the login entry is written, naming this profile.
    m_store->setFailure(MemoryCredentialStore::Operation::Write, CredentialError::None);
    controller->commit(sandboxSecrets(), controller->baseConnection(), sync);
    QTRY_COMPARE_WITH_TIMEOUT(committed.count(), 1, kNetworkTimeoutMs);
    QVERIFY(Autostart::isEnabled());
    QFile entry(Autostart::location());
    QVERIFY(entry.open(QIODevice::ReadOnly));
    QVERIFY(QString::fromUtf8(entry.readAll()).contains(QDir::toNativeSeparators(m_profile->dir())));
}

void TestSetupWizard::keyboardOnly()
{
    makeWizard();
    // Page 1 with the keyboard alone: Tab to the checkbox, Space, then Alt+N / Enter for Next.
    auto *confirm = find<QCheckBox>(QStringLiteral("permissionConfirmedCheckBox"));
    confirm->setFocus();
    QTest::keyClick(confirm, Qt::Key_Space);
    QVERIFY(confirm->isChecked());
    QTest::keyClick(m_wizard.get(), Qt::Key_Return);
    QCOMPARE(m_wizard->currentId(), Wizard::toInt(PageId::CreateCredentials));
    QVERIFY(goTo(PageId::SyncSettings));
    QVERIFY(waitUntilComplete());

    // The tab order follows the page from top to bottom.
    auto *first = find<QSpinBox>(QStringLiteral("jobsIntervalSpinBox"));
    first->setFocus();
    QTRY_VERIFY(first->hasFocus());
    const QStringList expected { QStringLiteral("jobsIntervalUnitComboBox"),
        QStringLiteral("applicantsIntervalSpinBox"), QStringLiteral("applicantsIntervalUnitComboBox"),
        QStringLiteral("departmentListWidget"), QStringLiteral("officeListWidget"), QStringLiteral("sourceComboBox"),
        QStringLiteral("startAtLoginCheckBox") };
    for (const QString &name : expected)
    {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget()->objectName(), name);
    }

    // A department is ticked with Space.
    auto *departments = find<QListWidget>(QStringLiteral("departmentListWidget"));
    departments->setFocus();
    departments->setCurrentRow(0);
    QTest::keyClick(departments, Qt::Key_Space);
    QCOMPARE(departments->item(0)->checkState(), Qt::Checked);
}

void TestSetupWizard::tabOrder_data()
{
    // Each page's controls from top to bottom, then the wizard's buttons left to right; Tab
    // after the last comes back to the first. Disabled and hidden controls are skipped.
    const auto order = [](const char *names) { return QString::fromLatin1(names).split(QLatin1Char(' ')); };
    const QStringList buttons = order("backButton nextButton cancelButton");
    QTest::addColumn<PageId>("page");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("permissions") << PageId::Permissions
                                 << order("openUsersPageButton permissionConfirmedCheckBox nextButton cancelButton");
    QTest::newRow("create credentials") << PageId::CreateCredentials
                                        << order("scopeTextBrowser copyScopesButton") + buttons;
    QTest::newRow("paste credentials")
        << PageId::PasteCredentials
        << order("clientIdLineEdit clientSecretLineEdit showSecretToolButton actingUserIdLineEdit") + buttons;
    QTest::newRow("smartdreamers")
        << PageId::SmartDreamers
        << order("platformUrlLineEdit platformTokenLineEdit showPlatformTokenToolButton testPlatformButton")
            + buttons;
    QTest::newRow("verify") << PageId::Verify << order("checkAgainButton checklistScrollArea") + buttons;
    QTest::newRow("sync settings") << PageId::SyncSettings
                                   << order("jobsIntervalSpinBox jobsIntervalUnitComboBox applicantsIntervalSpinBox "
                                            "applicantsIntervalUnitComboBox departmentListWidget officeListWidget "
                                            "sourceComboBox startAtLoginCheckBox")
            + buttons;
    QTest::newRow("done") << PageId::Done << order("backButton finishButton cancelButton");
}

void TestSetupWizard::tabOrder()
{
    QFETCH(PageId, page);
    QFETCH(QStringList, expected);
    makeWizard();
    QVERIFY(goTo(page));
    QVERIFY(waitUntilComplete());
    QApplication::setActiveWindow(m_wizard.get());
    QWidget *first = find<QWidget>(expected.first());
    first->setFocus(Qt::TabFocusReason);
    QTRY_COMPARE(QApplication::focusWidget(), first);

    QStringList forward { expected.first() };
    for (qsizetype i = 0; i < expected.size(); ++i)
    {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        forward.append(QApplication::focusWidget()->objectName());
    }
    QCOMPARE(forward, expected + QStringList { expected.first() });

    // Shift+Tab walks the same way back.
    QStringList backward { expected.first() };
    for (qsizetype i = 0; i < expected.size(); ++i)
    {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Backtab, Qt::ShiftModifier);
        backward.prepend(QApplication::focusWidget()->objectName());
    }
    QCOMPARE(backward, expected + QStringList { expected.first() });
}

void TestSetupWizard::pagesFitTheSmallestWindow()
{
    makeWizard();
    // On a 1366x768 screen at 125% the window may get no bigger than its minimum; a taskbar
    // takes its 48 pixels. (At 150% the screenshots' checks hold it to the Xvfb screen.)
    const qreal scale = m_wizard->devicePixelRatioF();
    const QSize frame = m_wizard->frameGeometry().size() - m_wizard->size();
    const QSize smallest = (m_wizard->minimumSize() + frame) * scale;
    if (scale <= 1.25)
    {
        QVERIFY2(QSize(1366, 768 - 48).expandedTo(smallest) == QSize(1366, 768 - 48),
            qPrintable(QStringLiteral("the smallest window is %1 device pixels").arg(sizeText(smallest))));
    }

    // Every page, with the longest texts it shows, at that size.
    m_wizard->resize(m_wizard->minimumSize());
    QTRY_COMPARE(m_wizard->size(), m_wizard->minimumSize());
    const QStringList allScopes = Sandbox::Server::allConnectorScopes();
    for (const PageId id : { PageId::Permissions, PageId::CreateCredentials, PageId::PasteCredentials, PageId::Verify,
             PageId::SmartDreamers, PageId::SyncSettings, PageId::Done })
    {
        // Failures first: their fixes and messages are the longest texts of these two pages.
        if (id == PageId::Verify || id == PageId::SyncSettings)
        {
            QStringList scopes = allScopes;
            scopes.removeAll(QStringLiteral("harvest:offices:list"));
            scopes.removeAll(QStringLiteral("harvest:attachments:create"));
            if (id == PageId::SyncSettings)
            {
                scopes.append(QStringLiteral("harvest:attachments:create"));
            }
            m_server->setGrantedScopes(scopes);
        }
        QVERIFY(goTo(id));
        if (auto *verify = qobject_cast<Wizard::VerifyPage *>(m_wizard->currentPage()))
        {
            QTRY_VERIFY_WITH_TIMEOUT(!verify->isRunning(), kNetworkTimeoutMs);
            QCOMPARE(verify->failedChecks().size(), 2);
            screenshot(QStringLiteral("smallest-verifyPage-missing-scopes"));
            m_server->setGrantedScopes(allScopes);
            QTest::mouseClick(find<QPushButton>(QStringLiteral("checkAgainButton")), Qt::LeftButton);
        }
        if (auto *sync = qobject_cast<Wizard::SyncSettingsPage *>(m_wizard->currentPage()))
        {
            QTRY_VERIFY_WITH_TIMEOUT(!sync->isLoading(), kNetworkTimeoutMs);
            QVERIFY(find<QPushButton>(QStringLiteral("retryReferenceDataButton"))->isVisible());
            screenshot(QStringLiteral("smallest-syncSettingsPage-load-failed"));
            m_server->setGrantedScopes(allScopes);
            QTest::mouseClick(find<QPushButton>(QStringLiteral("retryReferenceDataButton")), Qt::LeftButton);
        }
        QVERIFY(waitUntilComplete());
        screenshot(QStringLiteral("smallest-") + m_wizard->currentPage()->objectName());
        if (id == PageId::PasteCredentials)
        {
            // All three inline errors at once: two empty fields, an acting user id with letters.
            const QStringList fields { QStringLiteral("clientIdLineEdit"), QStringLiteral("clientSecretLineEdit"),
                QStringLiteral("actingUserIdLineEdit") };
            QStringList values;
            for (const QString &name : fields)
            {
                values.append(find<QLineEdit>(name)->text());
                find<QLineEdit>(name)->clear();
            }
            QTest::keyClicks(find<QLineEdit>(fields.last()), QStringLiteral("12ab"));
            m_wizard->next();
            QCOMPARE(m_wizard->currentId(), Wizard::toInt(PageId::PasteCredentials));
            for (const QString &name : { QStringLiteral("clientIdErrorLabel"), QStringLiteral("clientSecretErrorLabel"),
                     QStringLiteral("actingUserIdErrorLabel") })
            {
                QVERIFY2(find<QLabel>(name)->isVisible(), qPrintable(name));
            }
            screenshot(QStringLiteral("smallest-pasteCredentialsPage-errors"));
            for (qsizetype i = 0; i < fields.size(); ++i)
            {
                find<QLineEdit>(fields[i])->setText(values[i]);
            }
        }
    }
}

void TestSetupWizard::everyInteractiveWidgetHasAnObjectName()
{
    makeWizard();
    const QList<QWizardPage *> pages = m_wizard->findChildren<QWizardPage *>();
    QCOMPARE(pages.size(), 7);
    for (QWizardPage *page : pages)
    {
        QVERIFY(!page->objectName().isEmpty());
        const QList<QWidget *> widgets = page->findChildren<QWidget *>();
        for (QWidget *widget : widgets)
        {
            // Parts that belong to another widget (a line edit's clear button, a spin box's
            // editor, a combo box's popup, a scroll area's bars) are not counted.
            bool part = qobject_cast<QLineEdit *>(widget->parentWidget())
                || qobject_cast<QAbstractSpinBox *>(widget->parentWidget()) || widget->inherits("QScrollBar");
            for (QWidget *up = widget->parentWidget(); up && !part; up = up->parentWidget())
            {
                part = qobject_cast<QComboBox *>(up) || up->inherits("QComboBoxPrivateContainer");
            }
            const bool interactive = qobject_cast<QAbstractButton *>(widget) || qobject_cast<QLineEdit *>(widget)
                || qobject_cast<QAbstractSpinBox *>(widget) || qobject_cast<QComboBox *>(widget)
                || qobject_cast<QAbstractItemView *>(widget) || qobject_cast<QTextBrowser *>(widget);
            if (interactive && !part)
            {
                QVERIFY2(!widget->objectName().isEmpty(), widget->metaObject()->className());
            }
        }
    }
    for (const QWizard::WizardButton which :
        { QWizard::BackButton, QWizard::NextButton, QWizard::FinishButton, QWizard::CancelButton })
    {
        QVERIFY(!m_wizard->button(which)->objectName().isEmpty());
    }
}

QTEST_MAIN(TestSetupWizard)
#include "testsetupwizard.moc"
