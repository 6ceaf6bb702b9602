#include "ui/wizard/createcredentialspage.h"

#include "core/harvest/scopes.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace Wizard
{

CreateCredentialsPage::CreateCredentialsPage(QWidget *parent) : QWizardPage(parent)
{
    setObjectName(QStringLiteral("createCredentialsPage"));
    setTitle(tr("Create the API credentials"));
    setSubTitle(tr("In Greenhouse, create credentials that carry exactly the scopes below."));

    auto *steps = new QLabel(
        tr("<ol>"
           "<li>Open <b>Configure</b> &gt; <b>Dev Center</b> &gt; <b>API Credential Management</b>.</li>"
           "<li>Click <b>Create new API credentials</b> and choose the type <b>Harvest V3 (OAuth)</b>.</li>"
           "<li>Tick every scope in this list (use <b>Copy scope list</b> to keep it at hand):</li>"
           "</ol>"),
        this);
    steps->setObjectName(QStringLiteral("stepsLabel"));
    steps->setWordWrap(true);
    steps->setTextFormat(Qt::RichText);

    // Rich text wraps the reasons at any width and scale, and the admin can select and copy it.
    m_scopeList = new QTextBrowser(this);
    m_scopeList->setObjectName(QStringLiteral("scopeTextBrowser"));
    m_scopeList->setOpenLinks(false);
    m_scopeList->setMinimumHeight(m_scopeList->fontMetrics().lineSpacing() * 9);
    QString table = QStringLiteral("<table cellspacing=\"0\" cellpadding=\"3\">");
    const QList<Harvest::ScopeRequirement> scopes = Harvest::requiredScopes();
    for (const Harvest::ScopeRequirement &scope : scopes)
    {
        table += QStringLiteral("<tr><td style=\"white-space:nowrap\"><code>%1</code></td><td>%2</td></tr>")
                     .arg(scope.scope.toHtmlEscaped(), scope.reason.toHtmlEscaped());
    }
    table += QStringLiteral("</table>");
    m_scopeList->setHtml(table);
    m_scopeCount = static_cast<int>(scopes.size());

    m_copyButton = new QPushButton(tr("Copy scope list"), this);
    m_copyButton->setObjectName(QStringLiteral("copyScopesButton"));
    connect(m_copyButton, &QPushButton::clicked, this, &CreateCredentialsPage::onCopyScopesClicked);

    m_copyStatus = new QLabel(this);
    m_copyStatus->setObjectName(QStringLiteral("copyStatusLabel"));
    m_copyStatus->setWordWrap(true);

    auto *secretNote
        = new QLabel(tr("<b>The client secret is shown only once.</b> Keep the Greenhouse page open after you save: "
                        "the next step asks for the client ID and the client secret. If the secret is lost, create new "
                        "credentials."),
            this);
    secretNote->setObjectName(QStringLiteral("secretNoteLabel"));
    secretNote->setWordWrap(true);
    secretNote->setTextFormat(Qt::RichText);

    auto *copyRow = new QHBoxLayout;
    copyRow->addWidget(m_copyButton);
    copyRow->addWidget(m_copyStatus, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(steps);
    layout->addWidget(m_scopeList, 1);
    layout->addLayout(copyRow);
    layout->addWidget(secretNote);
}

void CreateCredentialsPage::onCopyScopesClicked()
{
    QGuiApplication::clipboard()->setText(Harvest::requiredScopeList());
    m_copyStatus->setText(tr("Copied %n scope(s).", nullptr, m_scopeCount));
}

} // namespace Wizard
