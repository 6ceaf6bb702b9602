#include "ui/wizard/setupcontroller.h"

#include "core/credentials/credentialsession.h"
#include "core/logging.h"
#include "ui/autostart.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace Wizard
{

namespace
{
QUrl firstNonEmpty(const QUrl &preferred, const QUrl &fallback)
{
    return preferred.isEmpty() ? fallback : preferred;
}

QString commitFailureMessage(const CredentialResult &result)
{
    // The session's message names the entry and repeats the store's advice; for the two
    // common cases one plain paragraph reads better.
    switch (result.error)
    {
    case CredentialError::AccessDenied:
        return QCoreApplication::translate("Wizard::SetupController",
            "Nothing was saved: the keychain is locked or the request to use it was declined. Unlock the "
            "keychain (usually with your login password) and allow TalentBridge when asked, then click Finish "
            "again.");
    case CredentialError::NoBackend:
        return QCoreApplication::translate("Wizard::SetupController",
                   "Nothing was saved: there is no keychain "
                   "to keep the credentials in.")
            + QLatin1Char(' ') + CredentialStore::noBackendMessage() + QLatin1Char(' ')
            + QCoreApplication::translate("Wizard::SetupController", "Then click Finish again.");
    default:
        break;
    }
    return QCoreApplication::translate("Wizard::SetupController",
               "The credentials could not be saved in the keychain, "
               "so nothing was saved.")
        + QLatin1Char(' ') + result.message + QLatin1Char(' ')
        + QCoreApplication::translate("Wizard::SetupController", "Then click Finish again.");
}
} // namespace

SetupController::SetupController(
    const Profile &profile, CredentialSession *session, const WizardPrefill &prefill, QObject *parent)
    : QObject(parent), m_profile(profile), m_session(session), m_harvestShared(Harvest::SharedState::create())
{
    // Reading never creates the file, so a cancelled first run leaves nothing behind.
    const bool stored = QFileInfo::exists(m_profile.settingsPath());
    if (stored)
    {
        const ProfileSettings settings(m_profile);
        m_connection = settings.connection();
        m_initialSync = settings.sync();
    }
    m_connection.harvestUrl = firstNonEmpty(prefill.harvestUrl, m_connection.harvestUrl);
    m_connection.tokenUrl = firstNonEmpty(prefill.tokenUrl, m_connection.tokenUrl);
    m_connection.introspectUrl = firstNonEmpty(prefill.introspectUrl, m_connection.introspectUrl);
    m_connection.platformUrl = firstNonEmpty(prefill.platformUrl, m_connection.platformUrl);
    if (prefill.actingUserId)
    {
        m_connection.actingUserId = prefill.actingUserId;
    }
}

Harvest::ClientConfig SetupController::harvestConfig(
    const QString &clientId, const QString &clientSecret, std::optional<qint64> actingUserId) const
{
    Harvest::ClientConfig config;
    config.baseUrl = m_connection.harvestUrl;
    config.tokenUrl = m_connection.tokenUrl;
    config.introspectUrl = m_connection.introspectUrl;
    config.clientId = clientId;
    config.clientSecret = clientSecret;
    config.actingUserId = actingUserId;
    // The wizard waits for the answers with a person watching: fail fast rather than retry long.
    config.session.transferTimeout = std::chrono::seconds(20);
    config.session.maxRetries = 1;
    config.session.backoffMax = std::chrono::seconds(2);
    return config;
}

void SetupController::setVerified(const Setup::VerificationInput &input)
{
    m_verified = VerifiedKey { input.harvestUrl, input.tokenUrl, input.introspectUrl, input.clientId,
        input.clientSecret, input.actingUserId };
}

bool SetupController::isVerified(const Credentials &secrets, const ConnectionSettings &connection) const
{
    const VerifiedKey key { connection.harvestUrl, connection.tokenUrl, connection.introspectUrl,
        secrets.harvestClientId, secrets.harvestClientSecret, connection.actingUserId };
    return m_verified && *m_verified == key;
}

QString SetupController::notVerifiedMessage()
{
    return tr("Nothing was saved: these Greenhouse credentials have not passed the checks on the Verify page. "
              "Run the checks there, then click Finish again.");
}

void SetupController::commit(const Credentials &secrets, const ConnectionSettings &connection, const SyncSettings &sync)
{
    if (m_committing || m_committed)
    {
        return;
    }
    if (!isVerified(secrets, connection))
    {
        // A wizard reopened at a later page never ran Verify; storing untested secrets would
        // only fail later, in the background, where the admin cannot fix them.
        qCInfo(lcUi) << "setup: Finish refused; the credentials have not passed Verify";
        Q_EMIT commitFailed(notVerifiedMessage());
        return;
    }
    if (!m_session)
    {
        Q_EMIT commitFailed(tr("The keychain session is gone; restart TalentBridge and run the setup again."));
        return;
    }
    QString folderError;
    if (!m_profile.ensureExists(&folderError))
    {
        Q_EMIT commitFailed(folderError);
        return;
    }

    m_committing = true;
    // What is stored now decides what a failure may undo; the session reads it once (or
    // answers from memory) and remembers a denial as such.
    m_session->load(
        this, [this, secrets, connection, sync](const CredentialResult &) { writeSecrets(secrets, connection, sync); });
}

void SetupController::writeSecrets(
    const Credentials &secrets, const ConnectionSettings &connection, const SyncSettings &sync)
{
    if (!m_session)
    {
        m_committing = false;
        Q_EMIT commitFailed(tr("The keychain session is gone; restart TalentBridge and run the setup again."));
        return;
    }
    m_stateBefore = m_session->state();
    m_previous.reset();
    if (m_stateBefore == CredentialSession::State::Loaded)
    {
        m_previous = m_session->credentials();
    }

    qCInfo(lcUi) << "setup: saving the credentials in the keychain for profile" << m_profile.id();
    m_session->replace(secrets, this,
        [this, secrets, connection, sync](const CredentialResult &result)
        {
            if (!result.ok())
            {
                m_committing = false;
                qCWarning(lcUi) << "setup: the keychain refused the credentials:" << static_cast<int>(result.error);
                rollBack(secrets, result.written);
                Q_EMIT commitFailed(commitFailureMessage(result));
                return;
            }

            // The secrets are safe; only now does the profile learn about the connection.
            ProfileSettings settings(m_profile);
            ConnectionSettings stored = connection;
            stored.connected = true;
            settings.setConnection(stored);
            settings.setSync(sync);
            applyStartAtLogin(sync.startAtLogin);
            m_committing = false;
            m_committed = true;
            qCInfo(lcUi) << "setup: credentials and settings saved";
            Q_EMIT committed();
        });
}

void SetupController::applyStartAtLogin(bool enabled)
{
    // The choice on the sync page means the login entry, not just the setting; as in Settings,
    // the entry names this profile. A failure does not undo a working connection: it is logged
    // and Settings offers the same switch.
    if (enabled == Autostart::isEnabled())
    {
        return;
    }
    QString error;
    if (!Autostart::setEnabled(enabled, m_profile.dir(), &error))
    {
        qCWarning(lcUi) << "setup: could not change start at login:" << error;
        return;
    }
    qCInfo(lcUi) << "setup: start at login" << (enabled ? "enabled" : "disabled");
}

void SetupController::rollBack(const Credentials &secrets, int written)
{
    // A failed replace() may have written some entries before the failure. A rotation puts the
    // previous values back, so Cancel leaves what was there.
    if (m_previous && !m_previous->isEmpty())
    {
        m_session->replace(*m_previous, this,
            [](const CredentialResult &result)
            {
                if (!result.ok())
                {
                    qCWarning(lcUi) << "setup: could not restore the previous credentials:"
                                    << static_cast<int>(result.error);
                }
            });
        return;
    }

    // Only a first setup known to have found nothing may delete, and only what it wrote: after
    // a denied or failed read, the entries it cannot see may be the user's working ones.
    if (m_stateBefore != CredentialSession::State::NotConfigured)
    {
        qCInfo(lcUi) << "setup: what was stored before is unknown (" << m_stateBefore << "); nothing is removed";
        return;
    }
    QList<CredentialPurpose> purposes;
    for (const CredentialPurpose purpose : allCredentialPurposes())
    {
        if (purposes.size() < written && !secrets.value(purpose).isEmpty())
        {
            purposes.append(purpose);
        }
    }
    if (purposes.isEmpty())
    {
        return;
    }
    m_session->remove(purposes, this,
        [](const CredentialResult &result)
        {
            if (!result.ok())
            {
                qCWarning(lcUi) << "setup: could not remove partly saved credentials:"
                                << static_cast<int>(result.error);
            }
        });
}

} // namespace Wizard
