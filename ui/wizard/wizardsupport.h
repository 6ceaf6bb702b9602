#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QtConcurrent/QtConcurrentRun>

#include <type_traits>
#include <utility>

class QLabel;
class QLineEdit;
class QUrl;

// Small pieces the setup wizard pages share.
namespace Wizard
{

enum class Tone
{
    Neutral,
    Busy,
    Success,
    Failure,
};

// A word-wrapped, plain-text label for a status or an error under a control.
QLabel *makeStatusLabel(const char *objectName, QWidget *parent);

// Shows `text` in a colour that stays readable on light and dark palettes; hides it when empty.
void setStatus(QLabel *label, Tone tone, const QString &text);

// Puts `text` into `edit` only if it differs, so the cursor stays put and textEdited is not
// re-entered; used to show the cleaned form of what was typed or pasted.
void replaceText(QLineEdit *edit, const QString &text);

// The mark in front of a checklist row or a status line.
QString toneMark(Tone tone);

// https://, or http:// to a loopback host (the sandbox, a local proxy). Empty when fine,
// else a translated sentence saying what is wrong.
QString validateServiceUrl(const QUrl &url);

// Runs `work` on the global thread pool (it must not touch `context` or any widget) and hands
// its result to `done` on `context`'s thread. Nothing is delivered once `context` is gone.
template <typename Work, typename Done> void runInBackground(QObject *context, Work work, Done done)
{
    using Result = std::invoke_result_t<Work>;
    auto *watcher = new QFutureWatcher<Result>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
        [watcher, done = std::move(done)]()
        {
            watcher->deleteLater();
            done(watcher->result());
        });
    watcher->setFuture(QtConcurrent::run(std::move(work)));
}

} // namespace Wizard
