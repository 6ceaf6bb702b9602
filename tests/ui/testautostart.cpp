// Start at login on Linux: an XDG autostart entry under $XDG_CONFIG_HOME/autostart.
#include "ui/autostart.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestAutostart final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void enableWritesAValidEntryAndDisableRemovesIt();
};

void TestAutostart::enableWritesAValidEntryAndDisableRemovesIt()
{
    QTemporaryDir config;
    QVERIFY(config.isValid());
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(config.path()));
    const QString entry = QDir(config.path()).filePath(u"autostart/talentbridge.desktop"_s);
    QCOMPARE(Autostart::location(), entry);
    QVERIFY(!Autostart::isEnabled());

    // A profile folder with characters the Exec key must quote or escape.
    const QString profile = QDir(config.path()).filePath(u"Profile 100%"_s);
    QString error;
    QVERIFY2(Autostart::setEnabled(true, profile, &error), qPrintable(error));
    QVERIFY(Autostart::isEnabled());
    QVERIFY(QFile::exists(entry));

    const QString validator = QStandardPaths::findExecutable(u"desktop-file-validate"_s);
    if (!validator.isEmpty())
    {
        QProcess validate;
        validate.start(validator, { entry });
        QVERIFY(validate.waitForFinished(10000));
        QVERIFY2(validate.exitCode() == 0, validate.readAll().constData());
    }

    QSettings desktop(entry, QSettings::IniFormat);
    desktop.beginGroup(u"Desktop Entry"_s);
    QCOMPARE(desktop.value(u"Type"_s).toString(), u"Application"_s);
    QFile file(entry);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QString exec;
    for (const QByteArray &line : file.readAll().split('\n'))
    {
        if (line.startsWith("Exec="))
            exec = QString::fromUtf8(line.mid(5));
    }
    // The program itself, started minimized with this profile; '%' doubled as the spec says.
    const QString expected = QCoreApplication::applicationFilePath() + u" --minimized --profile \""_s
        + QString(profile).replace(u"%"_s, u"%%"_s) + u'"';
    QCOMPARE(exec, expected);

    QVERIFY2(Autostart::setEnabled(false, profile, &error), qPrintable(error));
    QVERIFY(!Autostart::isEnabled());
    QVERIFY(!QFile::exists(entry));
}

QTEST_GUILESS_MAIN(TestAutostart)
#include "testautostart.moc"
