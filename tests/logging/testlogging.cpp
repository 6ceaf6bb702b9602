// The Settings dialog's log level turns debug output of every talentbridge.* category on and
// off; QT_LOGGING_RULES from the environment wins over it.
#include "core/logging.h"

#include <QCoreApplication>
#include <QTest>

using namespace Qt::StringLiterals;

class TestLogging final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();
    void levelSwitchesDebugOutput();
    void environmentRulesWin();
    void environmentRulesComeLast();
};

void TestLogging::cleanup()
{
    qunsetenv("QT_LOGGING_RULES");
}

void TestLogging::levelSwitchesDebugOutput()
{
    Logging::applyLogLevel(u"debug"_s);
    QVERIFY(lcSync().isDebugEnabled());
    QVERIFY(lcHarvest().isDebugEnabled());

    Logging::applyLogLevel(u"info"_s);
    QVERIFY(!lcSync().isDebugEnabled());
    QVERIFY(!lcHarvest().isDebugEnabled());
    QVERIFY(lcSync().isInfoEnabled());
}

void TestLogging::environmentRulesWin()
{
    qputenv("QT_LOGGING_RULES", "talentbridge.harvest.debug=true");
    Logging::applyLogLevel(u"info"_s);
    QVERIFY(lcHarvest().isDebugEnabled());
    QVERIFY(!lcSync().isDebugEnabled());

    qputenv("QT_LOGGING_RULES", "talentbridge.*.debug=false");
    Logging::applyLogLevel(u"debug"_s);
    QVERIFY(!lcSync().isDebugEnabled());
}

void TestLogging::environmentRulesComeLast()
{
    const QString rules = Logging::filterRules(u"debug"_s, u"talentbridge.net.debug=false;qt.*=false"_s);
    QCOMPARE(rules.split(u'\n'),
        QStringList({ u"talentbridge.*.debug=true"_s, u"talentbridge.net.debug=false"_s, u"qt.*=false"_s }));
    QCOMPARE(Logging::filterRules(u"info"_s, {}), u"talentbridge.*.debug=false"_s);
}

// The environment of CTest sets QT_LOGGING_RULES; Qt reads it once, at start. Clear it first so
// each test decides what the environment says.
int main(int argc, char **argv)
{
    qunsetenv("QT_LOGGING_RULES");
    QCoreApplication app(argc, argv);
    TestLogging test;
    return QTest::qExec(&test, argc, argv);
}

#include "testlogging.moc"
