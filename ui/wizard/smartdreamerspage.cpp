#include "ui/wizard/smartdreamerspage.h"

#include "core/logging.h"
#include "core/platform/platformclient.h"
#include "ui/wizard/credentialparsing.h"
#include "ui/wizard/setupcontroller.h"
#include "ui/wizard/wizardsupport.h"

#include <QCryptographicHash>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace Wizard
{

SmartDreamersPage::SmartDreamersPage(SetupController *controller, QWidget *parent)
    : QWizardPage(parent), m_controller(controller)
{
    setObjectName(QStringLiteral("smartDreamersPage"));
    setTitle(tr("Connect SmartDreamers"));
    setSubTitle(tr("Jobs are published to SmartDreamers and applicants come back from it."));

    auto *intro = new QLabel(tr("Enter the API address of your SmartDreamers account and an API token. "
                                "Your SmartDreamers account manager can give you both."),
        this);
    intro->setObjectName(QStringLiteral("platformIntroLabel"));
    intro->setWordWrap(true);

    m_urlEdit = new QLineEdit(this);
    m_urlEdit->setObjectName(QStringLiteral("platformUrlLineEdit"));
    m_urlEdit->setPlaceholderText(QStringLiteral("https://"));
    m_urlEdit->setInputMethodHints(Qt::ImhUrlCharactersOnly | Qt::ImhNoAutoUppercase);
    m_urlEdit->setClearButtonEnabled(true);
    m_urlError = makeStatusLabel("platformUrlErrorLabel", this);
    connect(m_urlEdit, &QLineEdit::textEdited, this, &SmartDreamersPage::onUrlEdited);

    m_tokenEdit = new QLineEdit(this);
    m_tokenEdit->setObjectName(QStringLiteral("platformTokenLineEdit"));
    m_tokenEdit->setEchoMode(QLineEdit::Password);
    m_tokenEdit->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhNoPredictiveText | Qt::ImhSensitiveData);
    connect(m_tokenEdit, &QLineEdit::textEdited, this, &SmartDreamersPage::onTokenEdited);

    m_showTokenButton = new QToolButton(this);
    m_showTokenButton->setObjectName(QStringLiteral("showPlatformTokenToolButton"));
    m_showTokenButton->setCheckable(true);
    m_showTokenButton->setText(tr("Show"));
    m_showTokenButton->setToolTip(tr("Show or hide the API token"));
    m_showTokenButton->setFocusPolicy(Qt::StrongFocus);
    connect(m_showTokenButton, &QToolButton::toggled, this, &SmartDreamersPage::onShowTokenToggled);

    m_testButton = new QPushButton(tr("&Test connection"), this);
    m_testButton->setObjectName(QStringLiteral("testPlatformButton"));
    connect(m_testButton, &QPushButton::clicked, this, &SmartDreamersPage::onTestClicked);

    m_status = makeStatusLabel("platformStatusLabel", this);

    registerField(QStringLiteral("platformUrl"), m_urlEdit);
    registerField(QStringLiteral("platformToken"), m_tokenEdit);

    auto *urlColumn = new QWidget(this);
    auto *urlLayout = new QVBoxLayout(urlColumn);
    urlLayout->setContentsMargins(0, 0, 0, 0);
    urlLayout->addWidget(m_urlEdit);
    urlLayout->addWidget(m_urlError);

    auto *tokenRow = new QWidget(this);
    auto *tokenLayout = new QHBoxLayout(tokenRow);
    tokenLayout->setContentsMargins(0, 0, 0, 0);
    tokenLayout->addWidget(m_tokenEdit, 1);
    tokenLayout->addWidget(m_showTokenButton);

    auto *form = new QFormLayout;
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto *urlLabel = new QLabel(tr("API &address:"), this);
    urlLabel->setBuddy(m_urlEdit);
    auto *tokenLabel = new QLabel(tr("API t&oken:"), this);
    tokenLabel->setBuddy(m_tokenEdit);
    form->addRow(urlLabel, urlColumn);
    form->addRow(tokenLabel, tokenRow);

    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_testButton);
    testRow->addStretch();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addLayout(testRow);
    layout->addWidget(m_status);
    layout->addStretch();

    setTabOrder(m_urlEdit, m_tokenEdit);
    setTabOrder(m_tokenEdit, m_showTokenButton);
    setTabOrder(m_showTokenButton, m_testButton);
}

SmartDreamersPage::~SmartDreamersPage()
{
    m_stop.request_stop();
}

void SmartDreamersPage::initializePage()
{
    // Prefilled values (demo mode, Settings > Connection) are tested straight away.
    if (m_passedKey != currentKey() && !m_testing && inputError().isEmpty())
    {
        startTest();
    }
}

void SmartDreamersPage::cleanupPage()
{
    // Going back keeps what was typed; only a running test stops.
    cancelTest();
}

QString SmartDreamersPage::currentKey() const
{
    const QByteArray tokenHash
        = QCryptographicHash::hash(m_tokenEdit->text().toUtf8(), QCryptographicHash::Sha256).toHex();
    return m_urlEdit->text().trimmed() + QLatin1Char('\n') + QString::fromLatin1(tokenHash);
}

QString SmartDreamersPage::inputError() const
{
    const QString urlError = validateServiceUrl(QUrl(m_urlEdit->text().trimmed()));
    if (!urlError.isEmpty())
    {
        return urlError;
    }
    if (m_tokenEdit->text().trimmed().isEmpty())
    {
        return tr("Paste the SmartDreamers API token.");
    }
    return {};
}

bool SmartDreamersPage::isComplete() const
{
    return !m_testing && !m_passedKey.isEmpty() && m_passedKey == currentKey();
}

void SmartDreamersPage::onUrlEdited(const QString &text)
{
    // Copied from an e-mail or a chat, the address and the token come with quotes, spaces and
    // line breaks; the field shows the value that is tested and saved.
    replaceText(m_urlEdit, CredentialText::cleanCredentialValue(text));
    onInputEdited();
}

void SmartDreamersPage::onTokenEdited(const QString &text)
{
    replaceText(m_tokenEdit, CredentialText::cleanCredentialValue(text));
    onInputEdited();
}

void SmartDreamersPage::onInputEdited()
{
    cancelTest();
    const QString text = m_urlEdit->text().trimmed();
    const QString urlError = text.isEmpty() ? QString() : validateServiceUrl(QUrl(text));
    setStatus(m_urlError, Tone::Failure, urlError);
    if (m_passedKey != currentKey())
    {
        setStatus(m_status, Tone::Neutral, {});
    }
    Q_EMIT completeChanged();
}

void SmartDreamersPage::onShowTokenToggled(bool show)
{
    m_tokenEdit->setEchoMode(show ? QLineEdit::Normal : QLineEdit::Password);
    m_showTokenButton->setText(show ? tr("Hide") : tr("Show"));
}

void SmartDreamersPage::onTestClicked()
{
    if (m_testing)
    {
        cancelTest();
        setStatus(m_status, Tone::Neutral, tr("Test cancelled."));
        return;
    }
    startTest();
}

void SmartDreamersPage::cancelTest()
{
    if (!m_testing)
    {
        return;
    }
    m_stop.request_stop();
    ++m_generation; // a late answer of the cancelled test is ignored
    m_testing = false;
    m_testButton->setText(tr("&Test connection"));
    Q_EMIT completeChanged();
}

void SmartDreamersPage::startTest()
{
    const QString error = inputError();
    if (!error.isEmpty())
    {
        setStatus(m_status, Tone::Failure, error);
        return;
    }

    m_stop = std::stop_source();
    m_testing = true;
    m_passedKey.clear();
    const quint64 generation = ++m_generation;
    const QString key = currentKey();
    m_testButton->setText(tr("Cancel &test"));
    setStatus(m_status, Tone::Busy, tr("Connecting to SmartDreamers\u2026"));
    Q_EMIT completeChanged();

    Platform::ClientConfig config;
    config.baseUrl = QUrl(m_urlEdit->text().trimmed());
    config.token = m_tokenEdit->text().trimmed();
    config.session.transferTimeout = std::chrono::seconds(20);
    config.session.maxRetries = 1;
    const std::stop_token stop = m_stop.get_token();
    qCInfo(lcUi) << "setup: testing the SmartDreamers connection";

    runInBackground(
        this, [config, stop]() { return Platform::PlatformClient(config).me(stop); },
        [this, generation, key](const Net::Result<Platform::Account> &result)
        {
            if (generation != m_generation)
            {
                return;
            }
            m_testing = false;
            m_testButton->setText(tr("&Test connection"));
            if (result.ok())
            {
                m_passedKey = key;
                m_controller->facts().platformAccountName = result->name;
                qCInfo(lcUi) << "setup: SmartDreamers connection works";
                setStatus(m_status, Tone::Success,
                    toneMark(Tone::Success) + QLatin1Char(' ')
                        + tr("Connected to the SmartDreamers account \u201c%1\u201d.")
                              .arg(result->name.isEmpty() ? result->accountId : result->name));
            }
            else
            {
                qCWarning(lcUi) << "setup: SmartDreamers test failed:" << result.error().kindName()
                                << result.error().httpStatus;
                setStatus(
                    m_status, Tone::Failure, toneMark(Tone::Failure) + QLatin1Char(' ') + result.error().message());
            }
            Q_EMIT completeChanged();
        });
}

} // namespace Wizard
