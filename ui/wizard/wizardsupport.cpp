#include "ui/wizard/wizardsupport.h"

#include "core/net/httputil.h"

#include <QLabel>
#include <QLineEdit>
#include <QUrl>

namespace Wizard
{

QLabel *makeStatusLabel(const char *objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QString::fromLatin1(objectName));
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->hide();
    return label;
}

void setStatus(QLabel *label, Tone tone, const QString &text)
{
    QPalette palette = label->parentWidget() ? label->parentWidget()->palette() : label->palette();
    const bool dark = palette.color(QPalette::Window).lightness() < 128;
    switch (tone)
    {
    case Tone::Failure:
        palette.setColor(QPalette::WindowText, dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xb3, 0x26, 0x1e));
        break;
    case Tone::Success:
        palette.setColor(QPalette::WindowText, dark ? QColor(0x7e, 0xe7, 0x87) : QColor(0x1a, 0x7f, 0x37));
        break;
    case Tone::Neutral:
    case Tone::Busy:
        break;
    }
    label->setPalette(palette);
    label->setText(text);
    label->setAccessibleDescription(text);
    label->setVisible(!text.isEmpty());
}

void replaceText(QLineEdit *edit, const QString &text)
{
    if (edit->text() != text)
    {
        edit->setText(text);
    }
}

QString toneMark(Tone tone)
{
    switch (tone)
    {
    case Tone::Success:
        return QStringLiteral("\u2714"); // heavy check mark
    case Tone::Failure:
        return QStringLiteral("\u2716"); // heavy multiplication x
    case Tone::Busy:
        return QStringLiteral("\u2026"); // ellipsis
    case Tone::Neutral:
        break;
    }
    return QStringLiteral("\u2013"); // en dash
}

QString validateServiceUrl(const QUrl &url)
{
    if (url.isEmpty())
    {
        return QObject::tr("Enter the address of your SmartDreamers API, e.g. https://api.smartdreamers.com.");
    }
    if (!url.isValid() || url.host().isEmpty())
    {
        return QObject::tr("This is not a complete web address. It starts with https:// and names a server.");
    }
    if (url.scheme() == QLatin1String("https"))
    {
        return {};
    }
    if (url.scheme() == QLatin1String("http") && Net::isLoopbackHost(url.host()))
    {
        return {};
    }
    if (url.scheme() == QLatin1String("http"))
    {
        return QObject::tr("The address must start with https:// so the token is sent encrypted.");
    }
    return QObject::tr("The address must start with https://.");
}

} // namespace Wizard
