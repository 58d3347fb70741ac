#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QDialog>
#include <QPointer>
#include <QUrl>

class ExchangeJob;
struct Exchange;
struct Leg;
class HttpSession;
class QLabel;
class QTreeWidget;
class SecretLineEdit;

// What a Bearer token says about itself: a JWT's header and claims decoded (Jwt), exp/iat/nbf
// as local and relative times, the signature checked against the issuer's JWKS when discovery
// gave one ("not verified" otherwise), and the clock skew between this machine and the server's
// Date header of the leg the token came with. An opaque token is shown as opaque. The token
// itself is masked until revealed and wiped when the window hides or shows another token.
class TokenInspector : public QDialog
{
    Q_OBJECT
public:
    // Where the token came from, and what is known beside it.
    struct Source
    {
        QString title;           // "Access token of demo", "Bearer token of leg 3"
        QUrl jwksUrl;            // the issuer's JWKS (discovery); empty: the signature is not verified
        QUrl expectedIssuer;     // the profile's issuer, compared with the "iss" claim
        QDateTime obtainedAt;    // UTC, when the token endpoint gave it (profiles)
        QDateTime expiresAt;     // UTC, from expires_in (profiles)
        QDateTime serverDate;    // UTC, the Date header of the leg's response
        QDateTime localAt;       // UTC, when that response arrived here
    };

    // session: fetches the JWKS as an exchange of its own (not owned; may be null: not verified).
    explicit TokenInspector(HttpSession *session, QWidget *parent = nullptr);
    ~TokenInspector() override;

    void setToken(const QByteArray &token, const Source &source);
    // A Date header's HTTP-date (RFC 9110 §5.6.7: IMF-fixdate, which senders must use) in UTC;
    // invalid when it is not one.
    static QDateTime httpDate(const QByteArray &value);
    // When the leg's response head arrived here, in UTC (invalid when it did not).
    static QDateTime responseArrivedAt(const Exchange &exchange, const Leg &leg);
    // Redraws the relative times as of now (injectable for tests).
    void updateTimes(const QDateTime &nowUtc = QDateTime::currentDateTimeUtc());

    QLabel *titleLabel() const { return m_title; }
    QLabel *kindLabel() const { return m_kind; }
    QLabel *signatureLabel() const { return m_signature; }
    QLabel *skewLabel() const { return m_skew; }
    SecretLineEdit *tokenField() const { return m_token; }
    QTreeWidget *timesTree() const { return m_times; }
    QTreeWidget *headerTree() const { return m_header; }
    QTreeWidget *claimsTree() const { return m_claims; }
    // A JWKS fetch is running.
    bool isVerifying() const { return !m_jwksJob.isNull(); }

signals:
    // The signature's verdict is on screen (at once when nothing is fetched).
    void verificationFinished();

protected:
    void hideEvent(QHideEvent *event) override;

private:
    void showSkew();
    void verifySignature();
    void jwksFetched();
    void setSignature(const QString &text, const QColor &color);

    HttpSession *m_session;
    QByteArray m_tokenBytes;
    Source m_source;
    QPointer<ExchangeJob> m_jwksJob;
    QLabel *m_title;
    SecretLineEdit *m_token;
    QLabel *m_kind;
    QLabel *m_signature;
    QLabel *m_skew;
    QTreeWidget *m_times;
    QTreeWidget *m_header;
    QTreeWidget *m_claims;
};
