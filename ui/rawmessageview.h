#pragma once

#include <QStringList>
#include <QTextBrowser>

struct Leg;
class HeaderList;
class SecretMatcher;

// One leg as it went over the wire: the request line, the request's fields in the order sent,
// its body, then the status line, the response's fields and the start of its body. The fields
// that carry authentication (Authorization, WWW-Authenticate, Proxy-*, Authentication-Info,
// Cookie, Set-Cookie) stand out on a tinted band in the palette's colours. Secrets are masked
// as in the header tables (and known secrets in bodies) until reveal is on.
class RawMessageView : public QTextBrowser
{
    Q_OBJECT
public:
    explicit RawMessageView(QWidget *parent = nullptr);

    // Colours are taken from the palette at this call: call it again after a palette change.
    void showLeg(const Leg *leg, bool reveal, const SecretMatcher *matcher);

    // The names of the fields shown highlighted, in order (for tests and the screenshot check).
    QStringList highlightedFields() const { return m_highlighted; }
    static bool isAuthenticationField(const QByteArray &name);

    // Bytes of each body shown; the rest is counted, not shown (the Body tab has it all).
    static constexpr qint64 BodyPreviewLimit = 4096;

private:
    QString fieldsHtml(const HeaderList &fields, bool reveal);
    QString bodyHtml(const QByteArray &preview, qint64 size, const QByteArray &contentType, bool reveal,
                     const SecretMatcher *matcher) const;

    QStringList m_highlighted;
};
