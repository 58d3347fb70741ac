#pragma once

#include "bodyformatter.h"
#include "textpager.h"

#include <QWidget>

#include <memory>

class BodyBuffer;
class PrettyPrintJob;
class SecretMatcher;
class QButtonGroup;
class QLabel;
class QPlainTextEdit;
class QStackedWidget;
class QToolButton;

// Shows a body in a pretty view (re-indented JSON/XML) and a raw view, both read-only and
// monospaced. A body up to BodyFormatter::displayLimit() is formatted at once. A larger text body
// is shown a page (PrettyPageBytes, RawPageBytes) at a time, read from its buffer when turned to, so it costs
// about what a small one does; a large JSON body is pretty-printed off the GUI thread
// (PrettyPrintJob) into a buffer of its own, its first page shown as soon as it is formatted.
// Showing another body or clearing the view cancels the formatting.
// Secrets of the exchange that a server echoes (httpbin's /headers shows the Authorization sent)
// are masked until setRevealSecrets(true).
class BodyView : public QWidget
{
    Q_OBJECT
public:
    // A large body's pages: what a text widget takes in well under the 50 ms a stall may last
    // (bench/largeresponse.cpp, loaded 2-core machine: 512 KiB of pretty JSON took 300 ms, 64 KiB
    // 32 ms; a 64 KiB line without breaks, as minified JSON comes, about 100 ms: it is laid out whole).
    static constexpr qint64 PrettyPageBytes = 32 * 1024;
    static constexpr qint64 RawPageBytes = 16 * 1024;

    explicit BodyView(QWidget *parent = nullptr);
    ~BodyView() override;

    void setBody(const std::shared_ptr<BodyBuffer> &body, const QByteArray &contentType);
    void setBytes(const QByteArray &bytes, qint64 totalSize, const QByteArray &contentType);
    void clear();

    // The secrets to mask (SecretRedactor::knownSecrets of the exchange shown); applies to the
    // next setBody/setBytes. Null or empty: nothing to mask.
    void setSecretMatcher(const std::shared_ptr<const SecretMatcher> &matcher);
    void setRevealSecrets(bool reveal);
    bool revealSecrets() const { return m_reveal; }
    // Whether the text shown has something masked.
    bool hidesSecrets() const { return m_hidesSecrets; }

    // Whether a large JSON body is being pretty-printed off the GUI thread.
    bool isFormatting() const;
    // Whether the text is shown a page at a time, and the page shown (byte offsets into the body,
    // or into its pretty form in the pretty view).
    bool isPaged() const { return m_paged; }
    qint64 pageStart() const;
    qint64 pageEnd() const;
    bool hasNextPage() const;
    void showNextPage();
    void showPreviousPage();

    bool isPretty() const;
    void setPretty(bool pretty);

    const FormattedBody &formatted() const { return m_formatted; }
    // The text in the view now shown.
    QString currentText() const;
    QString note() const;
    QPlainTextEdit *prettyEditor() const { return m_pretty; }
    QPlainTextEdit *rawEditor() const { return m_raw; }

signals:
    void prettyToggled(bool pretty);
    // The pretty form of a large JSON body is complete (formatted() says whether it was JSON).
    void formattingFinished();
    // The formatting of a large body stopped unfinished: another body was shown, or none.
    void formattingCancelled();

private:
    void format();
    void showFormatted();
    void fillRawIfNeeded();
    void stopFormatting();
    void startFormatting();
    void onFormatted();
    // Large bodies: the note, the page bar and the current pages of both views.
    void showPages();
    void showPrettyPage();
    void showCurrentPage();
    void updatePageBar();
    TextPager &currentPager();
    const TextPager &currentPager() const;
    // The page's text with the exchange's secrets masked; cut: more of the body follows.
    QString displayText(const QByteArray &bytes, bool cut);

    BodyFormatter m_formatter;
    FormattedBody m_formatted;
    QToolButton *m_prettyButton;
    QToolButton *m_rawButton;
    QButtonGroup *m_modes;
    QLabel *m_kind;
    QLabel *m_note;
    QWidget *m_pageBar;
    QToolButton *m_previousPage;
    QToolButton *m_nextPage;
    QLabel *m_pageLabel;
    QStackedWidget *m_stack;
    QPlainTextEdit *m_pretty;
    QPlainTextEdit *m_raw;
    bool m_rawFilled = false;
    // The bytes as received, so revealing or hiding secrets formats them again.
    QByteArray m_bytes;
    qint64 m_totalSize = 0;
    QByteArray m_contentType;
    std::shared_ptr<const SecretMatcher> m_matcher;
    bool m_reveal = false;
    bool m_hidesSecrets = false;
    // A large body, shown a page at a time.
    bool m_paged = false;
    std::shared_ptr<const BodyBuffer> m_body;
    FormattedBody::Kind m_detected = FormattedBody::Kind::Empty;
    TextPager m_rawPager;
    TextPager m_prettyPager;            // empty until the pretty form is complete
    std::unique_ptr<PrettyPrintJob> m_job;
    QByteArray m_firstPrettyPage;       // from the job, shown while it formats the rest
    QString m_formatState;              // progress, or why there is no pretty form
};
