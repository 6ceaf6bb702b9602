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
