#include "core/logging.h"

Q_LOGGING_CATEGORY(lcHarvest, "talentbridge.harvest", QtInfoMsg)
Q_LOGGING_CATEGORY(lcPlatform, "talentbridge.platform", QtInfoMsg)
Q_LOGGING_CATEGORY(lcNet, "talentbridge.net", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSync, "talentbridge.sync", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "talentbridge.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcKeychain, "talentbridge.keychain", QtInfoMsg)
Q_LOGGING_CATEGORY(lcScheduler, "talentbridge.scheduler", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "talentbridge.ui", QtInfoMsg)
Q_LOGGING_CATEGORY(lcApp, "talentbridge.app", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSandbox, "talentbridge.sandbox", QtInfoMsg)

namespace Logging
{
QString filterRules(const QString &level, const QString &environmentRules)
{
    const bool debug = level == QLatin1String("debug");
    QString rules = debug ? QStringLiteral("talentbridge.*.debug=true") : QStringLiteral("talentbridge.*.debug=false");

    // Later rules win. Qt would apply QT_LOGGING_RULES after ours anyway; repeating it here
    // keeps that true whatever order a Qt version evaluates its sources in.
    if (!environmentRules.trimmed().isEmpty())
    {
        QString env = environmentRules;
        env.replace(QLatin1Char(';'), QLatin1Char('\n'));
        rules += QLatin1Char('\n') + env;
    }
    return rules;
}

void applyLogLevel(const QString &level)
{
    const QString env = qEnvironmentVariable("QT_LOGGING_RULES");
    QLoggingCategory::setFilterRules(filterRules(level, env));
    const char *name = level == QLatin1String("debug") ? "debug" : "info";
    if (env.isEmpty())
        qCInfo(lcApp) << "log level:" << name;
    else
        qCInfo(lcApp) << "log level:" << name << "; QT_LOGGING_RULES from the environment overrides it";
}
} // namespace Logging
