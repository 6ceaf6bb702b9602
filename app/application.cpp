#include "app/application.h"

#include "app/singleinstance.h"
#include "core/logging.h"
#include "ui/traycontroller.h"

#include <QApplication>
#include <QDir>
#include <QIcon>
#include <QLabel>
#include <QMainWindow>
#include <QMessageBox>
#include <QVBoxLayout>

Application::Application(const CommandLine &commandLine, QObject *parent)
    : QObject(parent)
    , m_commandLine(commandLine)
    , m_profile(commandLine.profileDirectory)
{
}

Application::~Application() = default;

int Application::run()
{
    QGuiApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/talentbridge.svg")));
    QGuiApplication::setDesktopFileName(QStringLiteral("talentbridge"));

    QString error;
    if (!m_profile.ensureExists(&error))
    {
        QMessageBox::critical(nullptr, tr("TalentBridge"), error);
        return 1;
    }
    m_singleInstance = std::make_unique<SingleInstance>(m_profile.dir());
    switch (m_singleInstance->start())
    {
    case SingleInstance::Role::Secondary:
        qCInfo(lcApp) << "another instance runs with this profile; it was asked to show its window";
        return 0;
    case SingleInstance::Role::Failed:
        QMessageBox::critical(nullptr, tr("TalentBridge"), m_singleInstance->errorString());
        return 1;
    case SingleInstance::Role::Primary:
        break;
    }
    connect(m_singleInstance.get(), &SingleInstance::raiseRequested, this, &Application::showMainWindow);

    if (m_commandLine.demo)
    {
        // TODO(#6): start the sandbox in-process and prefill the wizard with its credentials.
        qCWarning(lcApp) << "--demo is not available yet";
    }

    m_mainWindow.reset(createMainWindow());

    m_tray = std::make_unique<TrayController>();
    Tray::TrayState state;
    state.connected = false;
    m_tray->setState(state);
    m_tray->setSyncActionsEnabled(false); // nothing to sync until the engine lands (#6)
    connect(m_tray.get(), &TrayController::openDashboardRequested, this, &Application::showMainWindow);
    connect(m_tray.get(), &TrayController::quitRequested, qApp, &QCoreApplication::quit);
    connect(m_tray.get(), &TrayController::trayAvailabilityChanged, this, &Application::onTrayAvailabilityChanged);

    // Closing the window keeps the app in the tray, as long as there is one.
    QApplication::setQuitOnLastWindowClosed(false);
    m_tray->show();

    if (!m_commandLine.minimized)
        showMainWindow();
    return QCoreApplication::exec();
}

QWidget *Application::createMainWindow()
{
    // TODO(#5, #6): show the setup wizard when no connection is stored, else the dashboard.
    // Until then a plain window says what this build can do; it does not pretend to sync.
    auto *window = new QMainWindow;
    window->setObjectName(QStringLiteral("placeholderMainWindow"));
    window->setWindowTitle(tr("TalentBridge"));

    auto *central = new QWidget(window);
    auto *layout = new QVBoxLayout(central);
    auto *heading = new QLabel(tr("<h2>TalentBridge is not connected yet</h2>"), central);
    auto *text = new QLabel(tr("This build has the tray icon and the first setup steps only. The setup wizard "
                               "and the dashboard come with the next builds."),
                            central);
    text->setWordWrap(true);
    layout->addWidget(heading);
    layout->addWidget(text);
    if (m_commandLine.demo)
    {
        auto *demo = new QLabel(tr("Demo mode is not available yet."), central);
        demo->setWordWrap(true);
        layout->addWidget(demo);
    }
    auto *profile = new QLabel(tr("Profile: %1").arg(QDir::toNativeSeparators(m_profile.dir())), central);
    profile->setWordWrap(true);
    profile->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(profile);
    layout->addStretch();
    window->setCentralWidget(central);
    window->resize(window->sizeHint().expandedTo(QSize(560, 320)));
    return window;
}

void Application::showMainWindow()
{
    if (!m_mainWindow)
        return;
    if (m_mainWindow->isMinimized())
        m_mainWindow->showNormal();
    else
        m_mainWindow->show();
    m_mainWindow->raise();
    m_mainWindow->activateWindow();
}

void Application::onTrayAvailabilityChanged(bool available)
{
    // Without a tray a hidden window could never come back: closing it quits, and a
    // --minimized start shows the window after all.
    // TODO(#6): ask for confirmation before quitting when there is no tray.
    QApplication::setQuitOnLastWindowClosed(!available);
    if (!available)
        showMainWindow();
}
