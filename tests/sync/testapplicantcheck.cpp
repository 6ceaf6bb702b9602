#include "core/sync/applicantcheck.h"

#include <QJsonDocument>
#include <QTest>

using namespace Sync;

class TestApplicantCheck final : public QObject
{
    Q_OBJECT

private slots:
    void normalisesEmail_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("normalised");
        QTest::addColumn<bool>("plausible");
        QTest::newRow("plain") << QStringLiteral("dana@example.org") << QStringLiteral("dana@example.org") << true;
        QTest::newRow("spaces and case") << QStringLiteral("  Alex.Morgan@Example.ORG ")
                                         << QStringLiteral("alex.morgan@example.org") << true;
        QTest::newRow("no at") << QStringLiteral("not-an-email") << QStringLiteral("not-an-email") << false;
        QTest::newRow("no domain") << QStringLiteral("dana@") << QStringLiteral("dana@") << false;
        QTest::newRow("no dot") << QStringLiteral("dana@localhost") << QStringLiteral("dana@localhost") << false;
        QTest::newRow("two ats") << QStringLiteral("a@b@c.de") << QStringLiteral("a@b@c.de") << false;
        QTest::newRow("inner space") << QStringLiteral("a b@c.de") << QStringLiteral("a b@c.de") << false;
        QTest::newRow("empty label") << QStringLiteral("a@c..de") << QStringLiteral("a@c..de") << false;
        QTest::newRow("unicode domain") << QStringLiteral("zoë@müller.de") << QStringLiteral("zoë@müller.de") << true;
        QTest::newRow("empty") << QStringLiteral("   ") << QString() << false;
    }

    void normalisesEmail()
    {
        QFETCH(QString, input);
        QFETCH(QString, normalised);
        QFETCH(bool, plausible);
        QCOMPARE(normalizeEmail(input), normalised);
        QCOMPARE(isPlausibleEmail(normalizeEmail(input)), plausible);
    }

    void names_data()
    {
        QTest::addColumn<QString>("first");
        QTest::addColumn<QString>("last");
        QTest::addColumn<bool>("usable");
        QTest::addColumn<QString>("expectedFirst");
        QTest::addColumn<QString>("expectedLast");
        QTest::newRow("plain") << QStringLiteral("Dana") << QStringLiteral("Example") << true << QStringLiteral("Dana")
                               << QStringLiteral("Example");
        QTest::newRow("rtl") << QStringLiteral("محمد") << QStringLiteral("العلي") << true << QStringLiteral("محمد")
                             << QStringLiteral("العلي");
        QTest::newRow("hebrew") << QStringLiteral("דנה") << QStringLiteral("כהן") << true << QStringLiteral("דנה")
                                << QStringLiteral("כהן");
        QTest::newRow("cjk") << QStringLiteral("伟") << QStringLiteral("李") << true << QStringLiteral("伟")
                             << QStringLiteral("李");
        QTest::newRow("emoji kept") << QStringLiteral("Amélie") << QStringLiteral("Dupont 🚀") << true
                                    << QStringLiteral("Amélie") << QStringLiteral("Dupont 🚀");
        QTest::newRow("bidi override removed") << QStringLiteral("Dana\u202E") << QStringLiteral("\u2066Example\u2069")
                                               << true << QStringLiteral("Dana") << QStringLiteral("Example");
        QTest::newRow("whitespace collapsed") << QStringLiteral("  Mary \t Ann ") << QStringLiteral(" Smith\n") << true
                                              << QStringLiteral("Mary Ann") << QStringLiteral("Smith");
        QTest::newRow("mononym") << QStringLiteral("Kai") << QString() << true << QStringLiteral("Kai")
                                 << QStringLiteral("-");
        QTest::newRow("split") << QString() << QStringLiteral("Dana Maria Example") << true
                               << QStringLiteral("Dana Maria") << QStringLiteral("Example");
        QTest::newRow("emoji only last") << QStringLiteral("Kai") << QStringLiteral("🚀🚀") << true
                                         << QStringLiteral("Kai") << QStringLiteral("-");
        QTest::newRow("nothing") << QString() << QString() << false << QString() << QString();
        QTest::newRow("only emoji") << QStringLiteral("😀") << QStringLiteral("...") << false << QString() << QString();
        QTest::newRow("controls only") << QStringLiteral("\u0007") << QStringLiteral(" ") << false << QString()
                                       << QString();
    }

    void names()
    {
        QFETCH(QString, first);
        QFETCH(QString, last);
        QFETCH(bool, usable);
        QFETCH(QString, expectedFirst);
        QFETCH(QString, expectedLast);
        const NameCheck check = checkName(first, last);
        QCOMPARE(check.usable, usable);
        QCOMPARE(check.firstName, expectedFirst);
        QCOMPARE(check.lastName, expectedLast);
        QCOMPARE(check.reason.isEmpty(), usable);
    }

    void longNamesAreShortenedAtGraphemes()
    {
        // 300 characters, with a surrogate pair straddling the cut.
        QString first
            = QString(kMaxNameLength - 1, QLatin1Char('a')) + QStringLiteral("😀") + QString(44, QLatin1Char('b'));
        const NameCheck check = checkName(first, QStringLiteral("Example"));
        QVERIFY(check.usable);
        QVERIFY(check.firstName.size() <= kMaxNameLength);
        QVERIFY(!check.firstName.back().isHighSurrogate());
        QCOMPARE(check.notes.size(), 1);
        QVERIFY(check.notes.first().contains(first));
    }

    void applicants_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("email");
        QTest::newRow("good") << QByteArray(
            R"j({"id":"a1","source_job_id":"4012345","first_name":"Dana","last_name":"X","email":" Dana@Example.org"})j")
                              << true << QStringLiteral("dana@example.org");
        QTest::newRow("numeric job id") << QByteArray(
            R"j({"id":"a1","source_job_id":4012345,"first_name":"Dana","last_name":"X"})j")
                                        << true << QString();
        QTest::newRow("bad email kept out")
            << QByteArray(R"j({"id":"a1","source_job_id":"1","first_name":"Dana","last_name":"X","email":"dana@"})j")
            << true << QString();
        QTest::newRow("no job") << QByteArray(R"j({"id":"a1","first_name":"Dana","last_name":"X"})j") << false
                                << QString();
        QTest::newRow("job not numeric") << QByteArray(
            R"j({"id":"a1","source_job_id":"eng-1","first_name":"Dana","last_name":"X"})j")
                                         << false << QString();
        QTest::newRow("no name") << QByteArray(R"j({"id":"a1","source_job_id":"1","first_name":null})j") << false
                                 << QString();
        QTest::newRow("no id") << QByteArray(R"j({"source_job_id":"1","first_name":"Dana","last_name":"X"})j") << false
                               << QString();
    }

    void applicants()
    {
        QFETCH(QByteArray, json);
        QFETCH(bool, ok);
        QFETCH(QString, email);
        const ApplicantCheck check = checkApplicant(QJsonDocument::fromJson(json).object());
        QCOMPARE(check.ok, ok);
        QCOMPARE(check.reason.isEmpty(), ok);
        QCOMPARE(check.email, email);
        if (QTest::currentDataTag() == QByteArrayLiteral("bad email kept out"))
        {
            QVERIFY(check.notes.join(QString()).contains(QStringLiteral("dana@")));
        }
    }

    void resumes_data()
    {
        const QByteArray pdf = "%PDF-1.4\n1 0 obj\n";
        const QByteArray docx = QByteArray("PK\x03\x04", 4) + "....[Content_Types].xml....word/document.xml";
        const QByteArray odt = QByteArray("PK\x03\x04", 4) + "....mimetypeapplication/vnd.oasis.opendocument.text";
        const QByteArray doc = QByteArray("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + "rest";
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("filename");
        QTest::addColumn<QString>("contentType");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("safeName");
        QTest::newRow("pdf") << pdf << QStringLiteral("Dana Example CV.pdf") << QStringLiteral("application/pdf")
                             << true << QStringLiteral("pdf") << QStringLiteral("Dana Example CV.pdf");
        QTest::newRow("pdf declared png") << pdf << QStringLiteral("cv.pdf") << QStringLiteral("image/png") << true
                                          << QStringLiteral("pdf") << QStringLiteral("cv.pdf");
        QTest::newRow("docx") << docx << QStringLiteral("resume.docx")
                              << QStringLiteral(
                                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
                              << true << QStringLiteral("docx") << QStringLiteral("resume.docx");
        QTest::newRow("odt") << odt << QStringLiteral("cv") << QString() << true << QStringLiteral("odt")
                             << QStringLiteral("cv.odt");
        QTest::newRow("doc") << doc << QStringLiteral("cv.doc") << QStringLiteral("application/msword") << true
                             << QStringLiteral("doc") << QStringLiteral("cv.doc");
        QTest::newRow("rtf") << QByteArray("{\\rtf1 hi}") << QStringLiteral("cv.rtf") << QString() << true
                             << QStringLiteral("rtf") << QStringLiteral("cv.rtf");
        QTest::newRow("txt") << QByteArray("Dana Example\nBerlin") << QStringLiteral("cv.txt")
                             << QStringLiteral("text/plain; charset=utf-8") << true << QStringLiteral("txt")
                             << QStringLiteral("cv.txt");
        QTest::newRow("path in name") << pdf << QStringLiteral("C:\\Users\\dana\\cv.pdf") << QString() << true
                                      << QStringLiteral("pdf") << QStringLiteral("cv.pdf");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("cv.pdf") << QStringLiteral("application/pdf") << false
                               << QString() << QString();
        QTest::newRow("png") << QByteArray("\x89PNG\r\n\x1a\n....") << QStringLiteral("me.png")
                             << QStringLiteral("image/png") << false << QString() << QString();
        QTest::newRow("fake pdf") << QByteArray("<html>not found</html>") << QStringLiteral("cv.pdf")
                                  << QStringLiteral("application/pdf") << false << QString() << QString();
        QTest::newRow("binary txt") << QByteArray("a\0b", 3) << QStringLiteral("cv.txt") << QStringLiteral("text/plain")
                                    << false << QString() << QString();
        QTest::newRow("plain zip") << QByteArray("PK\x03\x04stuff", 9) << QStringLiteral("cv.zip")
                                   << QStringLiteral("application/zip") << false << QString() << QString();
    }

    void resumes()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, filename);
        QFETCH(QString, contentType);
        QFETCH(bool, ok);
        QFETCH(QString, kind);
        QFETCH(QString, safeName);
        const ResumeCheck check = checkResume(bytes, filename, contentType);
        QCOMPARE(check.ok, ok);
        QCOMPARE(check.reason.isEmpty(), ok);
        QCOMPARE(check.kind, kind);
        QCOMPARE(check.filename, safeName);
    }

    void resumeSizeLimit()
    {
        const QByteArray big = "%PDF-" + QByteArray(2 * 1024 * 1024, 'x');
        QVERIFY(checkResume(big, QStringLiteral("cv.pdf"), QString()).ok);
        const ResumeCheck check = checkResume(big, QStringLiteral("cv.pdf"), QString(), 1024 * 1024);
        QVERIFY(!check.ok);
        QVERIFY(check.reason.contains(QStringLiteral("MB")));
    }
};

QTEST_GUILESS_MAIN(TestApplicantCheck)
#include "testapplicantcheck.moc"
