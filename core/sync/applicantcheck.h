#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

// Checks on what the platform sends before anything is written to Greenhouse. Pure functions;
// every reason is a translated sentence a recruiting admin can act on.
namespace Sync
{

// Trimmed and case-folded; the dedupe key (Greenhouse matches addresses case-insensitively).
QString normalizeEmail(const QString &email);

// A plausible address: one '@', a non-empty local part, a dotted domain without empty labels,
// no whitespace or control characters, at most 254 characters. Not RFC 5322, on purpose.
bool isPlausibleEmail(const QString &normalizedEmail);

// Greenhouse's name fields take at most this many UTF-16 code units (we cut at a grapheme).
inline constexpr int kMaxNameLength = 255;

struct NameCheck
{
    bool usable = false;
    QString firstName;
    QString lastName;
    QStringList notes; // what was adjusted, for the candidate's note (may contain the name)
    QString reason; // why not usable
};

// Names are arbitrary Unicode: right-to-left and CJK names pass unchanged (NFC), emoji are
// kept next to letters. Control and bidi-override characters are removed, whitespace is
// collapsed. A part with no letter at all (empty, only emoji or punctuation) counts as missing.
// One part missing: a multi-word other part is split at its last space, a single word
// (a mononym) becomes the first name and the last name is "-" (Greenhouse requires both).
// Both missing: not usable. Longer than kMaxNameLength: shortened at a grapheme boundary.
NameCheck checkName(const QString &firstName, const QString &lastName);

struct ApplicantCheck
{
    bool ok = false;
    QString reason; // when !ok: why it is quarantined
    QString applicantId;
    qint64 jobId = 0;
    QString firstName;
    QString lastName;
    QString email; // normalised; empty when absent or not plausible
    QStringList notes; // adjustments, for the candidate's note
};

// id, source_job_id (a positive integer: a Greenhouse job id), a usable name, the email's shape.
// An email that is present but not plausible does not block the import: the applicant is
// imported without it and the note keeps what was sent.
ApplicantCheck checkApplicant(const QJsonObject &platformApplicant);

inline constexpr qint64 kDefaultMaxResumeBytes = 20 * 1024 * 1024;

struct ResumeCheck
{
    bool ok = false;
    QString reason; // when !ok
    QString kind; // "pdf", "doc", "docx", "rtf", "txt", "odt"
    QString filename; // safe for Greenhouse, with the extension of `kind`
};

// Accepts PDF, DOC, DOCX, RTF, TXT and ODT. The type is read from the bytes where the format
// has a signature (so a PDF declared as image/png passes), else from the content type or the
// file name's extension (plain text only). Empty and over-size files are refused.
ResumeCheck checkResume(const QByteArray &bytes, const QString &filename, const QString &contentType,
    qint64 maxBytes = kDefaultMaxResumeBytes);

} // namespace Sync
