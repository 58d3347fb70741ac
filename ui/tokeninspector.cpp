#include "tokeninspector.h"

#include "core/displaytext.h"
#include "engine/exchangejob.h"
#include "engine/httpsession.h"
#include "leglistmodel.h"
#include "oauth/jwksverifier.h"
#include "auth/jwt.h"
#include "http/httpdate.h"
#include "secretlineedit.h"
#include "uiformat.h"

#include <QFormLayout>
#include <QGuiApplication>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QSplitter>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

constexpr int WhenRole = Qt::UserRole + 1;
constexpr int KindRole = Qt::UserRole + 2;
// An expiry that has passed, or a not-before still ahead, is why a server refuses a token.
enum TimeKind { Expiry, NotBefore, Other };

QTreeWidget *tree(const QStringList &columns, const QString &name, QWidget *parent)
{
    auto *t = new QTreeWidget(parent);
    t->setObjectName(name);
    t->setHeaderLabels(columns);
    t->setRootIsDecorated(false);
    t->setAlternatingRowColors(true);
    t->setUniformRowHeights(true);
    t->header()->setStretchLastSection(true);
    t->header()->resizeSection(0, 150);
    return t;
}

QLabel *valueLabel(const QString &name, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

// A JSON value as one line: strings as they are (escaped for display), the rest compact JSON.
QString jsonText(const QJsonValue &value)
{
    if (value.isString())
        return DisplayText::escaped(value.toString());
    if (value.isArray())
        return DisplayText::escaped(QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)));
    if (value.isObject())
        return DisplayText::escaped(QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact)));
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isNull())
        return QStringLiteral("null");
    return QString::number(value.toDouble(), 'g', 17);
}

void fillJson(QTreeWidget *t, const QJsonObject &object)
{
    t->clear();
    for (auto it = object.begin(); it != object.end(); ++it) {
        auto *item = new QTreeWidgetItem(t, {DisplayText::escaped(it.key()), jsonText(it.value())});
        item->setFont(1, UiFormat::monospaceFont());
        item->setToolTip(1, UiFormat::plainToolTip(item->text(1)));
    }
}

} // namespace

TokenInspector::TokenInspector(HttpSession *session, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_title(new QLabel(this))
    , m_token(new SecretLineEdit(this))
    , m_kind(valueLabel(QStringLiteral("tokenKind"), this))
    , m_signature(valueLabel(QStringLiteral("tokenSignature"), this))
    , m_skew(valueLabel(QStringLiteral("tokenClockSkew"), this))
    , m_times(tree({tr("Time"), tr("Local"), tr("Relative")}, QStringLiteral("tokenTimes"), this))
    , m_header(tree({tr("Header"), tr("Value")}, QStringLiteral("tokenHeader"), this))
    , m_claims(tree({tr("Claim"), tr("Value")}, QStringLiteral("tokenClaims"), this))
{
    setObjectName(QStringLiteral("tokenInspector"));
    setWindowTitle(tr("Token Inspector"));
    setWindowFlag(Qt::WindowContextHelpButtonHint, false);
    setSizeGripEnabled(true);
    resize(760, 620);

    m_title->setObjectName(QStringLiteral("tokenTitle"));
    m_title->setTextFormat(Qt::PlainText);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_token->setObjectName(QStringLiteral("tokenValue"));
    m_token->setReadOnly(true);
    m_token->setFont(UiFormat::monospaceFont());
    m_token->setToolTip(tr("The token, masked: press the eye to show it"));
    m_times->header()->resizeSection(1, 190);

    auto *form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignTop);
    form->addRow(tr("Token:"), m_token);
    form->addRow(tr("Kind:"), m_kind);
    form->addRow(tr("Signature:"), m_signature);
    form->addRow(tr("Clock:"), m_skew);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_times);
    splitter->addWidget(m_header);
    splitter->addWidget(m_claims);
    splitter->setSizes({110, 100, 240});
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(14, 12, 14, 12);
    layout->addWidget(m_title);
    layout->addLayout(form);
    layout->addWidget(splitter, 1);

    auto *tick = new QTimer(this);
    tick->setInterval(1000);
    connect(tick, &QTimer::timeout, this, [this] { updateTimes(); });
    tick->start();
}

TokenInspector::~TokenInspector()
{
    delete m_jwksJob;
    m_tokenBytes.fill('\0');
}

void TokenInspector::setToken(const QByteArray &token, const Source &source)
{
    delete m_jwksJob;
    m_tokenBytes.fill('\0');
    m_tokenBytes = token;
    m_tokenBytes.detach(); // our own copy, to wipe
    m_source = source;
    m_title->setText(source.title);
    m_token->setRevealed(false);
    m_token->setText(QString::fromLatin1(token));
    m_token->setCursorPosition(0);

    const Jwt jwt = Jwt::decode(token);
    switch (jwt.kind()) {
    case Jwt::Kind::Signed:
        m_kind->setText(jwt.algorithm() == QLatin1String("none")
                                ? tr("JWT, unsigned (alg \"none\"): anyone could have written it")
                                : tr("JWT, signed with %1%2").arg(DisplayText::escaped(jwt.algorithm()),
                                                                   jwt.keyId().isEmpty() ? QString()
                                                                                         : tr(" (key %1)").arg(DisplayText::escaped(jwt.keyId()))));
        break;
    case Jwt::Kind::Encrypted:
        m_kind->setText(tr("Encrypted JWT (JWE): only its recipient can read the claims"));
        break;
    case Jwt::Kind::Opaque:
        m_kind->setText(tr("Opaque: not a JWT; only the server that issued it can tell what it means (%1 bytes)")
                                .arg(token.size()));
        break;
    case Jwt::Kind::Malformed:
        m_kind->setText(tr("Looks like a JWT but does not decode: %1 (at offset %2)").arg(jwt.error()).arg(jwt.errorPosition()));
        break;
    }
    fillJson(m_header, jwt.header());
    fillJson(m_claims, jwt.claims());
    m_header->setVisible(jwt.isSigned() || jwt.kind() == Jwt::Kind::Encrypted);
    m_claims->setVisible(jwt.isSigned());

    m_times->clear();
    const auto addTime = [this](const QString &what, const QDateTime &when, TimeKind kind) {
        if (!when.isValid())
            return;
        auto *item = new QTreeWidgetItem(m_times, {what, UiFormat::localTime(when)});
        item->setData(0, WhenRole, when);
        item->setData(0, KindRole, int(kind));
    };
    addTime(tr("exp (expires)"), jwt.expiresAt(), Expiry);
    addTime(tr("iat (issued)"), jwt.issuedAt(), Other);
    addTime(tr("nbf (not before)"), jwt.notBefore(), NotBefore);
    addTime(tr("expires_in ends"), source.expiresAt, Expiry);
    addTime(tr("obtained"), source.obtainedAt, Other);
    if (m_times->topLevelItemCount() == 0)
        new QTreeWidgetItem(m_times, {tr("no times known")});
    updateTimes();
    showSkew();
    verifySignature();
}

QDateTime TokenInspector::httpDate(const QByteArray &value)
{
    return HttpDate::parse(value);
}

QDateTime TokenInspector::responseArrivedAt(const Exchange &exchange, const Leg &leg)
{
    if (!exchange.startedAt.isValid() || leg.timing.firstByteNs < 0)
        return QDateTime();
    return exchange.startedAt.toUTC().addMSecs(leg.timing.firstByteNs / 1000000);
}

void TokenInspector::updateTimes(const QDateTime &nowUtc)
{
    for (int i = 0; i < m_times->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_times->topLevelItem(i);
        const QDateTime when = item->data(0, WhenRole).toDateTime();
        if (!when.isValid())
            continue;
        item->setText(2, UiFormat::relativeTime(when, nowUtc));
        const int kind = item->data(0, KindRole).toInt();
        const bool problem = (kind == Expiry && when <= nowUtc) || (kind == NotBefore && when > nowUtc);
        item->setForeground(2, problem ? UiFormat::warningColor() : QColor());
    }
}

void TokenInspector::showSkew()
{
    if (!m_source.serverDate.isValid() || !m_source.localAt.isValid()) {
        m_skew->setText(tr("Not compared: no server Date header known for this token (inspect it from a leg, or "
                           "after Sign in or Refresh here)"));
        return;
    }
    const qint64 delta = m_source.serverDate.secsTo(m_source.localAt);
    const QString date = m_source.serverDate.toString(Qt::RFC2822Date);
    // Date has a resolution of one second (RFC 9110 §5.6.7).
    if (qAbs(delta) <= 1) {
        m_skew->setText(tr("This machine's clock agrees with the server's (Date: %1)").arg(date));
        return;
    }
    m_skew->setText((delta > 0 ? tr("This machine's clock is %1 ahead of the server's (Date: %2)")
                               : tr("This machine's clock is %1 behind the server's (Date: %2)"))
                            .arg(UiFormat::timeSpan(delta), date));
    QPalette palette = m_skew->palette();
    palette.setColor(QPalette::WindowText, qAbs(delta) > 30 ? UiFormat::warningColor() : QColor());
    m_skew->setPalette(palette);
}

void TokenInspector::setSignature(const QString &text, const QColor &color)
{
    m_signature->setText(text);
    QPalette palette = m_signature->palette();
    palette.setColor(QPalette::WindowText, color.isValid() ? color : QGuiApplication::palette().color(QPalette::WindowText));
    m_signature->setPalette(palette);
    emit verificationFinished();
}

void TokenInspector::verifySignature()
{
    const Jwt jwt = Jwt::decode(m_tokenBytes);
    if (!jwt.isSigned()) {
        setSignature(tr("—"), QColor());
        return;
    }
    if (m_source.jwksUrl.isEmpty() || !m_session) {
        setSignature(tr("Not verified: no JWKS (the profile's issuer gave none through discovery)"), QColor());
        return;
    }
    // The JWKS comes through the engine like any request: an exchange of its own.
    HttpRequest request;
    request.url = m_source.jwksUrl;
    request.headers.append(QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json"));
    m_jwksJob = m_session->createExchange(request);
    m_jwksJob->setParent(this);
    connect(m_jwksJob, &ExchangeJob::finished, this, &TokenInspector::jwksFetched);
    m_signature->setText(tr("Verifying against %1…").arg(m_source.jwksUrl.toDisplayString()));
    m_jwksJob->start();
}

void TokenInspector::jwksFetched()
{
    ExchangeJob *job = m_jwksJob;
    if (!job)
        return;
    m_jwksJob = nullptr;
    job->deleteLater();
    const Exchange &exchange = job->exchange();
    const Leg *leg = exchange.finalLeg();
    if (!exchange.status.isOk() || !leg || leg->statusCode != 200 || !leg->responseBody) {
        const QString why = !exchange.status.isOk() ? exchange.status.message()
                          : leg ? tr("the server answered %1").arg(LegListModel::statusText(*leg))
                                : tr("no response");
        setSignature(tr("Not verified: the JWKS could not be fetched (%1)").arg(why), UiFormat::warningColor());
        return;
    }
    JwksVerifier verifier;
    QString error;
    if (!verifier.setJwks(leg->responseBody->read(JwksVerifier::MaxJwksBytes), &error)) {
        setSignature(tr("Not verified: %1 is not a JWKS (%2)").arg(m_source.jwksUrl.toDisplayString(), error),
                     UiFormat::warningColor());
        return;
    }
    const JwksVerifier::Verification verification = verifier.verify(Jwt::decode(m_tokenBytes));
    const QString key = verification.keyId.isEmpty() ? QString() : tr(" (key %1)").arg(DisplayText::escaped(verification.keyId));
    switch (verification.result) {
    case JwksVerifier::Result::Verified:
        setSignature(tr("Verified with the issuer's JWKS%1").arg(key), UiFormat::statusColor(200));
        break;
    case JwksVerifier::Result::SignatureInvalid:
        setSignature(tr("INVALID: the signature does not match the issuer's key%1. %2").arg(key, verification.detail),
                     UiFormat::dangerColor());
        break;
    case JwksVerifier::Result::KeyNotFound:
        setSignature(tr("Not verified: no matching key in the issuer's JWKS%1. %2").arg(key, verification.detail),
                     UiFormat::warningColor());
        break;
    case JwksVerifier::Result::UnsupportedAlgorithm:
        setSignature(tr("Not verified: %1").arg(verification.detail), UiFormat::warningColor());
        break;
    case JwksVerifier::Result::NotVerified:
        setSignature(tr("Not verified: %1").arg(verification.detail), QColor());
        break;
    }
}

void TokenInspector::hideEvent(QHideEvent *event)
{
    m_token->setRevealed(false);
    QDialog::hideEvent(event);
}
