#include "core/sync/jobbody.h"

#include "core/net/httputil.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace Sync
{

namespace
{
QString str(const QJsonObject &object, const char *key)
{
    const QJsonValue value = object.value(QLatin1String(key));
    return value.isString() ? value.toString() : QString();
}

QJsonValue stringOrNull(const QString &text)
{
    const QString trimmed = text.trimmed();
    return trimmed.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(trimmed);
}

void appendCanonical(QByteArray &out, const QJsonValue &value)
{
    switch (value.type())
    {
    case QJsonValue::Object:
    {
        const QJsonObject object = value.toObject();
        QStringList keys = object.keys();
        std::sort(keys.begin(), keys.end());
        out += '{';
        bool first = true;
        for (const QString &key : keys)
        {
            if (!first)
            {
                out += ',';
            }
            first = false;
            out += QJsonDocument(QJsonArray { key }).toJson(QJsonDocument::Compact).mid(1).chopped(1);
            out += ':';
            appendCanonical(out, object.value(key));
        }
        out += '}';
        break;
    }
    case QJsonValue::Array:
    {
        const QJsonArray array = value.toArray();
        out += '[';
        for (qsizetype i = 0; i < array.size(); ++i)
        {
            if (i > 0)
            {
                out += ',';
            }
            appendCanonical(out, array.at(i));
        }
        out += ']';
        break;
    }
    default:
        // Scalars: let QJsonDocument spell them (escaping, number format) inside an array.
        out += QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact).mid(1).chopped(1);
        break;
    }
}
} // namespace

std::optional<QJsonObject> pickLiveExternalPost(const QList<QJsonObject> &postsOfOneJob)
{
    std::optional<QJsonObject> best;
    for (const QJsonObject &post : postsOfOneJob)
    {
        const bool usable = !post.value(QLatin1String("internal")).toBool()
            && post.value(QLatin1String("live")).toBool() && post.value(QLatin1String("active")).toBool(true);
        if (!usable)
        {
            continue;
        }
        if (!best || post.value(QLatin1String("id")).toInteger() < best->value(QLatin1String("id")).toInteger())
        {
            best = post;
        }
    }
    return best;
}

int countOpenOpenings(const QList<QJsonObject> &openingsOfOneJob)
{
    return int(std::count_if(openingsOfOneJob.cbegin(), openingsOfOneJob.cend(),
        [](const QJsonObject &opening) { return opening.value(QLatin1String("open")).toBool(); }));
}

QString employmentType(const QJsonObject &job, const QString &nameKey)
{
    const QJsonValue field = job.value(QLatin1String("custom_fields")).toObject().value(nameKey);
    QJsonValue value = field.isObject() ? field.toObject().value(QLatin1String("value")) : field;
    if (value.isObject())
    {
        // A single-select option may come as {id, name}.
        value = value.toObject().value(QLatin1String("name"));
    }
    return value.isString() ? value.toString().trimmed() : QString();
}

QJsonObject buildJobBody(
    const JobSource &source, const JobReferenceData &reference, const QString &status, const QString &employmentTypeKey)
{
    const QJsonObject &job = source.job;
    const qint64 jobId = job.value(QLatin1String("id")).toInteger();

    // The public title is what candidates see; the internal name is the fallback.
    QString title = source.livePost ? str(*source.livePost, "title").trimmed() : QString();
    if (title.isEmpty())
    {
        title = str(job, "name").trimmed();
    }

    const QJsonValue departmentId = job.value(QLatin1String("department_id"));
    const QString department
        = departmentId.isDouble() ? reference.departmentNames.value(departmentId.toInteger()) : QString();

    // Offices in the job's order, then the post's free-text locations ("Remote"), no repeats.
    QStringList offices;
    for (const QJsonValue &officeId : job.value(QLatin1String("office_ids")).toArray())
    {
        const QString name = reference.officeNames.value(officeId.toInteger()).trimmed();
        if (!name.isEmpty() && !offices.contains(name))
        {
            offices.append(name);
        }
    }
    for (const QString &location : source.postLocations)
    {
        const QString name = location.trimmed();
        if (!name.isEmpty() && !offices.contains(name))
        {
            offices.append(name);
        }
    }

    const QDateTime updatedAt = Net::parseDateTime(str(job, "updated_at"));

    QJsonObject body;
    body.insert(QStringLiteral("source"), QStringLiteral("greenhouse"));
    body.insert(QStringLiteral("source_job_id"), QString::number(jobId));
    body.insert(QStringLiteral("requisition_id"), stringOrNull(str(job, "requisition_id")));
    body.insert(QStringLiteral("title"), title);
    body.insert(QStringLiteral("status"), status);
    body.insert(QStringLiteral("department"), stringOrNull(department));
    body.insert(QStringLiteral("offices"), QJsonArray::fromStringList(offices));
    body.insert(QStringLiteral("employment_type"), stringOrNull(employmentType(job, employmentTypeKey)));
    body.insert(QStringLiteral("openings"), source.openOpenings);
    body.insert(QStringLiteral("description_html"),
        source.livePost ? stringOrNull(str(*source.livePost, "content")) : QJsonValue(QJsonValue::Null));
    body.insert(QStringLiteral("apply_url"),
        source.livePost ? stringOrNull(str(*source.livePost, "public_url")) : QJsonValue(QJsonValue::Null));
    body.insert(QStringLiteral("updated_at"),
        updatedAt.isValid() ? QJsonValue(Net::formatUtc(updatedAt)) : QJsonValue(QJsonValue::Null));
    return body;
}

QJsonObject closedJobBody(qint64 jobId, const std::optional<QJsonObject> &lastBody)
{
    QJsonObject body = lastBody.value_or(QJsonObject {});
    body.insert(QStringLiteral("source"), QStringLiteral("greenhouse"));
    body.insert(QStringLiteral("source_job_id"), QString::number(jobId));
    body.insert(QStringLiteral("status"), QStringLiteral("closed"));
    if (!body.contains(QLatin1String("title")))
    {
        body.insert(QStringLiteral("title"), QString());
    }
    return body;
}

QByteArray canonicalJson(const QJsonValue &value)
{
    QByteArray out;
    appendCanonical(out, value);
    return out;
}

QString jobContentHash(const QJsonObject &body)
{
    QJsonObject hashed = body;
    hashed.remove(QLatin1String("updated_at"));
    return QString::fromLatin1(QCryptographicHash::hash(canonicalJson(hashed), QCryptographicHash::Sha256).toHex());
}

} // namespace Sync
