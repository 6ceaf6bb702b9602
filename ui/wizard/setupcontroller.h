#pragma once

#include "core/credentials/credentials.h"
#include "core/credentials/credentialsession.h"
#include "core/harvest/harvestclient.h"
#include "core/profile/profile.h"
#include "core/setup/connectionverifier.h"
#include "ui/wizard/wizardprefill.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <optional>

namespace Wizard
{

// What the pages learned along the way, for the summary on the Done page.
struct SetupFacts
{
    QString organizationName; // from the Verify page's introspection
    QString actingUserRole;
    QString platformAccountName; // from the SmartDreamers test
    QString sourceName; // the Greenhouse source chosen on the sync page
    int departmentCount = 0; // loaded from Greenhouse (0 = not loaded)
    int officeCount = 0;
};

// The setup wizard's state that is not a widget: the endpoints, the token cache shared by
// every check (so Greenhouse mints one token, not one per page), the facts for the summary,
// and the one place that writes anything: commit().
class SetupController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SetupController)

public:
    // `session` must outlive the controller.
    SetupController(
        const Profile &profile, CredentialSession *session, const WizardPrefill &prefill, QObject *parent = nullptr);

    const Profile &profile() const { return m_profile; }

    // The endpoints: the prefill's, else the stored ones, else Greenhouse production.
    ConnectionSettings baseConnection() const { return m_connection; }
    // The stored sync settings when the profile has a settings file, else the defaults.
    SyncSettings initialSync() const { return m_initialSync; }

    // A Harvest client configuration for the given credentials, with the shared token cache.
    Harvest::ClientConfig harvestConfig(
        const QString &clientId, const QString &clientSecret, std::optional<qint64> actingUserId) const;
    Harvest::SharedState harvestShared() const { return m_harvestShared; }

    SetupFacts &facts() { return m_facts; }
    const SetupFacts &facts() const { return m_facts; }

    // The Greenhouse credentials and endpoints of the last Verify run that passed every
    // required check (kept in memory only, never stored or logged). A run that did not pass
    // clears them. commit() refuses any other credentials, whichever page the wizard began at.
    void setVerified(const Setup::VerificationInput &input);
    void clearVerified() { m_verified.reset(); }
    bool isVerified(const Credentials &secrets, const ConnectionSettings &connection) const;

    // Tells the user to run the checks on the Verify page; nothing was saved.
    static QString notVerifiedMessage();

    // Writes the secrets to the keychain (CredentialSession::replace) and then the settings.
    // Credentials that have not passed Verify (isVerified()) are refused with nothing written.
    // Once stored, "start at login" is applied too (Autostart).
    // Nothing is written before; if the keychain refuses, the settings stay untouched and
    // what was written of the secrets is rolled back. Ends with committed() or commitFailed().
    void commit(const Credentials &secrets, const ConnectionSettings &connection, const SyncSettings &sync);
    bool isCommitting() const { return m_committing; }
    bool isCommitted() const { return m_committed; }

Q_SIGNALS:
    void committed();
    // A translated message that says what happened and what to do.
    void commitFailed(const QString &message);

private:
    // What a passed Verify run checked: compared with what Finish is about to store.
    struct VerifiedKey
    {
        QUrl harvestUrl;
        QUrl tokenUrl;
        QUrl introspectUrl;
        QString clientId;
        QString clientSecret;
        std::optional<qint64> actingUserId;

        bool operator==(const VerifiedKey &) const = default;
    };

    void writeSecrets(const Credentials &secrets, const ConnectionSettings &connection, const SyncSettings &sync);
    void applyStartAtLogin(bool enabled);
    void rollBack(const Credentials &secrets, int written);

    Profile m_profile;
    QPointer<CredentialSession> m_session;
    ConnectionSettings m_connection;
    SyncSettings m_initialSync;
    Harvest::SharedState m_harvestShared;
    SetupFacts m_facts;
    std::optional<VerifiedKey> m_verified;
    // What was stored before this commit, to restore on a failed rotation, and how the
    // keychain answered the read of it: only NotConfigured lets a failed commit delete.
    std::optional<Credentials> m_previous;
    CredentialSession::State m_stateBefore = CredentialSession::State::NotLoaded;
    bool m_committing = false;
    bool m_committed = false;
};

} // namespace Wizard
