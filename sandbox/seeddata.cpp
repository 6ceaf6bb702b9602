#include "sandbox/seeddata.h"

#include "sandbox/sandboxstate.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTimeZone>

#include <array>

namespace Sandbox
{

namespace
{
// Seed data is dated relative to this instant, never to the clock, so it is reproducible.
const QDateTime kReference = QDateTime(QDate(2026, 11, 30), QTime(12, 0), QTimeZone::utc());

constexpr qint64 kDepartmentBase = 40100;
constexpr qint64 kOfficeBase = 50100;
constexpr qint64 kUserBase = 4080001;
constexpr qint64 kSourceBase = 60001;
constexpr qint64 kCustomFieldBase = 70001;
constexpr qint64 kJobBase = 4010000;
constexpr qint64 kOpeningBase = 8100000;
constexpr qint64 kPostBase = 6200000;
constexpr qint64 kPostLocationBase = 6300000;
constexpr qint64 kStageBase = 9100000;
constexpr qint64 kCandidateBase = 31000000;
constexpr qint64 kApplicationBase = 52000000;

struct Tree
{
    const char *name;
    std::array<const char *, 4> children;
};

constexpr Tree kDepartments[] = {
    { "Engineering", { "Backend", "Frontend", "Platform", "Data" } },
    { "Product", { "Product Management", "Design", nullptr, nullptr } },
    { "Sales", { "EMEA Sales", "North America Sales", nullptr, nullptr } },
    { "Marketing", { "Growth", "Brand", nullptr, nullptr } },
    { "Customer Success", { nullptr, nullptr, nullptr, nullptr } },
    { "People", { "Talent Acquisition", nullptr, nullptr, nullptr } },
    { "Finance", { nullptr, nullptr, nullptr, nullptr } },
};

constexpr Tree kOffices[] = {
    { "Europe", { "Berlin", "London", "Paris", "Remote - EU" } },
    { "North America", { "New York", "San Francisco", "Toronto", nullptr } },
    { "Asia Pacific", { "Singapore", "Tokyo", nullptr, nullptr } },
};

constexpr const char *kLevels[] = { "Junior", "", "Senior", "Staff", "Lead", "Principal" };
constexpr const char *kRoles[] = {
    "Backend Engineer",
    "Frontend Engineer",
    "Site Reliability Engineer",
    "Data Engineer",
    "Data Scientist",
    "Product Manager",
    "Product Designer",
    "Account Executive",
    "Sales Development Representative",
    "Growth Marketing Manager",
    "Content Marketer",
    "Customer Success Manager",
    "Technical Recruiter",
    "People Partner",
    "Financial Analyst",
    "QA Engineer",
    "Security Engineer",
    "Engineering Manager",
};
constexpr const char *kEmploymentTypes[]
    = { "Full-time", "Full-time", "Full-time", "Part-time", "Contract", "Internship" };
constexpr const char *kStages[]
    = { "Application Review", "Recruiter Screen", "Hiring Manager Interview", "Onsite Interview", "Offer" };

QJsonValue nullable(const QString &value)
{
    return value.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(value);
}

QString stamp(const QDateTime &at)
{
    return harvestTimestamp(at);
}

class Seeder
{
public:
    explicit Seeder(State &state) : m_state(state), m_rng(state.options.seed) { }

    void run()
    {
        seedCredentials();
        seedTree(QStringLiteral("departments"), kDepartments, kDepartmentBase, m_departmentLeaves);
        seedTree(QStringLiteral("offices"), kOffices, kOfficeBase, m_officeLeaves);
        seedUsers();
        seedSources();
        seedCustomFields();
        seedJobs();
        seedCandidates();
        seedApplicants();
    }

private:
    QDateTime before(const QDateTime &at, int maxDays) { return at.addSecs(-qint64(m_rng.bounded(maxDays * 86400))); }

    QString hex(int bytes)
    {
        QByteArray raw(bytes, Qt::Uninitialized);
        for (char &c : raw)
        {
            c = char(m_rng.bounded(256));
        }
        return QString::fromLatin1(raw.toHex());
    }

    void seedCredentials()
    {
        Credentials &c = m_state.credentials;
        c.clientId = QStringLiteral("tb-sandbox-%1-1").arg(hex(4));
        c.clientSecret = QStringLiteral("ghs_%1").arg(hex(20));
        c.siteAdminUserId = kUserBase;
        c.regularUserId = kUserBase + 1;
        c.platformToken = QStringLiteral("sdt_sandbox_%1").arg(hex(16));
        m_state.organization
            = QJsonObject { { QStringLiteral("id"), 4242 }, { QStringLiteral("name"), QStringLiteral("Sandbox Co.") } };
    }

    template <std::size_t N>
    void seedTree(const QString &resource, const Tree (&tree)[N], qint64 base, QList<qint64> &leaves)
    {
        QList<QJsonObject> &rows = m_state.resources[resource];
        qint64 id = base;
        for (const Tree &root : tree)
        {
            const qint64 rootId = id++;
            rows.append(treeNode(resource, rootId, QString::fromUtf8(root.name), 0));
            bool hasChildren = false;
            for (const char *child : root.children)
            {
                if (child)
                {
                    const qint64 childId = id++;
                    rows.append(treeNode(resource, childId, QString::fromUtf8(child), rootId));
                    leaves.append(childId);
                    hasChildren = true;
                }
            }
            if (!hasChildren)
            {
                leaves.append(rootId);
            }
        }
    }

    QJsonObject treeNode(const QString &resource, qint64 id, const QString &name, qint64 parentId)
    {
        const QDateTime created = before(kReference.addDays(-400), 300);
        QJsonObject node { { QStringLiteral("id"), id }, { QStringLiteral("name"), name },
            { QStringLiteral("parent_id"), parentId ? QJsonValue(parentId) : QJsonValue() },
            { QStringLiteral("external_id"), QStringLiteral("ext-%1").arg(id) },
            { QStringLiteral("created_at"), stamp(created) },
            { QStringLiteral("updated_at"), stamp(created.addDays(30)) } };
        if (resource == QLatin1String("offices"))
        {
            node.insert(QStringLiteral("location"), QJsonObject { { QStringLiteral("name"), name } });
            node.insert(QStringLiteral("primary_in_house_contact_user_id"), kUserBase);
        }
        return node;
    }

    void seedUsers()
    {
        struct U
        {
            const char *first;
            const char *last;
            bool siteAdmin;
            bool deactivated;
            bool service;
        };
        constexpr U kUsers[] = {
            { "Avery", "Admin", true, false, false },
            { "Riley", "Recruiter", false, false, false },
            { "Morgan", "Former", true, true, false },
            { "Sam", "Coordinator", false, false, false },
            { "Jordan", "Hiring-Lead", true, false, false },
            { "Harvest", "Integration (ISU)", false, false, true },
        };
        QList<QJsonObject> &rows = m_state.resources[QStringLiteral("users")];
        qint64 id = kUserBase;
        for (const U &u : kUsers)
        {
            const QString first = QString::fromUtf8(u.first);
            const QString last = QString::fromUtf8(u.last);
            const QString email = QStringLiteral("%1.%2@sandbox-co.example")
                                      .arg(first.toLower(), last.toLower().remove(QLatin1Char(' ')));
            const QDateTime created = before(kReference.addDays(-500), 200);
            rows.append(QJsonObject {
                { QStringLiteral("id"), id++ },
                { QStringLiteral("first_name"), first },
                { QStringLiteral("last_name"), last },
                { QStringLiteral("name"), QString(first + QLatin1Char(' ') + last) },
                { QStringLiteral("primary_email"), email },
                { QStringLiteral("emails"), QJsonArray { email } },
                { QStringLiteral("job_title"),
                    u.siteAdmin ? QStringLiteral("Recruiting Ops") : QStringLiteral("Recruiter") },
                { QStringLiteral("deactivated"), u.deactivated },
                { QStringLiteral("site_admin"), u.siteAdmin },
                { QStringLiteral("service_account"), u.service },
                { QStringLiteral("agency_id"), QJsonValue() },
                { QStringLiteral("employee_id"), QJsonValue() },
                { QStringLiteral("linked_candidate_ids"), QJsonArray() },
                { QStringLiteral("office_ids"), QJsonArray { m_officeLeaves.value(0) } },
                { QStringLiteral("department_ids"), QJsonArray() },
                { QStringLiteral("interviewer_tags"), QJsonArray() },
                { QStringLiteral("custom_fields"), QJsonObject() },
                { QStringLiteral("created_at"), stamp(created) },
                { QStringLiteral("updated_at"), stamp(created.addDays(10)) },
            });
        }
    }

    void seedSources()
    {
        struct S
        {
            const char *name;
            int typeId;
            const char *type;
        };
        constexpr S kSources[] = {
            { "SmartDreamers", 6, "Company marketing" },
            { "Jobs page", 6, "Company marketing" },
            { "LinkedIn (Prospecting)", 4, "Prospecting" },
            { "Referral", 2, "Referral" },
            { "Indeed", 3, "Third-party boards" },
            { "TalentWorks Agency", 1, "Agencies" },
            { "Career fair", 7, "In person event" },
            { "Other", 9, "Other" },
        };
        QList<QJsonObject> &rows = m_state.resources[QStringLiteral("sources")];
        qint64 id = kSourceBase;
        for (const S &s : kSources)
        {
            const QDateTime created = before(kReference.addDays(-600), 100);
            rows.append(QJsonObject {
                { QStringLiteral("id"), id++ },
                { QStringLiteral("name"), QString::fromUtf8(s.name) },
                { QStringLiteral("type"),
                    QJsonObject {
                        { QStringLiteral("id"), s.typeId }, { QStringLiteral("name"), QString::fromUtf8(s.type) } } },
                { QStringLiteral("created_at"), stamp(created) },
                { QStringLiteral("updated_at"), stamp(created) },
            });
        }
    }

    void seedCustomFields()
    {
        QJsonArray options;
        qint64 optionId = kCustomFieldBase * 10;
        for (const char *type : { "Full-time", "Part-time", "Contract", "Internship", "Temporary" })
        {
            options.append(QJsonObject {
                { QStringLiteral("id"), optionId++ }, { QStringLiteral("name"), QString::fromUtf8(type) } });
        }
        const QString created = stamp(kReference.addDays(-700));
        m_state.resources[QStringLiteral("custom_fields")] = {
            QJsonObject { { QStringLiteral("id"), kCustomFieldBase },
                { QStringLiteral("name"), QStringLiteral("Employment Type") },
                { QStringLiteral("name_key"), QStringLiteral("employment_type") },
                { QStringLiteral("field_type"), QStringLiteral("job") },
                { QStringLiteral("value_type"), QStringLiteral("single_select") }, { QStringLiteral("active"), true },
                { QStringLiteral("custom_field_options"), options }, { QStringLiteral("created_at"), created },
                { QStringLiteral("updated_at"), created } },
            QJsonObject { { QStringLiteral("id"), kCustomFieldBase + 1 },
                { QStringLiteral("name"), QStringLiteral("Salary Band") },
                { QStringLiteral("name_key"), QStringLiteral("salary_band") },
                { QStringLiteral("field_type"), QStringLiteral("job") },
                { QStringLiteral("value_type"), QStringLiteral("short_text") }, { QStringLiteral("active"), true },
                { QStringLiteral("custom_field_options"), QJsonArray() }, { QStringLiteral("created_at"), created },
                { QStringLiteral("updated_at"), created } },
            QJsonObject { { QStringLiteral("id"), kCustomFieldBase + 2 },
                { QStringLiteral("name"), QStringLiteral("Desired Start") },
                { QStringLiteral("name_key"), QStringLiteral("desired_start") },
                { QStringLiteral("field_type"), QStringLiteral("candidate") },
                { QStringLiteral("value_type"), QStringLiteral("date") }, { QStringLiteral("active"), true },
                { QStringLiteral("custom_field_options"), QJsonArray() }, { QStringLiteral("created_at"), created },
                { QStringLiteral("updated_at"), created } },
        };
    }

    QString departmentName(qint64 id) const
    {
        for (const QJsonObject &d : m_state.resources.value(QStringLiteral("departments")))
        {
            if (d.value(QStringLiteral("id")).toInteger() == id)
            {
                return d.value(QStringLiteral("name")).toString();
            }
        }
        return {};
    }

    void seedJobs()
    {
        QList<QJsonObject> &jobs = m_state.resources[QStringLiteral("jobs")];
        QList<QJsonObject> &openings = m_state.resources[QStringLiteral("openings")];
        QList<QJsonObject> &posts = m_state.resources[QStringLiteral("job_posts")];
        QList<QJsonObject> &locations = m_state.resources[QStringLiteral("job_post_locations")];
        QList<QJsonObject> &stages = m_state.resources[QStringLiteral("job_interview_stages")];
        qint64 jobId = kJobBase;
        qint64 openingId = kOpeningBase;
        qint64 postId = kPostBase;
        qint64 locationId = kPostLocationBase;
        qint64 stageId = kStageBase;

        for (int i = 0; i < m_state.options.jobCount; ++i)
        {
            jobId += 1 + m_rng.bounded(37);
            const int draw = m_rng.bounded(100);
            const QString status
                = draw < 60 ? QStringLiteral("open") : (draw < 85 ? QStringLiteral("closed") : QStringLiteral("draft"));
            const QString level = QString::fromUtf8(kLevels[m_rng.bounded(int(std::size(kLevels)))]);
            const QString role = QString::fromUtf8(kRoles[m_rng.bounded(int(std::size(kRoles)))]);
            const QString title = level.isEmpty() ? role : level + QLatin1Char(' ') + role;
            const qint64 departmentId = m_departmentLeaves.value(m_rng.bounded(int(m_departmentLeaves.size())));
            QJsonArray officeIds { m_officeLeaves.value(m_rng.bounded(int(m_officeLeaves.size()))) };
            if (m_rng.bounded(4) == 0)
            {
                const qint64 second = m_officeLeaves.value(m_rng.bounded(int(m_officeLeaves.size())));
                if (second != officeIds.first().toInteger())
                {
                    officeIds.append(second);
                }
            }
            const QString employment
                = QString::fromUtf8(kEmploymentTypes[m_rng.bounded(int(std::size(kEmploymentTypes)))]);
            const QDateTime created = before(kReference.addDays(-5), 420);
            const QDateTime updated = created.addSecs(m_rng.bounded(qint64(created.secsTo(kReference))));
            const QString department = departmentName(departmentId);
            const QString requisition = QStringLiteral("%1-%2").arg(department.left(3).toUpper()).arg(100 + i);
            const bool open = status == QLatin1String("open");
            const bool closed = status == QLatin1String("closed");

            jobs.append(QJsonObject {
                { QStringLiteral("id"), jobId },
                { QStringLiteral("name"), title },
                { QStringLiteral("requisition_id"), requisition },
                { QStringLiteral("notes"),
                    QStringLiteral("<p>Hiring plan for <b>%1</b> &amp; team.</p><ul><li>Budget approved</li></ul>")
                        .arg(department) },
                { QStringLiteral("confidential"), m_rng.bounded(40) == 0 },
                { QStringLiteral("status"), status },
                { QStringLiteral("opened_at"),
                    status == QLatin1String("draft") ? QJsonValue() : QJsonValue(stamp(created.addDays(1))) },
                { QStringLiteral("closed_at"), closed ? QJsonValue(stamp(updated)) : QJsonValue() },
                { QStringLiteral("is_template"), false },
                { QStringLiteral("copied_from_id"), QJsonValue() },
                { QStringLiteral("department_id"), m_rng.bounded(30) == 0 ? QJsonValue() : QJsonValue(departmentId) },
                { QStringLiteral("office_ids"), officeIds },
                { QStringLiteral("custom_fields"),
                    QJsonObject { { QStringLiteral("employment_type"),
                        QJsonObject { { QStringLiteral("name"), QStringLiteral("Employment Type") },
                            { QStringLiteral("type"), QStringLiteral("single_select") },
                            { QStringLiteral("value"), employment } } } } },
                { QStringLiteral("created_at"), stamp(created) },
                { QStringLiteral("updated_at"), stamp(updated) },
            });

            const int openingCount = 1 + m_rng.bounded(3);
            for (int o = 0; o < openingCount; ++o)
            {
                const bool openingOpen = open && (o == 0 || m_rng.bounded(2) == 0);
                openings.append(QJsonObject {
                    { QStringLiteral("id"), openingId++ },
                    { QStringLiteral("job_id"), jobId },
                    { QStringLiteral("opening_id"), QStringLiteral("%1-%2").arg(requisition).arg(o + 1) },
                    { QStringLiteral("open"), openingOpen },
                    { QStringLiteral("opened_at"), stamp(created) },
                    { QStringLiteral("closed_at"), openingOpen ? QJsonValue() : QJsonValue(stamp(updated)) },
                    { QStringLiteral("close_reason_id"), QJsonValue() },
                    { QStringLiteral("application_id"), QJsonValue() },
                    { QStringLiteral("target_start_on"), QJsonValue() },
                    { QStringLiteral("sort_order"), o },
                    { QStringLiteral("custom_fields"), QJsonObject() },
                    { QStringLiteral("created_at"), stamp(created) },
                    { QStringLiteral("updated_at"), stamp(updated) },
                });
            }

            // Open and closed jobs have an external post (live only while open); some have
            // an internal one; drafts have an inactive one.
            const auto addPost = [&](bool internal, bool live, bool active)
            {
                const qint64 id = postId++;
                posts.append(QJsonObject {
                    { QStringLiteral("id"), id },
                    { QStringLiteral("job_id"), jobId },
                    { QStringLiteral("job_board_id"), internal ? 2002 : 2001 },
                    { QStringLiteral("title"), title },
                    { QStringLiteral("content"),
                        internal ? QJsonValue()
                                 : QJsonValue(QStringLiteral("<h2>About the role</h2><p>Join our %1 team as a %2.</p>"
                                                             "<ul><li>Ship things</li><li>Grow</li></ul>")
                                                  .arg(department, title)) },
                    { QStringLiteral("internal_content"),
                        internal ? QJsonValue(QStringLiteral("<p>Internal mobility: %1</p>").arg(title))
                                 : QJsonValue() },
                    { QStringLiteral("internal"), internal },
                    { QStringLiteral("live"), live },
                    { QStringLiteral("active"), active },
                    { QStringLiteral("featured"), m_rng.bounded(10) == 0 },
                    { QStringLiteral("first_published_at"),
                        live ? QJsonValue(stamp(created.addDays(1))) : QJsonValue() },
                    { QStringLiteral("language"), QStringLiteral("en") },
                    { QStringLiteral("public_url"),
                        internal ? QJsonValue()
                                 : QJsonValue(
                                     QStringLiteral("https://careers.sandbox-co.example/jobs?gh_jid=%1").arg(jobId)) },
                    { QStringLiteral("demographic_question_set_id"), QJsonValue() },
                    { QStringLiteral("questions"),
                        QJsonArray { QJsonObject { { QStringLiteral("id"), id * 10 },
                            { QStringLiteral("name"), QStringLiteral("resume") },
                            { QStringLiteral("label"), QStringLiteral("Resume/CV") },
                            { QStringLiteral("description"), QJsonValue() },
                            { QStringLiteral("answer_type"), QStringLiteral("attachment") },
                            { QStringLiteral("required"), true }, { QStringLiteral("private"), false },
                            { QStringLiteral("options"), QJsonArray() } } } },
                    { QStringLiteral("created_at"), stamp(created) },
                    { QStringLiteral("updated_at"), stamp(updated) },
                });
                const bool remote = m_rng.bounded(4) == 0;
                const qint64 officeId = officeIds.first().toInteger();
                locations.append(QJsonObject {
                    { QStringLiteral("id"), locationId++ },
                    { QStringLiteral("job_post_id"), id },
                    { QStringLiteral("type"), remote ? QStringLiteral("free_text") : QStringLiteral("office") },
                    { QStringLiteral("plain_text_location"), remote ? QStringLiteral("Remote") : QString() },
                    { QStringLiteral("office_id"), remote ? QJsonValue() : QJsonValue(officeId) },
                    { QStringLiteral("custom_location_id"), QJsonValue() },
                    { QStringLiteral("created_at"), stamp(created) },
                    { QStringLiteral("updated_at"), stamp(updated) },
                });
            };
            if (status == QLatin1String("draft"))
            {
                addPost(false, false, false);
            }
            else
            {
                addPost(false, open, true);
                if (m_rng.bounded(5) == 0)
                {
                    addPost(true, open, true);
                }
            }

            int sortOrder = 0;
            for (const char *stage : kStages)
            {
                stages.append(QJsonObject { { QStringLiteral("id"), stageId++ }, { QStringLiteral("job_id"), jobId },
                    { QStringLiteral("name"), QString::fromUtf8(stage) }, { QStringLiteral("sort_order"), sortOrder++ },
                    { QStringLiteral("active"), true }, { QStringLiteral("created_at"), stamp(created) },
                    { QStringLiteral("updated_at"), stamp(created) } });
            }
            if (open)
            {
                m_openJobs.append(jobId);
            }
            else if (closed)
            {
                m_closedJobs.append(jobId);
            }
        }
    }

    void seedCandidates()
    {
        struct C
        {
            const char *first;
            const char *last;
            const char *email;
        };
        // The first one shares its address with two pending applicants (case and blanks differ).
        constexpr C kCandidates[] = {
            { "Alex", "Morgan", "alex.morgan@example.org" },
            { "Priya", "Raman", "priya.raman@example.com" },
            { "Jonas", "Weber", "jonas.weber@example.de" },
            { "Mei", "Chen", "mei.chen@example.net" },
            { "Lucas", "Silva", "lucas.silva@example.com.br" },
            { "Fatima", "Haddad", "fatima.haddad@example.org" },
            { "Noah", "Kim", "noah.kim@example.com" },
            { "Elena", "Popescu", "elena.popescu@example.ro" },
        };
        QList<QJsonObject> &candidates = m_state.resources[QStringLiteral("candidates")];
        QList<QJsonObject> &applications = m_state.resources[QStringLiteral("applications")];
        qint64 candidateId = kCandidateBase;
        qint64 applicationId = kApplicationBase;
        const QList<QJsonObject> &stages = m_state.resources.value(QStringLiteral("job_interview_stages"));
        for (const C &c : kCandidates)
        {
            const QDateTime created = before(kReference.addDays(-10), 200);
            const qint64 id = candidateId++;
            m_candidateEmails.append(QString::fromUtf8(c.email));
            candidates.append(QJsonObject {
                { QStringLiteral("id"), id },
                { QStringLiteral("first_name"), QString::fromUtf8(c.first) },
                { QStringLiteral("last_name"), QString::fromUtf8(c.last) },
                { QStringLiteral("preferred_name"), QJsonValue() },
                { QStringLiteral("company"), QJsonValue() },
                { QStringLiteral("title"), QJsonValue() },
                { QStringLiteral("time_zone"), QJsonValue() },
                { QStringLiteral("private"), false },
                { QStringLiteral("can_email"), true },
                { QStringLiteral("tags"), QJsonArray() },
                { QStringLiteral("linked_user_ids"), QJsonArray() },
                { QStringLiteral("email_addresses"),
                    QJsonArray { QJsonObject { { QStringLiteral("value"), QString::fromUtf8(c.email) },
                        { QStringLiteral("type"), QStringLiteral("personal") } } } },
                { QStringLiteral("phone_numbers"), QJsonArray() },
                { QStringLiteral("addresses"), QJsonArray() },
                { QStringLiteral("website_addresses"), QJsonArray() },
                { QStringLiteral("social_media_addresses"), QJsonArray() },
                { QStringLiteral("custom_fields"), QJsonObject() },
                { QStringLiteral("last_activity_at"), stamp(created.addDays(3)) },
                { QStringLiteral("created_at"), stamp(created) },
                { QStringLiteral("updated_at"), stamp(created.addDays(3)) },
            });
            const qint64 jobId = m_openJobs.isEmpty() ? 0 : m_openJobs.value(m_rng.bounded(int(m_openJobs.size())));
            QJsonObject stage;
            for (const QJsonObject &s : stages)
            {
                if (s.value(QStringLiteral("job_id")).toInteger() == jobId)
                {
                    stage = s;
                    break;
                }
            }
            const int statusDraw = m_rng.bounded(6);
            const QString status = statusDraw < 4
                ? QStringLiteral("in_process")
                : (statusDraw == 4 ? QStringLiteral("rejected") : QStringLiteral("hired"));
            applications.append(QJsonObject {
                { QStringLiteral("id"), applicationId++ },
                { QStringLiteral("candidate_id"), id },
                { QStringLiteral("job_id"), jobId ? QJsonValue(jobId) : QJsonValue() },
                { QStringLiteral("job_post_id"), QJsonValue() },
                { QStringLiteral("prospect"), false },
                { QStringLiteral("prospective_job_ids"), QJsonArray() },
                { QStringLiteral("status"), status },
                { QStringLiteral("stage_id"), stage.value(QStringLiteral("id")) },
                { QStringLiteral("stage_name"), stage.value(QStringLiteral("name")) },
                { QStringLiteral("job_interview_stage_id"), stage.value(QStringLiteral("id")) },
                { QStringLiteral("source_id"), kSourceBase + 1 },
                { QStringLiteral("referrer_id"), QJsonValue() },
                { QStringLiteral("recruiter_id"), kUserBase + 1 },
                { QStringLiteral("coordinator_id"), QJsonValue() },
                { QStringLiteral("rejected_at"),
                    status == QLatin1String("rejected") ? QJsonValue(stamp(created.addDays(2))) : QJsonValue() },
                { QStringLiteral("rejection_reason_id"), QJsonValue() },
                { QStringLiteral("last_activity_at"), stamp(created.addDays(3)) },
                { QStringLiteral("needs_decision"), false },
                { QStringLiteral("location_address"), QJsonValue() },
                { QStringLiteral("answers"), QJsonArray() },
                { QStringLiteral("agency_note_id"), QJsonValue() },
                { QStringLiteral("custom_fields"), QJsonObject() },
                { QStringLiteral("created_at"), stamp(created) },
                { QStringLiteral("updated_at"), stamp(created.addDays(3)) },
            });
        }
        m_state.nextCandidateId = candidateId + 1000;
        m_state.nextApplicationId = applicationId + 1000;
        m_state.nextAttachmentId = 77000000;
        m_state.resources[QStringLiteral("attachments")];
    }

    void seedApplicants()
    {
        struct Name
        {
            const char *first;
            const char *last;
        };
        // Plenty of scripts on purpose: accents, CJK, right-to-left, an emoji, a lone given name.
        constexpr Name kNames[] = {
            { "Dana", "Example" },
            { "José", "Álvarez" },
            { "Zoë", "Müller-Lüdenscheidt" },
            { "伟", "李" },
            { "太郎", "山田" },
            { "محمد", "العلي" },
            { "דנה", "כהן" },
            { "Amélie", "Dupont 🚀" },
            { "Søren", "Kierkegård" },
            { "Chloé", "O'Brien" },
            { "Nguyễn", "Thị Mai" },
            { "Łukasz", "Żółć" },
            { "Olamide", "Adeyemi" },
            { "Ingrid", "Bergström" },
            { "Аня", "Иванова" },
            { "Kai", "" },
        };
        constexpr const char *kChannels[] = { "facebook", "instagram", "google", "linkedin", "tiktok" };
        const int count = m_state.options.applicantCount;
        QDateTime applied = kReference.addDays(1);
        for (int i = 0; i < count; ++i)
        {
            applied = applied.addSecs(60 + m_rng.bounded(3600));
            const QString id = QStringLiteral("app_%1").arg(hex(3));
            const Name &name = kNames[m_rng.bounded(int(std::size(kNames)))];
            QString first = QString::fromUtf8(name.first);
            QString last = QString::fromUtf8(name.last);
            QString email = QStringLiteral("applicant%1@example.org").arg(i + 1);

            // source_job_id: mostly open jobs, some closed, some unknown.
            QString jobId;
            const int jobDraw = m_rng.bounded(100);
            if (jobDraw < 80 && !m_openJobs.isEmpty())
            {
                jobId = QString::number(m_openJobs.value(m_rng.bounded(int(m_openJobs.size()))));
            }
            else if (jobDraw < 90 && !m_closedJobs.isEmpty())
            {
                jobId = QString::number(m_closedJobs.value(m_rng.bounded(int(m_closedJobs.size()))));
            }
            else
            {
                jobId = QString::number(9900000 + m_rng.bounded(99999));
            }

            QJsonValue resume;
            QByteArray bytes;
            QByteArray contentType = "application/pdf";
            QString filename = QStringLiteral("%1 %2 CV.pdf").arg(first, last).simplified();

            // The deliberately awkward ones sit at fixed positions so tests can find them.
            switch (i)
            {
            case 1:
                email = QStringLiteral("  Alex.Morgan@Example.ORG ");
                break;
            case 2:
                email = QStringLiteral("ALEX.MORGAN@example.org");
                break;
            case 3:
                first.clear();
                last.clear();
                break;
            case 4:
                email = QStringLiteral("not-an-email");
                break;
            case 5:
                email = QStringLiteral("dana@");
                break;
            case 6:
                bytes.clear(); // a 0-byte resume
                break;
            case 7:
                contentType = "image/png"; // PDF bytes declared as something else
                break;
            case 8:
                contentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
                filename = QStringLiteral("resume.docx");
                break;
            case 9:
                contentType.clear(); // no resume at all
                break;
            default:
                break;
            }
            if (i == 8 || (i > 9 && m_rng.bounded(5) == 0))
            {
                contentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
                filename = QStringLiteral("%1_%2_resume.docx").arg(first, last);
                bytes = minimalDocx(QStringLiteral("%1 %2").arg(first, last));
            }
            else if (i != 6)
            {
                bytes = minimalPdf(QStringLiteral("Resume %1").arg(i + 1));
            }
            if (i > 9 && m_rng.bounded(8) == 0)
            {
                contentType.clear();
            }

            if (!contentType.isEmpty())
            {
                m_state.resumes.insert(id, Resume { bytes, contentType, 0 });
                resume = QJsonObject { { QStringLiteral("filename"), filename },
                    { QStringLiteral("content_type"), QString::fromLatin1(contentType) },
                    { QStringLiteral("url"), QJsonValue() } };
            }

            QJsonObject applicant {
                { QStringLiteral("id"), id },
                { QStringLiteral("source_job_id"), jobId },
                { QStringLiteral("first_name"), nullable(first) },
                { QStringLiteral("last_name"), nullable(last) },
                { QStringLiteral("email"), email },
                { QStringLiteral("phone"), QStringLiteral("+49 30 %1").arg(1000000 + m_rng.bounded(8999999)) },
                { QStringLiteral("location"), QStringLiteral("Berlin, DE") },
                { QStringLiteral("linkedin_url"), QJsonValue() },
                { QStringLiteral("applied_at"), applied.toString(Qt::ISODate) },
                { QStringLiteral("channel"), QString::fromLatin1(kChannels[m_rng.bounded(int(std::size(kChannels)))]) },
                { QStringLiteral("campaign"), QStringLiteral("sandbox-q4") },
                { QStringLiteral("consent"),
                    QJsonObject { { QStringLiteral("given"), true },
                        { QStringLiteral("at"), applied.addSecs(-2).toString(Qt::ISODate) } } },
                { QStringLiteral("resume"), resume },
                { QStringLiteral("answers"),
                    QJsonArray { QJsonObject { { QStringLiteral("question"), QStringLiteral("Notice period?") },
                        { QStringLiteral("answer"), QStringLiteral("4 weeks") } } } },
                { QStringLiteral("status"), QStringLiteral("pending") },
                { QStringLiteral("ack"), QJsonValue() },
            };
            if (i == 3)
            {
                applicant.remove(QStringLiteral("last_name"));
            }
            m_state.applicants.append(applicant);
        }
    }

    State &m_state;
    QRandomGenerator m_rng;
    QList<qint64> m_departmentLeaves;
    QList<qint64> m_officeLeaves;
    QList<qint64> m_openJobs;
    QList<qint64> m_closedJobs;
    QStringList m_candidateEmails;
};

quint32 crc32(const QByteArray &data)
{
    quint32 crc = 0xFFFFFFFFu;
    for (const char c : data)
    {
        crc ^= quint8(c);
        for (int k = 0; k < 8; ++k)
        {
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
        }
    }
    return ~crc;
}

void appendLe(QByteArray &out, quint32 value, int bytes)
{
    for (int i = 0; i < bytes; ++i)
    {
        out.append(char((value >> (8 * i)) & 0xFF));
    }
}

} // namespace

void seedState(State &state)
{
    Seeder(state).run();
}

QByteArray minimalPdf(const QString &text)
{
    QString safe = text;
    safe.remove(QLatin1Char('(')).remove(QLatin1Char(')')).remove(QLatin1Char('\\'));
    const QByteArray stream = "BT /F1 18 Tf 72 720 Td (" + safe.toLatin1() + ") Tj ET";
    const QList<QByteArray> objects = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        "<< /Length " + QByteArray::number(stream.size()) + " >>\nstream\n" + stream + "\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    };
    QByteArray pdf = "%PDF-1.4\n";
    QList<qsizetype> offsets;
    for (qsizetype i = 0; i < objects.size(); ++i)
    {
        offsets.append(pdf.size());
        pdf += QByteArray::number(i + 1) + " 0 obj\n" + objects.at(i) + "\nendobj\n";
    }
    const qsizetype xref = pdf.size();
    pdf += "xref\n0 " + QByteArray::number(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (const qsizetype offset : offsets)
    {
        pdf += QByteArray::number(offset).rightJustified(10, '0') + " 00000 n \n";
    }
    pdf += "trailer\n<< /Size " + QByteArray::number(objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n"
        + QByteArray::number(xref) + "\n%%EOF\n";
    return pdf;
}

QByteArray minimalDocx(const QString &text)
{
    const QByteArray escaped = text.toHtmlEscaped().toUtf8();
    const QList<QPair<QByteArray, QByteArray>> files = {
        { "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
            "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            "<Override PartName=\"/word/document.xml\" "
            "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
            "</Types>" },
        { "_rels/.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            "<Relationship Id=\"rId1\" "
            "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
            "Target=\"word/document.xml\"/></Relationships>" },
        { "word/document.xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
            "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
            "<w:body><w:p><w:r><w:t>"
                + escaped + "</w:t></w:r></w:p></w:body></w:document>" },
    };

    // A "stored" (uncompressed) zip: local headers, then the central directory.
    QByteArray zip;
    QByteArray central;
    for (const auto &[name, content] : files)
    {
        const quint32 crc = crc32(content);
        const quint32 offset = quint32(zip.size());
        QByteArray common;
        appendLe(common, 20, 2); // version needed
        appendLe(common, 0, 2); // flags
        appendLe(common, 0, 2); // method: stored
        appendLe(common, 0, 2); // time
        appendLe(common, (46 << 9) | (1 << 5) | 1, 2); // date 2026-01-01
        appendLe(common, crc, 4);
        appendLe(common, quint32(content.size()), 4);
        appendLe(common, quint32(content.size()), 4);
        appendLe(common, quint32(name.size()), 2);
        appendLe(common, 0, 2); // extra length

        appendLe(zip, 0x04034b50, 4);
        zip += common + name + content;

        appendLe(central, 0x02014b50, 4);
        appendLe(central, 20, 2); // version made by
        central += common;
        appendLe(central, 0, 2); // comment length
        appendLe(central, 0, 2); // disk
        appendLe(central, 0, 2); // internal attributes
        appendLe(central, 0, 4); // external attributes
        appendLe(central, offset, 4);
        central += name;
    }
    const quint32 centralOffset = quint32(zip.size());
    zip += central;
    appendLe(zip, 0x06054b50, 4);
    appendLe(zip, 0, 2);
    appendLe(zip, 0, 2);
    appendLe(zip, quint32(files.size()), 2);
    appendLe(zip, quint32(files.size()), 2);
    appendLe(zip, quint32(central.size()), 4);
    appendLe(zip, centralOffset, 4);
    appendLe(zip, 0, 2);
    return zip;
}

} // namespace Sandbox
