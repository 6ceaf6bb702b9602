#include "core/sync/applicantcheck.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QStringConverter>
#include <QTextBoundaryFinder>

namespace Sync
{

namespace
{
QString tr(const char *text)
{
    return QCoreApplication::translate("Sync::ApplicantCheck", text);
}

bool isStrippedCodePoint(char32_t c)
{
    // Bidi embeddings/overrides/isolates and marks: a name never needs them, and they can make a
    // name display as something else. ZWJ/ZWNJ stay (emoji sequences, Persian, Indic scripts).
    if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C
        || c == 0xFEFF)
    {
        return true;
    }
    return QChar::category(c) == QChar::Other_Control;
}

QString cleanNamePart(const QString &text)
{
    QString out;
    out.reserve(text.size());
    const QList<uint> codePoints = text.normalized(QString::NormalizationForm_C).toUcs4();
    for (const uint c : codePoints)
    {
        if (!isStrippedCodePoint(char32_t(c)))
        {
            out.append(QString::fromUcs4(reinterpret_cast<const char32_t *>(&c), 1));
        }
    }
    return out.simplified();
}

bool hasLetter(const QString &text)
{
    const QList<uint> codePoints = text.toUcs4();
    for (const uint c : codePoints)
    {
        if (QChar::isLetter(char32_t(c)))
        {
            return true;
        }
    }
    return false;
}

QString shortenAtGrapheme(const QString &text, int maxLength)
{
    if (text.size() <= maxLength)
    {
        return text;
    }
    QTextBoundaryFinder finder(QTextBoundaryFinder::Grapheme, text);
    finder.setPosition(maxLength);
    if (!finder.isAtBoundary())
    {
        finder.toPreviousBoundary();
    }
    const qsizetype cut = finder.position() > 0 ? finder.position() : maxLength;
    return text.left(cut).trimmed();
}

QString jsonString(const QJsonObject &object, const char *key)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isString())
    {
        return value.toString();
    }
    if (value.isDouble())
    {
        return QString::number(value.toInteger());
    }
    return {};
}

QString kindFromContentType(const QString &contentType)
{
    const QString type = contentType.section(QLatin1Char(';'), 0, 0).trimmed().toLower();
    if (type == QLatin1String("application/pdf"))
    {
        return QStringLiteral("pdf");
    }
    if (type == QLatin1String("application/msword"))
    {
        return QStringLiteral("doc");
    }
    if (type == QLatin1String("application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
    {
        return QStringLiteral("docx");
    }
    if (type == QLatin1String("application/rtf") || type == QLatin1String("text/rtf"))
    {
        return QStringLiteral("rtf");
    }
    if (type == QLatin1String("text/plain"))
    {
        return QStringLiteral("txt");
    }
    if (type == QLatin1String("application/vnd.oasis.opendocument.text"))
    {
        return QStringLiteral("odt");
    }
    return {};
}

QString kindFromFilename(const QString &filename)
{
    const QString suffix = QFileInfo(filename).suffix().toLower();
    static const QStringList allowed = { QStringLiteral("pdf"), QStringLiteral("doc"), QStringLiteral("docx"),
        QStringLiteral("rtf"), QStringLiteral("txt"), QStringLiteral("odt") };
    return allowed.contains(suffix) ? suffix : QString();
}

// What the bytes say, for the formats that have a signature. "zip" is DOCX or ODT.
QString sniffKind(const QByteArray &bytes)
{
    if (bytes.startsWith("%PDF-"))
    {
        return QStringLiteral("pdf");
    }
    if (bytes.startsWith("{\\rtf"))
    {
        return QStringLiteral("rtf");
    }
    if (bytes.startsWith(QByteArrayView("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)))
    {
        return QStringLiteral("doc");
    }
    if (bytes.startsWith("PK\x03\x04"))
    {
        // An ODF package stores its media type uncompressed as the first entry.
        if (bytes.left(200).contains("application/vnd.oasis.opendocument.text"))
        {
            return QStringLiteral("odt");
        }
        if (bytes.contains("word/"))
        {
            return QStringLiteral("docx");
        }
        return QStringLiteral("zip");
    }
    return {};
}

bool looksLikeText(const QByteArray &bytes)
{
    if (bytes.contains('\0'))
    {
        return false;
    }
    auto decoder = QStringDecoder(QStringDecoder::Utf8);
    const QString text = decoder.decode(bytes);
    return !decoder.hasError() && !text.isEmpty();
}

QString safeFilename(const QString &filename, const QString &kind)
{
    QString base = QFileInfo(QString(filename).replace(QLatin1Char('\\'), QLatin1Char('/'))).fileName();
    QString cleaned;
    for (const QChar c : std::as_const(base))
    {
        cleaned.append(c.category() == QChar::Other_Control || c == QLatin1Char(':') ? QLatin1Char('_') : c);
    }
    cleaned = cleaned.simplified();
    const QString suffix = QFileInfo(cleaned).suffix().toLower();
    if (cleaned.isEmpty() || cleaned.startsWith(QLatin1Char('.')))
    {
        cleaned = QStringLiteral("resume.") + kind;
    }
    else if (suffix != kind)
    {
        cleaned += QLatin1Char('.') + kind;
    }
    return shortenAtGrapheme(cleaned, 200);
}

QString megabytes(qint64 bytes)
{
    return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 1);
}
} // namespace

QString normalizeEmail(const QString &email)
{
    return email.trimmed().toCaseFolded();
}

bool isPlausibleEmail(const QString &email)
{
    if (email.isEmpty() || email.size() > 254 || email.count(QLatin1Char('@')) != 1)
    {
        return false;
    }
    for (const QChar c : email)
    {
        if (c.isSpace() || c.category() == QChar::Other_Control)
        {
            return false;
        }
    }
    const qsizetype at = email.indexOf(QLatin1Char('@'));
    const QString local = email.left(at);
    const QString domain = email.mid(at + 1);
    if (local.isEmpty() || local.size() > 64 || domain.isEmpty() || !domain.contains(QLatin1Char('.')))
    {
        return false;
    }
    const QStringList labels = domain.split(QLatin1Char('.'));
    for (const QString &label : labels)
    {
        if (label.isEmpty() || label.startsWith(QLatin1Char('-')) || label.endsWith(QLatin1Char('-')))
        {
            return false;
        }
    }
    return true;
}

NameCheck checkName(const QString &firstName, const QString &lastName)
{
    NameCheck check;
    QString first = cleanNamePart(firstName);
    QString last = cleanNamePart(lastName);
    if (!hasLetter(first))
    {
        first.clear();
    }
    if (!hasLetter(last))
    {
        last.clear();
    }

    if (first.isEmpty() && last.isEmpty())
    {
        check.reason = tr("The applicant has no usable name (first and last name are empty or contain no letters).");
        return check;
    }
    if (first.isEmpty() || last.isEmpty())
    {
        const QString given = first.isEmpty() ? last : first;
        const qsizetype space = given.lastIndexOf(QLatin1Char(' '));
        if (space > 0)
        {
            first = given.left(space);
            last = given.mid(space + 1);
            check.notes.append(tr("SmartDreamers sent one name field; it was split into first and last name."));
        }
        else
        {
            first = given;
            last = QStringLiteral("-");
            check.notes.append(tr("SmartDreamers sent a single name; the last name was set to \"-\"."));
        }
    }

    const QString fullFirst = first;
    const QString fullLast = last;
    first = shortenAtGrapheme(first, kMaxNameLength);
    last = shortenAtGrapheme(last, kMaxNameLength);
    if (first != fullFirst || last != fullLast)
    {
        check.notes.append(tr("The name was shortened to %1 characters; full name: %2 %3")
                               .arg(kMaxNameLength)
                               .arg(fullFirst, fullLast));
    }
    check.usable = true;
    check.firstName = first;
    check.lastName = last;
    return check;
}

ApplicantCheck checkApplicant(const QJsonObject &applicant)
{
    ApplicantCheck check;
    check.applicantId = jsonString(applicant, "id").trimmed();
    if (check.applicantId.isEmpty())
    {
        check.reason = tr("The applicant has no id.");
        return check;
    }

    const QString jobText = jsonString(applicant, "source_job_id").trimmed();
    bool numeric = false;
    const qint64 jobId = jobText.toLongLong(&numeric);
    if (jobText.isEmpty())
    {
        check.reason = tr("The applicant has no job (source_job_id is missing).");
        return check;
    }
    if (!numeric || jobId <= 0)
    {
        check.reason = tr("The applicant's job \"%1\" is not a Greenhouse job id.").arg(jobText.left(40));
        return check;
    }
    check.jobId = jobId;

    const NameCheck name = checkName(jsonString(applicant, "first_name"), jsonString(applicant, "last_name"));
    if (!name.usable)
    {
        check.reason = name.reason;
        return check;
    }
    check.firstName = name.firstName;
    check.lastName = name.lastName;
    check.notes = name.notes;

    const QString rawEmail = jsonString(applicant, "email");
    const QString email = normalizeEmail(rawEmail);
    if (!email.isEmpty())
    {
        if (isPlausibleEmail(email))
        {
            check.email = email;
        }
        else
        {
            check.notes.append(tr("SmartDreamers sent an email that is not a valid address, so none was stored: %1")
                                   .arg(rawEmail.trimmed().left(254)));
        }
    }
    check.ok = true;
    return check;
}

ResumeCheck checkResume(const QByteArray &bytes, const QString &filename, const QString &contentType, qint64 maxBytes)
{
    ResumeCheck check;
    if (bytes.isEmpty())
    {
        check.reason = tr("The resume file is empty (0 bytes).");
        return check;
    }
    if (bytes.size() > maxBytes)
    {
        check.reason = tr("The resume is %1 MB; the limit is %2 MB.").arg(megabytes(bytes.size()), megabytes(maxBytes));
        return check;
    }

    const QString declared
        = !kindFromContentType(contentType).isEmpty() ? kindFromContentType(contentType) : kindFromFilename(filename);
    QString kind = sniffKind(bytes);
    if (kind == QLatin1String("zip"))
    {
        if (declared == QLatin1String("docx") || declared == QLatin1String("odt"))
        {
            kind = declared;
        }
        else
        {
            check.reason = tr("The resume is a ZIP archive, not a document (allowed: PDF, DOC, DOCX, RTF, TXT, ODT).");
            return check;
        }
    }
    if (kind.isEmpty())
    {
        if (declared == QLatin1String("txt") && looksLikeText(bytes))
        {
            kind = declared;
        }
        else if (!declared.isEmpty())
        {
            check.reason
                = tr("The resume is declared as %1 but its content is not a readable %1 file.").arg(declared.toUpper());
            return check;
        }
        else
        {
            const QString shown
                = contentType.trimmed().isEmpty() ? QFileInfo(filename).suffix() : contentType.trimmed();
            check.reason = tr("The resume's type (%1) is not accepted; allowed are PDF, DOC, DOCX, RTF, TXT and ODT.")
                               .arg(shown.isEmpty() ? tr("unknown") : shown.left(80));
            return check;
        }
    }
    check.ok = true;
    check.kind = kind;
    check.filename = safeFilename(filename, kind);
    return check;
}

} // namespace Sync
