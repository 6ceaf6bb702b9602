// VerificationRunner: the wizard's asynchronous wrapper. Results arrive queued on the
// runner's thread, the caller's thread stays free, and cancel ends a slow run promptly.

#include "core/setup/verificationrunner.h"
#include "sandbox/sandboxserver.h"
#include "setupfixture.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QThread>

#include <memory>

using Setup::CheckItem;
using Setup::VerificationInput;
using Setup::VerificationResult;
using Setup::VerificationRunner;

class TestVerificationRunner final : public QObject
{
    Q_OBJECT

private:
    VerificationInput input() const { return sandboxVerificationInput(*m_server); }

    void setLatency(int ms)
    {
        Sandbox::Options options = m_server->options();
        options.latencyMs = ms;
        m_server->setOptions(options);
    }

    std::unique_ptr<Sandbox::Server> m_server;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        Sandbox::Options options;
        options.jobCount = 20;
        options.applicantCount = 4;
        m_server = std::make_unique<Sandbox::Server>(options);
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
    }

    void init() { setLatency(0); }

    void cleanupTestCase() { m_server->stop(); }

    void deliversProgressThenFinished()
    {
        VerificationRunner runner;
        QSignalSpy updated(&runner, &VerificationRunner::checkUpdated);
        QSignalSpy finished(&runner, &VerificationRunner::finished);
        QSignalSpy started(&runner, &VerificationRunner::started);
        QThread *const mainThread = QThread::currentThread();
        bool allOnMainThread = true;
        connect(&runner, &VerificationRunner::checkUpdated, this,
            [&allOnMainThread, mainThread](const CheckItem &)
            { allOnMainThread = allOnMainThread && QThread::currentThread() == mainThread; });

        runner.start(input());
        QCOMPARE(started.count(), 1);
        QVERIFY(runner.isRunning());
        // Nothing is delivered inside start(): the work is on another thread.
        QCOMPARE(updated.count(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
        QVERIFY(!runner.isRunning());
        QVERIFY(allOnMainThread);

        const auto result = finished.at(0).at(0).value<VerificationResult>();
        QVERIFY(result.passed());
        QCOMPARE(updated.count(), 2 * result.checks.size());
        QCOMPARE(updated.last().at(0).value<CheckItem>().id, QStringLiteral("platform"));
    }

    void cancelMidRun()
    {
        // Slow answers, so the run is surely in the middle when cancel() comes.
        setLatency(300);
        VerificationRunner runner;
        QSignalSpy updated(&runner, &VerificationRunner::checkUpdated);
        QSignalSpy finished(&runner, &VerificationRunner::finished);
        runner.start(input());
        QTRY_VERIFY_WITH_TIMEOUT(updated.count() >= 3, 10000); // token pending, token ok, introspection pending

        QElapsedTimer timer;
        timer.start();
        runner.cancel();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
        QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
        const auto result = finished.at(0).at(0).value<VerificationResult>();
        QVERIFY(result.cancelled);
        QVERIFY(!result.passed());
        QCOMPARE(result.checks.constLast().status, CheckItem::Status::Skipped);
    }

    void restartDropsTheOldRun()
    {
        setLatency(200);
        VerificationRunner runner;
        QSignalSpy finished(&runner, &VerificationRunner::finished);
        runner.start(input());
        QTest::qWait(100);
        setLatency(0);
        runner.start(input());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
        // Only the second run reports: the first was cancelled and its results dropped.
        QVERIFY(finished.at(0).at(0).value<VerificationResult>().passed());
        QTest::qWait(500);
        QCOMPARE(finished.count(), 1);
    }

    void destroyWhileRunning()
    {
        setLatency(300);
        QElapsedTimer timer;
        {
            VerificationRunner runner;
            runner.start(input());
            QTest::qWait(100);
            timer.start();
        }
        // The destructor stopped the run and waited for it, promptly.
        QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TestVerificationRunner)
#include "testverificationrunner.moc"
