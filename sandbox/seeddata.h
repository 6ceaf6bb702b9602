#pragma once

#include <QByteArray>
#include <QString>

namespace Sandbox
{

struct State;

// Fills the Harvest resources, the credentials and the platform's pending applicants.
// Everything is derived from state.options.seed and a fixed reference date, so two
// sandboxes with the same seed hold the same data.
void seedState(State &state);

// Small but valid documents for resumes: a one-page PDF and a DOCX (a stored zip).
QByteArray minimalPdf(const QString &text);
QByteArray minimalDocx(const QString &text);

} // namespace Sandbox
