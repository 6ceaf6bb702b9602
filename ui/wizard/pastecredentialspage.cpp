#include "ui/wizard/pastecredentialspage.h"

#include "ui/wizard/credentialparsing.h"
#include "ui/wizard/wizardsupport.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>
#include <QVBoxLayout>

namespace Wizard
{

namespace
{
QLabel *errorLabel(const char *objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QString::fromLatin1(objectName));
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->hide();

    // A red that stays readable on light and dark palettes.
    QPalette palette = label->palette();
    const bool dark = palette.color(QPalette::Window).lightness() < 128;
    palette.setColor(QPalette::WindowText, dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xb3, 0x26, 0x1e));
    label->setPalette(palette);
    return label;
}

// A field with its inline error below it, so a long message wraps under the field.
QWidget *fieldWithError(QWidget *field, QLabel *error, QWidget *parent)
{
    auto *container = new QWidget(parent);
    auto *layout = new QVBoxLayout(container);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(field);
    layout->addWidget(error);
    return container;
}

void showError(QLabel *label, QLineEdit *edit, const QString &message)
{
    label->setText(message);
    label->setVisible(!message.isEmpty());
    edit->setAccessibleDescription(message);
}
} // namespace

PasteCredentialsPage::PasteCredentialsPage(QWidget *parent) : QWizardPage(parent)
{
    setObjectName(QStringLiteral("pasteCredentialsPage"));
    setTitle(tr("Paste the credentials"));
    setSubTitle(tr("Copy the client ID and the client secret from the Greenhouse page you just saved."));

    auto *hint = new QLabel(tr("You can also paste both at once, as \"client-id:client-secret\", into either field. "
                               "Spaces, line breaks and quotes around the values are removed."),
        this);
    hint->setObjectName(QStringLiteral("pasteHintLabel"));
    hint->setWordWrap(true);

    m_clientIdEdit = new QLineEdit(this);
    m_clientIdEdit->setObjectName(QStringLiteral("clientIdLineEdit"));
    m_clientIdEdit->setClearButtonEnabled(true);
    m_clientIdError = errorLabel("clientIdErrorLabel", this);
    connect(m_clientIdEdit, &QLineEdit::textEdited, this, &PasteCredentialsPage::onClientIdEdited);

    m_clientSecretEdit = new QLineEdit(this);
    m_clientSecretEdit->setObjectName(QStringLiteral("clientSecretLineEdit"));
    m_clientSecretEdit->setEchoMode(QLineEdit::Password);
    m_clientSecretEdit->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhNoPredictiveText | Qt::ImhSensitiveData);
    m_clientSecretError = errorLabel("clientSecretErrorLabel", this);
    connect(m_clientSecretEdit, &QLineEdit::textEdited, this, &PasteCredentialsPage::onClientSecretEdited);

    m_showSecretButton = new QToolButton(this);
    m_showSecretButton->setObjectName(QStringLiteral("showSecretToolButton"));
    m_showSecretButton->setCheckable(true);
    m_showSecretButton->setText(tr("Show"));
    m_showSecretButton->setToolTip(tr("Show or hide the client secret"));
    m_showSecretButton->setFocusPolicy(Qt::StrongFocus);
    connect(m_showSecretButton, &QToolButton::toggled, this, &PasteCredentialsPage::onShowSecretToggled);

    m_actingUserIdEdit = new QLineEdit(this);
    m_actingUserIdEdit->setObjectName(QStringLiteral("actingUserIdLineEdit"));
    m_actingUserIdEdit->setInputMethodHints(Qt::ImhDigitsOnly);
    m_actingUserIdEdit->setPlaceholderText(tr("Optional"));
    m_actingUserIdError = errorLabel("actingUserIdErrorLabel", this);
    connect(m_actingUserIdEdit, &QLineEdit::textEdited, this, &PasteCredentialsPage::onActingUserIdEdited);

    auto *actingUserHelp = new QLabel(tr("The Greenhouse user that candidates and applications are created as. "
                                         "It is the number at the end of the address of that user's page "
                                         "(Configure > Users > their name)."),
        this);
    actingUserHelp->setObjectName(QStringLiteral("actingUserHelpLabel"));
    actingUserHelp->setWordWrap(true);

    registerField(QStringLiteral("clientId"), m_clientIdEdit);
    registerField(QStringLiteral("clientSecret"), m_clientSecretEdit);
    registerField(QStringLiteral("actingUserId"), m_actingUserIdEdit);

    auto *secretRow = new QWidget(this);
    auto *secretRowLayout = new QHBoxLayout(secretRow);
    secretRowLayout->setContentsMargins(0, 0, 0, 0);
    secretRowLayout->addWidget(m_clientSecretEdit, 1);
    secretRowLayout->addWidget(m_showSecretButton);

    auto *actingUserColumn = new QWidget(this);
    auto *actingUserLayout = new QVBoxLayout(actingUserColumn);
    actingUserLayout->setContentsMargins(0, 0, 0, 0);
    actingUserLayout->addWidget(m_actingUserIdEdit);
    actingUserLayout->addWidget(m_actingUserIdError);
    actingUserLayout->addWidget(actingUserHelp);

    auto *form = new QFormLayout;
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Client &ID:"), fieldWithError(m_clientIdEdit, m_clientIdError, this));
    form->addRow(tr("Client &secret:"), fieldWithError(secretRow, m_clientSecretError, this));
    form->addRow(tr("&Acting user ID:"), actingUserColumn);
    // QFormLayout gives the labels buddies only for plain field widgets; point them at the edits.
    const auto setBuddy = [form](int row, QWidget *buddy)
    {
        if (auto *label = qobject_cast<QLabel *>(form->itemAt(row, QFormLayout::LabelRole)->widget()))
            label->setBuddy(buddy);
    };
    setBuddy(0, m_clientIdEdit);
    setBuddy(1, m_clientSecretEdit);
    setBuddy(2, m_actingUserIdEdit);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(hint);
    layout->addLayout(form);
    layout->addStretch();

    setTabOrder(m_clientIdEdit, m_clientSecretEdit);
    setTabOrder(m_clientSecretEdit, m_showSecretButton);
    setTabOrder(m_showSecretButton, m_actingUserIdEdit);
}

void PasteCredentialsPage::onClientIdEdited(const QString &text)
{
    const CredentialText::PastedCredentials parsed = CredentialText::parsePastedCredentials(text);
    if (parsed.isPair())
    {
        replaceText(m_clientSecretEdit, parsed.clientSecret);
        m_clientSecretEdit->setFocus();
    }
    replaceText(m_clientIdEdit, parsed.clientId);
    updateValidation();
    Q_EMIT completeChanged();
}

void PasteCredentialsPage::onClientSecretEdited(const QString &text)
{
    // A combined paste lands here too when the admin starts at the secret. With an id already
    // entered a colon may be part of the secret itself, so only a pair that starts with that
    // very id is split.
    const CredentialText::PastedCredentials parsed = CredentialText::parsePastedCredentials(text);
    if (parsed.isPair())
    {
        const QString enteredId = CredentialText::cleanCredentialValue(m_clientIdEdit->text());
        if (enteredId.isEmpty() || enteredId == parsed.clientId)
        {
            replaceText(m_clientIdEdit, parsed.clientId);
            replaceText(m_clientSecretEdit, parsed.clientSecret);
            updateValidation();
            Q_EMIT completeChanged();
            return;
        }
    }
    replaceText(m_clientSecretEdit, CredentialText::cleanCredentialValue(text));
    updateValidation();
    Q_EMIT completeChanged();
}

void PasteCredentialsPage::onActingUserIdEdited(const QString &text)
{
    replaceText(m_actingUserIdEdit, CredentialText::cleanCredentialValue(text));
    updateValidation();
}

void PasteCredentialsPage::onShowSecretToggled(bool show)
{
    m_clientSecretEdit->setEchoMode(show ? QLineEdit::Normal : QLineEdit::Password);
    m_showSecretButton->setText(show ? tr("Hide") : tr("Show"));
}

bool PasteCredentialsPage::updateValidation()
{
    const QString id = m_clientIdEdit->text();
    const QString secret = m_clientSecretEdit->text();
    const QString idError = CredentialText::validateClientId(id);
    const QString secretError = CredentialText::validateClientSecret(secret);
    const QString actingUserError = CredentialText::validateActingUserId(m_actingUserIdEdit->text());

    // An empty field is not an error while the admin is still filling in the page.
    showError(m_clientIdError, m_clientIdEdit, (m_validationRequested || !id.isEmpty()) ? idError : QString());
    showError(m_clientSecretError, m_clientSecretEdit,
        (m_validationRequested || !secret.isEmpty()) ? secretError : QString());
    showError(m_actingUserIdError, m_actingUserIdEdit, actingUserError);
    return idError.isEmpty() && secretError.isEmpty() && actingUserError.isEmpty();
}

bool PasteCredentialsPage::isComplete() const
{
    return !m_clientIdEdit->text().isEmpty() && !m_clientSecretEdit->text().isEmpty();
}

void PasteCredentialsPage::cleanupPage() { }

bool PasteCredentialsPage::validatePage()
{
    m_validationRequested = true;
    return updateValidation();
}

} // namespace Wizard
