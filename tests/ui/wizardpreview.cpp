// Not a test: opens the wizard pages (and an icon sheet) for a person to look at, e.g. under
// Xvfb with a window manager. `wizardpreview [permissions|create|paste] [--icons FILE.png]`.
#include "ui/wizard/createcredentialspage.h"
#include "ui/wizard/pastecredentialspage.h"
#include "ui/wizard/permissionspage.h"
#include "ui/wizard/wizardpageid.h"

#include <QApplication>
#include <QIcon>
#include <QImage>
#include <QPainter>
#include <QWizard>

namespace
{
// The tray icons at tray sizes on a light and a dark panel.
void writeIconSheet(const QString &path)
{
    const QStringList names { QStringLiteral("ok"), QStringLiteral("syncing"), QStringLiteral("warning"),
        QStringLiteral("error"), QStringLiteral("paused") };
    const QList<int> sizes { 16, 22, 24, 32, 48, 64 };
    const int cell = 72;
    QImage sheet(cell * static_cast<int>(names.size()) + cell * 2, cell * static_cast<int>(sizes.size()) * 2,
        QImage::Format_ARGB32);
    QPainter painter(&sheet);
    for (int panel = 0; panel < 2; ++panel)
    {
        const QRect area(
            0, panel * cell * static_cast<int>(sizes.size()), sheet.width(), cell * static_cast<int>(sizes.size()));
        painter.fillRect(area, panel == 0 ? QColor(0xf2, 0xf2, 0xf2) : QColor(0x2b, 0x2b, 0x2b));
        for (int row = 0; row < sizes.size(); ++row)
        {
            for (int column = 0; column < names.size(); ++column)
            {
                const QIcon icon(QStringLiteral(":/icons/tray-%1.svg").arg(names[column]));
                painter.drawPixmap(column * cell + 4, area.top() + row * cell + 4, icon.pixmap(sizes[row], sizes[row]));
            }
        }
        const QIcon app(QStringLiteral(":/icons/talentbridge.svg"));
        painter.drawPixmap(static_cast<int>(names.size()) * cell + 8, area.top() + 8, app.pixmap(128, 128));
    }
    painter.end();
    sheet.save(path);
}
} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QStringList arguments = QCoreApplication::arguments();
    const qsizetype iconsAt = arguments.indexOf(QStringLiteral("--icons"));
    if (iconsAt > 0 && iconsAt + 1 < arguments.size())
    {
        writeIconSheet(arguments.at(iconsAt + 1));
        return 0;
    }

    QWizard wizard;
    wizard.setWindowTitle(QStringLiteral("TalentBridge setup"));
    wizard.setWindowIcon(QIcon(QStringLiteral(":/icons/talentbridge.svg")));
    wizard.setPage(Wizard::toInt(Wizard::PageId::Permissions), new Wizard::PermissionsPage);
    wizard.setPage(Wizard::toInt(Wizard::PageId::CreateCredentials), new Wizard::CreateCredentialsPage);
    wizard.setPage(Wizard::toInt(Wizard::PageId::PasteCredentials), new Wizard::PasteCredentialsPage);
    const QString page = arguments.size() > 1 ? arguments.at(1) : QString();
    if (page == QLatin1String("create"))
        wizard.setStartId(Wizard::toInt(Wizard::PageId::CreateCredentials));
    else if (page == QLatin1String("paste"))
        wizard.setStartId(Wizard::toInt(Wizard::PageId::PasteCredentials));
    // Sized in text units, as the real setup wizard will be, so it scales with the font.
    wizard.resize(wizard.fontMetrics().averageCharWidth() * 90, wizard.fontMetrics().lineSpacing() * 36);
    wizard.show();
    return QApplication::exec();
}
