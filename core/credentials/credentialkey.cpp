#include "core/credentials/credentialkey.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>

QList<CredentialPurpose> allCredentialPurposes()
{
    return { CredentialPurpose::HarvestClientId, CredentialPurpose::HarvestClientSecret,
        CredentialPurpose::PlatformToken };
}

QString credentialPurposeName(CredentialPurpose purpose)
{
    switch (purpose)
    {
    case CredentialPurpose::HarvestClientId:
        return QStringLiteral("harvest-client-id");
    case CredentialPurpose::HarvestClientSecret:
        return QStringLiteral("harvest-client-secret");
    case CredentialPurpose::PlatformToken:
        return QStringLiteral("platform-token");
    }
    Q_UNREACHABLE();
    return QString();
}

QString credentialPurposeLabel(CredentialPurpose purpose)
{
    switch (purpose)
    {
    case CredentialPurpose::HarvestClientId:
        return QCoreApplication::translate("CredentialStore", "Harvest client id");
    case CredentialPurpose::HarvestClientSecret:
        return QCoreApplication::translate("CredentialStore", "Harvest client secret");
    case CredentialPurpose::PlatformToken:
        return QCoreApplication::translate("CredentialStore", "SmartDreamers platform token");
    }
    Q_UNREACHABLE();
    return QString();
}

QString profileIdForFolder(const QString &profileFolder)
{
    QString path = QDir::cleanPath(QFileInfo(profileFolder).absoluteFilePath());
#ifdef Q_OS_WIN
    path = path.toCaseFolded();
#endif
    const QByteArray digest = QCryptographicHash::hash(path.toUtf8(), QCryptographicHash::Sha256);
    return QString::fromLatin1(digest.toHex().left(16));
}

QString credentialKey(const QString &profileId, CredentialPurpose purpose)
{
    return QStringLiteral("talentbridge/") + profileId + QLatin1Char('/') + credentialPurposeName(purpose);
}
