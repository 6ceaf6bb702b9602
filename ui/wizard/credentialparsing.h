#pragma once

#include <QString>

// Pure text handling for the "paste credentials" step; no widgets, so it could move to core.
namespace CredentialText
{

struct PastedCredentials
{
    QString clientId;
    QString clientSecret; // empty when the text held a single value
    bool isPair() const { return !clientId.isEmpty() && !clientSecret.isEmpty(); }
};

// Removes what copying from a browser, a chat or a password manager adds around a value:
// surrounding whitespace, line breaks, zero-width characters and matching quotes.
// Credentials never contain whitespace, so whitespace inside is dropped as well.
QString cleanCredentialValue(const QString &text);

// Understands a single value, "id:secret", "id secret" / two lines, and labelled lines as
// copied from a page ("Client ID: abc" and "Client secret: xyz"), each possibly quoted.
PastedCredentials parsePastedCredentials(const QString &text);

// Inline validation: an empty string when valid, else a translated, actionable message.
QString validateClientId(const QString &clientId);
QString validateClientSecret(const QString &clientSecret);
QString validateActingUserId(const QString &actingUserId); // optional: empty is valid

} // namespace CredentialText
