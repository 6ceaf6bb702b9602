#include "ui/wizard/credentialparsing.h"

#include "core/credentials/credentials.h"

#include <QTest>

using namespace CredentialText;

class TestCredentialParsing final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void clean_data();
    void clean();
    void validate_data();
    void validate();
    void pastedPairFillsCredentials();
};

void TestCredentialParsing::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("clientId");
    QTest::addColumn<QString>("clientSecret");

    const QString id = QStringLiteral("a1b2c3d4e5");
    const QString secret = QStringLiteral("S3cr3t-_.~XyZ");
    QTest::newRow("id only") << id << id << QString();
    QTest::newRow("id with spaces") << QStringLiteral("  a1b2c3d4e5 \n") << id << QString();
    QTest::newRow("id in quotes") << QStringLiteral("\"a1b2c3d4e5\"") << id << QString();
    QTest::newRow("id in single quotes") << QStringLiteral("'a1b2c3d4e5'") << id << QString();
    QTest::newRow("id in smart quotes") << QStringLiteral("\u201Ca1b2c3d4e5\u201D") << id << QString();
    QTest::newRow("id with zero-width space") << QStringLiteral("a1b2c\u200B3d4e5\uFEFF") << id << QString();
    QTest::newRow("pair") << QStringLiteral("a1b2c3d4e5:S3cr3t-_.~XyZ") << id << secret;
    QTest::newRow("pair with spaces") << QStringLiteral("\t a1b2c3d4e5 : S3cr3t-_.~XyZ \r\n") << id << secret;
    QTest::newRow("pair quoted") << QStringLiteral("\"a1b2c3d4e5:S3cr3t-_.~XyZ\"") << id << secret;
    QTest::newRow("pair parts quoted") << QStringLiteral("'a1b2c3d4e5':'S3cr3t-_.~XyZ'") << id << secret;
    QTest::newRow("pair secret with colon") << QStringLiteral("a1b2c3d4e5:S3cr:et") << id << QStringLiteral("S3cr:et");
    QTest::newRow("two lines") << QStringLiteral("a1b2c3d4e5\nS3cr3t-_.~XyZ\n") << id << secret;
    QTest::newRow("space separated") << QStringLiteral("a1b2c3d4e5   S3cr3t-_.~XyZ") << id << secret;
    QTest::newRow("labelled lines") << QStringLiteral("Client ID: a1b2c3d4e5\nClient Secret: S3cr3t-_.~XyZ") << id
                                    << secret;
    QTest::newRow("labelled json-ish") << QStringLiteral("\"client_id\": \"a1b2c3d4e5\",\n\"client_secret\": "
                                                         "\"S3cr3t-_.~XyZ\"")
                                       << id << secret;
    QTest::newRow("labelled secret only") << QStringLiteral("client secret = S3cr3t-_.~XyZ") << QString() << secret;
    QTest::newRow("empty") << QString() << QString() << QString();
    QTest::newRow("whitespace only") << QStringLiteral(" \n\t ") << QString() << QString();
    QTest::newRow("trailing colon") << QStringLiteral("a1b2c3d4e5:") << QStringLiteral("a1b2c3d4e5:") << QString();
    QTest::newRow("leading colon") << QStringLiteral(":S3cr3t") << QStringLiteral(":S3cr3t") << QString();
}

void TestCredentialParsing::parse()
{
    QFETCH(QString, text);
    QFETCH(QString, clientId);
    QFETCH(QString, clientSecret);

    const PastedCredentials parsed = parsePastedCredentials(text);
    QCOMPARE(parsed.clientId, clientId);
    QCOMPARE(parsed.clientSecret, clientSecret);
    QCOMPARE(parsed.isPair(), !clientId.isEmpty() && !clientSecret.isEmpty());
}

void TestCredentialParsing::clean_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    QTest::newRow("plain") << QStringLiteral("abc") << QStringLiteral("abc");
    QTest::newRow("spaces") << QStringLiteral("  abc  ") << QStringLiteral("abc");
    QTest::newRow("wrapped") << QStringLiteral("ab\ncd") << QStringLiteral("abcd");
    QTest::newRow("quotes and spaces") << QStringLiteral(" \" abc \" ") << QStringLiteral("abc");
    QTest::newRow("backticks") << QStringLiteral("`abc`") << QStringLiteral("abc");
    QTest::newRow("lone quote") << QStringLiteral("abc'") << QStringLiteral("abc");
    QTest::newRow("colon kept") << QStringLiteral("a:b") << QStringLiteral("a:b");
}

void TestCredentialParsing::clean()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(cleanCredentialValue(text), expected);
}

void TestCredentialParsing::validate_data()
{
    QTest::addColumn<QString>("clientId");
    QTest::addColumn<QString>("clientSecret");
    QTest::addColumn<QString>("actingUserId");
    QTest::addColumn<bool>("idValid");
    QTest::addColumn<bool>("secretValid");
    QTest::addColumn<bool>("actingUserValid");

    QTest::newRow("all good") << "abc"
                              << "def"
                              << "12345" << true << true << true;
    QTest::newRow("no acting user") << "abc"
                                    << "def"
                                    << "" << true << true << true;
    QTest::newRow("empty id and secret") << ""
                                         << ""
                                         << "" << false << false << true;
    QTest::newRow("id with colon") << "a:b"
                                   << "def"
                                   << "" << false << true << true;
    QTest::newRow("secret with space") << "abc"
                                       << "d ef"
                                       << "" << true << false << true;
    QTest::newRow("acting user letters") << "abc"
                                         << "def"
                                         << "12a" << true << true << false;
    QTest::newRow("acting user zero") << "abc"
                                      << "def"
                                      << "0" << true << true << false;
    QTest::newRow("acting user negative") << "abc"
                                          << "def"
                                          << "-4" << true << true << false;
    QTest::newRow("acting user too long") << "abc"
                                          << "def"
                                          << "12345678901234567890" << true << true << false;
}

void TestCredentialParsing::validate()
{
    QFETCH(QString, clientId);
    QFETCH(QString, clientSecret);
    QFETCH(QString, actingUserId);
    QFETCH(bool, idValid);
    QFETCH(bool, secretValid);
    QFETCH(bool, actingUserValid);

    QCOMPARE(validateClientId(clientId).isEmpty(), idValid);
    QCOMPARE(validateClientSecret(clientSecret).isEmpty(), secretValid);
    QCOMPARE(validateActingUserId(actingUserId).isEmpty(), actingUserValid);
}

void TestCredentialParsing::pastedPairFillsCredentials()
{
    // The wizard hands what was pasted to core's Credentials record: both names must coexist
    // in one translation unit.
    const PastedCredentials parsed = parsePastedCredentials(QStringLiteral("\"a1b2c3d4e5:S3cr3t\""));
    Credentials secrets;
    secrets.setValue(CredentialPurpose::HarvestClientId, parsed.clientId);
    secrets.setValue(CredentialPurpose::HarvestClientSecret, parsed.clientSecret);
    secrets.setValue(CredentialPurpose::PlatformToken, cleanCredentialValue(QStringLiteral(" 'tok-42' ")));
    QVERIFY(secrets.isComplete());
    QCOMPARE(secrets.harvestClientId, QStringLiteral("a1b2c3d4e5"));
    QCOMPARE(secrets.harvestClientSecret, QStringLiteral("S3cr3t"));
    QCOMPARE(secrets.platformToken, QStringLiteral("tok-42"));
}

QTEST_GUILESS_MAIN(TestCredentialParsing)
#include "testcredentialparsing.moc"
