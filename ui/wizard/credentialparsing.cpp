#include "ui/wizard/credentialparsing.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QStringList>

namespace CredentialText
{

namespace
{
QString tr(const char *text)
{
    return QCoreApplication::translate("CredentialText", text);
}

bool isInvisible(QChar c)
{
    // Zero-width space/joiners and the byte order mark ride along when copying from web pages.
    return c == QChar(0x200B) || c == QChar(0x200C) || c == QChar(0x200D) || c == QChar(0x2060) || c == QChar(0xFEFF);
}

bool isQuote(QChar c)
{
    return c == QLatin1Char('"') || c == QLatin1Char('\'') || c == QLatin1Char('`') || c == QChar(0x201C)
        || c == QChar(0x201D) || c == QChar(0x2018) || c == QChar(0x2019) || c == QChar(0x00AB) || c == QChar(0x00BB);
}

QString stripInvisible(const QString &text)
{
    QString result;
    result.reserve(text.size());
    for (const QChar c : text)
    {
        if (!isInvisible(c))
            result.append(c);
    }
    return result;
}

// Strips quote characters at both ends (a pair, or a lone one left over from a partial selection).
QString stripQuotes(QString text)
{
    text = text.trimmed();
    while (!text.isEmpty() && isQuote(text.front()))
        text.remove(0, 1);
    while (!text.isEmpty() && isQuote(text.back()))
        text.chop(1);
    return text.trimmed();
}

const QRegularExpression &labelPattern()
{
    // "Client ID: x", "client_secret = x", "Secret - x" and the like.
    static const QRegularExpression pattern(
        QStringLiteral(R"(^\s*["']?(client[\s_-]*id|client[\s_-]*secret|id|secret)["']?\s*[:=]\s*(.*)$)"),
        QRegularExpression::CaseInsensitiveOption);
    return pattern;
}
} // namespace

QString cleanCredentialValue(const QString &text)
{
    QString value = stripQuotes(stripInvisible(text));
    value.remove(QRegularExpression(QStringLiteral(R"(\s+)")));
    return stripQuotes(value);
}

PastedCredentials parsePastedCredentials(const QString &text)
{
    const QString cleaned = stripInvisible(text);
    PastedCredentials result;

    // Labelled lines first: the labels contain spaces and colons that would confuse the rest.
    const QStringList lines = cleaned.split(QRegularExpression(QStringLiteral(R"([\r\n]+)")), Qt::SkipEmptyParts);
    bool labelled = false;
    for (const QString &line : lines)
    {
        const QRegularExpressionMatch match = labelPattern().match(line);
        if (!match.hasMatch())
            continue;
        labelled = true;
        const QString label = match.captured(1).toLower();
        const QString value = cleanCredentialValue(match.captured(2).remove(QLatin1Char(',')));
        if (label.contains(QLatin1String("secret")))
            result.clientSecret = value;
        else
            result.clientId = value;
    }
    if (labelled)
        return result;

    // Whitespace or line breaks between two values, or "id:secret" (the id never has a colon).
    const QStringList parts
        = stripQuotes(cleaned).split(QRegularExpression(QStringLiteral(R"(\s+)")), Qt::SkipEmptyParts);
    if (parts.size() == 2)
    {
        result.clientId = cleanCredentialValue(parts[0]);
        result.clientSecret = cleanCredentialValue(parts[1]);
        return result;
    }
    const QString single = cleanCredentialValue(cleaned);
    const qsizetype colon = single.indexOf(QLatin1Char(':'));
    if (colon > 0 && colon < single.size() - 1)
    {
        result.clientId = stripQuotes(single.left(colon));
        result.clientSecret = stripQuotes(single.mid(colon + 1));
        return result;
    }
    result.clientId = single;
    return result;
}

QString validateClientId(const QString &clientId)
{
    if (clientId.isEmpty())
        return tr("Paste the client ID shown after you created the credential.");
    if (clientId.contains(QRegularExpression(QStringLiteral(R"([\s:"'])"))))
        return tr("A client ID has no spaces, colons or quotes. Copy it again from Greenhouse.");
    return QString();
}

QString validateClientSecret(const QString &clientSecret)
{
    if (clientSecret.isEmpty())
        return tr("Paste the client secret. If you no longer have it, create new credentials: "
                  "Greenhouse shows a secret only once.");
    if (clientSecret.contains(QRegularExpression(QStringLiteral(R"(\s)"))))
        return tr("A client secret has no spaces. Copy it again from Greenhouse.");
    return QString();
}

QString validateActingUserId(const QString &actingUserId)
{
    if (actingUserId.isEmpty())
        return QString();
    static const QRegularExpression digits(QStringLiteral(R"(^[0-9]{1,19}$)"));
    if (!digits.match(actingUserId).hasMatch() || actingUserId.toULongLong() == 0)
        return tr("The acting user ID is the number in the address of the user's page in Greenhouse "
                  "(Configure > Users > their name), digits only, or leave it empty.");
    return QString();
}

} // namespace CredentialText
