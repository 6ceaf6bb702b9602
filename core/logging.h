#pragma once

#include <QLoggingCategory>

// One category per component; a support engineer enables debug output with
// QT_LOGGING_RULES="talentbridge.harvest.debug=true". Nothing logged through these
// may contain a secret, a token, an Authorization header or resume content.
Q_DECLARE_LOGGING_CATEGORY(lcHarvest)
Q_DECLARE_LOGGING_CATEGORY(lcPlatform)
Q_DECLARE_LOGGING_CATEGORY(lcNet)
Q_DECLARE_LOGGING_CATEGORY(lcSync)
Q_DECLARE_LOGGING_CATEGORY(lcStore)
Q_DECLARE_LOGGING_CATEGORY(lcKeychain)
Q_DECLARE_LOGGING_CATEGORY(lcScheduler)
Q_DECLARE_LOGGING_CATEGORY(lcUi)
Q_DECLARE_LOGGING_CATEGORY(lcApp)
Q_DECLARE_LOGGING_CATEGORY(lcSandbox)

namespace Logging
{
// The Settings dialog's log level ("info" or "debug", ProfileSettings::logLevel()) as filter
// rules for every talentbridge.* category. QT_LOGGING_RULES, when set, is appended after them:
// a support engineer's environment wins over the saved level wherever both speak.
QString filterRules(const QString &level, const QString &environmentRules);

// Installs filterRules(level, $QT_LOGGING_RULES) with QLoggingCategory::setFilterRules; called
// at start and whenever the Settings dialog is accepted.
void applyLogLevel(const QString &level);
} // namespace Logging
