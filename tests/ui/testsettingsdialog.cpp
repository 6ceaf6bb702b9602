// Settings > cadences, filters and source: every field round-trips through settings.ini, the
// intervals keep minutes, and departments, offices and the source are picked by name from lists
// loaded live from Greenhouse (the sandbox), never typed as ids nobody checks.
#include "core/harvest/harvestclient.h"
#include "core/profile/profile.h"
#include "sandbox/sandboxserver.h"
#include "tests/ui/modaldialogs.h"
#include "tests/ui/sandboxconnection.h"
#include "ui/settingsdialog.h"
#include "ui/wizard/syncfilterswidget.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using TestSupport::clickInNextMessageBox;

namespace
{
constexpr int kNetworkTimeoutMs = 30'000;

// For a look at the states the demo does not show (see testsetupwizard for the same folder).
void screenshot(QWidget *widget, const QString &name)
{
    QString dir = qEnvironmentVariable("TALENTBRIDGE_SCREENSHOT_DIR");
    if (dir.isEmpty())
        dir = QDir::temp().filePath(u"talentbridge-screenshots"_s);
    QDir().mkpath(dir);
    QCoreApplication::processEvents();
    const QString path = QDir(dir).filePath(name);
    QVERIFY2(widget->grab().save(path), qPrintable(path));
}

QListWidgetItem *itemWithId(QListWidget *list, qint64 id)
{
    for (int row = 0; row < list->count(); ++row)
    {
        if (list->item(row)->data(Qt::UserRole).toLongLong() == id)
            return list->item(row);
    }
    return nullptr;
}
} // namespace

class TestSettingsDialog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void okKeepsEveryField();
    void okKeepsMinutes_data();
    void okKeepsMinutes();
    void cancelChangesNothing();
    void editedFieldsAreSaved();
    void intervalsStayInBounds();
    void filtersAreNamedListsFromGreenhouse();
    void loadingDoesNotBlock();
    void failedLoadKeepsSavedChoiceAndRetries();
    void unknownSavedIdStaysTicked();
    void notConnectedOffersSetup();
    void disconnectAsksFirst();

private:
    SyncSettings storedSync() const;
    // Stores `sync` as the saved settings, as a connected profile.
    void store(const SyncSettings &sync, const QString &logLevel = u"info"_s);
    Harvest::ClientConfig sandboxConfig() const;
    std::unique_ptr<SettingsDialog> openDialog();
    void pressOk(SettingsDialog *dialog);
    bool waitLoaded(SettingsDialog *dialog);

    QTemporaryDir m_dir;
    std::unique_ptr<Sandbox::Server> m_server;
    std::unique_ptr<Profile> m_profile;
    int m_profileCount = 0;
};

void TestSettingsDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    // "Start at login" writes below XDG_CONFIG_HOME: never the real one.
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_dir.filePath(u"xdg-config"_s)));
}

void TestSettingsDialog::init()
{
    m_server = std::make_unique<Sandbox::Server>();
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
    m_profile = std::make_unique<Profile>(m_dir.filePath(u"profile-%1"_s.arg(++m_profileCount)));
    QVERIFY(m_profile->ensureExists());
}

void TestSettingsDialog::cleanup()
{
    m_server.reset();
}

SyncSettings TestSettingsDialog::storedSync() const
{
    return ProfileSettings(*m_profile).sync();
}

void TestSettingsDialog::store(const SyncSettings &sync, const QString &logLevel)
{
    ProfileSettings settings(*m_profile);
    settings.setConnection(TestSupport::sandboxConnection(*m_server));
    settings.setSync(sync);
    settings.setLogLevel(logLevel);
}

Harvest::ClientConfig TestSettingsDialog::sandboxConfig() const
{
    return TestSupport::sandboxHarvestConfig(*m_server);
}

std::unique_ptr<SettingsDialog> TestSettingsDialog::openDialog()
{
    auto dialog = std::make_unique<SettingsDialog>(*m_profile);
    dialog->show();
    if (!QTest::qWaitForWindowExposed(dialog.get()))
        qWarning("settings dialog not exposed");
    return dialog;
}

void TestSettingsDialog::pressOk(SettingsDialog *dialog)
{
    auto *buttons = dialog->findChild<QDialogButtonBox *>(u"settingsButtonBox"_s);
    QVERIFY(buttons);
    QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QCOMPARE(dialog->result(), int(QDialog::Accepted));
}

bool TestSettingsDialog::waitLoaded(SettingsDialog *dialog)
{
    return QTest::qWaitFor([dialog]() { return !dialog->filters()->isLoading(); }, kNetworkTimeoutMs)
        && dialog->filters()->isLoaded();
}

// Opening the dialog and pressing OK must not change anything that was saved, with or without
// the lists loaded.
void TestSettingsDialog::okKeepsEveryField()
{
    SyncSettings sync;
    sync.jobsInterval = 7min;
    sync.applicantsInterval = 90min;
    sync.departmentFilter = { 40100, 40102 }; // the sandbox's ids
    sync.officeFilter = { 50101 };
    sync.sourceId = 60001;
    store(sync, u"debug"_s);

    {
        auto dialog = openDialog();
        pressOk(dialog.get());
    }
    QCOMPARE(storedSync(), sync);
    QCOMPARE(ProfileSettings(*m_profile).logLevel(), u"debug"_s);

    auto dialog = openDialog();
    dialog->loadFilterLists(sandboxConfig(), Harvest::SharedState::create());
    QVERIFY(waitLoaded(dialog.get()));
    pressOk(dialog.get());
    QCOMPARE(storedSync(), sync);
}

void TestSettingsDialog::okKeepsMinutes_data()
{
    QTest::addColumn<int>("applicantsMinutes");
    QTest::addColumn<int>("jobsMinutes");
    QTest::newRow("90 min") << 90 << 5;
    QTest::newRow("15 min, the minimum") << 15 << 1;
    QTest::newRow("25 h") << 25 * 60 << 90;
    QTest::newRow("7 days, the maximum") << 7 * 24 * 60 << 24 * 60;
}

// The applicant interval was edited in whole hours: OK turned 90 minutes into 1 hour.
void TestSettingsDialog::okKeepsMinutes()
{
    QFETCH(int, applicantsMinutes);
    QFETCH(int, jobsMinutes);
    SyncSettings sync;
    sync.applicantsInterval = std::chrono::minutes(applicantsMinutes);
    sync.jobsInterval = std::chrono::minutes(jobsMinutes);
    store(sync);

    auto dialog = openDialog();
    pressOk(dialog.get());
    QCOMPARE(storedSync().applicantsInterval, std::chrono::seconds(std::chrono::minutes(applicantsMinutes)));
    QCOMPARE(storedSync().jobsInterval, std::chrono::seconds(std::chrono::minutes(jobsMinutes)));
}

void TestSettingsDialog::cancelChangesNothing()
{
    SyncSettings sync;
    sync.applicantsInterval = 90min;
    sync.departmentFilter = { 40100 };
    store(sync);
    QFile file(m_profile->settingsPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray before = file.readAll();
    file.close();

    auto dialog = openDialog();
    dialog->loadFilterLists(sandboxConfig(), Harvest::SharedState::create());
    QVERIFY(waitLoaded(dialog.get()));
    dialog->findChild<QSpinBox *>(u"applicantsIntervalSpinBox"_s)->setValue(3);
    dialog->findChild<QSpinBox *>(u"jobsIntervalSpinBox"_s)->setValue(42);
    QListWidget *departments = dialog->filters()->departmentList();
    for (int row = 0; row < departments->count(); ++row)
        departments->item(row)->setCheckState(Qt::Checked);
    dialog->filters()->sourceComboBox()->setCurrentIndex(1);
    dialog->findChild<QComboBox *>(u"logLevelComboBox"_s)->setCurrentIndex(1);
    auto *buttons = dialog->findChild<QDialogButtonBox *>(u"settingsButtonBox"_s);
    QTest::mouseClick(buttons->button(QDialogButtonBox::Cancel), Qt::LeftButton);
    QCOMPARE(dialog->result(), int(QDialog::Rejected));

    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), before);
}

// Every editor writes its field: the intervals in either unit, the ticks, the source, the level.
void TestSettingsDialog::editedFieldsAreSaved()
{
    store(SyncSettings {});
    auto dialog = openDialog();
    dialog->loadFilterLists(sandboxConfig(), Harvest::SharedState::create());
    QVERIFY(waitLoaded(dialog.get()));

    auto *jobsUnit = dialog->findChild<QComboBox *>(u"jobsIntervalUnitComboBox"_s);
    auto *jobs = dialog->findChild<QSpinBox *>(u"jobsIntervalSpinBox"_s);
    auto *applicantsUnit = dialog->findChild<QComboBox *>(u"applicantsIntervalUnitComboBox"_s);
    auto *applicants = dialog->findChild<QSpinBox *>(u"applicantsIntervalSpinBox"_s);
    QVERIFY(jobsUnit && jobs && applicantsUnit && applicants);
    jobsUnit->setCurrentIndex(0); // minutes
    jobs->setValue(45);
    applicantsUnit->setCurrentIndex(1); // hours
    applicants->setValue(3);

    QListWidget *departments = dialog->filters()->departmentList();
    QListWidget *offices = dialog->filters()->officeList();
    QVERIFY(departments->count() >= 2);
    QVERIFY(offices->count() >= 1);
    departments->item(1)->setCheckState(Qt::Checked);
    offices->item(0)->setCheckState(Qt::Checked);
    QComboBox *source = dialog->filters()->sourceComboBox();
    QVERIFY(source->count() >= 2);
    source->setCurrentIndex(source->count() - 1);
    dialog->findChild<QComboBox *>(u"logLevelComboBox"_s)->setCurrentIndex(1);
    pressOk(dialog.get());

    const SyncSettings saved = storedSync();
    QCOMPARE(saved.jobsInterval, std::chrono::seconds(45min));
    QCOMPARE(saved.applicantsInterval, std::chrono::seconds(3h));
    QCOMPARE(saved.departmentFilter, QList<qint64> { departments->item(1)->data(Qt::UserRole).toLongLong() });
    QCOMPARE(saved.officeFilter, QList<qint64> { offices->item(0)->data(Qt::UserRole).toLongLong() });
    QCOMPARE(saved.sourceId, std::optional<qint64>(source->currentData().toLongLong()));
    QCOMPARE(ProfileSettings(*m_profile).logLevel(), u"debug"_s);

    // And back to "all" and no source.
    auto again = openDialog();
    again->loadFilterLists(sandboxConfig(), Harvest::SharedState::create());
    QVERIFY(waitLoaded(again.get()));
    QCOMPARE(itemWithId(again->filters()->departmentList(), saved.departmentFilter.first())->checkState(),
        Qt::Checked);
    itemWithId(again->filters()->departmentList(), saved.departmentFilter.first())->setCheckState(Qt::Unchecked);
    itemWithId(again->filters()->officeList(), saved.officeFilter.first())->setCheckState(Qt::Unchecked);
    again->filters()->sourceComboBox()->setCurrentIndex(0);
    pressOk(again.get());
    QVERIFY(storedSync().departmentFilter.isEmpty());
    QVERIFY(storedSync().officeFilter.isEmpty());
    QCOMPARE(storedSync().sourceId, std::nullopt);
}

// The editors keep the cadences within the bounds the scheduler accepts.
void TestSettingsDialog::intervalsStayInBounds()
{
    SyncSettings sync;
    sync.applicantsInterval = 2h;
    store(sync);
    auto dialog = openDialog();
    auto *applicantsUnit = dialog->findChild<QComboBox *>(u"applicantsIntervalUnitComboBox"_s);
    auto *applicants = dialog->findChild<QSpinBox *>(u"applicantsIntervalSpinBox"_s);
    applicantsUnit->setCurrentIndex(0); // minutes
    applicants->selectAll();
    QTest::keyClicks(applicants, u"5"_s);
    applicants->interpretText();
    QCOMPARE(applicants->minimum(), 15);
    QVERIFY(applicants->value() >= 15);
    auto *jobs = dialog->findChild<QSpinBox *>(u"jobsIntervalSpinBox"_s);
    auto *jobsUnit = dialog->findChild<QComboBox *>(u"jobsIntervalUnitComboBox"_s);
    jobsUnit->setCurrentIndex(1); // hours
    jobs->setValue(jobs->maximum() + 5);
    QCOMPARE(jobs->value(), 24);
    pressOk(dialog.get());
    QVERIFY(storedSync().applicantsInterval >= std::chrono::seconds(Defaults::kMinApplicantsInterval));
    QCOMPARE(storedSync().jobsInterval, std::chrono::seconds(24h));
}

// The raw id fields are gone: the lists hold Greenhouse's names, and a saved id is ticked.
void TestSettingsDialog::filtersAreNamedListsFromGreenhouse()
{
    SyncSettings sync;
    store(sync);
    auto dialog = openDialog();
    QVERIFY(!dialog->findChild<QLineEdit *>(u"departmentsLineEdit"_s));
    QVERIFY(!dialog->findChild<QLineEdit *>(u"sourceLineEdit"_s));
    dialog->loadFilterLists(sandboxConfig(), Harvest::SharedState::create());
    QVERIFY(waitLoaded(dialog.get()));

    QListWidget *departments = dialog->findChild<QListWidget *>(u"departmentListWidget"_s);
    QListWidget *offices = dialog->findChild<QListWidget *>(u"officeListWidget"_s);
    auto *source = dialog->findChild<QComboBox *>(u"sourceComboBox"_s);
    QVERIFY(departments && offices && source);
    QVERIFY(departments->count() > 0);
    QVERIFY(offices->count() > 0);
    for (int row = 0; row < departments->count(); ++row)
    {
        const QString text = departments->item(row)->text();
        QVERIFY2(!text.isEmpty() && text != QString::number(departments->item(row)->data(Qt::UserRole).toLongLong()),
            qPrintable(text));
        QCOMPARE(departments->item(row)->checkState(), Qt::Unchecked);
    }
    // No saved source: Settings does not pick one by itself (the wizard suggests SmartDreamers).
    QCOMPARE(source->currentIndex(), 0);
    QVERIFY(source->count() > 1);
}

void TestSettingsDialog::loadingDoesNotBlock()
{
    Sandbox::Options slow = m_server->options();
    slow.latencyMs = 300;
    m_server->setOptions(slow);
    store(SyncSettings {});
    auto dialog = openDialog();
    QElapsedTimer timer;
    timer.start();
    dialog->loadFilterLists(sandboxConfig(), Harvest::SharedState::create());
    QVERIFY2(timer.elapsed() < 250, "loading the lists blocked the UI thread");
    QVERIFY(dialog->filters()->isLoading());
    QLabel *status = dialog->filters()->statusLabel();
    QVERIFY(status->isVisible());
    QVERIFY2(status->text().contains(u"Loading"_s), qPrintable(status->text()));
    QVERIFY(!dialog->filters()->retryButton()->isVisible());
    QVERIFY(waitLoaded(dialog.get()));
    QVERIFY(!status->isVisible());
}

// A list that cannot load must not clear the saved filter: with an empty filter every job goes out.
void TestSettingsDialog::failedLoadKeepsSavedChoiceAndRetries()
{
    QStringList scopes = Sandbox::Server::allConnectorScopes();
    scopes.removeAll(u"harvest:offices:list"_s);
    m_server->setGrantedScopes(scopes);
    SyncSettings sync;
    sync.applicantsInterval = 90min;
    sync.departmentFilter = { 40102 };
    sync.officeFilter = { 50100 };
    sync.sourceId = 60002;
    store(sync);

    auto dialog = openDialog();
    dialog->loadFilterLists(sandboxConfig(), Harvest::SharedState::create());
    QVERIFY(!waitLoaded(dialog.get()));
    QLabel *status = dialog->filters()->statusLabel();
    QVERIFY(status->isVisible());
    QVERIFY2(status->text().contains(u"offices"_s), qPrintable(status->text()));
    QVERIFY2(status->text().contains(u"choice shown above is kept"_s), qPrintable(status->text()));
    QPushButton *retry = dialog->findChild<QPushButton *>(u"retryReferenceDataButton"_s);
    QVERIFY(retry && retry->isVisible());
    screenshot(dialog.get(), u"settings-lists-failed.png"_s);
    // The saved choice is what shows, read-only: not "nothing ticked" and "None".
    QListWidget *departments = dialog->filters()->departmentList();
    QVERIFY(!departments->isEnabled());
    QCOMPARE(departments->count(), 1);
    QCOMPARE(departments->item(0)->checkState(), Qt::Checked);
    QVERIFY2(departments->item(0)->text().contains(u"40102"_s), qPrintable(departments->item(0)->text()));
    QVERIFY(!dialog->filters()->sourceComboBox()->isEnabled());
    QVERIFY2(dialog->filters()->sourceComboBox()->currentText().contains(u"60002"_s),
        qPrintable(dialog->filters()->sourceComboBox()->currentText()));

    m_server->setGrantedScopes(Sandbox::Server::allConnectorScopes());
    QTest::mouseClick(retry, Qt::LeftButton);
    QVERIFY(waitLoaded(dialog.get()));
    QVERIFY(!retry->isVisible());
    QVERIFY(departments->isEnabled());
    QVERIFY(dialog->filters()->sourceComboBox()->isEnabled());
    QCOMPARE(itemWithId(dialog->filters()->departmentList(), 40102)->checkState(), Qt::Checked);
    QCOMPARE(itemWithId(dialog->filters()->officeList(), 50100)->checkState(), Qt::Checked);
    QCOMPARE(dialog->filters()->sourceComboBox()->currentData().toLongLong(), 60002);
    pressOk(dialog.get());
    QCOMPARE(storedSync(), sync);

    // OK while the lists failed keeps the saved choice too.
    m_server->setGrantedScopes(scopes);
    auto failed = openDialog();
    failed->loadFilterLists(sandboxConfig(), Harvest::SharedState::create());
    QVERIFY(!waitLoaded(failed.get()));
    pressOk(failed.get());
    QCOMPARE(storedSync(), sync);
}

// A saved department Greenhouse no longer lists stays ticked and named as such: dropping it in
// silence would turn "only department X" into "every department".
void TestSettingsDialog::unknownSavedIdStaysTicked()
{
    SyncSettings sync;
    sync.departmentFilter = { 987654321 };
    sync.sourceId = 123456789;
    store(sync);
    auto dialog = openDialog();
    dialog->loadFilterLists(sandboxConfig(), Harvest::SharedState::create());
    QVERIFY(waitLoaded(dialog.get()));
    QListWidgetItem *unknown = itemWithId(dialog->filters()->departmentList(), 987654321);
    QVERIFY(unknown);
    QCOMPARE(unknown->checkState(), Qt::Checked);
    QVERIFY2(unknown->text().contains(u"987654321"_s), qPrintable(unknown->text()));
    QCOMPARE(dialog->filters()->sourceComboBox()->currentData().toLongLong(), 123456789);
    pressOk(dialog.get());
    QCOMPARE(storedSync().departmentFilter, sync.departmentFilter);
    QCOMPARE(storedSync().sourceId, sync.sourceId);
}

void TestSettingsDialog::notConnectedOffersSetup()
{
    SyncSettings sync;
    sync.departmentFilter = { 40100 };
    store(sync);
    auto dialog = openDialog();
    dialog->setConnected(false);
    auto *reconnect = dialog->findChild<QPushButton *>(u"reconnectButton"_s);
    auto *disconnect = dialog->findChild<QPushButton *>(u"disconnectButton"_s);
    QVERIFY(reconnect && disconnect);
    QVERIFY2(reconnect->text().remove(u'&').startsWith(u"Set up connection"_s), qPrintable(reconnect->text()));
    QVERIFY(!disconnect->isEnabled());
    QVERIFY(dialog->filters()->statusLabel()->isVisible());
    screenshot(dialog.get(), u"settings-not-connected.png"_s);
    QCOMPARE(dialog->filters()->departmentList()->item(0)->checkState(), Qt::Checked);
    QVERIFY(dialog->filters()->officeList()->item(0)->text().contains(u"All offices"_s));
    QSignalSpy setup(dialog.get(), &SettingsDialog::setupRequested);
    QSignalSpy reconnected(dialog.get(), &SettingsDialog::reconnectRequested);
    QTest::mouseClick(reconnect, Qt::LeftButton);
    QCOMPARE(setup.size(), 1);
    QCOMPARE(reconnected.size(), 0);
    pressOk(dialog.get());
    QCOMPARE(storedSync().departmentFilter, sync.departmentFilter);

    auto connected = openDialog();
    connected->setConnected(true);
    QVERIFY(disconnect != connected->findChild<QPushButton *>(u"disconnectButton"_s));
    QVERIFY(connected->findChild<QPushButton *>(u"disconnectButton"_s)->isEnabled());
    QSignalSpy reconnectedNow(connected.get(), &SettingsDialog::reconnectRequested);
    QTest::mouseClick(connected->findChild<QPushButton *>(u"reconnectButton"_s), Qt::LeftButton);
    QCOMPARE(reconnectedNow.size(), 1);
}

void TestSettingsDialog::disconnectAsksFirst()
{
    store(SyncSettings {});
    auto dialog = openDialog();
    dialog->setConnected(true);
    QSignalSpy disconnected(dialog.get(), &SettingsDialog::disconnectRequested);
    auto *disconnect = dialog->findChild<QPushButton *>(u"disconnectButton"_s);
    clickInNextMessageBox(QMessageBox::No);
    QTest::mouseClick(disconnect, Qt::LeftButton);
    QCOMPARE(disconnected.size(), 0);
    clickInNextMessageBox(QMessageBox::Yes);
    QTest::mouseClick(disconnect, Qt::LeftButton);
    QCOMPARE(disconnected.size(), 1);
}

QTEST_MAIN(TestSettingsDialog)
#include "testsettingsdialog.moc"
