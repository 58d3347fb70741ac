#pragma once

#include <QByteArray>
#include <QList>

#include <memory>

class BodyBuffer;

// Pages through text too large for a text widget (a large body, or its pretty form): one page of
// about pageBytes at a time, read from the buffer when shown, so only the page is in memory. A page
// ends at a line break when one is in its second half (pretty text), else before a UTF-8 sequence
// the cut would split. The pages are walked in order, forward and back.
class TextPager
{
public:
    void reset(std::shared_ptr<const BodyBuffer> source = {}, qint64 pageBytes = 0);

    bool isEmpty() const { return !m_source; }
    // The bytes of the current page (read from the buffer at every call).
    QByteArray load();
    bool hasPrevious() const { return m_starts.size() > 1; }
    bool hasNext() const { return m_end < total(); }
    void previous();
    void next();

    qint64 start() const { return m_starts.isEmpty() ? 0 : m_starts.last(); }
    // End of the current page as last loaded.
    qint64 end() const { return m_end; }
    qint64 total() const;

    // bytes (a page and at least one byte more) cut to at most pageBytes the way load() cuts.
    static QByteArray cut(QByteArray bytes, qint64 pageBytes);

private:
    std::shared_ptr<const BodyBuffer> m_source;
    qint64 m_pageBytes = 0;
    QList<qint64> m_starts; // where each page so far began, the current one last
    qint64 m_end = 0;
};
