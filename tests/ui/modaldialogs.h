#pragma once

// Driving dialogs that run their own event loop (exec(), the static QMessageBox functions): the
// test cannot click after the call, only from a timer while the dialog is up.

#include <QAbstractButton>
#include <QApplication>
#include <QMessageBox>
#include <QTimer>

#include <functional>

namespace TestSupport
{

// Calls `step` with the active modal widget every 20 ms until it returns true. A timer is not
// called again while its handler runs a nested loop: `step` must click through the event loop
// (QMetaObject::invokeMethod queued) when the click opens another dialog.
inline void whenModal(std::function<bool(QWidget *)> step)
{
    auto *timer = new QTimer(qApp);
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, qApp,
        [timer, step = std::move(step)]()
        {
            QWidget *modal = QApplication::activeModalWidget();
            if (modal && step(modal))
            {
                timer->stop();
                timer->deleteLater();
            }
        });
    timer->start();
}

// Clicks `button` if `modal` is a message box that has it.
inline bool clickInMessageBox(QWidget *modal, QMessageBox::StandardButton button)
{
    auto *box = qobject_cast<QMessageBox *>(modal);
    if (!box || !box->button(button))
        return false;
    box->button(button)->click();
    return true;
}

// Clicks `button` in the next message box that opens; *seen tells whether one did.
inline void clickInNextMessageBox(QMessageBox::StandardButton button, bool *seen = nullptr)
{
    whenModal(
        [button, seen](QWidget *modal)
        {
            const bool clicked = clickInMessageBox(modal, button);
            if (clicked && seen)
                *seen = true;
            return clicked;
        });
}

} // namespace TestSupport
