#include "core/setup/verificationrunner.h"

#include <QMetaObject>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace Setup
{

VerificationRunner::VerificationRunner(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<Setup::CheckItem>();
    qRegisterMetaType<Setup::VerificationResult>();
}

VerificationRunner::~VerificationRunner()
{
    m_stop.request_stop();
    for (QFuture<void> &future : m_futures)
    {
        future.waitForFinished();
    }
}

void VerificationRunner::start(const VerificationInput &input)
{
    if (m_running)
    {
        m_stop.request_stop();
    }
    // A new generation: whatever the old run still posts is dropped on arrival.
    m_stop = std::stop_source();
    m_futures.removeIf([](const QFuture<void> &future) { return future.isFinished(); });
    const quint64 generation = ++m_generation;
    m_running = true;
    emit started();

    const std::stop_token stop = m_stop.get_token();
    QPointer<VerificationRunner> self(this);
    m_futures.append(QtConcurrent::run(
        [self, input, stop, generation]
        {
            const ConnectionVerifier verifier(input);
            // The runner outlives this job (its destructor waits), so posting to it is safe;
            // the QPointer only guards the delivery against a deletion later in the queue.
            auto post = [self](auto function)
            {
                if (self)
                {
                    QMetaObject::invokeMethod(self.data(), std::move(function), Qt::QueuedConnection);
                }
            };
            const VerificationResult result = verifier.run(stop,
                [&post, self, generation](const CheckItem &item)
                {
                    post(
                        [self, generation, item]
                        {
                            if (self)
                            {
                                self->onCheckUpdated(generation, item);
                            }
                        });
                });
            post(
                [self, generation, result]
                {
                    if (self)
                    {
                        self->onFinished(generation, result);
                    }
                });
        }));
}

void VerificationRunner::cancel()
{
    m_stop.request_stop();
}

void VerificationRunner::onCheckUpdated(quint64 generation, const CheckItem &item)
{
    if (generation == m_generation)
    {
        emit checkUpdated(item);
    }
}

void VerificationRunner::onFinished(quint64 generation, const VerificationResult &result)
{
    if (generation != m_generation)
    {
        return;
    }
    m_running = false;
    emit finished(result);
}

} // namespace Setup
