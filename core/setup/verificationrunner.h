#pragma once

#include "core/setup/connectionverifier.h"

#include <QFuture>
#include <QList>
#include <QObject>

#include <memory>
#include <stop_token>

namespace Setup
{

// Runs a ConnectionVerifier on the thread pool for the wizard. Signals arrive on the thread
// the runner lives in (the UI thread), queued, so the checklist fills in while the UI stays
// responsive. One run at a time: start() while a run is going cancels it first, and nothing
// of the old run is emitted after start() returns.
class VerificationRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VerificationRunner)

public:
    explicit VerificationRunner(QObject *parent = nullptr);
    // Cancels a running verification and waits for it (every wait ends promptly on a stop).
    ~VerificationRunner() override;

    void start(const VerificationInput &input);
    // Asks the running verification to stop; finished() follows with cancelled() set.
    void cancel();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void started();
    void checkUpdated(const Setup::CheckItem &item);
    void finished(const Setup::VerificationResult &result);

private:
    void onCheckUpdated(quint64 generation, const CheckItem &item);
    void onFinished(quint64 generation, const VerificationResult &result);

    std::stop_source m_stop;
    QList<QFuture<void>> m_futures; // a cancelled run may still be ending when the next starts
    quint64 m_generation = 0;
    bool m_running = false;
};

} // namespace Setup
