#include "challengeview.h"

#include "auth/jwt.h"
#include "auth/schemeregistry.h"
#include "computationview.h"
#include "core/displaytext.h"
#include "http/leg.h"
#include "uiformat.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonValue>
#include <QLabel>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

enum Role { ProblemRole = Qt::UserRole + 1 };

QTreeWidgetItem *addChild(QTreeWidgetItem *parent, const QString &name, const QString &value, bool monospace)
{
    auto *item = new QTreeWidgetItem(parent, {name, DisplayText::escaped(value)});
    if (monospace)
        item->setFont(1, UiFormat::monospaceFont());
    item->setToolTip(1, UiFormat::plainToolTip(DisplayText::escaped(value)));
    return item;
}

QString claimText(const QJsonValue &value)
{
    if (value.isArray()) {
        QStringList parts;
        for (const QJsonValue &item : value.toArray())
            parts << claimText(item);
        return parts.join(QStringLiteral(", "));
    }
    if (value.isDouble())
        return QString::number(value.toDouble(), 'f', 0);
    return value.toString();
}

QString jwtSummary(const QByteArray &token)
{
    const Jwt jwt = Jwt::decode(token);
    switch (jwt.kind()) {
    case Jwt::Kind::Opaque:
        return ChallengeView::tr("Bearer: an opaque token of %1 characters (not a JWT: only its issuer can read it)").arg(token.size());
    case Jwt::Kind::Encrypted:
        return ChallengeView::tr("Bearer: an encrypted JWT (JWE) of %1 characters").arg(token.size());
    case Jwt::Kind::Malformed:
        return ChallengeView::tr("Bearer: a token that does not decode as a JWT: %1").arg(jwt.error());
    case Jwt::Kind::Signed:
        break;
    }
    QStringList header{ChallengeView::tr("alg %1").arg(jwt.algorithm())};
    if (!jwt.keyId().isEmpty())
        header << ChallengeView::tr("kid %1").arg(jwt.keyId());
    QStringList claims;
    const QJsonObject payload = jwt.claims();
    for (const char *name : {"iss", "sub", "aud", "azp", "scope", "scp"}) {
        const QString key = QString::fromLatin1(name);
        if (payload.contains(key))
            claims << QStringLiteral("%1 %2").arg(key, claimText(payload.value(key)));
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (jwt.expiresAt().isValid())
        claims << ChallengeView::tr("exp %1 (%2)").arg(jwt.expiresAt().toString(Qt::ISODate),
                                                       UiFormat::relativeTime(jwt.expiresAt(), now));
    if (jwt.issuedAt().isValid())
        claims << ChallengeView::tr("iat %1").arg(jwt.issuedAt().toString(Qt::ISODate));
    if (jwt.notBefore().isValid())
        claims << ChallengeView::tr("nbf %1").arg(jwt.notBefore().toString(Qt::ISODate));
    return ChallengeView::tr("Bearer JWT (%1): %2").arg(header.join(QStringLiteral(", ")), claims.join(QStringLiteral("; ")));
}

} // namespace

ChallengeView::ChallengeView(QWidget *parent)
    : QWidget(parent)
    , m_sentTitle(UiFormat::sectionTitle(tr("Credentials sent:"), this))
    , m_sent(new QLabel(this))
    , m_challengesTitle(UiFormat::sectionTitle(tr("Challenges"), this))
    , m_placeholder(new QLabel(this))
    , m_tree(new QTreeWidget(this))
    , m_decoded(new QLabel(this))
    , m_inspectToken(new QToolButton(this))
    , m_computation(new ComputationView(this))
{
    setObjectName(QStringLiteral("legChallenges"));
    m_sent->setObjectName(QStringLiteral("legAuthentication"));
    m_sent->setWordWrap(true);
    m_sent->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_placeholder->setWordWrap(true);
    m_placeholder->setContentsMargins(12, 0, 0, 0);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);

    m_decoded->setObjectName(QStringLiteral("legDecodedCredentials"));
    m_decoded->setWordWrap(true);
    m_decoded->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_decoded->setTextFormat(Qt::PlainText);
    m_inspectToken->setObjectName(QStringLiteral("legDecodedInspectToken"));
    m_inspectToken->setText(tr("Open in token inspector…"));
    m_inspectToken->setToolTip(tr("Decode the Bearer token this leg sent: JWT claims, expiry, signature, clock skew"));
    connect(m_inspectToken, &QToolButton::clicked, this, &ChallengeView::inspectTokenRequested);

    m_tree->setObjectName(QStringLiteral("legChallengeTree"));
    m_tree->setHeaderLabels({tr("Scheme / parameter"), tr("Value")});
    m_tree->setAlternatingRowColors(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setWordWrap(false);
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->resizeSection(0, 170);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 2);
    layout->setSpacing(6);
    // One line for what was sent; the rest of the room goes to the challenges.
    auto *sentRow = new QHBoxLayout;
    sentRow->setSpacing(8);
    sentRow->addWidget(m_sentTitle);
    sentRow->addWidget(m_sent, 1);
    layout->addLayout(sentRow);
    auto *decodedRow = new QHBoxLayout;
    decodedRow->setSpacing(8);
    decodedRow->addWidget(m_decoded, 1);
    decodedRow->addWidget(m_inspectToken, 0, Qt::AlignTop);
    layout->addLayout(decodedRow);
    // Digest's steps get most of the room when there are any: they are what a trainee reads.
    layout->addWidget(m_computation, 3);
    layout->addWidget(m_challengesTitle);
    layout->addWidget(m_placeholder);
    layout->addWidget(m_tree, 1);
    setLeg(nullptr);
}

void ChallengeView::setRevealSecrets(bool reveal)
{
    m_reveal = reveal;
    showDecoded();
}

QString ChallengeView::decodedText() const
{
    return m_decoded->isHidden() ? QString() : m_decoded->text();
}

void ChallengeView::showDecoded()
{
    const int space = int(m_credentials.indexOf(' '));
    const QByteArray scheme = (space < 0 ? m_credentials : m_credentials.left(space)).toLower();
    const QByteArray rest = space < 0 ? QByteArray() : m_credentials.mid(space + 1).trimmed();
    QString text;
    if (scheme == "basic") {
        // RFC 7617 §2: base64 of user-id ":" password.
        const auto result = QByteArray::fromBase64Encoding(rest, QByteArray::AbortOnBase64DecodingErrors);
        const QByteArray *decoded = &result.decoded;
        const int colon = result ? int(decoded->indexOf(':')) : -1;
        if (colon < 0) {
            text = tr("Basic: the credentials are not base64 of user:password");
        } else {
            const QByteArray password = decoded->mid(colon + 1);
            text = tr("Basic: user %1, password %2")
                           .arg(DisplayText::fromBytes(decoded->left(colon)),
                                m_reveal ? DisplayText::fromBytes(password) : UiFormat::secretMask());
        }
    } else if (scheme == "bearer") {
        text = jwtSummary(rest);
    }
    m_decoded->setText(text);
    m_decoded->setVisible(!text.isEmpty());
    m_inspectToken->setVisible(scheme == "bearer" && !rest.isEmpty());
    m_computation->setVisible(!m_sentSteps.isEmpty() || !m_checkSteps.isEmpty());
    if (m_computation->isVisibleTo(this))
        m_computation->showComputation(m_sentSteps, m_checkSteps, m_reveal);
    else
        m_computation->clear();
}

void ChallengeView::setLeg(const Leg *leg)
{
    m_tree->clear();
    m_credentials = leg ? leg->requestHeaders.value(QByteArrayLiteral("Authorization")).trimmed() : QByteArray();
    if (leg && m_credentials.isEmpty())
        m_credentials = leg->requestHeaders.value(QByteArrayLiteral("Proxy-Authorization")).trimmed();
    m_sentSteps = leg ? leg->computation : AuthComputation();
    m_checkSteps = leg ? leg->verification : AuthComputation();
    showDecoded();
    m_authenticationText = leg ? leg->authentication : QString();
    const bool proxy = leg && leg->statusCode == 407;
    if (!m_authenticationText.isEmpty()) {
        const bool proxyAuth = leg->requestHeaders.contains(QByteArrayLiteral("Proxy-Authorization"))
                               && !leg->requestHeaders.contains(QByteArrayLiteral("Authorization"));
        m_sent->setText(tr("%1 <span style=\"color:%2\">(in %3)</span>")
                                .arg(DisplayText::escaped(m_authenticationText).toHtmlEscaped(), UiFormat::secondaryTextColor().name(),
                                     proxyAuth ? QStringLiteral("Proxy-Authorization") : QStringLiteral("Authorization")));
        m_sent->setForegroundRole(QPalette::WindowText);
    } else {
        m_sent->setText(tr("None"));
        m_sent->setForegroundRole(QPalette::PlaceholderText);
    }
    m_challengesTitle->setText(proxy ? tr("Challenges (Proxy-Authenticate)") : tr("Challenges (WWW-Authenticate)"));

    if (!leg || (leg->challenges.isEmpty() && leg->challengeProblems.isEmpty())) {
        QString text = tr("This response carries no challenge.");
        if (leg && (leg->statusCode == 401 || leg->statusCode == 407))
            text = NoteCodes::meaning(NoteCode::NoUsableChallenge);
        else if (leg && leg->statusCode == 403)
            text = NoteCodes::meaning(NoteCode::StatusForbidden);
        else if (!leg)
            text = QString();
        m_placeholder->setText(text);
        m_placeholder->show();
        m_tree->hide();
        return;
    }
    m_placeholder->hide();
    m_tree->show();

    for (const Challenge &challenge : leg->challenges) {
        const QString shown = DisplayText::escaped(challenge.toDisplayString());
        auto *top = new QTreeWidgetItem(m_tree, {DisplayText::fromBytes(challenge.scheme), shown});
        QFont bold = top->font(0);
        bold.setBold(true);
        top->setFont(0, bold);
        top->setFont(1, UiFormat::monospaceFont());
        top->setToolTip(1, UiFormat::plainToolTip(shown));
        if (!challenge.token68.isEmpty())
            addChild(top, QStringLiteral("token68"), DisplayText::fromBytes(challenge.token68), true);
        for (const auto &param : challenge.params)
            addChild(top, DisplayText::fromBytes(param.first), DisplayText::fromBytes(param.second), true);

        const AuthScheme *scheme = SchemeRegistry::find(challenge.scheme);
        QTreeWidgetItem *verdict = nullptr;
        if (!scheme) {
            verdict = addChild(top, tr("AuthScope"), tr("does not answer this scheme"), false);
            verdict->setForeground(1, UiFormat::secondaryTextColor());
        } else if (scheme->strength(challenge) == 0) {
            verdict = addChild(top, tr("AuthScope"), tr("cannot answer: %1").arg(scheme->unsupportedReason(challenge)), false);
            verdict->setForeground(1, UiFormat::warningColor());
        } else {
            verdict = addChild(top, tr("AuthScope"), tr("can answer (with a %1)")
                                                         .arg(Credential::kindName(scheme->credentialKind())), false);
        }
        QFont italic = verdict->font(0);
        italic.setItalic(true);
        verdict->setFont(0, italic);
        // Bearer's error, error_description and scope in words (RFC 6750 §3.1).
        const LegNotes meanings = scheme ? scheme->explain(challenge) : LegNotes();
        for (const LegNote &meaning : meanings) {
            auto *item = addChild(top, tr("Meaning"), meaning.text, false);
            item->setFont(0, italic);
        }
        top->setExpanded(true);
    }
    for (const QString &problem : leg->challengeProblems) {
        auto *item = new QTreeWidgetItem(m_tree, {tr("Parse problem"), DisplayText::escaped(problem)});
        item->setData(0, ProblemRole, true);
        item->setForeground(0, UiFormat::dangerColor());
        item->setForeground(1, UiFormat::dangerColor());
        item->setToolTip(1, UiFormat::plainToolTip(DisplayText::escaped(problem)));
    }
}

QStringList ChallengeView::challengeTexts() const
{
    QStringList texts;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = m_tree->topLevelItem(i);
        if (!item->data(0, ProblemRole).toBool())
            texts.append(item->text(1));
    }
    return texts;
}

QStringList ChallengeView::problemTexts() const
{
    QStringList texts;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = m_tree->topLevelItem(i);
        if (item->data(0, ProblemRole).toBool())
            texts.append(item->text(1));
    }
    return texts;
}
