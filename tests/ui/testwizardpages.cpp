#include "core/harvest/scopes.h"
#include "ui/wizard/createcredentialspage.h"
#include "ui/wizard/pastecredentialspage.h"
#include "ui/wizard/permissionspage.h"
#include "ui/wizard/wizardpageid.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDesktopServices>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTextBrowser>
#include <QToolButton>
#include <QUrl>
#include <QWizard>

// Receives the URLs the pages ask the desktop to open, instead of a real browser.
class UrlCatcher final : public QObject
{
    Q_OBJECT

public:
    QList<QUrl> urls;

public Q_SLOTS:
    void openUrl(const QUrl &url) { urls.append(url); }
};

class TestWizardPages final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void permissionsNeedsConfirmation();
    void permissionsOpensUsersPage();
    void createCredentialsListsScopes();
    void createCredentialsCopiesScopes();
    void pasteCombined_data();
    void pasteCombined();
    void pasteValidation_data();
    void pasteValidation();
    void secretIsMaskedUntilShown();
    void pasteTabOrder();
    void everyInteractiveWidgetHasAnObjectName();

private:
    template <typename T> T *find(const QString &name) const
    {
        auto *widget = m_wizard->findChild<T *>(name);
        if (!widget)
            qWarning("missing widget %s", qPrintable(name));
        return widget;
    }
    void goTo(Wizard::PageId id);

    std::unique_ptr<QWizard> m_wizard;
    UrlCatcher m_urls;
};

void TestWizardPages::initTestCase()
{
    QDesktopServices::setUrlHandler(QStringLiteral("https"), &m_urls, "openUrl");
}

void TestWizardPages::cleanupTestCase()
{
    QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
}

void TestWizardPages::init()
{
    m_wizard = std::make_unique<QWizard>();
    m_wizard->setPage(Wizard::toInt(Wizard::PageId::Permissions), new Wizard::PermissionsPage);
    m_wizard->setPage(Wizard::toInt(Wizard::PageId::CreateCredentials), new Wizard::CreateCredentialsPage);
    m_wizard->setPage(Wizard::toInt(Wizard::PageId::PasteCredentials), new Wizard::PasteCredentialsPage);
    m_wizard->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_wizard.get()));
    m_urls.urls.clear();
}

void TestWizardPages::cleanup()
{
    m_wizard.reset();
}

void TestWizardPages::goTo(Wizard::PageId id)
{
    // QWizard only moves forward through next(); the pages before are valid in these tests.
    auto *confirm = find<QCheckBox>(QStringLiteral("permissionConfirmedCheckBox"));
    confirm->setChecked(true);
    while (m_wizard->currentId() < Wizard::toInt(id))
        m_wizard->next();
    QCOMPARE(m_wizard->currentId(), Wizard::toInt(id));
}

void TestWizardPages::permissionsNeedsConfirmation()
{
    QCOMPARE(m_wizard->currentId(), Wizard::toInt(Wizard::PageId::Permissions));
    QAbstractButton *next = m_wizard->button(QWizard::NextButton);
    QVERIFY(!next->isEnabled());

    auto *confirm = find<QCheckBox>(QStringLiteral("permissionConfirmedCheckBox"));
    QVERIFY(confirm);
    // Keyboard-only use works.
    confirm->setFocus();
    QTest::keyClick(confirm, Qt::Key_Space);
    QVERIFY(confirm->isChecked());
    QVERIFY(next->isEnabled());
    QVERIFY(m_wizard->field(QStringLiteral("permissionConfirmed")).toBool());

    confirm->setChecked(false);
    QVERIFY(!next->isEnabled());
    m_wizard->next(); // refused
    QCOMPARE(m_wizard->currentId(), Wizard::toInt(Wizard::PageId::Permissions));

    confirm->setChecked(true);
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(m_wizard->currentId(), Wizard::toInt(Wizard::PageId::CreateCredentials));
}

void TestWizardPages::permissionsOpensUsersPage()
{
    auto *button = find<QPushButton>(QStringLiteral("openUsersPageButton"));
    QVERIFY(button);
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(m_urls.urls, QList<QUrl> { QUrl(QStringLiteral("https://app.greenhouse.io/account/users")) });

    // The page tells how a Site Admin grants the permission.
    const QString how = find<QLabel>(QStringLiteral("howLabel"))->text();
    for (const char *step : { "Configure", "Users", "Permissions", "Developer permissions" })
        QVERIFY2(how.contains(QLatin1String(step)), step);
    QVERIFY(find<QLabel>(QStringLiteral("whyLabel"))
                ->text()
                .contains(QStringLiteral("Can manage ALL organization's API Credentials")));
}

void TestWizardPages::createCredentialsListsScopes()
{
    goTo(Wizard::PageId::CreateCredentials);
    auto *list = find<QTextBrowser>(QStringLiteral("scopeTextBrowser"));
    QVERIFY(list);
    const QString shown = list->toPlainText();
    const QList<Harvest::ScopeRequirement> scopes = Harvest::requiredScopes();
    QCOMPARE(scopes.size(), 16);
    for (const Harvest::ScopeRequirement &scope : scopes)
    {
        QVERIFY2(shown.contains(scope.scope), qPrintable(scope.scope));
        QVERIFY2(shown.contains(scope.reason), qPrintable(scope.reason));
    }
    const QString steps = find<QLabel>(QStringLiteral("stepsLabel"))->text();
    for (const char *step :
        { "Dev Center", "API Credential Management", "Create new API credentials", "Harvest V3 (OAuth)" })
        QVERIFY2(steps.contains(QLatin1String(step)), step);
    QVERIFY(find<QLabel>(QStringLiteral("secretNoteLabel"))->text().contains(QStringLiteral("only once")));

    // Nothing to confirm here: Next is available.
    QVERIFY(m_wizard->button(QWizard::NextButton)->isEnabled());
}

void TestWizardPages::createCredentialsCopiesScopes()
{
    goTo(Wizard::PageId::CreateCredentials);
    QGuiApplication::clipboard()->clear();
    QTest::mouseClick(find<QPushButton>(QStringLiteral("copyScopesButton")), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), Harvest::requiredScopeList());
    QVERIFY(!find<QLabel>(QStringLiteral("copyStatusLabel"))->text().isEmpty());
}

void TestWizardPages::pasteCombined_data()
{
    QTest::addColumn<QString>("typedId"); // already in the client id field
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("pasted");
    QTest::addColumn<QString>("clientId");
    QTest::addColumn<QString>("clientSecret");

    QTest::newRow("pair into id") << QString() << QStringLiteral("clientIdLineEdit")
                                  << QStringLiteral(" \"abc123:xyz789\" \n") << QStringLiteral("abc123")
                                  << QStringLiteral("xyz789");
    QTest::newRow("pair into secret") << QString() << QStringLiteral("clientSecretLineEdit")
                                      << QStringLiteral("abc123:xyz789") << QStringLiteral("abc123")
                                      << QStringLiteral("xyz789");
    // Once fixed only for an empty id field: the admin types the id, then pastes both.
    QTest::newRow("pair into secret after the id")
        << QStringLiteral("abc123") << QStringLiteral("clientSecretLineEdit") << QStringLiteral("abc123:xyz789")
        << QStringLiteral("abc123") << QStringLiteral("xyz789");
    QTest::newRow("secret with a colon") << QStringLiteral("other1") << QStringLiteral("clientSecretLineEdit")
                                         << QStringLiteral("abc123:xyz789") << QStringLiteral("other1")
                                         << QStringLiteral("abc123:xyz789");
    QTest::newRow("id with stray spaces") << QString() << QStringLiteral("clientIdLineEdit")
                                          << QStringLiteral("  'abc123'  ") << QStringLiteral("abc123") << QString();
    QTest::newRow("secret with quotes") << QString() << QStringLiteral("clientSecretLineEdit")
                                        << QStringLiteral("\"xyz789\"") << QString() << QStringLiteral("xyz789");
}

void TestWizardPages::pasteCombined()
{
    QFETCH(QString, typedId);
    QFETCH(QString, field);
    QFETCH(QString, pasted);
    QFETCH(QString, clientId);
    QFETCH(QString, clientSecret);

    goTo(Wizard::PageId::PasteCredentials);
    auto *edit = find<QLineEdit>(field);
    QVERIFY(edit);
    if (!typedId.isEmpty())
    {
        QTest::keyClicks(find<QLineEdit>(QStringLiteral("clientIdLineEdit")), typedId);
    }

    // A real paste, through the clipboard and the edit's own shortcut.
    QGuiApplication::clipboard()->setText(pasted);
    edit->setFocus();
    QTest::keySequence(edit, QKeySequence::Paste);

    QCOMPARE(find<QLineEdit>(QStringLiteral("clientIdLineEdit"))->text(), clientId);
    QCOMPARE(find<QLineEdit>(QStringLiteral("clientSecretLineEdit"))->text(), clientSecret);
    QCOMPARE(m_wizard->field(QStringLiteral("clientId")).toString(), clientId);
    QCOMPARE(m_wizard->field(QStringLiteral("clientSecret")).toString(), clientSecret);
    // The last page here, so QWizard offers Finish: ask the page itself.
    QCOMPARE(m_wizard->currentPage()->isComplete(), !clientId.isEmpty() && !clientSecret.isEmpty());
}

void TestWizardPages::pasteValidation_data()
{
    QTest::addColumn<QString>("clientId");
    QTest::addColumn<QString>("clientSecret");
    QTest::addColumn<QString>("actingUserId");
    QTest::addColumn<QStringList>("visibleErrors");

    QTest::newRow("valid") << "abc123"
                           << "xyz789"
                           << "" << QStringList {};
    QTest::newRow("valid with acting user") << "abc123"
                                            << "xyz789"
                                            << "4080" << QStringList {};
    QTest::newRow("acting user not a number") << "abc123"
                                              << "xyz789"
                                              << "jane" << QStringList { QStringLiteral("actingUserIdErrorLabel") };
    QTest::newRow("missing secret") << "abc123"
                                    << ""
                                    << "" << QStringList { QStringLiteral("clientSecretErrorLabel") };
    QTest::newRow("missing both") << ""
                                  << ""
                                  << ""
                                  << QStringList { QStringLiteral("clientIdErrorLabel"),
                                         QStringLiteral("clientSecretErrorLabel") };
}

void TestWizardPages::pasteValidation()
{
    QFETCH(QString, clientId);
    QFETCH(QString, clientSecret);
    QFETCH(QString, actingUserId);
    QFETCH(QStringList, visibleErrors);

    goTo(Wizard::PageId::PasteCredentials);
    QTest::keyClicks(find<QLineEdit>(QStringLiteral("clientIdLineEdit")), clientId);
    QTest::keyClicks(find<QLineEdit>(QStringLiteral("clientSecretLineEdit")), clientSecret);
    QTest::keyClicks(find<QLineEdit>(QStringLiteral("actingUserIdLineEdit")), actingUserId);
    QCOMPARE(find<QLineEdit>(QStringLiteral("actingUserIdLineEdit"))->text(), actingUserId);

    auto *page = qobject_cast<Wizard::PasteCredentialsPage *>(m_wizard->currentPage());
    QVERIFY(page);
    QCOMPARE(page->validatePage(), visibleErrors.isEmpty());
    for (const char *name : { "clientIdErrorLabel", "clientSecretErrorLabel", "actingUserIdErrorLabel" })
    {
        auto *label = find<QLabel>(QString::fromLatin1(name));
        QVERIFY(label);
        const bool expected = visibleErrors.contains(QString::fromLatin1(name));
        QVERIFY2(label->isVisible() == expected, name);
        QCOMPARE(label->text().isEmpty(), !expected);
    }
}

void TestWizardPages::secretIsMaskedUntilShown()
{
    goTo(Wizard::PageId::PasteCredentials);
    auto *secret = find<QLineEdit>(QStringLiteral("clientSecretLineEdit"));
    auto *show = find<QToolButton>(QStringLiteral("showSecretToolButton"));
    QVERIFY(secret && show);
    QCOMPARE(secret->echoMode(), QLineEdit::Password);
    QTest::mouseClick(show, Qt::LeftButton);
    QCOMPARE(secret->echoMode(), QLineEdit::Normal);
    QTest::mouseClick(show, Qt::LeftButton);
    QCOMPARE(secret->echoMode(), QLineEdit::Password);
}

void TestWizardPages::pasteTabOrder()
{
    goTo(Wizard::PageId::PasteCredentials);
    auto *id = find<QLineEdit>(QStringLiteral("clientIdLineEdit"));
    id->setFocus();
    QTRY_VERIFY(id->hasFocus());
    const QStringList expected { QStringLiteral("clientSecretLineEdit"), QStringLiteral("showSecretToolButton"),
        QStringLiteral("actingUserIdLineEdit") };
    for (const QString &name : expected)
    {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget()->objectName(), name);
    }
}

void TestWizardPages::everyInteractiveWidgetHasAnObjectName()
{
    const QList<QWizardPage *> pages = m_wizard->findChildren<QWizardPage *>();
    QCOMPARE(pages.size(), 3);
    for (QWizardPage *page : pages)
    {
        QVERIFY(!page->objectName().isEmpty());
        const QList<QWidget *> widgets = page->findChildren<QWidget *>();
        for (QWidget *widget : widgets)
        {
            // A line edit's own clear button belongs to the line edit.
            const bool interactive = (qobject_cast<QAbstractButton *>(widget) || qobject_cast<QLineEdit *>(widget)
                                         || qobject_cast<QTextBrowser *>(widget))
                && !qobject_cast<QLineEdit *>(widget->parentWidget());
            if (interactive)
                QVERIFY2(!widget->objectName().isEmpty(), widget->metaObject()->className());
        }
    }
}

QTEST_MAIN(TestWizardPages)
#include "testwizardpages.moc"
